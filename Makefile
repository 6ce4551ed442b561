# The two commands of the README: `make run` and `make test`. Both build .venv when it is missing or stale.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshot shots mutate demo clean

$(STAMP): pyproject.toml
	@test -x $(PY) && $(PY) -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null \
		|| { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m app $(FILE)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/bench_startup.py
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/bench_plan.py --sizes 2000,20000 --runs 3
	QT_QPA_PLATFORM=offscreen $(PY) tests/bench/bench_challenges.py --runs 7
	$(PY) tests/bench/bench_pdf.py --runs 7
	$(PY) tests/bench/bench_xlsx.py --runs 7

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshot.py docs/main-window.png 8

# Every step on a real X display (Xvfb) at 1280x720 and 1920x1080, default and projector text: PNGs in shots/.
shots: $(STAMP)
	$(PY) scripts/shots_x11.py shots

# Mutation testing of the edit commands and the screens (mutmut). All of it is some 11,000 mutants, hours on one
# core: pick a part with MUTANTS, e.g. make mutate MUTANTS='app.commands.goals.* ui.screens.goals.*'.
MUTANTS ?=
mutate: $(STAMP)
	$(PY) -m pip install --quiet 'mutmut==3.8.1'
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/mutmut run --max-children 1 $(MUTANTS)
	$(VENV)/bin/mutmut results

# The bundled demo workshop, then its signed SLA as PDF and its action spreadsheet in out/.
demo: $(STAMP)
	$(PY) scripts/make_demo.py resources/demo.cgw
	mkdir -p out
	$(PY) -m app export resources/demo.cgw --pdf out/demo-sla.pdf --xlsx out/demo-actions.xlsx

clean:
	rm -rf $(VENV) build *.egg-info
