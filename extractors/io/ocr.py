"""OCR with Tesseract: page images in, text out, each page cached by its pixels.

The engine is Tesseract through ``tesserocr`` (in-process, so pages run in parallel
threads: tesserocr releases the GIL while it recognises). The trained models come from
Debian's ``tesseract-ocr-<lang>`` packages; which model serves which language is data
(``lang/<code>/ocr.json``). When the engine or the models are missing, :func:`missing`
says so in one line and the readers keep such files ``needs_ocr``.

A page's text is cached under the SHA-256 of its rendered pixels, the models and the
engine version, so a re-run (or the same page in another file) is never recognised twice.
The cache is a user cache folder, shared by every run (see :func:`cache_dir`).
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.lang import languages, load

if TYPE_CHECKING:
    from PIL.Image import Image

log = logging.getLogger("restrack.ocr")

# Pages are rendered for OCR at this resolution: Tesseract's models are trained on text
# with an x-height of 20-30 px, which 300 dpi gives for 9-12 pt type (README: CER table).
OCR_DPI = 300
# Image files whose resolution is unknown (or implausible) are taken to be at this dpi.
DEFAULT_IMAGE_DPI = 300
MIN_IMAGE_DPI, MAX_IMAGE_DPI = 70, 1200
# Pages whose language is unknown are first read with every model at once; this many
# characters of the result are enough for the language detector.
FIRST_PASS_CHARS = 1500
# Bumped when preprocessing or the engine's settings change: old cache entries then miss.
CACHE_VERSION = "1"
CACHE_ENV = "RESTRACK_OCR_CACHE"
THREADS_ENV = "RESTRACK_OCR_THREADS"
TESSDATA_ENV = "TESSDATA_PREFIX"
# Where Debian (and a source build) put the models.
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")
APT_PACKAGES = ("tesseract-ocr", "tesseract-ocr-vie", "tesseract-ocr-pol", "tesseract-ocr-rus",
                "tesseract-ocr-ara", "tesseract-ocr-eng")
# RESTRACK_OCR=off keeps every file from being OCR'd (they stay needs_ocr).
SWITCH_ENV = "RESTRACK_OCR"


def install_hint() -> str:
    return "apt-get install tesseract-ocr tesseract-ocr-{vie,pol,rus,ara,eng}"


@cache
def tesseract_codes() -> dict[str, str]:
    """ISO 639-1 code -> Tesseract model name, from ``lang/<code>/ocr.json``."""
    return {lang: code for lang in languages() if (code := load(lang, "ocr").get("tesseract"))}


@cache
def tessdata_dir() -> Path | None:
    """The folder of Tesseract's models: ``$TESSDATA_PREFIX`` or where Debian puts them."""
    env = os.environ.get(TESSDATA_ENV, "").strip()
    candidates = [Path(env), Path(env) / "tessdata"] if env else []
    candidates += [Path(d) for d in TESSDATA_DIRS]
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.traineddata")):
            return folder
    return None


@cache
def installed_models() -> frozenset[str]:
    folder = tessdata_dir()
    return frozenset(p.stem for p in folder.glob("*.traineddata")) if folder else frozenset()


def missing() -> str:
    """Why OCR cannot run here (one line), or "" when it can."""
    if os.environ.get(SWITCH_ENV, "").strip().lower() in ("off", "0", "no", "false"):
        return f"OCR is switched off ({SWITCH_ENV}=off)"
    return _engine_missing()


@cache
def _engine_missing() -> str:
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return "the tesserocr package is not installed (pip install tesserocr)"
    if tessdata_dir() is None:
        return f"Tesseract is not installed ({install_hint()})"
    absent = [c for c in tesseract_codes().values() if c not in installed_models()]
    if len(absent) == len(tesseract_codes()):
        return f"no Tesseract language model is installed ({install_hint()})"
    return ""


@cache
def engine_version() -> str:
    """``tesseract@5.5.4``: names the engine in ``extractor`` and in cache keys."""
    import tesserocr

    first = tesserocr.tesseract_version().split("\n", 1)[0]
    return "tesseract@" + first.split()[-1]


