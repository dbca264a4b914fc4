# Lessonkit: `make` builds every lesson in lessons/ into build/<lesson-id>/; `make help` lists the targets.

# .venv is made from the distribution's /usr/bin/python3 when it is 3.11 or newer: Debian builds it with profile-
# guided and link-time optimisation, and builds took 20-28% less time on it than on pyenv's default build
# (README, Performance). Otherwise python3 from PATH; `make distclean; make PYTHON=python3.12` picks another.
SYSTEM_PYTHON := /usr/bin/python3
PYTHON ?= $(shell $(SYSTEM_PYTHON) -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null && echo $(SYSTEM_PYTHON) || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-requirements
ARGS ?=

.DEFAULT_GOAL := all
.PHONY: help all check lint watch new import test bench schema fonts map clean distclean

help: ## Show this list of targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

all: $(STAMP) ## Validate every lesson and build each into build/<lesson-id>/ (the default)
	@$(PY) -m generators build $(ARGS)

check: $(STAMP) ## Validate every lesson without writing anything
	@$(PY) -m generators check $(ARGS)

lint: $(STAMP) ## Check every lesson and fail on any warning (check --strict)
	@$(PY) -m generators check --strict $(ARGS)

watch: $(STAMP) ## Build, then rebuild on every save and show it all at http://127.0.0.1:PORT/ (Ctrl-C stops)
	@$(PY) -m generators watch $(ARGS)

new: $(STAMP) ## Start a new lesson: make new NAME=my-lesson
	@test -n "$(NAME)" || { echo "usage: make new NAME=my-lesson" >&2; exit 2; }
	@$(PY) -m generators new "$(NAME)"

import: $(STAMP) ## Draft a lesson from an article: make import SRC=article.txt
	@test -n "$(SRC)" || { echo "usage: make import SRC=article.txt" >&2; exit 2; }
	@$(PY) -m generators import "$(SRC)"

test: $(STAMP) ## Run the test suite
	@$(PY) -m pytest -q $(ARGS)

bench: $(STAMP) ## Measure build speed and memory (beside Pandoc when installed); BENCH_RUNS=5 BENCH_COURSE=100
	@$(PY) tests/benchmark.py

schema: $(STAMP) ## Regenerate the JSON Schemas and the README authoring guide from the model
	@$(PY) -m generators schema

fonts: $(STAMP) ## Re-derive the common-CJK font slice and assets/fonts/metrics.json (after changing a font)
	@$(PY) -c "from generators import fontfiles; print(fontfiles.write_common_cjk_font(), fontfiles.write_metrics_file())"

map: ## Redraw the sample's map (assets/images/communist-world-1956-58.png) from Natural Earth data
	@test -x .venv-maps/bin/python || $(PYTHON) -m venv .venv-maps
	@.venv-maps/bin/python -m pip install -q -r assets/maps/requirements.txt
	@.venv-maps/bin/python assets/maps/communist_world_1956.py

clean: ## Remove build/ (generated files only)
	rm -rf build

distclean: clean ## Also remove the virtual environment
	rm -rf $(VENV) .venv-maps

# Debian's python3 lacks ensurepip unless python3-venv is installed: then make the venv without pip and fetch
# pip's wheel from PyPI (checking its hash), so `make` works on a machine with only python3 and make.
define BOOTSTRAP_PIP
import hashlib, json, os, subprocess, sys, tempfile, urllib.parse, urllib.request
index = "https://pypi.org/pypi/pip/json"
wheel = next(f for f in json.load(urllib.request.urlopen(index, timeout=60))["urls"] if f["packagetype"] == "bdist_wheel")
data = urllib.request.urlopen(urllib.parse.urljoin(index, wheel["url"]), timeout=120).read()
assert hashlib.sha256(data).hexdigest() == wheel["digests"]["sha256"], "pip wheel hash mismatch"
path = os.path.join(tempfile.mkdtemp(), wheel["filename"])
open(path, "wb").write(data)
subprocess.check_call([sys.argv[1], os.path.join(path, "pip"), "install", "--quiet", path])
endef
export BOOTSTRAP_PIP

$(PY):
	@echo "creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version 2>&1))"
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); \
	  echo "$(PYTHON) -m venv cannot install pip here (Debian: apt install python3-venv); fetching pip from PyPI"; \
	  $(PYTHON) -m venv --without-pip $(VENV) && $(PY) -c "$$BOOTSTRAP_PIP" $(PY); } || { \
	  echo "error: could not create $(VENV) with pip; install python3-venv (sudo apt install python3-venv)" >&2; \
	  rm -rf $(VENV); exit 1; }

$(STAMP): requirements.txt | $(PY)
	@echo "installing pinned dependencies into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@
