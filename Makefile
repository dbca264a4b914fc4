# Lessonkit: `make` builds every lesson in lessons/ into build/<lesson-id>/; `make help` lists the targets.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-requirements
ARGS ?=

.DEFAULT_GOAL := all
.PHONY: help all check new import test schema clean distclean

help: ## Show this list of targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

all: $(STAMP) ## Validate every lesson and build each into build/<lesson-id>/ (the default)
	@$(PY) -m generators build $(ARGS)

check: $(STAMP) ## Validate every lesson without writing anything
	@$(PY) -m generators check $(ARGS)

new: $(STAMP) ## Start a new lesson: make new NAME=my-lesson
	@test -n "$(NAME)" || { echo "usage: make new NAME=my-lesson" >&2; exit 2; }
	@$(PY) -m generators new "$(NAME)"

import: $(STAMP) ## Draft a lesson from an article: make import SRC=article.txt
	@test -n "$(SRC)" || { echo "usage: make import SRC=article.txt" >&2; exit 2; }
	@$(PY) -m generators import "$(SRC)"

test: $(STAMP) ## Run the test suite
	@$(PY) -m pytest -q $(ARGS)

schema: $(STAMP) ## Regenerate the JSON Schemas and the README authoring guide from the model
	@$(PY) -m generators schema

clean: ## Remove build/ (generated files only)
	rm -rf build

distclean: clean ## Also remove the virtual environment
	rm -rf $(VENV)

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
	  echo "error: could not create $(VENV); on Debian or Ubuntu install it with: sudo apt install python3-venv" >&2; \
	  rm -rf $(VENV); exit 1; }
	@echo "installing pinned dependencies into $(VENV) ..."
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@
