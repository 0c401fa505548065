# Two commands on a fresh machine with Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test mutate bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

$(VENV)/.installed-mutate: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

# The benchmarks' peer (SpiffWorkflow) beside the package; not needed by anything else.
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	@bash scripts/demo.sh $(BIN)/disclosure $(BIN)/python

test: $(VENV)/.installed-test
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

# Mutation testing of the modules listed in pyproject.toml [tool.mutmut]; not part of `make test`
# (it takes tens of minutes). Prints each module's score and the surviving mutants (docs/mutation-testing.md).
MUTATE_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
mutate: $(VENV)/.installed-mutate
	rm -rf mutants
	env -u DISCLOSURE_TEST_PG $(BIN)/mutmut run --max-children $(MUTATE_JOBS) > mutants.log 2>&1 || (tail -n 30 mutants.log; exit 1)
	$(BIN)/python scripts/mutation_score.py

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/bench_calendar.py
	$(BIN)/python benchmarks/bench_workflow.py
	$(BIN)/python benchmarks/bench_workflow_pg.py
	$(BIN)/python benchmarks/bench_peer_spiff.py
	$(BIN)/python benchmarks/bench_audit.py
	$(BIN)/python benchmarks/bench_sweep.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_scaling.py
	$(BIN)/python benchmarks/bench_ledger_import.py

clean:
	rm -rf $(VENV) mutants mutants.log demo.db demo-export.json .pytest_cache .hypothesis
