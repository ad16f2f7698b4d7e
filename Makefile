# Two commands are the contract: `make run` and `make test`. Everything else is a step they use.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
SOURCES ?= ../shared/sources
PORT   ?= 8501

.PHONY: run test data venv venv-dev browser bench lint clean serve-replicas

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

## data: build the tidy dataset into data/current from $(SOURCES)
data: venv
	$(PY) -m loaders --sources $(SOURCES) build

## run: set up, build the data, serve the app on http://localhost:$(PORT)
run: data
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

## browser: Debian's chromium and Vietnamese-capable fonts for the browser tests, and Debian's nginx for the
## test of several app processes behind it (needs root or sudo)
browser:
	@{ command -v chromium && test -x /usr/sbin/nginx; } >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-noto-core nginx-light >/dev/null; }

## serve-replicas: N app processes behind nginx on http://localhost:$(PORT) (deploy/README.md)
N ?= 2
serve-replicas: data
	$(PY) deploy/serve_replicas.py --replicas $(N) --port $(PORT) --host 0.0.0.0

## test: set up everything the tests need, build, run every test
test: venv-dev browser data
	$(PY) -m pytest -q -n 2 --dist loadgroup

## bench: measure build, page render, payload and concurrency; writes bench/RESULTS.md
bench: venv-dev browser data
	$(PY) -m bench.run

lint: venv-dev
	$(PY) -m ruff check . && $(PY) -m ruff format --check .

clean:
	rm -rf data/build-* data/current data/.stage-* shots
