"""The review page in-process (FastAPI's test client): tokens, CSRF, escaping, no path from a
request to the disk, and decisions logged with the import's validation and log."""
import json
import re

import pytest

from extractors.io.corrections_log import LOG_FILE
from extractors.io.reviewers import REVIEWERS_FILE
from extractors.review import check_value, import_review
from flows.cli import main
from tests.review.conftest import Sheet, run_library, targets

from .conftest import MISSED, XSS_TEXT

EXPORTS = "Exports will exceed 33 million USD by 2030."
FOREST = "Forest cover will reach 45% by 2030."


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def row_id(run_dir, sentence):
    return next(t for t, r in targets(run_dir).items() if r["sentence"] == sentence)


def log(run_dir):
    p = run_dir / LOG_FILE
    return [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines()] if p.exists() else []


def login(client, token):
    page = client.get("/login")
    nonce = re.search(r'name="nonce" value="([^"]+)"', page.text).group(1)
    r = client.post("/login", data={"nonce": nonce, "token": token, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    return r


def csrf_of(html):
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', html).group(1)


def test_every_request_needs_a_token(client, token, run_dir):
    tid = row_id(run_dir, EXPORTS)
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert client.get("/api/queue").status_code == 401
    assert client.get(f"/row/{tid}", headers=bearer("not-a-token")).status_code == 401
    assert client.post(f"/row/{tid}", data={"action": "accept"}).status_code == 401
    assert client.get("/static/app.js").status_code == 200  # the login page needs it
    assert client.get("/", headers=bearer(token)).status_code == 200
    assert log(run_dir) == []
    # only a hash of the token is stored
    stored = (run_dir / REVIEWERS_FILE).read_text(encoding="utf-8")
    assert token not in stored and "token_sha256" in stored


def test_login_sets_a_cookie_and_the_login_form_has_its_own_check(client, token):
    page = client.get("/login")
    assert page.status_code == 200 and 'type="password"' in page.text
    r = client.post("/login", data={"nonce": "forged", "token": token}, follow_redirects=False)
    assert r.status_code == 403
    nonce = re.search(r'name="nonce" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"nonce": nonce, "token": "wrong"}, follow_redirects=False)
    assert r.status_code == 401 and "not a reviewer" in r.text
    r = login(client, token)
    cookie = r.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert client.get("/").status_code == 200
    # an open redirect is no redirect
    nonce = re.search(r'name="nonce" value="([^"]+)"', client.get("/login").text).group(1)
    r = client.post("/login", data={"nonce": nonce, "token": token, "next": "//evil.example/"},
                    follow_redirects=False)
    assert r.headers["location"] == "/"


def test_forms_of_a_cookie_session_need_their_csrf_token(client, token, run_dir):
    login(client, token)
    tid = row_id(run_dir, EXPORTS)
    page = client.get(f"/row/{tid}")
    csrf = csrf_of(page.text)
    assert client.post(f"/row/{tid}", data={"action": "accept"}).status_code == 403
    assert client.post(f"/row/{tid}", data={"action": "accept", "csrf": "0" * 64}).status_code == 403
    assert client.post(f"/row/{tid}", data={"action": "accept", "csrf": csrf},
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.post(f"/row/{tid}", data={"action": "accept", "csrf": csrf},
                       headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/logout", data={"csrf": ""}).status_code == 403
    assert log(run_dir) == []
    r = client.post(f"/row/{tid}", data={"action": "accept", "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303
    (e,) = log(run_dir)
    assert (e["target_id"], e["field"], e["new"], e["reviewer"], e["file"]) == (
        tid, "review_status", "accepted", "anna", "review page")


def test_nothing_from_a_document_is_markup(client, token, run_dir):
    rows = [r for r in targets(run_dir).values() if "<script>" in r["sentence"]]
    assert rows, "the document with markup gave a row"
    tid, doc = rows[0]["target_id"], rows[0]["doc_id"]
    for url in (f"/row/{tid}", f"/doc/{doc}", "/", f"/?doc={doc}"):
        page = client.get(url, headers=bearer(token))
        assert page.status_code == 200
        assert "<script>window" not in page.text and "<img" not in page.text
        assert 'onerror="' not in page.text
        assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page.text or url.startswith("/?") or url == "/"
        assert "script-src 'self'" in page.headers["content-security-policy"]
    # a reviewer's input is escaped too
    r = client.post(f"/row/{tid}", headers=bearer(token),
                    data={"action": "save", "review_note": '<b onmouseover="x()">'})
    assert r.status_code == 200
    assert '<b onmouseover' not in client.get(f"/row/{tid}", headers=bearer(token)).text
    assert XSS_TEXT.strip()[:20] in (run_dir / "texts" / f"{doc}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["/doc/..%2F..%2Fetc%2Fpasswd", "/doc/../../etc/passwd",
                                 "/doc/0000000000000000", "/row/..%2Fdocuments.csv",
                                 "/static/..%2Fapp.py", "/static/app.py", "/doc/%2Fetc%2Fpasswd"])
def test_no_path_from_a_request_reaches_the_disk(client, token, url):
    r = client.get(url, headers=bearer(token))
    assert r.status_code == 404
    assert "root:" not in r.text and "import" not in r.text


def test_decisions_use_the_imports_validation_and_log(client, token, run_dir):
    h = bearer(token)
    ex, forest = row_id(run_dir, EXPORTS), row_id(run_dir, FOREST)
    r = client.post(f"/row/{ex}", headers=h, data={"action": "save", "value": "35,000,000"})
    assert r.status_code == 422 and "not a number" in r.json()["errors"]["value"]
    r = client.post(f"/row/{ex}", headers=h, data={"action": "save", "unit": "furlong"})
    assert r.json()["errors"] == {"unit": check_value("unit", "furlong")}
    r = client.post(f"/row/{ex}", headers=h, data={"action": "save", "value_max": "1"})
    assert "below value" in r.json()["errors"]["value_max"]
    r = client.post(f"/row/{ex}", headers=h, data={"action": "save", "sentence": "Other.", "start": "0"})
    assert r.json()["logged"] == 0 and r.json()["row"]["sentence"] == EXPORTS  # not fields of the form
    assert log(run_dir) == []
    r = client.post(f"/row/{ex}", headers=h, data={"action": "save", "value": "35000000", "unit": "USD"})
    assert r.status_code == 200 and r.json()["logged"] == 1  # the unit did not change
    assert r.json()["row"]["review_status"] == "corrected" and r.json()["row"]["value"] == 35000000
    r = client.post(f"/row/{forest}", headers=h, data={"action": "reject", "review_note": "not a target"})
    assert r.json()["row"]["review_status"] == "rejected"
    r = client.post(f"/row/{forest}", headers=h, data={"action": "reject"})
    assert r.json()["logged"] == 0  # already rejected: nothing new
    entries = log(run_dir)
    assert [(e["field"], e["new"]) for e in entries] == [
        ("value", 35000000.0), ("review_status", "rejected"), ("review_note", "not a target")]
    assert {e["reviewer"] for e in entries} == {"anna"} and all(e["time"].endswith("Z") for e in entries)
    # the next run applies them
    run_library([run_dir.parent / "in"], run_dir)
    after = targets(run_dir)
    assert (after[ex]["value"], after[ex]["review_status"], after[ex]["reviewed_by"]) == (
        "35000000.0", "corrected", "anna")
    assert after[forest]["review_status"] == "rejected"


def test_workbook_and_page_in_any_order(client, token, run_dir, tmp_path):
    h = bearer(token)
    ex, forest = row_id(run_dir, EXPORTS), row_id(run_dir, FOREST)
    # the workbook of the run, edited while the page is in use
    sheet = Sheet(run_dir / "review.xlsx")
    sheet.set(sheet.row_of(sentence=FOREST), "review_status", "accepted")
    # the page first
    client.post(f"/row/{ex}", headers=h, data={"action": "save", "value": "36000000"})
    import_review(sheet.save(tmp_path / "edited.xlsx"), run_dir, "ben")
    # the page sees the import at once; the import kept the page's value
    assert client.get(f"/api/rows/{forest}", headers=h).json()["review_status"] == "accepted"
    assert client.get(f"/api/rows/{ex}", headers=h).json()["value"] == 36000000
    # and a page decision after the import is kept by the next import of the same workbook
    client.post(f"/row/{forest}", headers=h, data={"action": "save", "review_note": "checked"})
    import_review(sheet.save(tmp_path / "edited2.xlsx"), run_dir, "ben")
    run_library([run_dir.parent / "in"], run_dir)
    after = targets(run_dir)
    assert after[ex]["value"] == "36000000.0"
    assert (after[forest]["review_status"], after[forest]["review_note"]) == ("accepted", "checked")
    counts = client.get("/api/queue?status=done", headers=h).json()["counts"]
    assert counts["done"] == 2


def test_adding_a_missed_target_by_its_offsets(client, token, run_dir):
    h = bearer(token)
    doc = next(r["doc_id"] for r in targets(run_dir).values() if r["sentence"] == EXPORTS)
    text = (run_dir / "texts" / f"{doc}.txt").read_text(encoding="utf-8")
    start = text.index(MISSED)
    r = client.post(f"/doc/{doc}/add", headers=h, data={
        "start": start - 1, "end": start + len(MISSED), "selected": MISSED, "kind": "target",
        "value": "1200", "unit": "count", "indicator_code": "party_building"})
    assert r.status_code == 200, r.text
    tid = r.json()["target_id"]
    row = client.get(f"/api/rows/{tid}", headers=h).json()
    assert (row["sentence"], row["value"], row["review_status"]) == (MISSED, 1200, "corrected")
    assert text[row["value_start"]:row["value_end"]] == "1,200"
    adds = [e for e in log(run_dir) if e["op"] == "add"]
    assert {e["field"] for e in adds} >= {"kind", "sentence", "start", "end", "value", "unit"}
    assert all(e["text_key"] for e in adds)
    # a selection that is not the document's text is refused
    r = client.post(f"/doc/{doc}/add", headers=h, data={"start": 0, "end": 5, "selected": "Other", "kind": "target"})
    assert r.status_code == 422
    run_library([run_dir.parent / "in"], run_dir)
    assert targets(run_dir)[tid]["sentence"] == MISSED


def test_user_add_prints_the_token_once_as_its_last_line(run_dir, capsys):
    assert main(["review", "user", "add", "ben", "--out", str(run_dir)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    token = out[-1]
    assert len(token) >= 40
    stored = json.loads((run_dir / REVIEWERS_FILE).read_text(encoding="utf-8"))
    assert "ben" in stored and token not in json.dumps(stored)
    assert main(["review", "user", "add", "ben", "--out", str(run_dir)]) == 0  # a new token
    assert capsys.readouterr().out.strip().splitlines()[-1] != token
    assert main(["review", "user", "add", " ", "--out", str(run_dir)]) == 2
    assert main(["review", "user", "add", "x", "--out", str(run_dir.parent)]) == 2
