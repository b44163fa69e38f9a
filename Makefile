# servai — the two commands: `make run` (the product) and `make test` (the suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint format migrate worker bench clean-db

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,embedded]'
	touch $(STAMP)

install: $(STAMP)

## Run the product: embedded PostgreSQL when DATABASE_URL is unset, demo company, web + worker.
run: $(STAMP)
	$(BIN)/python manage.py rundev

## Run the whole test suite (DATABASE_URL/REDIS_URL when set, embedded PostgreSQL otherwise).
test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(STAMP)
	$(BIN)/python manage.py migrate_all

worker: $(STAMP)
	$(BIN)/python manage.py run_huey

bench: $(STAMP)
	$(BIN)/python bench/tenant_create.py
	$(BIN)/python bench/auth_overhead.py
	$(BIN)/python bench/import_units.py
	$(BIN)/python bench/broadcast_pacing.py
	$(BIN)/python bench/bot_pipeline.py  # needs REDIS_URL

## Forget the embedded development database (var/pg) and job queue.
clean-db:
	rm -rf var/pg var/huey.sqlite3
