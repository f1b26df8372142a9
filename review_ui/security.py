"""What keeps the review UI safe at its edge: the session's signing key, CSRF tokens on every POST, security
headers on every response, and a limit on wrong passwords."""

from __future__ import annotations

import hmac
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response
from starlette.types import ASGIApp

from model.errors import AuthError
from model.settings import Settings

if TYPE_CHECKING:
    from corpus.repository import Corpus

# scripts, styles and images from this server only; no framing; forms post only here
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")  # fmt: skip
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def secret_key(settings: Settings) -> str:
    """The configured key, else one made once and kept (owner-only) in the data dir, so sessions survive a
    restart and no two installations share a key. Made atomically (a whole file renamed into place, the first
    one kept), since several server processes start at once; an empty or short key is refused."""
    if settings.secret_key:
        key = settings.secret_key
    else:
        path = Path(settings.data_dir) / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".secret_key.{os.getpid()}")
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as stream:
                stream.write(secrets.token_urlsafe(48))
            try:
                os.link(temporary, path)  # fails if another process made it first: theirs is kept
            except FileExistsError:
                pass
            finally:
                temporary.unlink(missing_ok=True)
        key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise RuntimeError(
            "the session key is missing or too short: set KIEMCHUNG_SECRET_KEY (32+ characters)"
        )
    return key


HSTS = "max-age=31536000"  # one year; sent only when the deployment says it is behind HTTPS


class SecurityHeaders(BaseHTTPMiddleware):
    """The headers above on every response, and HSTS when `secure_cookies` says the server is behind HTTPS."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        super().__init__(app)
        self.headers = {**HEADERS, "Strict-Transport-Security": HSTS} if https else HEADERS

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in self.headers.items():
            if name == "Cache-Control" and request.url.path.startswith("/static/"):
                continue
            response.headers.setdefault(name, value)
        return response


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


async def csrf_guard(request: Request) -> None:
    """Every POST carries the session's CSRF token in its form (`csrf`): checked here, before any route's own
    work, for every route the app includes, so no form can be added without it."""
    if request.method != "POST":
        return
    submitted = (await request.form()).get("csrf")
    check_csrf(request, submitted if isinstance(submitted, str) else None)


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(str(expected), submitted):
        raise AuthError("csrf.invalid", stage="web")


class LoginThrottle:
    """Wrong passwords per (user name, address) within a window; more than the limit and sign-in is refused
    until the oldest falls out of the window. The failures are kept in the corpus, not in this process, so
    several server processes (`kiemchung serve --workers N`) share one limit instead of allowing N times it."""

    def __init__(self, corpus: Corpus, attempts: int, window: float) -> None:
        self.corpus, self.attempts, self.window = corpus, attempts, timedelta(seconds=window)

    def check(self, username: str, address: str) -> None:
        from corpus.logins import recent_failures

        failures = recent_failures(self.corpus, username.casefold(), address, self.window)
        if len(failures) >= self.attempts:
            elapsed = (datetime.now(UTC) - failures[0]).total_seconds()
            wait = int(self.window.total_seconds() - elapsed) + 1
            raise AuthError("auth.rate_limited", f"{wait} giây", stage="web")

    def failed(self, username: str, address: str) -> None:
        from corpus.logins import add_failure

        add_failure(self.corpus, username.casefold(), address, self.window)

    def succeeded(self, username: str, address: str) -> None:
        from corpus.logins import clear_failures

        clear_failures(self.corpus, username.casefold(), address)
