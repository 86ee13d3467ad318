"""The review page's FastAPI application over one run folder (``create_app``).

Pages: ``/login``; ``/`` the queue (filters, least confident first, counts of done and
left); ``/row/<target_id>`` the row in its document with its fields in a form, decisions
posted back to it; ``/doc/<doc_id>`` the whole document with every row marked, where
selecting words adds a missed target. ``/api/rows/<target_id>`` and ``/api/queue`` answer
JSON for scripts. Every request but the login page and the static files needs a reviewer's
token (cookie or ``Authorization: Bearer``); every form of a cookie session carries its CSRF
token. Decisions go through ``review.decide`` and ``review.add_target``: the validation,
lock and log of ``restrack review import``. A request names rows and documents by id only;
ids are looked up among the run's, never joined into a path.
"""
from __future__ import annotations

import dataclasses
import secrets
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from .. import schema
from ..io.reviewers import read_reviewers, reviewers_stamp
from ..records import KINDS
from ..review import InvalidDecision, add_target, decide
from . import auth
from .render import mention_marks, pieces, row_marks, window
from .state import DOC_ID, TARGET_ID, Filters, Workbench

PAGE_SIZE = 50
MAX_FORM_BYTES = 64 * 1024
# The form's fields, in the order a reviewer checks them (review_status comes by buttons).
FORM_FIELDS = ("kind", "value", "value_max", "unit", "comparator", "frequency", "period_start",
               "period_end", "deadline", "deadline_text", "responsible", "issuer", "indicator",
               "indicator_code", "review_note")
STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                "connect-src 'self'; form-action 'self'; base-uri 'none'; "
                                "frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # "same-origin", not "no-referrer": with that, Chromium sends "Origin: null" on our own forms
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class Reviewers:
    """The run folder's reviewers, read again when ``reviewers.json`` changes (a reviewer
    added while the page runs can log in at once)."""

    def __init__(self, out_dir: Path):
        self.path = out_dir
        self.stamp: object = object()
        self.names: dict[str, dict] = {}

    def get(self) -> dict[str, dict]:
        stamp = reviewers_stamp(self.path)
        if stamp != self.stamp:
            self.names, self.stamp = read_reviewers(self.path), stamp
        return self.names


@dataclasses.dataclass
class Session:
    reviewer: str | None
    token: str | None
    cookie: bool  # authenticated by the login cookie (forms then need the CSRF token)

    @property
    def csrf(self) -> str:
        return auth.csrf_for(self.token) if self.token else ""


