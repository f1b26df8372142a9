"""A unit-year's page: the evidence matrix as a tree, the council's points and comments, submit and reopen."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from model.errors import AppraisalError
from review_ui.web import XLSX, app_context, current_user, download, form_number, render

router = APIRouter()


def unit_url(unit: str, year: int, anchor: str = "") -> str:
    return f"/units/{quote(unit)}/{year}" + (f"#c-{anchor}" if anchor else "")


@router.get("/units/{unit}/{year}")
def unit_page(request: Request, unit: str, year: int) -> Response:
    from corpus.units import document_ids
    from service.appraisal import unit_view

    user = current_user(request)
    context = app_context(request)
    view = unit_view(context, user, unit, year)
    return render(request, "unit.html", user=user, view=view, year=year,
                  documents=document_ids(context.corpus, view.submission_id))  # fmt: skip


def _points(text: str) -> float | None:
    return form_number(
        text, AppraisalError("appraisal.over_max", repr(text.strip().replace(",", ".")), stage="web")
    )


@router.post("/units/{unit}/{year}/score")
def score(
    request: Request,
    unit: str,
    year: int,
    criterion: Annotated[str, Form()],
    points: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
) -> Response:
    from service.appraisal import score as record

    user = current_user(request)
    record(app_context(request), user, unit, year, criterion, _points(points), comment)
    return RedirectResponse(unit_url(unit, year, criterion), status_code=303)


@router.post("/units/{unit}/{year}/submit")
def submit(request: Request, unit: str, year: int) -> Response:
    from service.appraisal import submit_appraisal

    submit_appraisal(app_context(request), current_user(request), unit, year)
    return RedirectResponse(unit_url(unit, year), status_code=303)


@router.post("/units/{unit}/{year}/reopen")
def reopen(request: Request, unit: str, year: int, member: Annotated[int, Form()]) -> Response:
    from service.appraisal import reopen_appraisal

    reopen_appraisal(app_context(request), current_user(request), unit, year, member)
    return RedirectResponse(unit_url(unit, year), status_code=303)


@router.get("/units/{unit}/{year}/sheet.xlsx")
def sheet(request: Request, unit: str, year: int) -> Response:
    """The unit-year's appraisal sheet (the same XLSX as `kiemchung check --xlsx`)."""
    from service.appraisal import appraisal_sheet

    data = appraisal_sheet(app_context(request), current_user(request), unit, year)
    return download(data, f"bang-tham-dinh-{unit}-{year}.xlsx", XLSX)


@router.post("/units/{unit}/{year}/explain")
def explain(
    request: Request,
    unit: str,
    year: int,
    criterion: Annotated[str, Form()],
    text: Annotated[str, Form()] = "",
) -> Response:
    from service.appraisal import explain as record

    record(app_context(request), current_user(request), unit, year, criterion, text)
    return RedirectResponse(unit_url(unit, year, criterion), status_code=303)
