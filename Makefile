# motcua — the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo server does not ask the leaders' second factor unless OTP_REQUIRED=true.
OTP_REQUIRED ?= false

.PHONY: install system-deps npm-deps demo serve test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Debian packages the tests use (headless Chromium for browser tests, poppler for PDFs).
system-deps:
	@bash scripts/system-deps.sh

# axe-core from the npm registry for the accessibility checks of the browser tests.
npm-deps:
	@bash scripts/npm-deps.sh

demo: install
	@bash scripts/system-deps.sh runtime
	$(BIN)/motcua migrate --noinput
	$(BIN)/motcua demo load
	$(BIN)/motcua demo generate --if-empty
	MOTCUA_OTP_REQUIRED=$(OTP_REQUIRED) $(BIN)/motcua runserver --noreload $(HOST):$(PORT)

test: install system-deps npm-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) var .pytest_cache
