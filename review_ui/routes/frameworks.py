"""The administrator's frameworks: the list with who uses each, one framework's criteria, importing one from a
decision's table, and the framework a unit-year is appraised against."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from model.errors import UsageError
from model.report import LEVEL_LABELS
from review_ui.routes.auth import default_year
from review_ui.web import app_context, current_user, render

router = APIRouter()
TABLE_LIMIT = 20 * 1024 * 1024  # a criteria table is a few hundred rows: anything bigger is not one


@router.get("/admin/frameworks")
def frameworks_page(request: Request) -> Response:
    from service.framework_admin import catalogue

    user = current_user(request)
    frameworks = catalogue(app_context(request), user)
    return render(request, "frameworks.html", user=user, year=default_year(request), frameworks=frameworks,
                  levels=LEVEL_LABELS)  # fmt: skip


@router.get("/admin/frameworks/{framework_id}")
def framework_page(request: Request, framework_id: str) -> Response:
    from service.framework_admin import framework_detail

    user = current_user(request)
    framework = framework_detail(app_context(request), user, framework_id)
    return render(request, "framework.html", user=user, year=default_year(request), framework=framework,
                  levels=LEVEL_LABELS, rows=sum(1 for _ in framework.walk()))  # fmt: skip


@router.post("/admin/frameworks")
async def import_framework(
    request: Request,
    table: Annotated[UploadFile, File()],
    framework_id: Annotated[str, Form()],
    level: Annotated[str, Form()],
    title: Annotated[str, Form()] = "",
    years: Annotated[str, Form()] = "",
    force: Annotated[str, Form()] = "",
    replace: Annotated[str, Form()] = "",
) -> Response:
    from service.framework_admin import TableUpload, import_upload, parse_years

    data = await table.read(TABLE_LIMIT + 1)
    if len(data) > TABLE_LIMIT:
        raise UsageError(
            "input.too_large", f"bảng tiêu chí quá {TABLE_LIMIT // (1024 * 1024)} MB", stage="web"
        )
    upload = TableUpload(table.filename or "bang-tieu-chi", data, framework_id.strip(), title, level,
                         parse_years(years))  # fmt: skip
    framework = import_upload(
        app_context(request), current_user(request), upload, force == "1", replace == "1"
    )
    return RedirectResponse(f"/admin/frameworks/{framework.id}", status_code=303)


@router.post("/admin/units/framework")
def use_framework(
    request: Request,
    unit: Annotated[str, Form()],
    year: Annotated[int, Form()],
    framework_id: Annotated[str, Form()],
) -> Response:
    from service.framework_admin import use_framework as choose

    choose(app_context(request), current_user(request), unit, year, framework_id)
    return RedirectResponse(f"/admin?year={year}", status_code=303)
