"""HTML reader (selectolax/Lexbor): main content as lines, tables as " | " rows."""
from __future__ import annotations

import codecs
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from extractors.io.txt import decode_text
from extractors.records import RawDocument
from extractors.text import TextBuilder, first_line, single_line

# Page furniture that never holds the document's content.
DROP_TAGS = ("script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "svg",
             "template", "object", "embed", "canvas", "select", "button", "dialog")
DROP_SELECTORS = ('[role="navigation"]', '[role="banner"]', '[role="contentinfo"]',
                  '[aria-hidden="true"]', "[hidden]")
# A page-level <header> is a banner; an <article>'s own <header> holds its headline.
CONTENT_ANCESTORS = ("article", "main")
MAX_ARTICLES = 50

BLOCK_TAGS = frozenset((
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
))
CELL_TAGS = ("td", "th")
ROW_GROUP_TAGS = ("thead", "tbody", "tfoot")
PREFORMATTED_TAGS = ("pre", "textarea", "listing", "plaintext")

META_WINDOW = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# WHATWG: a page that declares Latin-1 or ASCII is decoded as windows-1252.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                    "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252"}
_SPACES = re.compile(r"\s+")


def decode_html(data: bytes) -> tuple[str, str]:
    """Text and encoding: BOM, else <meta charset>, else the txt reader's detection."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    m = _META_CHARSET.search(data[:META_WINDOW])
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        declared = _CHARSET_ALIASES.get(declared, declared)
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = ""
        # A page that says UTF-16 in ASCII bytes is not UTF-16 (WHATWG): ignore that.
        if name and not name.startswith("utf-16"):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass  # the declaration lies: detect instead
    return decode_text(data)


def _is_element(node: LexborNode) -> bool:
    """Lexbor names text, comment and doctype nodes "-text", "_comment", "-doctype"..."""
    tag = node.tag or ""
    return bool(tag) and tag[0] not in "-_"


def _outside(nodes: list[LexborNode], tags: tuple[str, ...]) -> list[LexborNode]:
    """The nodes with no ancestor among ``tags``. Each ancestor is looked at once, however
    deep the nodes are nested in each other (``known``: whether a node or one of its
    ancestors is one of ``tags``)."""
    known: dict[int, bool] = {}
    out = []
    for node in nodes:
        path, parent, inside = [], node.parent, False
        while parent is not None:
            if parent.mem_id in known:
                inside = known[parent.mem_id]
                break
            if parent.tag in tags:
                inside = True
                break
            path.append(parent.mem_id)
            parent = parent.parent
        known.update(dict.fromkeys(path, inside))
        if not inside:
            out.append(node)
    return out


def _drop_furniture(tree: LexborHTMLParser) -> None:
    for tag in DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for selector in DROP_SELECTORS:
        for node in tree.css(selector):
            node.decompose()
    for node in _outside(tree.css("header"), CONTENT_ANCESTORS):
        node.decompose()


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """<main> if there is one, else the <article> with the most text, else <body>."""
    main = tree.css_first("main") or tree.css_first('[role="main"]')
    if main is not None:
        return main
    # The first few articles are enough (a page nested as 10,000 articles would otherwise
    # measure the text under each of them).
    articles = tree.css("article")[:MAX_ARTICLES]
    if articles:
        return max(articles, key=lambda a: len(a.text(deep=True) or ""))
    return tree.body or tree.root


class _Collector:
    """Walks the tree and feeds lines and tables to a :class:`TextBuilder`."""

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.line: list[str] = []

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.line)).strip()
        if text:
            self.builder.add_text(text)
        self.line = []

    def walk(self, node: LexborNode) -> None:
        """Feed ``node``'s content in document order. Iterative, with an explicit stack: a
        page nested 100,000 deep would overflow Python's recursion limit."""
        # The nodes still to visit, the next on top; None marks the end of a block.
        stack: list[LexborNode | None] = list(reversed(list(node.iter(include_text=True))))
        while stack:
            child = stack.pop()
            if child is None:  # the end of a block: its line ends here
                self.flush()
                continue
            tag = child.tag
            if tag == "-text":
                self.line.append(child.text(deep=False) or "")
            elif not _is_element(child):
                continue
            elif tag == "br":
                self.flush()
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag in PREFORMATTED_TAGS:
                self.flush()
                self.builder.add_text(child.text(deep=True) or "")
            else:
                block = tag in BLOCK_TAGS
                if block:
                    self.flush()
                    stack.append(None)
                stack.extend(reversed(list(child.iter(include_text=True))))

    def table(self, table: LexborNode) -> None:
        rows: list[list[str]] = []
        widths: list[list[int]] = []
        for caption in (c for c in table.iter() if c.tag == "caption"):
            self.builder.add_text(single_line(_inline_text(caption)))
        below: dict[int, int] = {}  # column -> rows a cell above still covers (rowspan)
        for row in _rows(table):
            texts, spans, col = [], [], 0
            for cell in (c for c in row.iter() if c.tag in CELL_TAGS):
                col = _skip_covered(below, col, texts, spans)
                width, height = _span(cell, "colspan"), _span(cell, "rowspan")
                texts.append(_inline_text(cell))
                spans.append(width)
                for k in range(col, col + width):
                    if height > 1:
                        below[k] = height - 1
                col += width
            _skip_covered(below, col, texts, spans, to_end=True)
            rows.append(texts)
            widths.append(spans)
        # A cell spanning columns keeps its text once and its place in every column it spans;
        # a cell spanning rows leaves an empty cell in the rows below, as Word does.
        self.builder.add_table(rows, widths)


