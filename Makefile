# militia-atlas: `make site` builds the example site into site/; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000
# A second venv with ProperDocs and no MkDocs, where the plugin must build too (docs-dev/FUTURE.md).
PROPERDOCS_VENV := .venv-properdocs
# And one with Zensical, which builds `generate` output (no plugins).
ZENSICAL_VENV := .venv-zensical

.PHONY: site test serve bench setup browser checkers properdocs zensical lock clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml npm-packages.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python scripts/fetch_npm.py
	touch $(STAMP)

properdocs: $(PROPERDOCS_VENV)/.installed

$(PROPERDOCS_VENV)/.installed: requirements-properdocs.lock pyproject.toml | setup
	rm -rf $(PROPERDOCS_VENV)
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet "pip==26.3"
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --no-deps -r requirements-properdocs.lock
	$(PROPERDOCS_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

zensical: $(ZENSICAL_VENV)/.installed

$(ZENSICAL_VENV)/.installed: requirements-zensical.lock
	rm -rf $(ZENSICAL_VENV)
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --no-deps -r requirements-zensical.lock
	touch $@

site: setup
	$(BIN)/militia-atlas build

serve: setup  # make serve ADDR=0.0.0.0:8001 to be reached from other machines, or on another port
	$(BIN)/mkdocs serve --livereload --dirty --dev-addr $(ADDR)

browser:
	@bash scripts/ensure_chromium.sh

checkers:  # Java for the Nu HTML Checker, Lighthouse from tools/lighthouse/package-lock.json
	@bash scripts/ensure_checkers.sh

test: setup browser checkers properdocs zensical
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python scripts/bench.py

lock:
	{ echo "# Exact versions of every dependency (runtime, tests, benchmarks). Regenerate with: make lock"; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -E '^(pip|wheel)=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf site .venv $(PROPERDOCS_VENV) $(ZENSICAL_VENV) build *.egg-info src/*.egg-info
