"""Markdown reader: documents converted to Markdown, read as documents.

Many documents reach analysts as Markdown conversions of PDFs and web pages. Markdown
marks structure that plain text loses:

* headings (``#`` lines, kept as written, and setext underlines) become heading lines,
  reported to the segmenter as headings;
* pipe tables become table rows (cells joined by `` | ``), their separator rows dropped;
* a paragraph's lines are soft-wrapped: they are joined into one line, as a renderer does;
* images and link targets are dropped (a link keeps its bracketed text), and so is YAML
  front matter (its ``title`` is the document's title).

Inline marks (``**``, ``_``, ``<br>``, footnote marks, list bullets, heading marks) stay as
written: people quote and annotate these files from their source, so the text keeps its
words and signs where the source has them; the segmenter and the finders read past them.
"""
from __future__ import annotations

import re

from extractors.io.txt import decode_text
from extractors.records import RawDocument
from extractors.text import TextBuilder, first_line

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_TITLE = re.compile(r"^title:\s*['\"]?(.*?)['\"]?\s*$", re.MULTILINE)
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+\S")
_QUOTE = re.compile(r"^\s*>\s?")
_LONE_PIPES = re.compile(r"^[\s|]*$")

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_SPACES = re.compile(r"[ \t]+")
# Cells split on pipes that are not escaped.
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def inline(text: str) -> str:
    """One line of Markdown with images and link targets removed; other marks stay."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"[\1]", text)
    text = _AUTOLINK.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def _cells(line: str) -> list[str]:
    parts = _CELL_SPLIT.split(line.strip())
    if parts and not parts[0].strip():
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    return [inline(p) for p in parts]


def _is_table_line(line: str) -> bool:
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 2 and not _LONE_PIPES.match(s)


class _Blocks:
    """Feeds a TextBuilder with Markdown blocks: paragraphs, items, headings, tables."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.paragraph: list[str] = []
        self.table: list[list[str]] = []
        self.heading_texts: list[str] = []

    def flush(self) -> None:
        if self.paragraph:
            line = inline(" ".join(self.paragraph))
            if line:
                self.builder.add_text(line)
            self.paragraph = []
        if self.table:
            self.builder.add_table(self.table)
            self.table = []

    def heading(self, text: str, title: str | None = None) -> None:
        self.flush()
        line = inline(text)
        if line:
            self.builder.add_break()
            self.builder.add_heading(line)
            self.heading_texts.append(inline(title) if title is not None else line)


def read_markdown(data: bytes) -> RawDocument:
    """Read a Markdown file (any encoding the txt reader knows)."""
    source, encoding = decode_text(data)
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    title = ""
    front = _FRONT_MATTER.match(source)
    if front:
        found = _FRONT_TITLE.search(front.group(1))
        title = inline(found.group(1)) if found else ""
        source = source[front.end():]
    blocks = _Blocks()
    lines = source.split("\n")
    fenced = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            blocks.flush()
            fenced = not fenced
            continue
        if fenced:
            blocks.builder.add_text(line)
            continue
        if atx := _ATX.match(line):
            # "## Targets": the marks stay in the text, as sources are quoted; the title not
            blocks.heading(line.strip(), atx.group(2) or "")
            continue
        if _is_table_line(line) or (blocks.table and _TABLE_SEPARATOR.match(line)):
            if not blocks.table:
                blocks.flush()
            if not _TABLE_SEPARATOR.match(line):
                blocks.table.append(_cells(line))
            continue
        if blocks.table:
            blocks.flush()
        if _SETEXT.match(line) and blocks.paragraph and len(blocks.paragraph) == 1 and \
                not _LIST_ITEM.match(blocks.paragraph[0]):
            text = blocks.paragraph.pop()
            blocks.heading(text)
            continue
        if not line.strip() or _LONE_PIPES.match(line) or _THEMATIC_BREAK.match(line):
            blocks.flush()
            continue
        line = _QUOTE.sub("", line)
        if _LIST_ITEM.match(line):
            blocks.flush()
        blocks.paragraph.append(line.strip())
        # A hard line break (two trailing spaces or a backslash) ends the line.
        if lines[i].endswith(("  ", "\\")):
            blocks.paragraph[-1] = blocks.paragraph[-1].rstrip("\\")
            blocks.flush()
    blocks.flush()
    text, tables = blocks.builder.build()
    if not text.strip():
        return RawDocument(text="", format="md", encoding=encoding, status="empty",
                           error="no text: the Markdown file holds only markup")
    headings = blocks.builder.heading_spans(text)
    return RawDocument(text=text, format="md", encoding=encoding, tables=tables,
                       headings=headings,
                       title=title or (blocks.heading_texts[0][:200] if blocks.heading_texts
                                       else first_line(text)))
