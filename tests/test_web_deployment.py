"""What a deployment changes: the sign-in limit holds across server processes (two app instances on one corpus,
as `kiemchung serve --workers 2` runs them, on SQLite and on PostgreSQL), and behind HTTPS the session cookie is
Secure and HSTS is sent (`KIEMCHUNG_SECURE_COOKIES`)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from test_web import PASSWORD, _csrf

from model.settings import Settings
from review_ui.app import create_app
from service.context import AppContext
from service.people import create_user


def _attempt(session: TestClient, password: str, username: str = "canbo") -> str:
    token = _csrf(session.get("/login").text)
    response = session.post("/login", data={"username": username, "password": password, "csrf": token})
    return "ok" if response.status_code == 303 else "limited" if "quá nhiều lần" in response.text else "wrong"


def test_two_server_processes_share_one_sign_in_limit(database_url: str, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, database_url=database_url, login_attempts=3, login_window_seconds=2
    )
    with AppContext(settings) as context:
        create_user(context, "canbo", PASSWORD, "officer", "test", units=["Sở Nội vụ tỉnh Thử"])
    first, second = (TestClient(create_app(settings), follow_redirects=False) for _ in range(2))
    tries = [_attempt(first, "sai"), _attempt(second, "sai"), _attempt(first, "sai", "CanBo")]  # any case
    assert tries == ["wrong"] * 3
    assert _attempt(second, PASSWORD) == "limited"  # the other process counted the first one's failures
    assert _attempt(first, PASSWORD) == "limited"
    time.sleep(2.1)  # the window passes: the oldest failures no longer count
    assert _attempt(second, PASSWORD) == "ok"
    assert [_attempt(first, "sai"), _attempt(second, "sai")] == ["wrong"] * 2  # a success starts afresh
    assert _attempt(first, PASSWORD) == "ok"


@pytest.mark.parametrize("secure", [False, True])
def test_secure_cookies_behind_https(tmp_path: Path, secure: bool) -> None:
    settings = Settings(data_dir=tmp_path, secure_cookies=secure)
    with AppContext(settings) as context:
        create_user(context, "canbo", PASSWORD, "officer", "test", units=["Sở Nội vụ tỉnh Thử"])
    scheme = "https" if secure else "http"
    session = TestClient(create_app(settings), base_url=f"{scheme}://kiemchung.test", follow_redirects=False)
    page = session.get("/login")
    cookie = page.headers["set-cookie"].lower()
    assert ("; secure" in cookie) is secure and "httponly" in cookie
    assert ("strict-transport-security" in page.headers) is secure
    if secure:
        assert page.headers["strict-transport-security"].startswith("max-age=")
    assert _attempt(session, PASSWORD) == "ok"  # the session (and its CSRF token) still holds over its scheme
