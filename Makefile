# Two commands: `make run` serves the demo; `make test` lints and runs every test.
# Both start with `make install`, which is safe to repeat. In production, `make migrate`
# once per release, then `make serve` on each app server (see README, Deployment).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime
export FLASK_APP := wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# Processes the tests are spread over (pytest-xdist): one per CPU by default.
TEST_WORKERS ?= auto

.PHONY: install install-runtime run serve migrate db seed test lint audit format test-unit test-integration test-browser fuzz bench assets clean

install: $(STAMP)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is needed: install Python 3.11"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Only what the service needs to run, for app servers: no test or lint tools. A
# development install (above) already has all of it, so then nothing is installed.
# Editable like the development install, so that switching between the two never
# swaps one kind of install for the other; either way the code runs from this folder.
install-runtime: $(RUNTIME_STAMP)

$(RUNTIME_STAMP): pyproject.toml
	@if [ ! $(STAMP) -nt pyproject.toml ]; then \
	    command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is needed: install Python 3.11"; exit 1; }; \
	    test -d $(VENV) || $(PYTHON) -m venv $(VENV); \
	    $(BIN)/pip install --quiet --upgrade pip setuptools && $(BIN)/pip install --quiet -e .; \
	fi
	touch $(RUNTIME_STAMP)

db: install
	$(BIN)/flask db upgrade

# The demonstration accounts and data (password "demo") are for trying the service only.
seed: db
	$(BIN)/flask seed --demo

run: seed
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# Serves with gunicorn (settings in gunicorn.conf.py) in the production
# configuration, which needs SECRET_KEY and DATABASE_URL. It never migrates: several
# app servers starting together would race to change the schema. `make migrate`
# does that, once per release, before the servers start.
serve: export TRACKER_ENV ?= production
serve: install-runtime
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) wsgi:app

# The release step: brings the production database's schema up to date, once.
migrate: export TRACKER_ENV ?= production
migrate: install-runtime
	$(BIN)/flask db upgrade

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# bandit over the code, and every installed package against published security advisories
# (see scripts/audit_dependencies.py and .pip-audit-ignore). Any finding fails the build.
audit: install
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive tracker bench migrations scripts config.py wsgi.py
	$(BIN)/python scripts/audit_dependencies.py

# Every test runs on SQLite and on PostgreSQL: TEST_DATABASE_URL, or else a local server
# (see scripts/postgres_url.py). With neither the run stops, unless SQLITE_ONLY=1.
test: lint audit
	@url="$$($(BIN)/python scripts/postgres_url.py)" || exit 1; \
	echo "PostgreSQL for the tests: $${url:-none}"; \
	TEST_DATABASE_URL="$$url" $(BIN)/pytest -n $(TEST_WORKERS)

test-unit: install
	$(BIN)/pytest tests/unit

test-integration: install
	$(BIN)/pytest tests/integration

test-browser: install
	$(BIN)/pytest tests/browser

# The fuzz tests with fresh random examples, ten times as many as make test draws
# (see tests/fuzzing.py); SQLite only. A fault found here becomes a regression test.
fuzz: install
	FUZZ_EXPLORE=1 TEST_DATABASE_URL= $(BIN)/pytest -n $(TEST_WORKERS) \
	  tests/unit/test_upload_fuzz.py tests/integration/test_import_fuzz.py \
	  tests/integration/test_bulk_import_fuzz.py

# Times importing a year of registers for 50,000 pupils, beside DuckDB (not a test).
# Set DATABASE_URL to measure on PostgreSQL; the default is a SQLite file in bench/.work/.
# Then times the Education Board report in all five formats for the demo data (target 5 s);
# REPORTS_DATABASE_URL points that at PostgreSQL. Last, a term-deadline rush of 50 people for
# two minutes against gunicorn (targets: no errors, no lost update, p95 300 ms pages, 3 s
# downloads), once on SQLite and once on PostgreSQL: LOAD_DATABASE_URL, or else the database
# load_bench on a local server (made if missing); without either it fails.
bench: install
	@status=0; \
	$(BIN)/python bench/bench_import.py || status=1; \
	$(BIN)/python bench/bench_reports.py || status=1; \
	$(BIN)/python bench/bench_load.py || status=1; \
	url="$$(SQLITE_ONLY=0 $(BIN)/python scripts/postgres_url.py --variable LOAD_DATABASE_URL --database load_bench)" \
	  && $(BIN)/python bench/bench_load.py --database "$$url" || status=1; \
	exit $$status

# Rebuilds the vendored GOV.UK Frontend styles and scripts (needs npm).
assets:
	scripts/build-assets.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
