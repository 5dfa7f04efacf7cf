# ITISA: `make run` serves the app with demo data; `make test` runs every check and test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install system-libs lint types layers migrations-check pytest pytest-sqlite test-future pytest-postgres browser postgres-and-browser messages demo clean bench

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The Chinese web font (package.json) is served locally; without npm, pages fall back to system fonts.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the Chinese web font falls back to system fonts"; fi

install: system-libs $(STAMP) node_modules/.installed

# PDFs are rendered by WeasyPrint (Pango); HarfBuzz-Subset keeps embedding the Chinese font fast.
system-libs:
	@missing=""; \
	ldconfig -p | grep -q 'libpango-1.0.so' || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p | grep -q 'libharfbuzz-subset.so' || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; }; \
	  else echo "Install these system packages for PDF output:$$missing"; fi; \
	fi

# The compiled catalogue (django.mo) is committed; after editing django.po run `make messages` (needs gettext).
messages: install
	cd itisa && ../$(BIN)/django-admin compilemessages >/dev/null

# The worker (queued e-mail, the clocks' tick: ballots closing, reminders) runs in the background beside
# the server and is stopped (SIGTERM, graceful) when the server stops.
run: install
	@mkdir -p var
	$(BIN)/itisa manage migrate --no-input
	$(BIN)/itisa demo load
	@$(BIN)/itisa worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/itisa manage runserver $(HOST):$(PORT)

demo: install
	$(BIN)/itisa demo load

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install
	$(BIN)/mypy itisa config

layers: install
	$(BIN)/lint-imports

migrations-check: install
	DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py makemigrations --check --dry-run

pytest-sqlite: install
	DATABASE_URL= $(BIN)/pytest -n 2 -m "not browser" -q

# The date-bomb guard: the whole suite on SQLite with every clock moved a year ahead (time-machine, see
# conftest.py). A test that passes only on the day it was written fails here the same day. `make test`
# runs SQLite this way and PostgreSQL at today's date, so both dates and both databases are covered.
CLOCK_SHIFT_DAYS ?= 365
test-future: install
	DATABASE_URL= $(BIN)/pytest -n 2 -m "not browser" -q --clock-shift-days=$(CLOCK_SHIFT_DAYS)

pytest-postgres: install
	@if [ -n "$(DATABASE_URL)" ] && echo "$(DATABASE_URL)" | grep -q '^postgres'; then \
		$(BIN)/pytest -n 2 -m "not browser" -q; \
	else echo "DATABASE_URL does not point at PostgreSQL: PostgreSQL run skipped"; fi

browser: install
	DATABASE_URL= $(BIN)/pytest -m browser -q -p no:xdist

# The browser tests wait on pages more than they compute (about 40 % of one core), so `make test` runs them
# beside the PostgreSQL suite; the PostgreSQL output is printed when both have finished.
postgres-and-browser: install
	@mkdir -p var
	@$(MAKE) --no-print-directory pytest-postgres > var/pytest-postgres.log 2>&1 & pg=$$!; \
	$(MAKE) --no-print-directory browser; browser=$$?; \
	wait $$pg; postgres=$$?; cat var/pytest-postgres.log; \
	if [ $$postgres -ne 0 ] || [ $$browser -ne 0 ]; then exit 1; fi

test: lint types layers migrations-check test-future postgres-and-browser

bench: install
	$(BIN)/python bench/ratios.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache $${ITISA_TEST_CACHE_DIR:-$$HOME/.cache/itisa-test}
