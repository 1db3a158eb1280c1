# Two entry points: `make demo` (set up, build the graph, query it, print stats, write the HTML view) and `make test`
# (the lint gate, then the test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo lint test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build
	$(BIN)/kg query partners --param country=RUS
	$(BIN)/kg stats --focus RUS
	$(BIN)/kg render -o output/graph.html

# tests/test_browser.py drives Debian's Chromium (headless, network blocked); install it when missing.
.PHONY: browser
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

# tests/test_remote.py pushes to a private Virtuoso Open Source instance (its own virtuoso.ini, free ports of 127.0.0.1);
# install Debian's package when missing. Non-interactive: debconf's dba password prompt is left at its default.
.PHONY: servers
servers:
	command -v virtuoso-t >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource)

# The lint gate: ruff and mypy with the settings in pyproject.toml ([tool.ruff], [tool.mypy]).
lint: $(STAMP)
	$(BIN)/ruff check kg
	$(BIN)/mypy

test: $(STAMP) browser servers lint
	$(BIN)/python -m pytest

clean:
	rm -rf output .pytest_cache .ruff_cache .mypy_cache
