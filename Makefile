# The two commands in the README are `make run` and `make test`; everything they need
# (virtual environment, locked dependencies, database, demo content) is set up here.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Only for `check --deploy` in CI: a production-shaped key that signs nothing.
DEPLOY_CHECK_KEY := ci-deploy-check-0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a

.PHONY: run test install check lint format lock e2e vnu validate-html clean loadtest bench nginx worker messages

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
	@# The background-job worker (emails, image renditions, search words) runs beside the
	@# site; Ctrl-C stops both, and the worker also stops if the site stops by itself.
	@$(RUN_ENV) $(MANAGE) db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

## Only the background-job worker (production runs it as its own service)
worker: install
	$(MANAGE) db_worker --queue-name '*'

## Benchmark: gunicorn + PostgreSQL + Redis driven by wrk (PROXY=nginx: through nginx).
## Ports, database and Redis: BENCH_PORT, BENCH_NGINX_PORT, BENCH_DATABASE_URL,
## BENCH_REDIS_URL (see bench/run.py). Installs wrk (and nginx) from Debian if missing.
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	@if [ "$(PROXY)" = "nginx" ]; then $(MAKE) --no-print-directory nginx; fi
	PROXY=$(PROXY) $(BIN)/python -m bench.run

## nginx with its Lua module and Redis client (the micro-cache reads the content version
## from Redis), from Debian when bench/nginx.py finds them missing
nginx: install
	@$(BIN)/python -c 'import sys; from bench.nginx import missing; sys.exit(1 if missing() else 0)' \
		|| (apt-get update -qq && apt-get install -y -qq $$($(BIN)/python -c 'from bench.nginx import PACKAGES; print(PACKAGES)') >/dev/null)

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

## Interface translations: gather every marked string into locale/<language>/LC_MESSAGES/
## django.po, then compile the .mo files the site reads. Both are committed, so a fresh
## clone needs no gettext; after editing a .po, run this (or just compilemessages) again.
## A new language: add it to settings.LANGUAGES and its locale name here.
MESSAGE_LOCALES := zh_Hans ms ta ne
MESSAGE_IGNORE := --ignore='.venv/*' --ignore='.tools/*' --ignore='staticfiles/*' \
	--ignore='media/*' --ignore='tests/*' --ignore='bench/*' --ignore='deploy/*'
messages: install
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	DEBUG=1 $(MANAGE) makemessages $(addprefix -l ,$(MESSAGE_LOCALES)) --no-location --no-obsolete \
		$(MESSAGE_IGNORE)
	DEBUG=1 $(MANAGE) compilemessages $(addprefix -l ,$(MESSAGE_LOCALES)) $(MESSAGE_IGNORE)

## Re-pin requirements.lock from pyproject.toml (needs pip-tools in the venv)
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --extra dev --generate-hashes --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .tools
