# Two commands for a newcomer: `make demo` and `make test`. Each builds .venv itself.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
OUT    ?= out
EXAMPLE = tests/data/minutes/ccwp-experts-2016-09-23.txt

.PHONY: demo test lint typecheck bench bench-quick docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

demo: $(STAMP)
	rm -rf $(OUT)/store
	$(BIN)/customs-kg --store $(OUT)/store ingest $(EXAMPLE)
	$(BIN)/customs-kg --store $(OUT)/store export -f ttl -o $(OUT)/customs-kg.ttl
	$(BIN)/customs-kg --store $(OUT)/store export -f nq -o $(OUT)/customs-kg.nq
	$(BIN)/customs-kg --store $(OUT)/store export -f jsonld -o $(OUT)/customs-kg.jsonld
	$(BIN)/customs-kg --store $(OUT)/store viz cooperation -o $(OUT)/views/cooperation.html
	$(BIN)/customs-kg --store $(OUT)/store site -o $(OUT)/site
	$(BIN)/python -m kg.demo --store $(OUT)/store --out $(OUT)

lint: $(STAMP)
	$(BIN)/ruff check kg loaders viz tests bench
	$(BIN)/ruff format --check kg loaders viz tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick

docs: $(STAMP)
	$(BIN)/python -m kg.docs -o $(OUT)/ontology-docs

clean:
	rm -rf $(VENV) $(OUT) customs-kg-data build dist *.egg-info
