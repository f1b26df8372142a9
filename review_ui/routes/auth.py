"""Signing in and out, and the dashboard every signed-in user lands on."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from model.errors import AuthError
from model.people import Role
from review_ui.web import XLSX, app_context, current_user, download, local_path, render

router = APIRouter()


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=local_path(next, "/"))


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    from service.people import authenticate

    throttle = request.app.state.throttle
    address = request.client.host if request.client else "?"
    try:
        throttle.check(username, address)
        user = authenticate(app_context(request), username, password)
    except AuthError as error:
        if error.code == "auth.failed":
            throttle.failed(username, address)
        return render(request, "login.html", status_code=401, error=error.message, next=local_path(next, "/"),
                      username=username)  # fmt: skip
    throttle.succeeded(username, address)
    request.session.clear()  # a fresh session (and CSRF token) for the signed-in user
    request.session["user_id"] = user.id
    return RedirectResponse(local_path(next, "/"), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def default_year(request: Request) -> int:
    """The latest assessment year the corpus holds, else last year (the year being assessed now)."""
    from corpus.units import latest_year

    return latest_year(app_context(request).corpus) or date.today().year - 1


@router.get("/")
def dashboard(request: Request, year: int | None = None, sort: str = "group") -> Response:
    from service.dashboard import dashboard as rows_of

    user = current_user(request)
    if user.role is Role.officer and len(user.units) == 1 and year is None:
        from corpus.units import latest_year_of
        from review_ui.routes.units import unit_url

        unit = user.units[0]
        own = latest_year_of(app_context(request).corpus, unit) or default_year(request)
        return RedirectResponse(unit_url(unit, own), status_code=303)
    year = year or default_year(request)
    rows = rows_of(app_context(request), user, year)
    keys = {"unit": lambda r: r.unit, "completeness": lambda r: -(r.completeness or 0),
            "risk": lambda r: -(r.points_at_risk or 0), "group": lambda r: (r.group, r.rank or 999, r.unit)}  # fmt: skip
    rows.sort(key=keys.get(sort, keys["group"]))
    best = max((r.total or 0 for r in rows), default=0) or 1
    return render(request, "dashboard.html", user=user, rows=rows, year=year, sort=sort, best=best)


@router.get("/exports/{year}/ranking.xlsx")
def ranking(request: Request, year: int) -> Response:
    from service.exports import ranking_workbook

    data = ranking_workbook(app_context(request), current_user(request), year)
    return download(data, f"xep-hang-cchc-{year}.xlsx", XLSX)


@router.get("/exports/{year}/sheets.zip")
def sheets(request: Request, year: int) -> Response:
    from service.exports import all_sheets

    data = all_sheets(app_context(request), current_user(request), year)
    return download(data, f"bang-tham-dinh-{year}.zip", "application/zip")
