"""The review page in a real browser: Debian's Chromium (/usr/bin/chromium, installed by
.ci/run) driven by Playwright, over the output of ``restrack run`` on data/raw (what `make
run` writes) plus a document carrying markup. The whole loop: log in, accept, reject, edit a
value, add a missed target by selecting it, re-run, and the dataset has all four; a token
is needed, a form posted from another origin is refused, markup in a document never runs.
"""
from __future__ import annotations

import csv
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("RESTRACK_CHROMIUM", "/usr/bin/chromium"))
# Playwright adds --headless and a fresh --user-data-dir (launch_persistent_context) itself.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
XSS_DOC = ('The City Party Committee set the goal: <script>window.__xss=1</script> exports will '
           'exceed 40 million USD by 2030 "><img src=x onerror="window.__xss=2"> in the new term.\n'
           'The ward now has 2,639 members in 24 branches.\n')
MISSED = "The ward now has 2,639 members in 24 branches."
ENV = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
       "RESTRACK_NER": "off"}


def restrack(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    p = subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, env=ENV,
                       capture_output=True, text=True, timeout=600)
    if check and p.returncode not in (0, 1):  # 1: data/raw holds a broken file on purpose
        raise AssertionError(f"restrack {' '.join(args)}: {p.returncode}\n{p.stderr[-2000:]}")
    return p


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``restrack run`` over data/raw and the markup document, a reviewer, ``review serve``."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium chromium-driver (.ci/run does)"
    tmp = tmp_path_factory.mktemp("browser")
    extra = tmp / "extra"
    extra.mkdir()
    (extra / "markup.txt").write_text(XSS_DOC, encoding="utf-8")
    out = tmp / "out"
    inputs = (str(ROOT / "data" / "raw"), str(extra))
    restrack("run", *inputs, "--out", str(out), "--quiet")
    token = restrack("review", "user", "add", "anna", "--out", str(out)).stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "flows.cli", "review", "serve", str(out), "--port", str(port)],
                              cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/login")
        yield {"out": out, "inputs": inputs, "token": token, "base": f"http://127.0.0.1:{port}"}
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("profile")), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_FLAGS, viewport={"width": 1400, "height": 900})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser):
    pg = browser.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    pg.close()


def log_in(page, served) -> None:
    page.context.clear_cookies()
    page.goto(served["base"] + "/")
    assert "/login" in page.url
    page.fill("#token", served["token"])
    page.click("#login-button")
    page.wait_for_selector("#counts")


def read_targets(out: Path) -> dict[str, dict]:
    with open(out / "targets.csv", newline="", encoding="utf-8") as f:
        return {r["target_id"]: r for r in csv.DictReader(f)}


def markup_doc(served) -> str:
    return next(r["doc_id"] for r in read_targets(served["out"]).values() if "window.__xss" in r["sentence"])


def row_id(page) -> str:
    return re.search(r"/row/([0-9a-f]{16})", page.url).group(1)


