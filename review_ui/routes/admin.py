"""The administrator's page: users, units of a year and their groups, assignments, survey and ministry points."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from model.errors import UsageError
from review_ui.routes.auth import default_year
from review_ui.web import app_context, current_user, form_number, render

router = APIRouter()


def _number(text: str) -> float | None:
    return form_number(
        text,
        UsageError("usage.bad_value", f"{text.strip().replace(',', '.')!r} không phải là số", stage="web"),
    )


@router.get("/admin")
def admin_page(request: Request, year: int | None = None) -> Response:
    from service.admin import known_units, overview
    from service.frameworks import list_frameworks

    user = current_user(request)
    year = year or default_year(request)
    users, unit_years = overview(app_context(request), user, year)
    members = [u.username for u in users if u.role.value == "council"]
    # the choice per unit-year needs ids and years only, not who uses each (the frameworks page says that)
    frameworks = [f for f in list_frameworks(app_context(request)) if not f.get("error")]
    return render(request, "admin.html", user=user, year=year, users=users, unit_years=unit_years,
                  members=members, known_units=known_units(app_context(request), user),
                  frameworks=frameworks)  # fmt: skip


@router.post("/admin/users")
def add_user(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    name: Annotated[str, Form()] = "",
    units: Annotated[str, Form()] = "",
) -> Response:
    from service.admin import add_user as create

    wanted = [unit.strip() for unit in units.split(";") if unit.strip()]
    create(app_context(request), current_user(request), username, password, role, name, wanted)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/role")
def change_role(
    request: Request,
    username: Annotated[str, Form()],
    role: Annotated[str, Form()],
) -> Response:
    from service.admin import change_user

    change_user(app_context(request), current_user(request), username, role, remove=False)
    return RedirectResponse("/admin#users", status_code=303)


@router.post("/admin/users/remove")
def remove_user(request: Request, username: Annotated[str, Form()]) -> Response:
    from service.admin import change_user

    change_user(app_context(request), current_user(request), username, None, remove=True)
    return RedirectResponse("/admin#users", status_code=303)


@router.post("/admin/units")
def add_unit(
    request: Request,
    unit: Annotated[str, Form()],
    year: Annotated[int, Form()],
    group: Annotated[str, Form()],
    new: Annotated[str, Form()] = "",
) -> Response:
    from service.admin import add_unit_year

    add_unit_year(app_context(request), current_user(request), unit, year, group, new == "1")
    return RedirectResponse(f"/admin?year={year}", status_code=303)


@router.post("/admin/assign")
def assign(
    request: Request,
    username: Annotated[str, Form()],
    unit: Annotated[str, Form()],
    year: Annotated[int, Form()],
    appraiser: Annotated[str, Form()] = "",
) -> Response:
    from service.admin import assign_member

    assign_member(app_context(request), current_user(request), username, unit, year, appraiser == "1")
    return RedirectResponse(f"/admin?year={year}", status_code=303)


@router.post("/admin/points")
def points(
    request: Request,
    unit: Annotated[str, Form()],
    year: Annotated[int, Form()],
    survey: Annotated[str, Form()] = "",
    ministry: Annotated[str, Form()] = "",
) -> Response:
    from service.admin import set_points

    set_points(app_context(request), current_user(request), unit, year, _number(survey), _number(ministry))
    return RedirectResponse(f"/admin?year={year}", status_code=303)


@router.post("/admin/deadline")
def deadline(
    request: Request,
    unit: Annotated[str, Form()],
    year: Annotated[int, Form()],
    day: Annotated[str, Form()] = "",
) -> Response:
    from extract.corrections import parse_day
    from service.admin import set_deadline

    set_deadline(
        app_context(request), current_user(request), unit, year, parse_day(day) if day.strip() else None
    )
    return RedirectResponse(f"/admin?year={year}", status_code=303)
