"""Reviewers' tokens and CSRF tokens of the review page.

A token is 32 random bytes (URL-safe text), shown once; the run folder keeps its SHA-256
(``io/reviewers.py``). A request carries it as the cookie the login page sets or as an
``Authorization: Bearer`` header. Forms of a cookie session carry a CSRF token derived from
the session's token (HMAC), which another site cannot know; the login form, which has no
session yet, is protected by a random cookie repeated in the form (double submit).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
COOKIE = "restrack_token"
LOGIN_COOKIE = "restrack_login"
CSRF_FIELD = "csrf"
# A reviewer's name as it goes into the log: printable, one line, short.
NAME = re.compile(r"^[^\x00-\x1f\x7f]{1,64}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str | None:
    """None when ``name`` can be a reviewer's name, else the reason."""
    if not name.strip() or not NAME.match(name) or name != name.strip():
        return "a reviewer's name is one line of 1 to 64 printable characters, no spaces around it"
    return None


def reviewer_of(token: str | None, reviewers: dict[str, dict]) -> str | None:
    """The reviewer whose token this is, or None. Digests are compared in constant time."""
    if not token or len(token) > 256:
        return None
    digest = token_digest(token)
    found = None
    for name, rec in reviewers.items():
        if hmac.compare_digest(digest, rec.get("token_sha256", "")):
            found = name
    return found


def csrf_for(token: str) -> str:
    return hmac.new(token.encode("utf-8"), b"restrack-csrf", hashlib.sha256).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a, b)
