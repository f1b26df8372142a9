"""The agency officer's upload: many files or a ZIP, read in the background with progress per file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from model.errors import UsageError
from review_ui.routes.units import unit_url
from review_ui.web import app_context, current_user, render

router = APIRouter()
CHUNK = 1024 * 1024


@router.get("/units/{unit}/{year}/upload")
def upload_page(request: Request, unit: str, year: int) -> Response:
    from service.uploads import require_uploader

    user = current_user(request)
    require_uploader(user, unit)
    return render(request, "upload.html", user=user, unit=unit, year=year, unit_url=unit_url(unit, year))


@router.post("/units/{unit}/{year}/upload")
async def upload(
    request: Request,
    unit: str,
    year: int,
    files: Annotated[list[UploadFile], File()],
) -> Response:
    user = current_user(request)
    limit = app_context(request).settings.max_upload_bytes
    uploads: list[tuple[str, bytes]] = []
    total = 0
    for item in files:
        parts = []
        while chunk := await item.read(CHUNK):
            total += len(chunk)
            if total > limit:
                raise UsageError(
                    "input.too_large", f"quá {limit // (1024 * 1024)} MB một lần tải", stage="web"
                )
            parts.append(chunk)
        if item.filename:
            uploads.append((item.filename, b"".join(parts)))
    if not uploads:
        raise UsageError("usage.no_input", "chưa chọn tệp", stage="web")
    from service.uploads import start_upload

    batch = start_upload(app_context(request), user, unit, year, uploads)
    return RedirectResponse(f"/jobs/{batch}", status_code=303)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str, partial: int = 0) -> Response:
    user = current_user(request)
    from service.uploads import upload_status

    job = upload_status(app_context(request), user, job_id)
    if job is None:
        return RedirectResponse("/", status_code=303)
    from service.appraisal import unit_view

    view = unit_view(app_context(request), user, job.unit, job.year) if job.finished or partial else None
    template = "job_status.html" if partial else "job.html"
    return render(request, template, user=user, job=job, view=view, year=job.year,
                  unit_url=unit_url(job.unit, job.year))  # fmt: skip


@router.post("/units/{unit}/{year}/self-assessment")
async def self_assessment(
    request: Request,
    unit: str,
    year: int,
    table: Annotated[UploadFile, File()],
) -> Response:
    """The unit's self-assessment table (DOCX or XLSX): its claimed points and citations checked against the files."""
    from service.appraisal import require_uploads_open
    from service.self_assessment import upload_self_assessment
    from service.uploads import require_uploader

    user = current_user(request)
    require_uploader(user, unit)
    require_uploads_open(app_context(request), user, unit, year)
    data = await table.read(app_context(request).settings.max_upload_bytes + 1)
    if len(data) > app_context(request).settings.max_upload_bytes:
        raise UsageError("input.too_large", "bảng tự đánh giá", stage="web")
    upload_self_assessment(
        app_context(request), unit, year, table.filename or "bang-tu-danh-gia", data, user.username
    )
    return RedirectResponse(unit_url(unit, year), status_code=303)
