# The two commands of the README: `make start` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8866
WORKSPACE ?= workspace

.PHONY: start test bench lint typecheck setup system-deps hub-deps clean lock

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ diperlukan / is required")'
	@echo "Menyiapkan .venv / setting up .venv" >&2
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip >&2
	@$(PY) -m pip install --quiet -r requirements.lock >&2
	@$(PY) -m pip install --quiet --no-deps -e . >&2
	@touch $(STAMP)

## System packages the browser tests and the PostgreSQL tests use (Debian/Ubuntu, as root or sudo).
system-deps:
	@if command -v apt-get >/dev/null 2>&1; then \
	  need=""; \
	  command -v chromium >/dev/null 2>&1 || need="$$need chromium"; \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$$need postgresql"; \
	  command -v npm >/dev/null 2>&1 || need="$$need npm"; \
	  command -v pdftotext >/dev/null 2>&1 || need="$$need poppler-utils"; \
	  command -v java >/dev/null 2>&1 || need="$$need openjdk-17-jre-headless"; \
	  if [ -n "$$need" ]; then \
	    SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	    echo "Memasang paket sistem / installing system packages:$$need"; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$need >/dev/null; \
	  fi; \
	fi

start: setup
	$(PY) -m kit start --workspace $(WORKSPACE) --port $(PORT)

## JupyterHub's proxy (npm), for the multi-user smoke test.
HUB_DIR := $(VENV)/hub
hub-deps: $(HUB_DIR)/node_modules/.bin/configurable-http-proxy

$(HUB_DIR)/node_modules/.bin/configurable-http-proxy:
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(HUB_DIR) && cd $(HUB_DIR) && npm install --silent --no-audit --no-fund configurable-http-proxy@5.3.0; \
	else echo "npm tidak ada: uji JupyterHub akan dilewati / npm missing: the JupyterHub test will be skipped"; fi

test: setup system-deps hub-deps
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

## JSON on standard output (progress on standard error), e.g. make bench > bench.json
bench: setup system-deps
	@$(PY) -m bench

lint: setup
	$(PY) -m ruff check .

typecheck: setup
	$(PY) -m mypy

## Regenerate requirements.lock from the current venv (maintainers only).
lock:
	$(PY) -m pip freeze --exclude-editable | grep -v '^umkm-kit' > requirements.lock

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
