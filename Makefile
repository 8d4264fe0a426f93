# Two commands on a fresh machine with Python >= 3.11:
#   make run    install into .venv and start the app
#   make test   install into .venv (with test tools) and run lint + every test
# More than one process for a class: make serve-replicas (make serve-replicas N=3 for three; README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run serve-replicas test lint bench bench-class clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

$(VENV)/.app: requirements.txt | $(BIN)/python
	$(BIN)/pip install -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -r requirements-dev.txt
	touch $@ $(VENV)/.app

run: $(VENV)/.app
	$(BIN)/streamlit run app.py

N ?= 2
serve-replicas: $(VENV)/.app
	PYTHON=$(BIN)/python deploy/run-local.sh $(N)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

bench: $(VENV)/.dev
	$(BIN)/python bench/bench_conv.py
	$(BIN)/python bench/bench_training.py
	$(BIN)/python bench/bench_server.py
	$(BIN)/python bench/bench_inside.py
	$(BIN)/python bench/bench_arrival.py

bench-class: $(VENV)/.dev   # a simulated class of 30 Chromium sessions (several minutes)
	$(BIN)/python bench/bench_classroom.py

clean:
	rm -rf $(VENV)
