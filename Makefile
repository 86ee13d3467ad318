# restrack: `make run` and `make test` set everything up on a fresh machine (python3.11).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= data/processed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install ocr run test test-all bench bench-100k bench-instructions eval train samples fuzz clean

$(BIN)/restrack: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(BIN)/restrack

# Tesseract and its models for scanned PDFs and images (Debian packages): installed with
# apt when we are root, else one line says what to install (files then stay needs_ocr).
OCR_PACKAGES := tesseract-ocr tesseract-ocr-vie tesseract-ocr-pol tesseract-ocr-rus tesseract-ocr-ara tesseract-ocr-eng
ocr:
	@if dpkg -s $(OCR_PACKAGES) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(OCR_PACKAGES)) >/dev/null \
		|| echo "restrack: could not install OCR packages; scans stay needs_ocr" >&2; \
	else echo "restrack: for scanned PDFs and images, install: sudo apt-get install $(OCR_PACKAGES)" >&2; fi

# Exit code 1 means "some documents failed" (data/raw holds a broken file on purpose).
run: install ocr
	$(BIN)/restrack run data/raw --out $(OUT) || [ $$? -eq 1 ]

# The quick suite: everything but the tests marked slow (real servers, whole real PDFs).
test: install
	$(BIN)/python -m pytest -m "not slow"

# Every test, as CI runs it (with the real OCR engine).
test-all: install ocr
	$(BIN)/python -m pytest

# At scale: 1,000 and 10,000 generated documents, each run first, re-run (cache), with 2
# workers and on a Dask LocalCluster (bench/scale.py); then extraction with the NER models
# on, as shipped and off, per language, the finders alone, PDF pages and OCR pages per second, and the
# review page on 10,000 rows.
bench: install ocr
	$(BIN)/python -m bench.run --scale 1000,10000
	$(BIN)/python -m bench.extraction --ner off,registry,all --json bench/out/extraction.json
	$(BIN)/python -m bench.extraction --generated 2000 --repeat 1 --json bench/out/extraction_generated.json
	$(BIN)/python -m bench.finders
	$(BIN)/python -m bench.pdf_pages
	$(BIN)/python -m bench.ocr
	$(BIN)/python -m bench.review_page

# 100,000 documents: an hour and more, outside CI.
bench-100k: install
	$(BIN)/python -m bench.run --scale 100000

# Instructions to extract 40 generated documents, and to read, extract and tabulate 40 files of
# every format, counted by callgrind: the same count on a busy machine or an idle one, to
# compare two versions of the code (about four minutes).
bench-instructions: install
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind) >/dev/null; } \
		|| { echo "restrack: bench-instructions needs valgrind: sudo apt-get install valgrind" >&2; exit 1; }
	$(BIN)/python -m bench.instructions --json bench/out/instructions.json
	$(BIN)/python -m bench.instructions --stage document --json bench/out/instructions_document.json

# Score a run of the shared seeds and real documents on the shared gold (SPEC §5).
eval: install
	$(BIN)/restrack run ../shared/seeds ../shared/realdocs --out /tmp/restrack-eval || [ $$? -eq 1 ]
	$(BIN)/restrack eval /tmp/restrack-eval ../shared/gold/dev

# Retrain the NER models in models/ from data/ner (reproduces the shipped ones).
train: install
	$(BIN)/restrack train

# The fuzz suite: 1,000 broken inputs per format (bench/fuzz.py), a restrack run per format, each
# document under a 60 s budget; prints the figures table of the README, exit 1 on a problem.
fuzz: install
	$(BIN)/python -m bench.fuzz_run --per-format 1000 --dir /tmp/restrack-fuzz --json /tmp/restrack-fuzz.json

# Regenerate the sample documents in data/raw.
samples: install
	$(BIN)/python -m bench.samples

clean:
	rm -rf $(VENV) $(OUT)/* build *.egg-info
