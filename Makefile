# Mem'Histo circuits. Two commands matter: `make run` and `make test` (see README).
# Every target installs what it needs first; nothing is done by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTANCES ?= ../shared/optw-instances
# pip's machine-wide config lists local mirrors that may be absent; their warnings are noise.
QUIET_PIP := grep -v "is ignored: it is neither a file nor a directory" || true

.PHONY: help install tools kb train run run-cluster test lint unit validate rasa-test e2e browser bench bench-dialogue bench-load bench-web fuzz nlu-eval eval-conversations lock clean

help:
	@echo "make run     install, build the knowledge base, train if stale, start :5055 :5005 :8080"
	@echo "make run-cluster  the same behind HAProxy: PostgreSQL, Redis, REPLICAS=2 Rasa and action servers"
	@echo "make test    install, lint, validate, train, rasa test, pytest (unit, e2e, browser)"
	@echo "make bench   planner benchmark (standard instances in INSTANCES=$(INSTANCES))"
	@echo "make bench-dialogue  200 scripted conversations over REST, latency per intent"
	@echo "make bench-load  Locust visitors against the single process and the cluster (LOAD_USERS=25,50,100,200)"
	@echo "make bench-web  website first render and site list on a slow phone (Fast 3G, CPU x4)"
	@echo "make nlu-eval  per-language NLU report on the held-out test sets"
	@echo "make eval-conversations  the written conversations against the live stack: pass rates"
	@echo "make fuzz    10,000 generated hostile messages over REST and socket.io against the real stack"

# --- installation ----------------------------------------------------------------------------
# The stamp records a hash of the locks: an unchanged lock makes `make install` a no-op.
install:
	@$(PYTHON) scripts/install.py

# Locust and the deployment files' validators, in build/tools-venv (their dependencies clash with Rasa's).
tools:
	@$(PYTHON) scripts/install.py --tools

# --- knowledge base and model ----------------------------------------------------------------
kb: install
	@$(PY) -m bot kb build

train: kb
	@$(PY) scripts/train_if_stale.py

# --- running ---------------------------------------------------------------------------------
run: train
	@$(PY) -m bot.ops.serve

# PostgreSQL + Redis + HAProxy in front of REPLICAS Rasa and action servers (bot/ops/cluster.py).
REPLICAS ?= 2
run-cluster: train
	@$(PY) -m bot.ops.serve --profile cluster --replicas $(REPLICAS)

# --- tests -----------------------------------------------------------------------------------
test: install tools
	@$(MAKE) --no-print-directory lint validate train rasa-test
	@$(PY) -m pytest -p no:cacheprovider --timeout=900

lint: install
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

validate: kb
	@$(PY) -m bot kb validate
	@$(BIN)/rasa data validate --fail-on-warnings --data data --domain domain.yml --config config.yml

rasa-test: train
	@$(BIN)/rasa test core --stories tests/stories --model models --fail-on-prediction-errors --out results/core
	@$(PY) -m bot.devtools.nlu_eval --model models --out results/nlu

unit: install tools
	@$(PY) -m pytest -m "not e2e and not browser"

e2e: train
	@$(PY) -m pytest -m e2e

browser: train
	@$(PY) -m pytest -m browser

bench: kb
	@$(PY) -m bot.devtools.bench $(INSTANCES)

bench-dialogue: train
	@$(PY) -m bot.devtools.bench_dialogue --train

# Locust (build/tools-venv) against the single process and the cluster: msg/s, p50/p95/p99 per intent,
# errors, the knee (bot/devtools/bench_load.py). Not part of `make test`.
LOAD_USERS ?= 25,50,100,200
LOAD_SECONDS ?= 60
LOAD_THINK ?= 10
bench-load: train tools
	@$(PY) -m bot.devtools.bench_load --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) --think $(LOAD_THINK)

# The website on Playwright's slow phone (Moto G4, Fast 3G, CPU x4) against full speed: prints figures.
bench-web: kb
	@$(PY) -m bot.devtools.bench_web

# Hostile input (bot/devtools/fuzz.py): no 5xx, no silence, no crash, no slot with an impossible value.
# `make test` runs a 300-message sample (tests/e2e/test_hostile_input.py).
fuzz: train
	@$(PY) -m bot.devtools.fuzz --count 10000

nlu-eval: train
	@$(PY) -m bot.devtools.nlu_eval --model models --out results/nlu

# Whole conversations written by outside writers (tests/conversations), replayed against the live stack.
eval-conversations: train
	@$(PY) -m bot.devtools.eval_conversations

# Re-resolve every dependency together (Rasa's own list + requirements.in) and rewrite the lock.
lock:
	@$(PYTHON) scripts/lock.py

clean:
	rm -rf build models results test-artifacts .pytest_cache .ruff_cache