def shot(page, name: str) -> None:
    """Screenshots for the README when RESTRACK_SCREENSHOTS names a folder."""
    folder = os.environ.get("RESTRACK_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name))


def test_a_token_is_needed(browser, served):
    pg = browser.new_page()
    try:
        pg.context.clear_cookies()
        pg.goto(served["base"] + "/")
        assert "/login" in pg.url
        pg.fill("#token", "not-a-token")
        pg.click("#login-button")
        assert "not a reviewer" in pg.inner_text("#login-error")
        assert pg.goto(served["base"] + "/api/queue").status == 401
    finally:
        pg.close()


def test_the_whole_loop_in_chromium(page, served):
    log_in(page, served)
    shot(page, "review-queue.png")
    page.click("#queue tbody tr:first-child td.sentence a")
    page.wait_for_load_state()  # the shortcuts' script has run
    shot(page, "review-row.png")
    accepted = row_id(page)
    page.keyboard.press("a")  # accept, and on to the next row
    page.wait_for_url(lambda u: accepted not in u)
    page.wait_for_load_state()
    rejected = row_id(page)
    page.keyboard.press("r")
    page.wait_for_url(lambda u: rejected not in u)
    page.wait_for_load_state()
    edited = row_id(page)
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.id") == "f-value"
    page.fill("#f-value", "123456")
    page.click("#btn-save")
    page.wait_for_selector("#message")
    assert "corrected" in page.inner_text("#status")

    # a missed target: the markup document's second line, selected in the whole document
    page.goto(served["base"] + "/?doc=" + markup_doc(served))
    page.click("#queue td.sentence a")
    page.click("#whole-doc")
    page.wait_for_load_state()
    shot(page, "review-document.png")
    page.evaluate("""(needle) => {
        // select the needle as a reader would: across the highlighted pieces it spans
        const root = document.getElementById('doctext');
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let all = '', node;
        while ((node = walker.nextNode())) { nodes.push([node, all.length]); all += node.data; }
        const i = all.indexOf(needle);
        if (i < 0) { throw new Error('not found: ' + needle); }
        const at = (pos) => { for (let k = nodes.length - 1; k >= 0; k--) { if (nodes[k][1] <= pos) { return [nodes[k][0], pos - nodes[k][1]]; } } };
        const range = document.createRange();
        range.setStart(...at(i));
        range.setEnd(...at(i + needle.length));
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""", MISSED)
    assert page.inner_text("#add-quote") == MISSED
    page.select_option("#f-kind", "target")
    page.fill("#f-value", "2639")
    page.select_option("#f-unit", "count")
    page.click("#btn-add")
    page.wait_for_selector("#row-form")
    added = row_id(page)
    assert page.input_value("#f-value") == "2639"
    assert page.dialogs == [] and page.evaluate("window.__xss") is None

    restrack("run", *served["inputs"], "--out", str(served["out"]), "--quiet")
    rows = read_targets(served["out"])
    assert rows[accepted]["review_status"] == "accepted" and rows[accepted]["reviewed_by"] == "anna"
    assert rows[rejected]["review_status"] == "rejected"
    assert (rows[edited]["value"], rows[edited]["review_status"]) == ("123456.0", "corrected")
    assert (rows[added]["sentence"], rows[added]["value"], rows[added]["unit"]) == (MISSED, "2639.0", "count")


def test_markup_in_a_document_never_runs(page, served):
    log_in(page, served)
    page.goto(served["base"] + "/?doc=" + markup_doc(served))
    page.click("#queue td.sentence a")
    context = page.inner_text("#context")
    assert "<script>window.__xss=1</script>" in context and 'onerror="window.__xss=2"' in context
    assert page.locator("#context img").count() == 0 and page.locator("#context script").count() == 0
    page.click("#whole-doc")
    page.wait_for_selector("#doctext")
    assert page.locator("#doctext img, #doctext script").count() == 0
    assert page.evaluate("window.__xss") is None and page.dialogs == []


def test_a_form_from_another_origin_is_refused(page, served, tmp_path):
    log_in(page, served)
    page.goto(served["base"] + "/?status=left")
    href = page.locator("#queue td.sentence a").first.get_attribute("href")
    tid = re.search(r"/row/([0-9a-f]{16})", href).group(1)
    # another site (another port) with a form that posts a decision to the review page
    (tmp_path / "evil.html").write_text(
        f'<form id="f" method="post" action="{served["base"]}/row/{tid}">'
        '<input name="action" value="reject"></form>'
        '<script>document.getElementById("f").submit()</script>', encoding="utf-8")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        response = page.goto(f"http://127.0.0.1:{evil.server_address[1]}/evil.html")
        page.wait_for_load_state()
        page.wait_for_url(lambda u: "/row/" in u)
        assert "CSRF" in page.content()
    finally:
        evil.shutdown()
    page.goto(served["base"] + f"/row/{tid}")
    assert "unreviewed" in page.inner_text("#status")
    assert response is not None
