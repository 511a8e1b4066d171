# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# `make run` installs what the app needs; `make test` adds the test, lint and type-check tools.
APP_STAMP := $(VENV)/.app-requirements
DEV_STAMP := $(VENV)/.dev-requirements
BENCH_STAMP := $(VENV)/.bench-requirements
PORT ?= 8501
# Loopback by default: a rep presenting on a customer's network exposes nothing to it.
# INSIGHTS_HOST=0.0.0.0 make run serves a team (put it behind a proxy with its own authentication).
# Not HOST: some shells (tcsh) export HOST as the machine name, which would bind to it.
INSIGHTS_HOST ?= 127.0.0.1
# The articles the packs cite, where CI and a developer's checkout keep them (beside it):
# validate then finds every figure's number in its cited paragraph.
SOURCES := $(wildcard ../shared/sources)
VALIDATE := $(PY) -m insights validate data $(if $(SOURCES),--sources $(SOURCES))

.PHONY: run test lint typecheck format validate bench eval eval-search clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-installs only when a requirements file changes.
$(APP_STAMP): requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(APP_STAMP)

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(APP_STAMP) $(DEV_STAMP)

# `make bench` alone adds Datasette, served beside the app on the same claims.
$(BENCH_STAMP): requirements.txt requirements-dev.txt requirements-bench.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $(APP_STAMP) $(DEV_STAMP) $(BENCH_STAMP)

run: $(APP_STAMP)
	$(PY) -m streamlit run app.py --server.address $(INSIGHTS_HOST) --server.port $(PORT)

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: $(DEV_STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

validate: $(APP_STAMP)
	$(VALIDATE)

test: lint
	$(VALIDATE)
	$(PY) -m pytest

# Clicks timed in Chromium against floors measured in turns in the same run, the exports and
# the quote store; prints the table and writes BENCHMARKS.md. By hand, not part of `make test`.
bench: $(BENCH_STAMP)
	$(PY) -m bench -o BENCHMARKS.md $(BENCH_ARGS)

# The ingest's precision and recall on tests/fixtures/articles/eval, and a 2 MB article's
# time and peak memory; exit 1 when a target is missed. EVAL_ARGS=-v lists every miss.
eval: $(APP_STAMP)
	$(PY) -m bench.ingest_eval $(EVAL_ARGS)

# Search: hit rate in the top 5 and MRR of tests/fixtures/search/queries.yaml through
# `python -m insights search`, latency and build times at the shipped data and 5,000 synthetic
# claims; exit 1 when a target is missed. EVAL_ARGS=-v lists every query's top 5.
eval-search: $(APP_STAMP)
	$(PY) -m bench.search_eval $(EVAL_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache tests/artifacts
