# The project's commands. A fresh machine needs only Python 3.11 and these two: `make site`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test serve check chromium clean

# The virtual environment, rebuilt when the pinned requirements change.
$(VENV)/.site-deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.site-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

## check: validate all content (fast, no build); exit status 1 on any error
check: $(VENV)/.site-deps
	$(BIN)/python -m scripts.cli check

## site: validate, then build the site into site/ (strict: any warning fails; site/ is replaced only on success)
site: check
	rm -rf site.tmp
	$(BIN)/mkdocs build --strict --quiet --site-dir site.tmp
	rm -rf site
	mv site.tmp site

## serve: live preview on http://127.0.0.1:8000
serve: $(VENV)/.site-deps
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## test: install what the tests need (Chromium included), then run the whole suite
test: $(VENV)/.test-deps chromium
	$(BIN)/python -m pytest

# Debian's Chromium drives the browser tests (Playwright's own browser download is not used).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# --- procedures: import ---

# --- offline bundle ---

# --- benchmark ---

# --- editors: scaffolding ---

clean:
	rm -rf site site.tmp dist docs/_generated .pytest_cache
