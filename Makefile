# Two commands get a newcomer from clone to results: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench train evaluate clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# The main job: extract every cooperative figure from the bundled sample articles
# (corpus/sample, plus two web pages of the annotated corpora, read in place).
SAMPLE := corpus/sample corpus/dev/articles/e-18.html corpus/train/timur/articles/timur-058.html

run: $(STAMP)
	$(BIN)/koperasi extract $(SAMPLE) --format table
	$(BIN)/koperasi evaluate corpus/dev

test: $(STAMP)
	$(BIN)/ruff check extractor tests benchmarks scripts
	$(BIN)/pytest

evaluate: $(STAMP)
	$(BIN)/koperasi evaluate corpus/dev --errors

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py

train: $(STAMP)
	$(BIN)/koperasi train

clean:
	rm -rf $(VENV) .pytest_cache
