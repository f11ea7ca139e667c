# The two commands: `make run` (the bot; the console chat when no token is set) and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint typecheck unit diagram bench clean

run: $(STAMP)
	$(VENV)/bin/registratiebot

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# With PostgreSQL installed and no TEST_POSTGRES_URL given, a private throwaway server is
# started for the run; without it, the PostgreSQL half of the suite is skipped (failed under CI).
unit: $(STAMP)
	@if [ -z "$$TEST_POSTGRES_URL" ] && scripts/with-postgres --available; then \
		scripts/with-postgres $(VENV)/bin/pytest -q; \
	else \
		$(VENV)/bin/pytest -q; \
	fi

diagram: $(STAMP)
	$(VENV)/bin/registratiebot diagram --write README.md

bench: $(STAMP)
	$(PY) bench/engine_vs_commit.py

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