MAX_SPAN = 50


def _span(cell: LexborNode, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int((cell.attributes.get(name) or "1").strip())))
    except ValueError:
        return 1


def _skip_covered(below: dict[int, int], col: int, texts: list[str], spans: list[int],
                  to_end: bool = False) -> int:
    """Put an empty cell in each column that a cell of a row above still covers, from
    ``col`` on (only the next ones, or all of them at the row's end); return the next
    free column."""
    while col in below or (to_end and any(k >= col for k in below)):
        if col in below:
            below[col] -= 1
            if not below[col]:
                del below[col]
            texts.append("")
            spans.append(1)
        elif to_end:
            texts.append("")
            spans.append(1)
        col += 1
    return col


def _rows(table: LexborNode) -> list[LexborNode]:
    """The table's own rows (not those of nested tables), in document order."""
    rows: list[LexborNode] = []
    for child in table.iter():
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ROW_GROUP_TAGS:
            rows.extend(c for c in child.iter() if c.tag == "tr")
    return rows


def _inline_text(node: LexborNode) -> str:
    """All text under ``node`` on one line: blocks, breaks and nested tables become spaces
    (iterative, as :meth:`_Collector.walk`)."""
    parts: list[str] = []
    stack: list[LexborNode | str] = list(reversed(list(node.iter(include_text=True))))
    while stack:
        child = stack.pop()
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "-text":
            parts.append(child.text(deep=False) or "")
        elif _is_element(child):
            block = child.tag in BLOCK_TAGS or child.tag == "br"
            if block:
                parts.append(" ")
                stack.append(" ")
            stack.extend(reversed(list(child.iter(include_text=True))))
    return _SPACES.sub(" ", "".join(parts)).strip()


def _title(tree: LexborHTMLParser) -> str:
    for selector in ("title", "h1"):
        node = tree.css_first(selector)
        if node is not None:
            text = single_line(node.text(deep=True) or "")
            if text:
                return text[:200]
    return ""


# Lexbor's parser is quadratic in how deep elements nest (50,000 levels take 25 s; 10,000
# take half a second). Browsers stop nesting at 512; no real page comes near this limit.
MAX_DEPTH = 10_000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")
# Elements that take no end tag, or whose end tag may be left out: they do not nest.
_FLAT_TAGS = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb",
    "rt", "rp", "colgroup", "caption", "tbody", "thead", "tfoot", "head", "body", "html"))


def nesting_depth(html: str, stop: int = MAX_DEPTH) -> int:
    """How deep the page's elements nest, counted from its tags (up to ``stop``)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        if m.group(2).lower() in _FLAT_TAGS or m.group(3):
            continue
        depth = max(0, depth - 1) if m.group(1) else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > stop:
                break
    return deepest


def read_html(data: bytes) -> RawDocument:
    """Read an HTML page: drop page furniture, keep the main content's text and tables."""
    html, encoding = decode_html(data)
    if nesting_depth(html) > MAX_DEPTH:
        return RawDocument(text="", format="html", encoding=encoding, status="error", error=(
            f"cannot read HTML page: its elements are nested more than {MAX_DEPTH:,} deep"))
    tree = LexborHTMLParser(html)
    title = _title(tree)
    _drop_furniture(tree)
    root = _content_root(tree)
    builder = TextBuilder()
    if root is not None:
        collector = _Collector(builder)
        collector.walk(root)
        collector.flush()
    text, tables = builder.build()
    if not text.strip():
        return RawDocument(text="", format="html", encoding=encoding, status="empty",
                           error="no text: the page has no visible content", title=title)
    return RawDocument(text=text, format="html", encoding=encoding, tables=tables,
                       title=title or first_line(text))