def cache_dir() -> Path:
    """``$RESTRACK_OCR_CACHE``, else ``$XDG_CACHE_HOME/restrack/ocr`` (``~/.cache/...``).

    A user cache rather than the run's output folder: the same scans are often run into
    several output folders (a trial run, the real one), and their text does not change.
    """
    env = os.environ.get(CACHE_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "restrack" / "ocr"


def threads() -> int:
    """Pages recognised at once: ``$RESTRACK_OCR_THREADS``, else one per core."""
    try:
        return max(1, int(os.environ.get(THREADS_ENV, "")))
    except ValueError:
        return max(1, os.cpu_count() or 1)


def models_for(lang: str | None) -> str:
    """The Tesseract model(s) for an ISO code; every installed model ("vie+pol+...") when
    the language is unknown or has none."""
    codes = tesseract_codes()
    installed = installed_models()
    if lang in codes and codes[lang] in installed:
        return codes[lang]
    return "+".join(c for c in codes.values() if c in installed)


def _key(image: Image, models: str) -> str:
    digest = hashlib.sha256()
    digest.update(f"{engine_version()}|{models}|{CACHE_VERSION}|{image.mode}|{image.size}|".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def _cache_path(key: str) -> Path:
    return cache_dir() / key[:2] / f"{key}.txt"


def _cached(key: str) -> str | None:
    try:
        return _cache_path(key).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _store(key: str, text: str) -> None:
    """Write one cache entry atomically; a cache that cannot be written only costs time."""
    from extractors.io.atomic import atomic_write

    try:
        atomic_write(_cache_path(key), lambda tmp: tmp.write_text(text, encoding="utf-8"))
    except OSError as exc:
        log.warning("OCR cache not written (%s): %s", cache_dir(), exc)


_local = threading.local()


def _api(models: str):
    """This thread's Tesseract instance for ``models`` (an instance is not thread-safe,
    and loading models costs a few hundred milliseconds, so each thread keeps its own)."""
    import tesserocr

    apis: dict[str, tesserocr.PyTessBaseAPI] = _local.__dict__.setdefault("apis", {})
    if models not in apis:
        apis[models] = tesserocr.PyTessBaseAPI(path=str(tessdata_dir()) + os.sep, lang=models,
                                               psm=tesserocr.PSM.AUTO)
    return apis[models]


def recognise(image: Image, models: str, dpi: int = OCR_DPI) -> str:
    """Tesseract's text of one page image (no cache)."""
    api = _api(models)
    api.SetImage(image)
    api.SetSourceResolution(dpi)
    try:
        return api.GetUTF8Text()
    finally:
        api.Clear()


@dataclass(slots=True)
class PageImage:
    """A page to recognise: its pixels (grey) and the resolution they were made at."""

    image: Image
    dpi: int = OCR_DPI


@dataclass(slots=True)
class OcrResult:
    texts: list[str] = field(default_factory=list)  # one per page, in order
    lang: str = ""  # ISO code the pages were read in ("" when every model was used)
    models: str = ""
    recognised: int = 0  # pages Tesseract read in this call
    cached: int = 0  # pages whose text came from the cache

    @property
    def engine(self) -> str:
        return f"{engine_version()}:{self.models}"


def _read_one(page: PageImage, models: str) -> tuple[str, bool]:
    """(text, from cache) of one page."""
    key = _key(page.image, models)
    text = _cached(key)
    if text is not None:
        return text, True
    text = recognise(page.image, models, page.dpi)
    _store(key, text)
    return text, False


def detect_models(first: PageImage, lang: str | None, hint_text: str = "") -> tuple[str, str]:
    """(ISO code, models) to read a document in: the language given, else the language of
    the document's readable pages (``hint_text``), else the language of its first page
    read with every model."""
    from extractors.language import detect_language

    codes = tesseract_codes()
    if lang in codes:
        return lang, models_for(lang)
    if hint_text.strip():
        found = detect_language(hint_text)
        if found in codes:
            return found, models_for(found)
    every = models_for(None)
    text, _ = _read_one(first, every)
    found = detect_language(text[:FIRST_PASS_CHARS])
    if found in codes:
        return found, models_for(found)
    return "", every


def ocr_pages(pages: Iterable[PageImage], n_pages: int, lang: str | None = None,
              hint_text: str = "", label: str = "",
              on_page: Callable[[int, int, float, bool], None] | None = None) -> OcrResult:
    """Recognise ``pages`` (made lazily, in the caller's thread) in parallel threads.

    The language comes from :func:`detect_models`. Each page's progress goes to the
    ``restrack.ocr`` log (and to ``on_page(number, total, seconds, cached)``). At most
    two pages per thread are held in memory at once.
    """
    result = OcrResult(texts=[""] * n_pages)
    it = iter(pages)
    first = next(it, None)
    if first is None:
        return result
    result.lang, result.models = detect_models(first, lang, hint_text)
    workers = min(threads(), n_pages)
    started: dict[int, float] = {}

    def job(index: int, page: PageImage) -> tuple[int, str, bool]:
        started[index] = time.perf_counter()
        text, hit = _read_one(page, result.models)
        return index, text, hit

    def finish(fut: Future) -> None:
        index, text, hit = fut.result()
        result.texts[index] = text
        if hit:
            result.cached += 1
        else:
            result.recognised += 1
        seconds = time.perf_counter() - started[index]
        log.info("OCR %s page %d/%d (%s%s, %.1f s)", label, index + 1, n_pages,
                 result.models, ", cached" if hit else "", seconds)
        if on_page:
            on_page(index + 1, n_pages, seconds, hit)

    def all_pages() -> Iterator[PageImage]:
        yield first
        yield from it

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        pending: deque[Future] = deque()
        for index, page in enumerate(all_pages()):
            pending.append(pool.submit(job, index, page))
            while len(pending) >= 2 * workers:
                finish(pending.popleft())
        while pending:
            finish(pending.popleft())
    return result


def grey(image: Image) -> Image:
    """The page as 8-bit grey (Tesseract binarises it itself, with Otsu's threshold)."""
    return image if image.mode == "L" else image.convert("L")
