# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
PORT ?= 8501
# Loopback only: a rep presenting from a laptop on a customer's network exposes nothing.
# To serve a team, listen on every interface: HOST=0.0.0.0 make run
HOST ?= 127.0.0.1
SESSIONS ?= 20
SOAK_SECONDS ?= 60

.PHONY: run test lint format validate bench soak clean

# Re-installs only when requirements.txt changes.
$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.address $(HOST) --server.port $(PORT)

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

# SESSIONS headless Chromium sessions against a loopback server for SOAK_SECONDS; exit 1 on errors.
soak: $(STAMP)
	$(PY) -m bench.soak --sessions $(SESSIONS) --seconds $(SOAK_SECONDS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts
