"""Broken inputs per format, made from the project's own samples (the fuzz suite).

Seeds are the sample documents of ``data/raw`` and the texts of ``bench/sample_texts``
rendered as Markdown, HTML, DOCX and PDF by ``bench/render.py`` (and the real ``.doc`` of
``../shared/realdocs`` when it is there). Each input is one seed damaged one or more ways:

* any format: truncated, bits flipped, runs of bytes overwritten, zeroed, duplicated,
  inserted or deleted, garbage before or after, random bytes under the format's name;
* text (txt, md): a line of 200,000 characters, one token of 200,000 "(" or 100,000 emoji,
  4,300 digits, a 1,000,000-character text, legacy and mixed encodings, UTF-16 with lone
  surrogates, NUL and control characters, base64 and hex dumps;
* HTML: nesting 1,000 to 100,000 deep, bad entities, a table of 5,000 rows or 1,000
  columns, a lying ``<meta charset>``, unclosed comments and scripts;
* DOCX (a zip): a member truncated, its compressed bytes flipped, removed, replaced by
  invalid, deeply nested or entity-laden XML, a bad CRC, many paragraphs;
* PDF: bytes flipped inside streams, the xref or trailer damaged, one line of 200,000
  characters, arrays nested 100,000 deep, an encrypted file;
* odd file names: spaces, brackets and markup (``a[/b].txt``), a leading dash, right-to-left
  letters, a newline, 200 characters, bytes that are not UTF-8, no or the wrong extension.

Every input carries what it is and what may come of it: ``garbage`` inputs (random bytes,
undecodable or letterless text) must never be ``ok``. The same seed always gives the same
files, byte for byte, and no two inputs have the same bytes.

    python -m bench.fuzz --per-format 40 --out DIR      # writes DIR/<format>/… + DIR/cases.json
"""
from __future__ import annotations

import argparse
import base64
import codecs
import hashlib
import html
import io
import json
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from . import render

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RAW_DIR = ROOT / "data" / "raw"
TEXTS_DIR = BENCH_DIR / "sample_texts"
SHARED_DOCS = ROOT.parent / "shared" / "realdocs"
CASES = "cases.json"
DEFAULT_SEED = 20251206
FORMATS = ("txt", "md", "html", "docx", "pdf", "doc")

# What may come of an input: anything but a crash or a hang ("any"), or anything but "ok"
# ("garbage": no text in any language, or no bytes that can be read).
ANY, GARBAGE = "any", "garbage"


@dataclass(frozen=True)
class Case:
    """One generated input: its file (relative to the output folder, as bytes, since a name
    may not be UTF-8), its format, how it was made, and what may come of it."""

    path: bytes
    format: str
    mutation: str
    expect: str = ANY

    def record(self) -> dict:
        d = asdict(self)
        d["path"] = os.fsdecode(self.path)  # surrogate escapes survive JSON as \udcxx
        return d


# --------------------------------------------------------------------------------------
# Seeds: the project's own documents
# --------------------------------------------------------------------------------------

def _text(name: str) -> str:
    return (TEXTS_DIR / name).read_text(encoding="utf-8")


def _texts() -> list[str]:
    return sorted(p.name for p in TEXTS_DIR.glob("*.txt") if not p.name.endswith(".tail.txt"))


def _markdown(name: str) -> bytes:
    """A sample text as Markdown: its "# " title and "## " headings stay, a table of the
    sample (if any) follows as a pipe table."""
    text = _text(name).replace("\f\n", "")
    table = TEXTS_DIR / name.replace(".txt", ".table.tsv")
    if table.exists():
        rows = [line.split("\t") for line in table.read_text(encoding="utf-8").splitlines()]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        text += "\n\n" + "\n".join(lines) + "\n"
    return text.encode("utf-8")


def _html(name: str) -> bytes:
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in _text(name).splitlines()
                           if line.strip())
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{name}</title></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article>{paragraphs}</article>"
            f"<footer>(c) example</footer></body></html>").encode("utf-8")


