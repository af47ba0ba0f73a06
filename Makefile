# Everything installs into .venv; torch comes from the CPU build (installed before
# sentence-transformers so pip never pulls the CUDA one).
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
TORCH ?= torch==2.13.0
Q ?= Hva krever ISO 21001 om klagebehandling?

.PHONY: install ask test lint format eval clean hardening bench bench-compare

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check "$(TORCH)"
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

ask: install
	$(BIN)/clausewise ask "$(Q)"

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

# Hostile-file fuzz (320 files), kill -9 at 20 moments, API soak; prints the figures as JSON.
hardening: install
	$(PY) -m benchmarks.hardening

# Performance figures of issue #9 (ingest, query, HTTP, scale, memory, start-up, gap) as JSON,
# and benchmarks/REPORT.md. About 10-13 minutes on 2 CPU cores.
bench: install
	$(PY) -m benchmarks.perf

# Before/after probe against the commit this work started from (after `make bench`).
bench-compare: install
	$(PY) -m benchmarks.perf.before_after

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
