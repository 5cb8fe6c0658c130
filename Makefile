# Portfolio observability as code. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    ?= .venv
PY      := $(VENV)/bin/python
CONFIG  ?= portfolio.yaml
PYTEST_ARGS ?=
STACK_ARGS ?=
FUZZ_ARGS ?=
PUBLISH_ARGS ?=
REPORT_ARGS ?=
DEMO_ARGS ?=

.PHONY: help venv generate check check-config test test-fast fuzz lint typecheck publish report golden bench schema stack demo dist lock clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

venv: $(VENV)/.installed ## Create the virtualenv with the pinned dependencies

generate: $(VENV)/.installed ## Generate every artifact from $(CONFIG) (rules, rule tests, routing, stack config, dashboards, compose, mixin, Kubernetes, schema)
	$(PY) -m portfolio_obs generate --config $(CONFIG)

check: $(VENV)/.installed ## Fail if artifacts are stale; promtool/amtool checks, rule tests, PromQL lint, schema
	$(PY) -m portfolio_obs check --config $(CONFIG)

check-config: $(VENV)/.installed ## Load $(CONFIG) (JSON Schema and semantic rules) in under a second; the pre-commit hook
	$(PY) -m portfolio_obs check-config $(CONFIG)

test: $(VENV)/.installed ## Run the whole test suite (unit, golden, real Prometheus/Alertmanager)
	$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

test-fast: $(VENV)/.installed ## Tests that start no binaries
	$(PY) -m pytest -m "not integration" $(PYTEST_ARGS)

lint: $(VENV)/.installed ## ruff
	$(VENV)/bin/ruff check portfolio generators exporters fakes stack_runner publisher reporting portfolio_obs tests benchmarks

typecheck: $(VENV)/.installed ## mypy --strict on portfolio, generators, exporters, fakes, stack_runner, publisher, reporting and portfolio_obs
	$(VENV)/bin/mypy

fuzz: $(VENV)/.installed ## Property tests with random seeds and many more examples (FUZZ_ARGS for pytest)
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -m "not integration" -p no:cacheprovider tests/generators/test_config_property.py $(FUZZ_ARGS)

publish: $(VENV)/.installed ## Upload dashboards/ to Grafana (PUBLISH_ARGS="--url URL [--dry-run]"; token in GRAFANA_TOKEN[_FILE])
	$(PY) -m portfolio_obs publish $(PUBLISH_ARGS)

report: $(VENV)/.installed ## Write the portfolio report of the last 7 days from Prometheus to build/report (PROMETHEUS_URL; REPORT_ARGS="--period 14d")
	$(PY) -m portfolio_obs report --config $(CONFIG) $(REPORT_ARGS)

golden: $(VENV)/.installed ## Rewrite tests/golden (every artifact kind) from tests/fixtures/config/golden.yaml
	$(PY) -m tests.update_golden

bench: $(VENV)/.installed ## Run the benchmarks (BENCH="generate" for one); prints figures and ratios
	$(PY) -m benchmarks $(BENCH)

schema: $(VENV)/.installed ## Print the JSON Schema of portfolio.yaml
	$(PY) -m portfolio_obs schema

stack: $(VENV)/.installed ## Run Prometheus, Alertmanager, blackbox_exporter, exporters on 127.0.0.1 (STACK_ARGS="--check", "--free-ports")
	$(PY) -m portfolio_obs stack --config $(CONFIG) $(STACK_ARGS)

demo: $(VENV)/.installed ## The stack against fake upstreams with a moving history: no account, no token; prints what to open (DEMO_ARGS="--seed N")
	$(PY) -m portfolio_obs demo --config $(CONFIG) $(DEMO_ARGS)

dist: $(VENV)/.installed ## Build the wheel of the portfolio-obs command into dist/ (`pip install dist/*.whl -c constraints.txt`)
	rm -rf dist build/lib && $(PY) -m pip wheel --quiet --no-deps --wheel-dir dist .

lock: ## Re-pin constraints.txt from requirements*.txt
	rm -rf /tmp/lock-venv && python3 -m venv /tmp/lock-venv && /tmp/lock-venv/bin/pip install --quiet -r requirements-dev.txt && \
	  { echo '# Full pinned set (transitive too); installs use `-c constraints.txt`. Refresh with `make lock`.'; /tmp/lock-venv/bin/pip freeze; } > constraints.txt

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis dist
