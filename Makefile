# Two commands on a fresh machine with Python >= 3.11:
#   make run    install into .venv and start the app
#   make test   install into .venv (with test tools) and run lint + every test
# More than one process for a class: make serve-replicas (make serve-replicas N=3 for three; README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run serve-replicas test lint bench bench-class lock clean

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
	$(BIN)/python bench/bench_client.py

bench-class: $(VENV)/.dev   # a simulated class of 30 Chromium sessions (several minutes)
	$(BIN)/python bench/bench_classroom.py

# deploy/requirements.lock, what the container image installs (pip --require-hashes): requirements.txt resolved for
# Linux x86-64 and Python 3.11 with the CPU-only torch, a sha256 for every file. Run it after changing
# requirements.txt: pins that still fit are kept; `make lock UPGRADE=1` moves every package to its newest release.
# TORCH_CPU says where the "+cpu" torch comes from: PyTorch's CPU index, or TORCH_CPU="--find-links DIR" for a
# folder holding the wheel.
TORCH_CPU ?= --extra-index-url https://download.pytorch.org/whl/cpu
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv>=0.5"
	$(BIN)/uv pip compile requirements.txt --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --index-strategy unsafe-best-match $(TORCH_CPU) \
	  $(if $(UPGRADE),--upgrade) --custom-compile-command "make lock" --output-file deploy/requirements.lock

clean:
	rm -rf $(VENV)