@cache
def seeds(fmt: str) -> tuple[bytes, ...]:
    """The undamaged documents of one format."""
    raw = sorted(RAW_DIR.glob(f"*.{fmt}"))
    if fmt == "txt":
        return tuple(p.read_bytes() for p in raw) + tuple(
            _text(n).encode("utf-8") for n in _texts())
    if fmt == "md":
        return tuple(_markdown(n) for n in _texts())
    if fmt == "html":
        return tuple(p.read_bytes() for p in raw) + tuple(_html(n) for n in _texts()[:4])
    if fmt == "docx":
        made = tuple(render.render_docx(render.parse_blocks(_text(n)), title=n, language="en")
                     for n in _texts()[:3])
        return tuple(p.read_bytes() for p in raw) + made
    if fmt == "pdf":
        made = tuple(render.render_pdf(render.parse_blocks(_text(n)), title=n)
                     for n in ("en_resolution_summary.txt", "vi_nghi_quyet_phuong.txt"))
        return tuple(p.read_bytes() for p in raw if p.stat().st_size > 1000) + made
    if fmt == "doc":
        return tuple(p.read_bytes() for p in sorted(SHARED_DOCS.glob("*.doc")))
    raise ValueError(fmt)


def formats() -> tuple[str, ...]:
    """The formats that have seeds here (.doc needs ../shared/realdocs)."""
    return tuple(f for f in FORMATS if seeds(f))


# --------------------------------------------------------------------------------------
# Damage that fits any bytes
# --------------------------------------------------------------------------------------

Mutation = Callable[[random.Random, bytes], bytes]


def truncate(rnd: random.Random, data: bytes) -> bytes:
    return data[: rnd.choice((rnd.randrange(1, 64), rnd.randrange(len(data))))]


def flip_bits(rnd: random.Random, data: bytes, n: int | None = None) -> bytes:
    out = bytearray(data)
    for _ in range(n or rnd.choice((1, 2, 5, 20, 100))):
        i = rnd.randrange(len(out))
        out[i] ^= 1 << rnd.randrange(8)
    return bytes(out)


def _span(rnd: random.Random, data: bytes, most: int = 256) -> tuple[int, int]:
    start = rnd.randrange(len(data))
    return start, min(len(data), start + rnd.randrange(1, most))


def overwrite(rnd: random.Random, data: bytes) -> bytes:
    s, e = _span(rnd, data)
    return data[:s] + rnd.randbytes(e - s) + data[e:]


def zero_run(rnd: random.Random, data: bytes) -> bytes:
    s, e = _span(rnd, data, 4096)
    return data[:s] + bytes(e - s) + data[e:]


def duplicate_run(rnd: random.Random, data: bytes) -> bytes:
    s, e = _span(rnd, data, 4096)
    at = rnd.randrange(len(data))
    return data[:at] + data[s:e] + data[at:]


def delete_run(rnd: random.Random, data: bytes) -> bytes:
    s, e = _span(rnd, data, 4096)
    return data[:s] + data[e:]


def insert_random(rnd: random.Random, data: bytes) -> bytes:
    at = rnd.randrange(len(data))
    return data[:at] + rnd.randbytes(rnd.randrange(1, 512)) + data[at:]


def garbage_around(rnd: random.Random, data: bytes) -> bytes:
    junk = rnd.randbytes(rnd.randrange(1, 2048))
    return junk + data if rnd.random() < 0.5 else data + junk


GENERIC: dict[str, Mutation] = {
    "truncate": truncate, "flip_bits": flip_bits, "overwrite": overwrite, "zero_run": zero_run,
    "duplicate_run": duplicate_run, "delete_run": delete_run, "insert_random": insert_random,
    "garbage_around": garbage_around,
}


# --------------------------------------------------------------------------------------
# Text: huge lines and tokens, encodings
# --------------------------------------------------------------------------------------

def _sample_text(rnd: random.Random) -> str:
    return _text(rnd.choice(_texts()))


def _utf16_lone_surrogates(rnd: random.Random, text: str) -> bytes:
    units = []
    for ch in text:
        units.append(0xD800 + rnd.randrange(0x800) if rnd.random() < 0.9 else ord(ch) & 0xFFFF)
    return codecs.BOM_UTF16_LE + struct.pack(f"<{len(units)}H", *units)


def _mixed_encodings(rnd: random.Random, _: str) -> bytes:
    lines = []
    for enc, name in (("utf-8", "vi_nghi_quyet_phuong.txt"), ("cp1251", "ru_konferencija_gorkoma.txt"),
                      ("cp1250", "pl_program_dzialania.txt")):
        lines += [(line.encode(enc, errors="replace"), rnd.random()) for line in _text(name).splitlines()]
    lines.sort(key=lambda x: x[1])
    return b"\n".join(line for line, _ in lines)


