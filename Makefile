# Two commands for a fresh machine (see README):
#   make run   install everything, migrate, load the demo, serve http://127.0.0.1:8000
#   make test  install what the tests need, run the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev assets system-deps runtime-deps migrate demo lint format bench serve worker beat smoke

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

# Debian packages: CJK fonts (pages, screenshots and PDF exports: WenQuanYi, plus Noto CJK and
# HanaMin for Extension A/B characters such as 䶮 and 𠮷), the Pango libraries WeasyPrint needs,
# and Chromium for browser tests.
RUNTIME_PACKAGES = fontconfig fonts-wqy-microhei fonts-noto-cjk fonts-hanazono \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# What `make run` needs (fonts and Pango for PDF exports); `make test` adds Chromium.
runtime-deps:
	@if ! fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy" || [ -z "$$(fc-list :charset=4dae 2>/dev/null)" ] \
		|| [ -z "$$(fc-list :charset=20bb7 2>/dev/null)" ] || ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(RUNTIME_PACKAGES) >/dev/null; \
		else \
			echo "Please install Debian packages (needs root): $(RUNTIME_PACKAGES)"; exit 1; \
		fi; \
	fi

system-deps: runtime-deps
	@if ! command -v chromium >/dev/null; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
		else \
			echo "Please install Debian packages (needs root): chromium"; exit 1; \
		fi; \
	fi

install: $(VENV)/.runtime assets runtime-deps

install-dev: $(VENV)/.dev assets system-deps

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

# Without Redis the demo's semantic vectors are computed beside the development server
# (progress on /matching/status/); with REDIS_URL set, load_demo gave that job to the worker.
run: demo
	@echo "秦创原科技大市场 → http://$(HOST):$(PORT)/"
	@if [ -z "$$REDIS_URL" ]; then \
		OMP_NUM_THREADS=$$(nproc) DEBUG=1 $(PY) manage.py embed_backfill > var/embed_backfill.log 2>&1 & bf=$$!; \
		trap "kill $$bf 2>/dev/null" EXIT INT TERM; \
		DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT); \
	fi

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-dev
	$(PY) -m bench

# Production (README "Production"): DEBUG off, PostgreSQL from DATABASE_URL, SECRET_KEY and
# ALLOWED_HOSTS from the environment; WEB_CONCURRENCY gunicorn workers (default 2 per core).
WEB_CONCURRENCY ?= $(shell echo $$(( $$(nproc) * 2 )))
serve: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve: set DATABASE_URL=postgres://… (production runs on PostgreSQL)"; exit 1;; esac
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/gunicorn techmarket.wsgi --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) --timeout 60 \
		--graceful-timeout 30 --max-requests 2000 --max-requests-jitter 200 --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

worker: install
	$(VENV)/bin/celery -A techmarket worker --loglevel INFO --concurrency $${CELERY_CONCURRENCY:-2}

beat: install
	$(VENV)/bin/celery -A techmarket beat --loglevel INFO --schedule $${VAR_DIR:-var}/celerybeat-schedule

# The production smoke test (.ci/run runs it): gunicorn, a worker and beat on fresh PostgreSQL + Redis.
smoke: install
	.ci/smoke
