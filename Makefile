# The two set-up commands of the README:
#   make run    creates .venv, installs requirements.txt, builds the database if missing, starts the dashboard
#   make test   installs requirements-dev.txt, Debian's chromium, fonts and nginx, then lints and runs every test (CI)
#   make serve REPLICAS=4   N Streamlit replicas behind nginx on SERVE_PORT (installs nginx-light if missing)
# For your own loop: make test-fast (lint + every test but the browser ones, spread over both cores).
PY ?= python3
# Bytecode is kept in __pycache__ (ignored by git): without it each test process compiles ntm and pytest rewrites
# every test module's asserts again (2 s a process).
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
SERVE_PORT ?= 8500
REPLICAS ?= $(shell nproc 2>/dev/null || echo 2)
APT_PACKAGES := chromium fonts-dejavu-core poppler-utils nginx-light
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider

.PHONY: run serve test test-fast lint format install install-dev system-deps build bench clean

$(BIN)/.installed: requirements.txt
	$(PY) -m venv $(VENV) || ($(SUDO) apt-get update && $(SUDO) apt-get install -y python3-venv && $(PY) -m venv $(VENV))
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: requirements-dev.txt $(BIN)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

install-dev: $(BIN)/.installed-dev

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: install
	$(BIN)/python -m ntm build

run: install
	$(BIN)/python -c "from ntm.data.build import ensure_database; ensure_database()"
	$(BIN)/python -m pages.ui.serve --server.port $(PORT)

serve: install
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "Installing Debian package: nginx-light"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nginx-light; }
	$(BIN)/python -m ntm serve --replicas $(REPLICAS) --port $(SERVE_PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install-dev system-deps lint
	$(PYTEST) tests

test-fast: install-dev lint
	$(PYTEST) -n 2 --dist worksteal -m "not browser" tests

bench: install-dev system-deps
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) data/*.duckdb geo/cache .pytest_cache
