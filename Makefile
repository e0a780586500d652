# The two commands in the README are `make run` and `make test`; everything they need
# (virtual environment, locked dependencies, database, demo content) is set up here.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Only for `check --deploy` in CI: a production-shaped key that signs nothing.
DEPLOY_CHECK_KEY := ci-deploy-check-0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a

.PHONY: run test install check lint format lock e2e vnu validate-html clean loadtest

$(BIN)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("eduportal needs Python 3.11 or newer, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

install: $(BIN)/.installed

## Serve the site with demo content on SQLite (or DATABASE_URL) at http://127.0.0.1:$(PORT)
# SITE_URL follows PORT, so every absolute link (feeds, sitemap, private story links,
# the demo-logins line) names the port the site is served on. The demo lets staff sign
# in without an authenticator app; production never does.
RUN_ENV = DEBUG=$${DEBUG:-1} SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} \
	EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA=$${EDUPORTAL_DEMO_ALLOW_STAFF_WITHOUT_2FA:-1}
run: install
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) load_demo
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

## Run the whole test suite, browser tests included when Chromium is installed
test: install
	$(BIN)/python -m pytest

## Only the browser tests
e2e: install
	$(BIN)/python -m pytest tests/e2e

## The Nu HTML Checker, offline: npm's vnu-jar package (run by Java) into .tools/
VNU_VERSION := 26.9.27
VNU_JAR := .tools/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR):
	npm install --prefix .tools --no-save --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)

vnu: $(VNU_JAR)

## Validate every public page type with the Nu HTML Checker (part of `make test` once installed)
validate-html: install $(VNU_JAR)
	$(BIN)/python -m pytest tests/eduportal/test_html_validator.py

## Bounded load test on 127.0.0.1 (64 clients, 30 s, port 8150): no 5xx, no lost rows
loadtest: install
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) load_demo
	DEBUG=1 $(MANAGE) loadtest --concurrency $${CONCURRENCY:-64} --duration $${DURATION:-30} \
		--port $${LOADTEST_PORT:-8150} $${LOADTEST_ARGS:-}

## Lint, formatting and Django's own checks, as CI runs them
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$(DEPLOY_CHECK_KEY) ALLOWED_HOSTS=eduportal.example.org \
		SITE_URL=https://eduportal.example.org EMAIL_HOST=smtp.example.org \
		$(MANAGE) check --deploy --fail-level WARNING

lint: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-pin requirements.lock from pyproject.toml (needs pip-tools in the venv)
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --extra dev --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .tools
