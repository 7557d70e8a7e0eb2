# Benchmarks (see docs/benchmarks.md). Install first: pip install -e ".[test,bench]"
PYTHON ?= .venv/bin/python

.PHONY: bench-quick bench test

bench-quick:  ## representative subset, under 3 minutes on 2 cores
	$(PYTHON) -m benchmarks.run --suite quick

bench:  ## the full suite (about an hour on 2 cores)
	$(PYTHON) -m benchmarks.run --suite full

test:
	$(PYTHON) -m pytest
