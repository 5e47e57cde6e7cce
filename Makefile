# The front door. `make run` serves the site with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The local Feide stand-in (registry/dev_oidc.py) that `make run` starts beside the site.
OIDC_PORT ?= 8001

.PHONY: install run test e2e lint format ci bench clean check-system check-system-pdf messages

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$python"; "$$python" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

# The system packages: scripts/install-system-packages installs the missing Debian packages
# (with sudo when not root) or fails with the command to run; scripts/check_system.py then
# checks that Pango loads and that Chromium is there. The browser tests are never skipped
# silently (SKIP_BROWSER_TESTS=1 skips them, loudly). check-system-pdf is the part `make run`
# and `make bench` need: no browser.
check-system: install
	@bash scripts/install-system-packages
	@$(PY) scripts/check_system.py

check-system-pdf: install
	@bash scripts/install-system-packages pdf
	@$(PY) scripts/check_system.py pdf

# The site on PORT, the local Feide stand-in (registry/dev_oidc.py) on OIDC_PORT and the
# background worker (the archive exports); the stand-in and the worker stop with the site.
# SITE_URL and FEIDE_SERVER_URL follow the ports.
run: install check-system-pdf
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	@export SITE_URL=http://$(HOST):$(PORT) FEIDE_SERVER_URL=http://127.0.0.1:$(OIDC_PORT); \
	$(PY) -m registry.dev_oidc --host 127.0.0.1 --port $(OIDC_PORT) & oidc=$$!; \
	$(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$oidc $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Serving the registry on http://$(HOST):$(PORT)/ (PORT=$(PORT)) and the Feide stand-in on" \
		"http://127.0.0.1:$(OIDC_PORT)/ (OIDC_PORT=$(OIDC_PORT)); log in: http://$(HOST):$(PORT)/konto/login/"; \
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
	@bash scripts/install-system-packages messages
	$(PY) manage.py makemessages --locale nb --no-obsolete --add-location file --ignore '.venv/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --locale nb --ignore '.venv/*'

# What .ci/run runs: lint, migrations, the deploy check with production settings, and the suite.
ci: install check-system lint
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ENV=production DJANGO_SECRET_KEY=ci-check-deploy-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
		DJANGO_ALLOWED_HOSTS=registry.example.no REDIS_URL=redis://127.0.0.1:6379/0 FEIDE_CLIENT_ID=ci-check FEIDE_CLIENT_SECRET=ci-check \
		$(PY) manage.py check --deploy --fail-level WARNING
	$(MAKE) test

# Benchmarks: the archival PDF, a county's archive export and its memory use; national scale
# (bench/run.py: generates registry_bench, pages, search, the load of 50 visitors on gunicorn
# with Redis, imports, the nightly refresh; see docs/performance.md).
bench: install check-system-pdf
	$(PY) bench/pdf_and_export.py
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
