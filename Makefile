# Two commands set everything up: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint typecheck unit clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: venv
	$(BIN)/python -m scheduler.demo

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy

# Two workers, a test file each at a time: the daemon's tests mostly wait for their schedules, the
# patrols' tests mostly compute, so together they take about half the time they take in a row.
unit: venv
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

test: lint unit

clean:
	rm -rf $(VENV) var