def _templates():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("extractors.web", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v: "" if v is None else (f"{v:,.0f}" if float(v).is_integer() else f"{v:,.6g}")
    env.filters["plain"] = lambda v: "" if v is None else (f"{v:.0f}" if isinstance(v, float) and v.is_integer() else str(v))
    return env


def _static() -> dict[str, bytes]:
    root = resources.files("extractors.web") / "static"
    return {name: (root / name).read_bytes() for name in STATIC}


def _local(path: str) -> str:
    """A redirect target from a request: a path of this site only."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else "/"


def create_app(out_dir: Path) -> FastAPI:
    """The review page over the run folder ``out_dir`` (read once; the log is followed)."""
    out_dir = Path(out_dir)
    bench = Workbench(out_dir)
    reviewers = Reviewers(out_dir)
    env = _templates()
    static = _static()
    vocab = schema.vocabularies()
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.bench = bench

    def page(name: str, status: int = 200, **ctx) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=status)

    def session(request: Request) -> Session:
        header = request.headers.get("authorization", "")
        if header[:7].lower() == "bearer ":
            token = header[7:].strip()
            return Session(auth.reviewer_of(token, reviewers.get()), token, False)
        token = request.cookies.get(auth.COOKIE)
        return Session(auth.reviewer_of(token, reviewers.get()), token, True)

    def refused(request: Request, s: Session) -> Response:
        if request.method == "GET" and s.cookie and not request.url.path.startswith("/api/"):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
        return JSONResponse({"error": "a valid reviewer token is needed"}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})

    async def form(request: Request) -> dict[str, str] | Response:
        if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return JSONResponse({"error": "send a form (application/x-www-form-urlencoded)"}, status_code=415)
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            return JSONResponse({"error": "form too large"}, status_code=413)
        data = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[-1] for k, v in data.items()}

    def forged(request: Request, s: Session, fields: dict[str, str]) -> bool:
        """A cookie session's form without its CSRF token, or sent from another site."""
        if not s.cookie:
            return False
        if request.headers.get("sec-fetch-site") == "cross-site":
            return True
        origin = request.headers.get("origin")
        if origin and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
            return True
        return not auth.same(fields.get(auth.CSRF_FIELD), s.csrf)

    async def posted(request: Request) -> tuple[Session, dict[str, str]] | Response:
        """The reviewer and the form of a decision, or the answer that refuses it."""
        s = session(request)
        fields = await form(request)
        if isinstance(fields, Response):
            return fields
        if s.reviewer is None:
            return refused(request, s)
        if forged(request, s, fields):
            return JSONResponse({"error": "missing or wrong CSRF token; reload the page"}, status_code=403)
        return s, fields

    def doc_view(s: Session, doc_id: str, text: str, status: int = 200, errors=None, values=None,
                 focus: str | None = None) -> HTMLResponse:
        rows = bench.doc_rows(doc_id)
        marks = mention_marks(bench.mentions(doc_id), 0, len(text)) + row_marks(rows, focus)
        return page("doc.html", status, s=s, doc=bench.documents[doc_id], doc_id=doc_id, rows=rows,
                    pieces=pieces(text, 0, len(text), marks), vocab=vocab, kinds=KINDS,
                    errors=errors or {}, values=values or {"kind": "target"}, fields=FORM_FIELDS)

    def filters_of(q) -> Filters:
        try:
            maxc = float(q.get("max_confidence")) if q.get("max_confidence") else None
        except ValueError:
            maxc = None
        return Filters(doc=q.get("doc", "")[:16], language=q.get("language", "")[:8],
                       kind=q.get("kind", "")[:16], status=q.get("status", "")[:16],
                       missing=q.get("missing", "")[:16], max_confidence=maxc)

    def qs(f: Filters) -> str:
        q = f.query()
        return ("?" + urlencode(q)) if q else ""

    @app.middleware("http")
    async def headers(request: Request, call_next):
        bench.refresh()
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.get("/static/{name}")
    def static_file(name: str):
        if name not in STATIC:  # a fixed set, held in memory: no path reaches the disk
            return Response(status_code=404)
        return Response(static[name], media_type=STATIC[name],
                        headers={"Cache-Control": "public, max-age=3600"})

    # -- login -------------------------------------------------------------------------------

    @app.get("/login")
    def login_page(request: Request, next: str = "/"):
        nonce = secrets.token_urlsafe(16)
        resp = page("login.html", next=_local(next), nonce=nonce, error="")
        resp.set_cookie(auth.LOGIN_COOKIE, nonce, httponly=True, samesite="strict", path="/login")
        return resp

    @app.post("/login")
    async def login(request: Request):
        fields = await form(request)
        if isinstance(fields, Response):
            return fields
        nonce = request.cookies.get(auth.LOGIN_COOKIE)
        nxt = _local(fields.get("next", "/"))
        if not auth.same(fields.get("nonce"), nonce):
            return page("login.html", 403, next=nxt, nonce=nonce or "", error="The form expired; try again.")
        token = fields.get("token", "").strip()
        name = auth.reviewer_of(token, reviewers.get())
        if name is None:
            return page("login.html", 401, next=nxt, nonce=nonce, error="That token is not a reviewer's.")
        resp = RedirectResponse(nxt, status_code=303)
        resp.set_cookie(auth.COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")
        resp.delete_cookie(auth.LOGIN_COOKIE, path="/login")
        return resp

    @app.post("/logout")
    async def logout(request: Request):
        s = session(request)
        fields = await form(request)
        if isinstance(fields, Response):
            return fields
        if s.reviewer is None or forged(request, s, fields):
            return JSONResponse({"error": "forbidden"}, status_code=403)
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(auth.COOKIE, path="/")
        return resp

    # -- the queue ---------------------------------------------------------------------------

    @app.get("/")
    def queue(request: Request, page_no: int = 1):
        s = session(request)
        if s.reviewer is None:
            return refused(request, s)
        f = filters_of(request.query_params)
        rows = bench.queue(f)
        counts = bench.counts(rows)
        pages = max(1, -(-len(rows) // PAGE_SIZE))
        page_no = min(max(1, page_no), pages)
        shown = rows[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE]
        docs = {d: (rec.get("title") or rec.get("source") or d) for d, rec in bench.documents.items()}
        return page("queue.html", s=s, rows=shown, counts=counts, total=len(rows), f=f, qs=qs(f),
                    page_no=page_no, pages=pages, docs=docs, vocab=vocab,
                    languages=sorted(set(bench.languages.values())),
                    page_qs=lambda n: "?" + urlencode({**f.query(), "page_no": n}))

    @app.get("/api/queue")
    def api_queue(request: Request):
        s = session(request)
        if s.reviewer is None:
            return refused(request, s)
        rows = bench.queue(filters_of(request.query_params))
        return {"counts": dict(bench.counts(rows)), "target_ids": [r.target_id for r in rows]}

    # -- a row -------------------------------------------------------------------------------

    def row_view(request: Request, s: Session, tid: str, status: int = 200, errors=None, values=None,
                 message: str = ""):
        r = bench.row(tid)
        if r is None:
            return page("error.html", 404, s=s, message="No such row in this run.")
        f = filters_of(request.query_params)
        text = bench.text(r.doc_id) or ""
        lo, hi = window(text, r) if text else (0, 0)
        marks = mention_marks(bench.mentions(r.doc_id), lo, hi) + row_marks([r], r.target_id)
        prev_id, next_id, pos, n = bench.neighbours(tid, f)
        shown = {c: getattr(r, c) for c in FORM_FIELDS}
        if values:
            shown.update(values)
        return page("row.html", status, s=s, r=r, pieces=pieces(text, lo, hi, marks), lo=lo, hi=hi,
                    n_chars=len(text), doc=bench.documents.get(r.doc_id, {}), prev_id=prev_id,
                    next_id=next_id, pos=pos, n=n, qs=qs(f), f=f, errors=errors or {}, values=shown,
                    vocab=vocab, fields=FORM_FIELDS, message=message,
                    entries=bench.entries.get(tid, [])[-8:])

    @app.get("/row/{tid}")
    def row_page(request: Request, tid: str, saved: int = 0):
        s = session(request)
        if s.reviewer is None:
            return refused(request, s)
        return row_view(request, s, tid, message="Saved." if saved else "")

    @app.get("/api/rows/{tid}")
    def api_row(request: Request, tid: str):
        s = session(request)
        if s.reviewer is None:
            return refused(request, s)
        r = bench.row(tid)
        if r is None:
            return JSONResponse({"error": "no such row"}, status_code=404)
        return dataclasses.asdict(r)

    @app.post("/row/{tid}")
    async def row_decide(request: Request, tid: str):
        got = await posted(request)
        if isinstance(got, Response):
            return got
        s, fields = got
        r = bench.row(tid)
        if r is None:
            return JSONResponse({"error": "no such row"}, status_code=404)
        action = fields.get("action", "save")
        if action not in ("accept", "reject", "save"):
            return JSONResponse({"error": f"unknown action {action!r}"}, status_code=400)
        cells = {c: fields[c] for c in FORM_FIELDS if c in fields}
        if action == "reject":
            cells = {"review_status": "rejected", **({"review_note": fields["review_note"]}
                                                     if "review_note" in fields else {})}
        elif action == "accept":
            cells["review_status"] = "accepted"
        try:
            logged = decide(out_dir, bench.base.get(tid, []), tid, cells, s.reviewer, bench.languages, bench.text)
        except InvalidDecision as exc:
            if not s.cookie:
                return JSONResponse({"errors": exc.errors}, status_code=422)
            return row_view(request, s, tid, 422, exc.errors, {c: fields.get(c, "") for c in FORM_FIELDS})
        except KeyError:
            return JSONResponse({"error": "no such row"}, status_code=404)
        bench.refresh()
        if not s.cookie:
            return {"target_id": tid, "logged": len(logged), "row": dataclasses.asdict(bench.row(tid))}
        f = filters_of(request.query_params)
        if action == "save":
            return RedirectResponse(f"/row/{tid}" + (qs(f) + "&" if qs(f) else "?") + "saved=1", status_code=303)
        _, next_id, _, _ = bench.neighbours(tid, f)
        return RedirectResponse(f"/row/{next_id}{qs(f)}" if next_id and next_id != tid else "/" + qs(f),
                                status_code=303)

    # -- a document ----------------------------------------------------------------------------

    @app.get("/doc/{doc_id}")
    def doc_page(request: Request, doc_id: str, focus: str = ""):
        s = session(request)
        if s.reviewer is None:
            return refused(request, s)
        if not DOC_ID.match(doc_id) or doc_id not in bench.documents:
            return page("error.html", 404, s=s, message="No such document in this run.")
        text = bench.text(doc_id)
        if text is None:
            return page("error.html", 404, s=s, message="This document has no text in this run.")
        return doc_view(s, doc_id, text, focus=focus if TARGET_ID.match(focus) else None)

    @app.post("/doc/{doc_id}/add")
    async def doc_add(request: Request, doc_id: str):
        got = await posted(request)
        if isinstance(got, Response):
            return got
        s, fields = got
        if not DOC_ID.match(doc_id) or doc_id not in bench.languages:
            return JSONResponse({"error": "no such document"}, status_code=404)
        text = bench.text(doc_id) or ""
        try:
            start, end = int(fields.get("start", "")), int(fields.get("end", ""))
        except ValueError:
            start = end = -1
        errors: dict[str, str] = {}
        selected = fields.get("selected")
        if selected is not None and 0 <= start < end <= len(text) and \
                " ".join(selected.split()) != " ".join(text[start:end].split()):
            errors["sentence"] = "the selection does not match the document; select it again"
        cells = {c: fields[c] for c in FORM_FIELDS if c in fields and fields[c] != ""}
        tid = None
        if not errors:
            try:
                tid, _ = add_target(out_dir, doc_id, start, end, cells, s.reviewer, bench.languages[doc_id], text)
            except InvalidDecision as exc:
                errors = exc.errors
        if errors:
            if not s.cookie:
                return JSONResponse({"errors": errors}, status_code=422)
            return doc_view(s, doc_id, text, 422, errors, fields)
        bench.refresh()
        if not s.cookie:
            return {"target_id": tid, "row": dataclasses.asdict(bench.row(tid)) if bench.row(tid) else None}
        return RedirectResponse(f"/row/{tid}", status_code=303)

    return app
