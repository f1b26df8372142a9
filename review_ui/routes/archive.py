"""The archive: search with the corpus filters, and a document's page (fields, evidence on the page image,
matches, flags, the original to download)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from model.errors import NotFoundError, UsageError
from review_ui.routes.units import unit_url
from review_ui.web import app_context, current_user, download, render
from service.context import AppContext

if TYPE_CHECKING:
    from corpus.search import SearchResult

router = APIRouter()


def _date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError("usage.bad_date", repr(value), stage="web") from None


@router.get("/search")
def search_page(
    request: Request, q: str = "", type: str = "", issuer: str = "", unit: str = "", year: str = "",
    date_from: str = "", date_to: str = "",
) -> Response:  # fmt: skip
    from corpus.search import SearchFilters
    from service.archive import search
    from service.people import visible_submissions

    user = current_user(request)
    context = app_context(request)
    year_number = int(year) if year.strip().isdigit() else None  # an empty box in the form is no filter
    filters = SearchFilters(doc_type=type or None, issuer=issuer or None, unit=unit or None, year=year_number, limit=50,
                            date_from=_date(date_from), date_to=_date(date_to))  # fmt: skip
    response = search(context, q, filters) if (q or type or issuer or unit or year_number) else None
    results = []
    if response is not None:  # only what this user may open (an officer: their own unit)
        visible: dict[int, set[str]] = {}
        for result in response.results:
            if result.year not in visible:
                visible[result.year] = {
                    name for _, name, _ in visible_submissions(context, user, result.year)
                }
            if result.unit in visible[result.year]:
                results.append(result)
    ids = _ids_of(context, results)
    return render(request, "search.html", user=user, q=q, response=response, results=results, ids=ids,
                  filters={"type": type, "issuer": issuer, "unit": unit, "year": year or "", "date_from": date_from,
                           "date_to": date_to})  # fmt: skip


def _ids_of(context: AppContext, results: list[SearchResult]) -> dict[str, int]:
    from corpus.units import document_id_by_hash

    return document_id_by_hash(context.corpus, [(r.sha256, r.unit, r.year) for r in results])


@router.get("/documents/{document_id}")
def document(request: Request, document_id: int) -> Response:
    from service.desk import document_page, leaf_criteria

    user = current_user(request)
    context = app_context(request)
    page = document_page(context, user, document_id)
    # the forms that decide or correct: for the council and administrators, while the appraisal is open
    criteria = leaf_criteria(context, page.owner) if user.role.value != "officer" and not page.locked else []
    return render(request, "document.html", user=user, page=page, year=page.owner.year, criteria=criteria,
                  unit_url=unit_url(page.owner.unit, page.owner.year))  # fmt: skip


@router.get("/documents/{document_id}/original")
def original(request: Request, document_id: int) -> Response:
    from service.desk import original_bytes

    name, data = original_bytes(app_context(request), current_user(request), document_id)
    return download(data, name.replace("!", "_").rsplit("/", 1)[-1])


@router.get("/documents/{document_id}/pages/{number}.png")
def page_image(request: Request, document_id: int, number: int) -> Response:
    from service.desk import document_page, original_bytes
    from service.page_image import render_page_png

    user = current_user(request)
    context = app_context(request)
    page = document_page(context, user, document_id)
    _, data = original_bytes(context, user, document_id)
    png = render_page_png(data, page.record, number, context.settings.max_image_pixels)
    if png is None:
        raise NotFoundError("submission.not_found", f"ảnh trang {number}", stage="web")
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})


@router.post("/documents/{document_id}/decision")
def decision(
    request: Request,
    document_id: int,
    action: Annotated[str, Form()],
    criterion: Annotated[str, Form()] = "",
    chosen: Annotated[str, Form()] = "",
) -> Response:
    from service.desk import decide

    decide(
        app_context(request), current_user(request), document_id, action, criterion or None, chosen or None
    )
    return RedirectResponse(f"/documents/{document_id}#decisions", status_code=303)


@router.post("/documents/{document_id}/field")
def correct(
    request: Request,
    document_id: int,
    field: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
) -> Response:
    from service.desk import correct_field

    correct_field(app_context(request), current_user(request), document_id, field, value)
    return RedirectResponse(f"/documents/{document_id}", status_code=303)
