# Two commands on a fresh machine: `make build` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORTAL := $(VENV)/bin/portal
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: build build-deps test test-deps lint i18n-gate serve check clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

# Debian packages the build itself needs: WeasyPrint's Pango (the PDF publications) and the
# Chinese, Japanese and Korean faces the PDFs embed (the web pages carry their own fonts).
DEBIAN_BUILD_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk

define apt_install_missing
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

build-deps: $(VENV)/.installed
	$(call apt_install_missing,$(DEBIAN_BUILD_PACKAGES))

build: build-deps
	$(PORTAL) build
	@echo "Open site/index.html in a browser, or run: $(PORTAL) serve"

check: $(VENV)/.installed
	$(PORTAL) check

serve: $(VENV)/.installed
	$(PORTAL) serve

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests run for real: the browser, nginx (the server blocks in
# deploy/nginx/), rclone and rsync (deploy targets); Java runs vnu
# (poppler-utils renders the PDFs' first pages), plus what the build needs.
DEBIAN_TEST_PACKAGES := chromium nginx rclone rsync poppler-utils $(DEBIAN_BUILD_PACKAGES)

test-deps: $(VENV)/.test-installed node_modules/.installed
	$(call apt_install_missing,$(DEBIAN_TEST_PACKAGES))
	@command -v java >/dev/null || ($(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless)

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/ruff format --check generator tests benchmarks

# The translation gate: CI fails when a language falls under 95 % up-to-date translations,
# or when a translation breaks a rule of translations/lint.yml or the glossary (warnings too).
i18n-gate: $(VENV)/.installed
	$(PORTAL) i18n compile --check
	$(PORTAL) i18n status --fail-under 95
	$(PORTAL) i18n lint --strict

test: test-deps lint i18n-gate
	$(PY) -m pytest

clean:
	rm -rf site .site-* tests/artifacts
