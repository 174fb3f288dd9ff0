# Wijkverband: `make run` serves the platform with a demo region; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONPATH := src
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run setup test lint typecheck pytest pytest-sqlite pytest-postgres openapi messages demo-code bench bench-cases bench-agreements bench-neighbourhoods bench-schemes bench-matching clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/wijkverband compilemessages --ignore='.venv/*' -v0 2>/dev/null || true
	$(BIN)/wijkverband migrate --noinput -v0
	$(BIN)/wijkverband demo
	@echo "Wijkverband draait op http://127.0.0.1:8000 (stoppen met Ctrl+C)"
	@# Background jobs (waakvlam reminders) run in django-q2's qcluster next to gunicorn, stopped with it.
	$(BIN)/wijkverband qcluster > data/qcluster.log 2>&1 & QCLUSTER=$$!; trap 'kill $$QCLUSTER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi:application --bind 127.0.0.1:8000 --access-logfile - --pythonpath src

demo-code: setup
	@$(BIN)/wijkverband demo_code

browsers:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-liberation gettext; \
	  else echo "chromium ontbreekt: installeer de Debian-pakketten chromium en chromium-driver"; fi; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

openapi: setup
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/wijkverband spectacular --file openapi.yaml --validate --fail-on-warn

messages: setup
	cd src/wijkverband && ../../$(BIN)/wijkverband makemessages -l nl --no-obsolete --no-wrap --ignore='*/tests/*'

pytest-sqlite: setup browsers
	$(BIN)/pytest -q

# PostgreSQL: the server on 127.0.0.1:5432 when one answers, otherwise a throwaway cluster.
pytest-postgres: setup
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -m "not e2e"; \
	else \
	  bash scripts/with-throwaway-postgres.sh $(BIN)/pytest -q -m "not e2e"; \
	fi

test: setup browsers lint typecheck pytest-sqlite pytest-postgres

bench: setup
	$(BIN)/python benchmarks/web.py

bench-cases: setup
	$(BIN)/python benchmarks/cases.py

bench-agreements: setup
	$(BIN)/python benchmarks/agreements.py $(BENCH_ARGS)

bench-neighbourhoods: setup
	$(BIN)/python benchmarks/neighbourhoods.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache

bench-schemes: setup
	$(BIN)/python benchmarks/schemes.py

bench-signals: setup
	$(BIN)/python benchmarks/signals.py

bench-matching: setup
	$(BIN)/python benchmarks/matching.py
