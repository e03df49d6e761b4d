# The README's two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app advocacy

.PHONY: run test test-sqlite test-postgres lint bytecode bench lighthouse screenshots lock audit install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Exact versions come from requirements.lock (pip-compile of pyproject.toml with the
# test extras; `make lock` refreshes it); the package itself is installed on top.
$(VENV)/.installed-run: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e '.[test]'
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run

# The Nu HTML Checker for the markup tests (npm package vnu-jar, run on Debian's Java);
# without npm those tests skip (CI installs npm and sets REQUIRE_VNU=1).
VNU_VERSION := 26.9.27
VNU_JAR     := $(VENV)/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): | $(BIN)/python
	@if command -v npm >/dev/null; then \
	  npm install --silent --no-save --no-audit --no-fund --ignore-scripts \
	    --prefix $(VENV)/vnu vnu-jar@$(VNU_VERSION); \
	else echo "npm not found: the Nu HTML Checker tests will skip"; fi

## run: install, migrate the SQLite database in instance/, load the demo week and (once,
## if the download works) the legislator data, serve :5000 (PORT=5050 for another port;
## START=YYYY-MM-DD starts the demo week then) with a background worker in the same
## process (mail lands in instance/mail/)
PORT  ?= 5000
START ?=
run: $(VENV)/.installed-run
	$(FLASK) db upgrade
	$(FLASK) demo load $(if $(START),--start $(START))
	$(FLASK) legislators import --if-missing
	@echo "The demo week starts $(if $(START),on $(START),next Monday); to see it live today: make run START=$$(date -d 'monday this week' +%F 2>/dev/null || date +%F)"
	ADVOCACY_TASKS_WORKER=in-process $(FLASK) run --host 127.0.0.1 --port $(PORT)

## test: the whole suite on SQLite, then again on a throwaway PostgreSQL cluster
test: $(VENV)/.installed-test $(VNU_JAR) bytecode
	$(BIN)/ruff check .
	ADVOCACY_TEST_DATABASE=sqlite $(BIN)/pytest -n auto --dist worksteal --durations=10
	ADVOCACY_TEST_DATABASE=postgresql $(BIN)/pytest -n auto --dist worksteal --durations=10

test-sqlite: $(VENV)/.installed-test $(VNU_JAR) bytecode
	ADVOCACY_TEST_DATABASE=sqlite $(BIN)/pytest -n auto --dist worksteal --durations=10

test-postgres: $(VENV)/.installed-test $(VNU_JAR) bytecode
	ADVOCACY_TEST_DATABASE=postgresql $(BIN)/pytest -n auto --dist worksteal --durations=10

## bytecode: compile the sources once; every process the suite starts (servers, workers,
## benchmarks) then loads them instead of compiling them again, 0.5 s each, even where
## PYTHONDONTWRITEBYTECODE is set (as on CI's machine)
bytecode: | $(BIN)/python
	$(BIN)/python -m compileall -q -j 2 advocacy tests bench

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

## bench: throughput against hello-world ceilings, load without loss, export figures,
## staff pages with 50,000 sign-ups, kill -9 during a burst of writes
bench: $(VENV)/.installed-test
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/http_bench.py
	$(BIN)/python bench/load_bench.py
	$(BIN)/python bench/stories_bench.py
	$(BIN)/python bench/staff_bench.py
	$(BIN)/python bench/kill_bench.py
	$(BIN)/python bench/mail_bench.py
	$(BIN)/python bench/announce_bench.py

## lighthouse: accessibility and best-practice scores of the week, day and story pages
lighthouse: $(VENV)/.installed-test
	$(BIN)/python bench/lighthouse.py

## screenshots: refresh docs/img/ (stats page, coordinator dashboard) from the browser test
screenshots: $(VENV)/.installed-test
	ADVOCACY_SCREENSHOTS=1 $(BIN)/pytest -q tests/browser/test_chapters_flow.py -k screenshots

## lock: re-pin every dependency (and the test extras) into requirements.lock
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --strip-extras --no-emit-index-url \
	  --no-emit-find-links --output-file requirements.lock pyproject.toml

## audit: known vulnerabilities in the locked dependencies (needs PyPI's JSON API)
audit: | $(BIN)/python
	$(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit --requirement requirements.lock --no-deps --disable-pip --strict

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
