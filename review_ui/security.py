"""What keeps the review UI safe at its edge: the session's signing key, CSRF tokens on every POST, security
headers on every response, and a limit on wrong passwords."""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path

from fastapi import Request
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from model.errors import AuthError
from model.settings import Settings

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


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in HEADERS.items():
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


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(str(expected), submitted):
        raise AuthError("csrf.invalid", stage="web")


class LoginThrottle:
    """Wrong passwords per (user name, address) within a window; more than the limit and sign-in is refused
    until the oldest falls out of the window."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts, self.window = attempts, window
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, username: str, address: str) -> None:
        with self._lock:
            failures = self._recent((username.casefold(), address))
            if len(failures) >= self.attempts:
                wait = int(self.window - (time.monotonic() - failures[0])) + 1
                raise AuthError("auth.rate_limited", f"{wait} giây", stage="web")

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            self._recent((username.casefold(), address)).append(time.monotonic())

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop((username.casefold(), address), None)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and time.monotonic() - failures[0] > self.window:
            failures.popleft()
        return failures
