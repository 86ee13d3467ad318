# restrack: `make run` and `make test` set everything up on a fresh machine (python3.11).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= data/processed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install run test test-all bench eval train samples clean

$(BIN)/restrack: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/restrack

# Exit code 1 means "some documents failed" (data/raw holds a broken file on purpose).
run: install
	$(BIN)/restrack run data/raw --out $(OUT) || [ $$? -eq 1 ]

# The quick suite: everything but the tests marked slow (real servers, whole real PDFs).
test: install
	$(BIN)/python -m pytest -m "not slow"

# Every test, as CI runs it.
test-all: install
	$(BIN)/python -m pytest

# Throughput and peak memory on a generated 2,000-document corpus (1 and 2 workers), then
# extraction alone per language (characters per CPU-second, NER off, as shipped, all on).
bench: install
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.extraction --ner off,registry,all --json bench/out/extraction.json
	$(BIN)/python -m bench.extraction --generated 2000 --repeat 1 --json bench/out/extraction_generated.json
	$(BIN)/python -m bench.finders

# Score a run of the shared seeds and real documents on the shared gold (SPEC §5).
eval: install
	$(BIN)/restrack run ../shared/seeds ../shared/realdocs --out /tmp/restrack-eval || [ $$? -eq 1 ]
	$(BIN)/restrack eval /tmp/restrack-eval ../shared/gold/dev

# Retrain the NER models in models/ from data/ner (reproduces the shipped ones).
train: install
	$(BIN)/restrack train

# Regenerate the sample documents in data/raw.
samples: install
	$(BIN)/python -m bench.samples

clean:
	rm -rf $(VENV) $(OUT)/* build *.egg-info