# name -> (make bytes from a random sample text, expect)
TEXT_CASES: dict[str, tuple[Callable[[random.Random, str], bytes], str]] = {
    "long_line": (lambda r, t: (" ".join(t.split()) * 200)[:200_000].encode(), ANY),
    "parens_token": (lambda r, t: t[:300].encode() + b" " + b"(" * 200_000 + b"\n", ANY),
    "emoji_token": (lambda r, t: ("😀" * 100_000).encode(), GARBAGE),
    "parens_only": (lambda r, t: b"(" * r.randrange(50_000, 200_000), GARBAGE),
    "percent_values": (lambda r, t: b"Growth " + b"11-12% " * 40_000 + b"by 2030.", ANY),
    "spaced_thousands": (lambda r, t: b"1 000 000 " * 30_000, GARBAGE),
    "many_digits": (lambda r, t: t[:500].encode() + b" " + b"7" * r.randrange(4_300, 20_000)
                    + b"% " + t[500:1000].encode(), ANY),
    "million_chars": (lambda r, t: ((t + "\n\n") * (1_000_000 // len(t) + 1))[:1_000_000].encode(), ANY),
    "cp1251": (lambda r, t: t.encode("cp1251", errors="replace"), ANY),
    "cp1250": (lambda r, t: t.encode("cp1250", errors="replace"), ANY),
    "utf16": (lambda r, t: t.encode(r.choice(("utf-16", "utf-16-le", "utf-16-be"))), ANY),
    "utf16_lone_surrogates": (_utf16_lone_surrogates, GARBAGE),
    "mixed_encodings": (_mixed_encodings, ANY),
    "wrong_bom": (lambda r, t: codecs.BOM_UTF16_LE + t.encode("utf-8"), ANY),
    "nul_sprinkled": (lambda r, t: bytes(b for c in t.encode() for b in ((c, 0) if r.random() < 0.3 else (c,))), ANY),
    "controls": (lambda r, t: "".join(c + (chr(r.randrange(1, 32)) if r.random() < 0.1 else "") for c in t).encode(), ANY),
    "random_bytes": (lambda r, t: r.randbytes(r.randrange(1_000, 200_000)), GARBAGE),
    "random_high_bytes": (lambda r, t: bytes(r.randrange(32, 256) for _ in range(r.randrange(1_000, 50_000))), GARBAGE),
    "base64": (lambda r, t: base64.b64encode(r.randbytes(r.randrange(2_000, 60_000))), GARBAGE),
    "hex_dump": (lambda r, t: "\n".join(" ".join(f"{r.randrange(256):02x}" for _ in range(16))
                                        for _ in range(r.randrange(50, 2000))).encode(), GARBAGE),
    "whitespace_only": (lambda r, t: b" \n\t" * r.randrange(1, 1000), ANY),
    "bidi_controls": (lambda r, t: ("\u202e" + t + "\u202c").encode(), ANY),
}


def text_case(rnd: random.Random, name: str) -> tuple[bytes, str]:
    make, expect = TEXT_CASES[name]
    return make(rnd, _sample_text(rnd)), expect


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

def _page(body: str) -> bytes:
    return f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>".encode()


def _nested(rnd: random.Random, t: str) -> bytes:
    depth = rnd.choice((1_000, 5_000, 9_000, 20_000, 100_000))
    tag = rnd.choice(("div", "b", "span", "table", "ul", "blockquote", "font", "header", "nav",
                      "article", "section", "main"))
    return _page(f"<{tag}>" * depth + html.escape(t[:2000]) + f"</{tag}>" * (depth // 2))


def _bad_entities(rnd: random.Random, _: str) -> bytes:
    ents = ("&#xD800;", "&#0;", "&#1234567;", "&bogus;", "&#x110000;", "&#65533;", "&amp",
            "&#xFFFE;", "&#128512;")
    return _page("<p>" + "".join(rnd.choice(ents) for _ in range(rnd.randrange(1_000, 20_000)))
                 + "</p>")


def _big_table(rnd: random.Random, t: str) -> bytes:
    words = t.split() or ["x"]
    if rnd.random() < 0.5:
        rows = "".join(f"<tr><td>{i}</td><td>{rnd.choice(words)} {rnd.randrange(100)}%</td></tr>"
                       for i in range(5_000))
    else:
        rows = "<tr>" + "".join(f"<td>{rnd.choice(words)}</td>" for _ in range(1_000)) + "</tr>"
    return _page(f"<table>{rows}</table>")


def _nested_tables(rnd: random.Random, t: str) -> bytes:
    depth = rnd.choice((100, 500, 2_000))
    return _page("<table><tr><td>" * depth + html.escape(t[:500]) + "</td></tr></table>" * depth)


HTML_CASES: dict[str, tuple[Callable[[random.Random, str], bytes], str]] = {
    "deep_nesting": (_nested, ANY),
    "bad_entities": (_bad_entities, GARBAGE),
    "big_table": (_big_table, ANY),
    "nested_tables": (_nested_tables, ANY),
    "meta_charset_lies": (lambda r, t: b'<html><head><meta charset="utf-16"><meta charset="koi8-r">'
                          + t.encode("cp1251", errors="replace") + b"</head></html>", ANY),
    "unclosed_comment": (lambda r, t: _page("<p>" + html.escape(t[:800]) + "<!-- " + t), ANY),
    "script_only": (lambda r, t: _page("<script>" + "var a=1;" * 10_000 + "</script>"), ANY),
    "huge_text_node": (lambda r, t: _page("<p>" + html.escape((" ".join(t.split()) * 300)[:300_000])
                                          + "</p>"), ANY),
    "huge_attribute": (lambda r, t: _page('<p title="' + "a" * 500_000 + '">' + html.escape(t[:500])
                                          + "</p>"), ANY),
}


# --------------------------------------------------------------------------------------
# DOCX: damage inside the zip
# --------------------------------------------------------------------------------------

def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _zip(members: Sequence[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, blob in members:
            name = info.filename if isinstance(info, zipfile.ZipInfo) else info
            zf.writestr(zipfile.ZipInfo(name, date_time=render.ZIP_DATE), blob,
                        compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _pick(rnd: random.Random, members, main_share: float = 0.6) -> int:
    names = [i.filename for i, _ in members]
    if "word/document.xml" in names and rnd.random() < main_share:
        return names.index("word/document.xml")
    return rnd.randrange(len(members))


def _replace_member(rnd: random.Random, data: bytes, make: Callable[[bytes], bytes]) -> bytes:
    members = _members(data)
    k = _pick(rnd, members)
    members[k] = (members[k][0], make(members[k][1]))
    return _zip(members)


_W = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def _deep_xml(rnd: random.Random) -> bytes:
    depth = rnd.choice((1_000, 10_000, 100_000))
    return _W + b"<w:p><w:r>" * depth + b"<w:t>x</w:t>" + b"</w:r></w:p>" * depth + b"</w:body></w:document>"


def _entities_xml(_: random.Random) -> bytes:
    lol = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lololololololololol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
        for i in range(1, 10))
    return lol + b"]>" + _W + b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"


def _many_paragraphs(rnd: random.Random, text: str) -> bytes:
    words = text.split() or ["x"]
    paras = b"".join(b"<w:p><w:r><w:t>" + html.escape(" ".join(rnd.choices(words, k=12))).encode()
                     + b"</w:t></w:r></w:p>" for _ in range(20_000))
    return _W + paras + b"</w:body></w:document>"


def _flip_compressed(rnd: random.Random, data: bytes) -> bytes:
    """Flip bits inside one member's compressed bytes (the zip directory stays sound)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = [i for i in zf.infolist() if i.compress_size > 8]
    info = rnd.choice(infos)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(data)
    for _ in range(rnd.choice((1, 4, 16))):
        i = start + rnd.randrange(info.compress_size)
        out[i] ^= 1 << rnd.randrange(8)
    return bytes(out)


def _bad_crc(rnd: random.Random, data: bytes) -> bytes:
    """Same compressed bytes, another member's content claimed (the CRC no longer fits)."""
    members = _members(data)
    k = _pick(rnd, members)
    info, blob = members[k]
    out = _zip(members)
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        crc_at = zf.getinfo(info.filename).header_offset + 14
    return out[:crc_at] + struct.pack("<I", zlib.crc32(blob) ^ 0xFFFF) + out[crc_at + 4:]


DOCX_CASES: dict[str, Callable[[random.Random, bytes, str], bytes]] = {
    "member_truncated": lambda r, d, t: _replace_member(r, d, lambda b: b[: r.randrange(len(b) + 1)]),
    "member_bits_flipped": lambda r, d, t: _replace_member(r, d, lambda b: flip_bits(r, b) if b else b),
    "member_invalid_xml": lambda r, d, t: _replace_member(r, d, lambda b: b.replace(b">", b"", r.randrange(1, 50))),
    "member_removed": lambda r, d, t: _zip([m for k, m in enumerate(_members(d)) if k != _pick(r, _members(d))]),
    "member_deep_xml": lambda r, d, t: _replace_member(r, d, lambda b: _deep_xml(r)),
    "member_entities": lambda r, d, t: _replace_member(r, d, lambda b: _entities_xml(r)),
    "member_not_xml": lambda r, d, t: _replace_member(r, d, lambda b: r.randbytes(len(b) or 100)),
    "member_many_paragraphs": lambda r, d, t: _replace_member(r, d, lambda b: _many_paragraphs(r, t)),
    "compressed_bits_flipped": lambda r, d, t: _flip_compressed(r, d),
    "bad_crc": lambda r, d, t: _bad_crc(r, d),
    "zip_of_docx": lambda r, d, t: _zip([("inner.docx", d)]),
}


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------

def _pdf_line(rnd: random.Random, text: str) -> bytes:
    """One line of 200,000 characters drawn on one page (it runs off the page)."""
    from reportlab.pdfgen import canvas

    line = (" ".join(text.split()) * 200)[:200_000]
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    pdf.drawString(10, 400, line.encode("latin-1", errors="replace").decode("latin-1"))
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _pdf_encrypted(rnd: random.Random, text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1, encrypt=f"secret{rnd.randrange(1000)}")
    pdf.drawString(10, 400, "Growth 11-12% by 2030")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _pdf_stream_damage(rnd: random.Random, data: bytes) -> bytes:
    starts = [i for i in range(len(data)) if data.startswith(b"stream", i)] or [0]
    at = rnd.choice(starts) + 8
    out = bytearray(data)
    for _ in range(rnd.choice((1, 8, 64))):
        i = min(len(out) - 1, at + rnd.randrange(2048))
        out[i] ^= 1 << rnd.randrange(8)
    return bytes(out)


def _pdf_xref_damage(rnd: random.Random, data: bytes) -> bytes:
    at = data.rfind(b"xref")
    if at < 0:
        return truncate(rnd, data)
    tail = bytearray(data[at:])
    for _ in range(rnd.choice((1, 10, 50))):
        i = rnd.randrange(len(tail))
        tail[i] = rnd.choice(b"0123456789 \nfn-")
    return data[:at] + bytes(tail)


def _pdf_nested_arrays(rnd: random.Random, data: bytes) -> bytes:
    depth = rnd.choice((1_000, 100_000))
    at = data.find(b"obj") + 3
    return data[:at] + b"[" * depth + b"]" * depth + data[at:]


PDF_CASES: dict[str, Callable[[random.Random, bytes, str], bytes]] = {
    "stream_damage": lambda r, d, t: _pdf_stream_damage(r, d),
    "xref_damage": lambda r, d, t: _pdf_xref_damage(r, d),
    "no_eof": lambda r, d, t: d.replace(b"%%EOF", b""),
    "nested_arrays": lambda r, d, t: _pdf_nested_arrays(r, d),
    "one_long_line": lambda r, d, t: _pdf_line(r, t),
    "encrypted": lambda r, d, t: _pdf_encrypted(r, t),
}


# --------------------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------------------

ODD_NAMES: tuple[bytes, ...] = (
    b"a[/b]", b"[bold]x[/bold]", b"-starts-with-dash", b"with space  and\ttab", b"new\nline",
    "\u0645\u0644\u0641-\u0639\u0631\u0628\u064a".encode(), "Nghị quyết số 1".encode(),
    b"x" * 200, b"latin1_\xe9\xe8", b"\xff\xfe-not-utf8", b"percent%s%d", b"dots...",
)


def _name(rnd: random.Random, fmt: str, index: int, odd: bool) -> bytes:
    ext = {"md": ".md", "txt": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf",
           "doc": ".doc"}[fmt]
    roll = rnd.random()
    stem = f"{index:05d}".encode()
    if roll < 0.05 and odd:
        return stem + b"_" + rnd.choice(ODD_NAMES) + ext.encode()
    if roll < 0.07:
        return stem  # no extension: the content decides
    if roll < 0.09:
        return stem + rnd.choice([e for e in (b".txt", b".pdf", b".docx", b".html") if e != ext.encode()])
    return stem + ext.encode()


# --------------------------------------------------------------------------------------
# One format's cases
# --------------------------------------------------------------------------------------

SPECIFIC = {"txt": TEXT_CASES, "md": TEXT_CASES, "html": HTML_CASES}
STRUCTURED = {"docx": DOCX_CASES, "pdf": PDF_CASES}
# Share of a format's cases made by its own kinds of damage (the rest is generic damage).
SPECIFIC_SHARE = 0.35


def _one(rnd: random.Random, fmt: str) -> tuple[bytes, str, str]:
    seed = rnd.choice(seeds(fmt))
    if rnd.random() < SPECIFIC_SHARE:
        if fmt in SPECIFIC:
            name = rnd.choice(sorted(SPECIFIC[fmt]))
            make, expect = SPECIFIC[fmt][name]
            text = seed.decode("utf-8", errors="replace") if fmt == "md" else _sample_text(rnd)
            return make(rnd, text), name, expect
        if fmt in STRUCTURED:
            name = rnd.choice(sorted(STRUCTURED[fmt]))
            return STRUCTURED[fmt][name](rnd, seed, _sample_text(rnd)), name, ANY
    names = rnd.sample(sorted(GENERIC), k=rnd.choice((1, 1, 1, 2, 3)))
    data = seed
    for name in names:
        data = GENERIC[name](rnd, data) if data else data
    return data, "+".join(names), ANY


def generate(out: Path, per_format: int, seed: int = DEFAULT_SEED,
             only: Sequence[str] | None = None, odd_names: bool = True) -> list[Case]:
    """Write ``per_format`` broken inputs of each format into ``out/<format>/`` and the list
    of cases into ``out/cases.json``; returns the cases. ``odd_names=False`` gives every
    file a plain name."""
    out.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    seen: set[bytes] = set()
    for fmt in only or formats():
        rnd = random.Random(f"{seed}:{fmt}")
        folder = out / fmt
        folder.mkdir(exist_ok=True)
        made = 0
        while made < per_format:
            data, mutation, expect = _one(rnd, fmt)
            digest = hashlib.sha256(data).digest()
            if digest in seen:
                continue  # every input distinct: one documents row each
            seen.add(digest)
            rel = fmt.encode() + b"/" + _name(rnd, fmt, made, odd_names)
            path = out / os.fsdecode(rel)
            path.parent.mkdir(parents=True, exist_ok=True)  # "a[/b].txt" is b].txt in a[
            path.write_bytes(data)
            cases.append(Case(rel, fmt, mutation, expect))
            made += 1
    (out / CASES).write_text(json.dumps([c.record() for c in cases], indent=0), encoding="utf-8")
    return cases


def load_cases(out: Path) -> list[Case]:
    return [Case(os.fsencode(d["path"]), d["format"], d["mutation"], d["expect"])
            for d in json.loads((out / CASES).read_text(encoding="utf-8"))]


def special_files(folder: Path) -> list[tuple[str, str]]:
    """A named pipe and links to devices in ``folder``: (name, what it is). Only regular files
    may be read: a pipe blocks ``open`` forever, ``/dev/zero`` never ends."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    fifo = folder / "pipe.txt"
    if not fifo.exists():
        os.mkfifo(fifo)
    made.append((fifo.name, "named pipe"))
    for name, target in (("devzero.txt", "/dev/zero"), ("devurandom.pdf", "/dev/urandom"),
                         ("devnull.txt", "/dev/null"), ("dangling.txt", "/nonexistent/x")):
        link = folder / name
        if not link.is_symlink():
            link.symlink_to(target)
        made.append((name, f"link to {target}"))
    return made


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-format", type=int, default=40)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--format", action="append", choices=FORMATS)
    args = parser.parse_args(argv)
    cases = generate(args.out, args.per_format, args.seed, args.format)
    print(f"{len(cases)} inputs in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
