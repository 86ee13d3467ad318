"""HTML reader: page furniture dropped, main content kept, tables as rows."""
from __future__ import annotations

import pytest

from extractors.io.auto import read, read_bytes
from extractors.io.html import decode_html, read_html


def test_main_content_lines(html_file) -> None:
    _, raw = read(html_file.path)
    assert raw.status == "ok", raw.error
    assert raw.format == "html"
    assert raw.encoding == "utf-8"
    assert raw.text == "\n".join(html_file.lines)


def test_furniture_is_dropped(html_file) -> None:
    raw = read_html(html_file.path.read_bytes())
    for dropped in html_file.meta["dropped"]:
        assert dropped not in raw.text


def test_title_from_title_element(html_file) -> None:
    raw = read_html(html_file.path.read_bytes())
    assert raw.title == html_file.meta["title"]


def test_table_offsets(html_file) -> None:
    raw = read_html(html_file.path.read_bytes())
    assert [[raw.text[s:e] for s, e in row] for row in raw.tables[0]] == html_file.meta["rows"]


def test_meta_charset_is_honoured(html_cp1258_file) -> None:
    _, raw = read(html_cp1258_file.path)
    assert raw.status == "ok"
    assert raw.encoding == "cp1258"
    assert raw.text == "\n".join(html_cp1258_file.lines)


def test_without_main_the_longest_article_wins() -> None:
    page = ("<html><body><div class='menu'>Trang chủ</div>"
            "<article><p>Tin ngắn</p></article>"
            "<article><h2>Nghị quyết</h2><p>Phấn đấu đạt 95% số xã nông thôn mới.</p></article>"
            "</body></html>").encode()
    raw = read_html(page)
    assert raw.text == "Nghị quyết\nPhấn đấu đạt 95% số xã nông thôn mới."
    assert raw.title == "Nghị quyết"  # no <title>, no <h1>: the first line


def test_article_header_is_kept_page_header_is_not() -> None:
    page = ("<html><body><header>Báo điện tử</header><article><header><h1>Nghị quyết</h1>"
            "</header><p>Nội dung</p><footer>Chia sẻ</footer></article></body></html>").encode()
    raw = read_html(page)
    assert raw.text == "Nghị quyết\nNội dung"


def test_body_fallback_keeps_breaks_and_pre() -> None:
    page = ("<html><body><header>Báo điện tử</header><p>Đoạn một<br/>dòng hai</p>"
            "<pre>  a   b\n  c</pre><h1>Tiêu đề</h1></body></html>").encode()
    raw = read_html(page)
    assert raw.text == "Đoạn một\ndòng hai\n  a   b\n  c\nTiêu đề"
    assert raw.title == "Tiêu đề"


def test_empty_page_is_empty() -> None:
    _, raw = read_bytes(b"<html><head><script>x()</script></head><body><nav>Menu</nav></body>"
                        b"</html>", "empty.html")
    assert raw.status == "empty"
    assert raw.text == ""


@pytest.mark.parametrize(("data", "encoding"), [
    ('<meta charset="windows-1251"><p>Рост</p>'.encode("cp1251"), "cp1251"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>Café</p>'
     .encode("cp1252"), "cp1252"),
    ("<p>Tăng trưởng</p>".encode(), "utf-8"),
    ("\ufeff<p>Tăng trưởng</p>".encode(), "utf-8-sig"),
    ('<meta charset="no-such-charset"><p>Tăng</p>'.encode(), "utf-8"),
])
def test_decode_html(data: bytes, encoding: str) -> None:
    _, found = decode_html(data)
    assert found == encoding


@pytest.mark.parametrize(("tag", "depth"), [("div", 1_000), ("b", 9_000), ("article", 5_000),
                                          ("header", 9_000), ("nav", 5_000)])
def test_deep_nesting_is_read(tag: str, depth: int) -> None:
    """No recursion, no walk up every ancestor of every node: a page nested thousands deep
    reads like a flat one (page furniture nested in itself is dropped)."""
    page = (f"<html><body>{f'<{tag}>' * depth}<p>Growth of 11% by 2030.</p>"
            f"{f'</{tag}>' * depth}</body></html>")
    if tag in ("header", "nav"):  # furniture around the content: dropped whole
        page = page.replace("<body>", "<body><p>Kept before.</p>")
        expected = "Kept before."
    else:
        expected = "Growth of 11% by 2030."
    _, raw = read_bytes(page.encode(), "deep.html")
    assert (raw.status, raw.text) == ("ok", expected)


def test_nesting_beyond_any_page_is_refused() -> None:
    """Lexbor's parser is quadratic in the depth: 100,000 levels are refused at once."""
    page = "<html><body>" + "<div>" * 100_000 + "<p>x</p></body></html>"
    _, raw = read_bytes(page.encode(), "deep.html")
    assert (raw.status, raw.error) == (
        "error", "cannot read HTML page: its elements are nested more than 10,000 deep")


def test_page_of_bad_entities_is_no_text() -> None:
    body = "&#xD800;&#0;&#1234567;&#x110000;" * 500
    _, raw = read_bytes(f"<html><body><p>{body}</p></body></html>".encode(), "x.html")
    assert raw.status == "error"
    assert raw.error.startswith("not text: ") and "could not be decoded" in raw.error
