# citeqa — `make serve` runs the assistant, `make test` runs every check. `make install` is their first step.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install serve test lint eval clean

install: $(VENV)/.installed

# torch's CPU build first, so that nothing pulls the multi-GB CUDA build. An install that fails half-way (a full
# disk, a lost connection) can leave files half-written that pip later takes as installed: the half-made venv is
# removed, so that the next `make` starts clean.
$(VENV)/.installed: pyproject.toml
	{ $(PYTHON) -m venv $(VENV) \
	  && $(BIN)/python -m pip install --quiet --upgrade pip \
	  && $(BIN)/python -m pip install --quiet torch==2.13.0 \
	  && $(BIN)/python -m pip install --quiet -e '.[dev]'; } \
	  || { echo "make install failed (see above); removed the half-made $(VENV): run make again" >&2; \
	       rm -rf $(VENV); exit 1; }
	touch $@

serve: install
	$(BIN)/citeqa serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy core ingest index answer api prompts eval

test: install lint
	$(BIN)/python -m pytest -q
	# the answer-regression gate: a fresh index of the bundled article, eval against eval/thresholds.json
	CITEQA_DATA_DIR=$$(mktemp -d) $(BIN)/citeqa eval --output eval-results.json

eval: install
	$(BIN)/citeqa eval

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info eval-results*.json
