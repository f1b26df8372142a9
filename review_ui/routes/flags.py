"""The flag queue across units, and a verdict on one flag (accept, dismiss with a reason, open again)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from review_ui.routes.auth import default_year
from review_ui.web import app_context, current_user, local_path, render

router = APIRouter()


@router.get("/flags")
def queue(
    request: Request,
    year: int | None = None,
    unit: str = "",
    code: str = "",
    severity: str = "",
    status: str = "open",
) -> Response:
    from service.desk import flag_queue

    user = current_user(request)
    year = year or default_year(request)
    found = flag_queue(app_context(request), user, year, unit or None, code or None, severity or None, status)
    return render(request, "flags.html", user=user, year=year, flags=found,
                  filters={"unit": unit, "code": code, "severity": severity, "status": status})  # fmt: skip


@router.post("/flags/{flag_id}/status")
def change(
    request: Request,
    flag_id: int,
    status: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/flags",
) -> Response:
    from service.desk import change_flag

    change_flag(app_context(request), current_user(request), flag_id, status, note)
    return RedirectResponse(local_path(back, "/flags"), status_code=303)
