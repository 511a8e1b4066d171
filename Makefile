# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
PORT ?= 8501
SESSIONS ?= 20
SOAK_SECONDS ?= 60

.PHONY: run test lint format validate bench eval soak clean

# Re-installs only when requirements.txt changes.
$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.port $(PORT)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

validate: $(STAMP)
	$(PY) -m insights validate data

test: lint
	$(PY) -m insights validate data
	$(PY) -m pytest

# Ratios against floors measured in the same run; prints the table and writes BENCHMARKS.md.
bench: $(STAMP)
	$(PY) -m bench -o BENCHMARKS.md

# The ingest's precision and recall on tests/fixtures/articles/eval, and a 2 MB article's
# time and peak memory; exit 1 when a target is missed. EVAL_ARGS=-v lists every miss.
eval: $(STAMP)
	$(PY) -m bench.ingest_eval $(EVAL_ARGS)

# SESSIONS headless Chromium sessions against a loopback server for SOAK_SECONDS; exit 1 on errors.
soak: $(STAMP)
	$(PY) -m bench.soak --sessions $(SESSIONS) --seconds $(SOAK_SECONDS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts
