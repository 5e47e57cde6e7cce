# The front door. `make run` serves the site with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test e2e lint format ci bench clean check-system messages

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

check-system: install
	@$(PY) scripts/check_system.py

# The local Feide stand-in (registry/dev_oidc.py) and the background worker (the archive
# exports) run beside the site and stop with it.
run: install check-system
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	@$(PY) -m registry.dev_oidc --host 127.0.0.1 --port 8001 & oidc=$$!; \
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$oidc $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Serving the registry on http://$(HOST):$(PORT)/ (log in: http://$(HOST):$(PORT)/konto/login/)"; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install check-system
	$(PY) -m pytest $(PYTEST_ARGS)

e2e: install check-system
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages --locale nb --no-obsolete --add-location file --ignore '.venv/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --locale nb --ignore '.venv/*'

# What .ci/run runs: lint, migrations, the deploy check with production settings, and the suite.
ci: install check-system lint
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ENV=production DJANGO_SECRET_KEY=ci-check-deploy-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
		DJANGO_ALLOWED_HOSTS=registry.example.no FEIDE_CLIENT_ID=ci-check FEIDE_CLIENT_SECRET=ci-check \
		$(PY) manage.py check --deploy --fail-level WARNING
	$(MAKE) test

# Benchmarks: the archival PDF, a county's archive export and its memory use; national scale
# (bench/run.py: generates registry_bench, pages, search, imports; see docs/performance.md).
bench: install check-system
	$(PY) bench/pdf_and_export.py
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
