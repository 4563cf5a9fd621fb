# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench demo clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

## Open the desk on the current event (the bundled demo event on a first start).
run: $(STAMP)
	$(BIN)/kiosk

## The whole suite, headless: import rules, lint, types, then pytest.
test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/ruff check kiosk ui printers assets tests bench
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kiosk ui printers assets tests bench
	$(BIN)/mypy

## Benchmarks: figures beside their baselines, measured in one run; writes bench/results.json.
bench: $(STAMP)
	$(BIN)/python -m bench.run

demo: $(STAMP)
	$(BIN)/kiosk demo

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
