"""What every page shares: the templates with their Vietnamese filters, the signed-in user, rendering."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.responses import Response

from model.errors import AuthError, KiemChungError
from model.flags import SEVERITY_LABELS, flag_title
from model.people import GROUP_LABELS, ROLE_LABELS, UserInfo
from model.report import STATE_LABELS
from model.review import FLAG_STATUS_LABELS
from model.vietnamese import vn_date, vn_number
from review_ui.security import csrf_token
from service.context import AppContext

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def marked(snippet: str) -> Markup:
    """A search snippet with its «matched words» highlighted; everything else escaped (OCR text is not HTML)."""
    return Markup(str(escape(snippet)).replace("«", "<mark>").replace("»", "</mark>"))


def vn_percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


TEMPLATES.env.filters.update(
    vn_date=vn_date, vn_number=vn_number, vn_percent=vn_percent, flag_title=flag_title, marked=marked
)
TEMPLATES.env.globals.update(
    SEVERITY_LABELS=SEVERITY_LABELS, STATE_LABELS=STATE_LABELS, GROUP_LABELS=GROUP_LABELS, ROLE_LABELS=ROLE_LABELS,
    FLAG_STATUS_LABELS=FLAG_STATUS_LABELS, HISTORY_LABELS={
        "appraisal.scored": "chấm điểm, ghi ý kiến", "appraisal.submitted": "gửi kết quả thẩm định",
        "appraisal.reopened": "mở lại kết quả thẩm định", "explanation.added": "đơn vị giải trình",
        "explanation.deadline": "đặt hạn giải trình", "assignment.set": "phân công thẩm định",
        "submission.points": "nhập điểm điều tra, bộ ngành",
    },
)  # fmt: skip


def app_context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


def current_user(request: Request) -> UserInfo:
    """The signed-in user; AuthError (the edge sends them to sign in) when there is none."""
    from service.people import get_user

    cached = getattr(request.state, "user", None)
    if cached is not None:
        return cached
    user_id = request.session.get("user_id")
    user = get_user(app_context(request), int(user_id)) if user_id else None
    if user is None:
        raise AuthError("auth.required", stage="web")
    request.state.user = user
    return user


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> Response:
    user_id = request.session.get("user_id")
    user = values.pop("user", None) or getattr(request.state, "user", None)
    if user is None and user_id:
        from service.people import get_user

        user = get_user(app_context(request), int(user_id))
    values.update(request=request, user=user, csrf=csrf_token(request), year=values.get("year"))
    return TEMPLATES.TemplateResponse(request, template, values, status_code=status_code)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(data: bytes, filename: str, media_type: str = "application/octet-stream") -> Response:
    """A file to save, its name kept in Vietnamese (RFC 5987 form)."""
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def form_number(text: str, error: KiemChungError) -> float | None:
    """A number typed in a form as officials type it (`2,5` or `2.5`); empty is none; anything else, or an
    infinite or NaN value, raises `error`."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise error from None
    if not math.isfinite(value):
        raise error
    return value


def local_path(target: str | None, default: str) -> str:
    """A redirect target only when it is a path on this site (never //elsewhere, a full URL, a backslash or a
    control character browsers might read as another host); else `default`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target if target.isprintable() else default
