# The project's commands. A fresh machine needs only Python 3.11 and these two: `make site`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test serve check chromium clean offline import

# The virtual environment, rebuilt when the pinned requirements change.
# Then the project itself (pyproject.toml), editable: MkDocs finds the `cchc` plugin, and edits count at once.
$(VENV)/.site-deps: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test-deps: requirements-test.txt $(VENV)/.site-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

## check: validate all content (fast, no build); on any error the checker exits 1, so make reports "Error 1" and exits 2
check: $(VENV)/.site-deps
	$(BIN)/python -m scripts.cli check

## site: validate, then build the site into site/ (strict: any warning fails; site/ is replaced only on success)
# A build folder of its own per run, so that two builds at once never write into each other.
site: check
	@tmp=$$(mktemp -d site.tmp.XXXXXX) && \
	{ $(BIN)/mkdocs build --strict --quiet --site-dir $$tmp || { rm -rf $$tmp; exit 1; }; } && \
	chmod 755 $$tmp && rm -rf site && mv $$tmp site

## serve: live preview on http://127.0.0.1:8000
serve: $(VENV)/.site-deps
	$(BIN)/python -m scripts.cli serve --dev-addr 127.0.0.1:8000

## test: install what the tests need (Chromium included), then run the whole suite (in parallel: pytest.ini)
test: $(VENV)/.test-deps node_modules/.installed chromium
	$(BIN)/python -m pytest

## test-fast: the inner loop: the tests that build no site, start no process and drive no browser (under a minute)
.PHONY: test-fast
test-fast: $(VENV)/.test-deps
	$(BIN)/python -m pytest -m "not slow"

# Debian's Chromium drives the browser tests (Playwright's own browser download is not used).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# --- quality: npm packages the tests need (axe-core), from package-lock.json ---
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Lighthouse, for make bench only (its own package.json: make test does not install its 146 packages)
bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

# --- procedures: import ---
## import: procedures from a CSV or XLSX table into the procedure section's folder, docs/thu-tuc/ (make import FILE=danh-muc.xlsx; REPLACE=1 takes the table's values where a file differs)
import: $(VENV)/.site-deps
	@test -n "$(FILE)" || { echo "Cách dùng: make import FILE=duong-dan/bang.xlsx [REPLACE=1]" >&2; exit 2; }
	$(BIN)/python -m scripts.cli import "$(FILE)" $(if $(filter 1 yes true,$(REPLACE)),--replace)

# --- forms to download ---
## forms: typeset the forms of data/forms/*.yml into docs/tai-lieu/*.docx (commit the files it writes)
.PHONY: forms
forms: $(VENV)/.site-deps
	$(BIN)/python -m scripts.cli forms

# --- offline bundle ---
## offline: the site for file:// (USB stick, kiosk, intranet), zipped reproducibly into dist/<site>-offline.zip
offline: check
	$(BIN)/python -m scripts.cli offline

# --- benchmark ---
## bench: our build against plain Material at 600, 3,000 and 6,000 pages, page weight, search, offline zip, make serve, Lighthouse -> dist/bench.json
.PHONY: bench
bench: $(VENV)/.test-deps node_modules/.installed bench/node_modules/.installed chromium
	$(BIN)/python -m scripts.cli bench --out dist/bench.json

# --- a way off Material: Zensical, in a virtual environment of its own (its pins are not the site's) ---
PROBE_VENV := .venv-probe
$(PROBE_VENV)/.deps: requirements-probe.txt
	test -x $(PROBE_VENV)/bin/python || $(PYTHON) -m venv $(PROBE_VENV)
	@$(PROBE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-probe.txt || { \
	  echo "probe-zensical: Zensical could not be installed from requirements-probe.txt (pip's reason above); nothing was probed." >&2; exit 1; }
	touch $@

## probe-zensical: our pages prepared as Markdown, built by MkDocs + Material and by Zensical (pinned, .venv-probe); pages and features that differ -> dist/probe-zensical.json
.PHONY: probe-zensical
probe-zensical: check $(PROBE_VENV)/.deps
	$(BIN)/python -m scripts.cli probe-zensical

# --- editors: scaffolding ---
.PHONY: new fields check-github summary
## new: a new content file, e.g. make new TYPE=article TITLE="Phường tập huấn dịch vụ công" (asks for the title when missing)
new: $(VENV)/.site-deps
	@$(BIN)/python -m scripts.cli new $(or $(TYPE),article) $(if $(TITLE),--title "$(TITLE)")

## fields: rewrite the front-matter field tables of CONTRIBUTING.md from schemas/
fields: $(VENV)/.site-deps
	$(BIN)/python -m scripts.cli fields --write

## check-github: `make check` with problems as GitHub annotations (the pull-request workflow)
check-github: $(VENV)/.site-deps
	$(BIN)/python -m scripts.cli check --format github

## summary: the reviewers' job summary (pages added or changed since BASE and where to open them in the artifacts, problems), into $GITHUB_STEP_SUMMARY when set
summary: $(VENV)/.site-deps
	@$(BIN)/python -m scripts.cli summary --base $(or $(BASE),HEAD^1) $(if $(GITHUB_STEP_SUMMARY),--out "$(GITHUB_STEP_SUMMARY)")

clean:
	rm -rf site site.tmp.* .site-* .site.tmp.* dist docs/_generated .pytest_cache *.egg-info
