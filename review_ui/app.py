"""The review UI: FastAPI with server-rendered Vietnamese pages, over the application layer (service/).

`create_app()` builds it for `kiemchung serve` and for the tests; errors a user can act on become a Vietnamese
page with the right status here, once (403 for another unit's data, 404, 500 without a traceback)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import RedirectResponse, Response

from model.errors import AccessDenied, AuthError, KiemChungError, NotFoundError
from model.settings import Settings
from review_ui.security import LoginThrottle, SecurityHeaders, csrf_guard, secret_key
from review_ui.web import render
from service.context import AppContext
from service.supervisor import JobWorker

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None) -> FastAPI:
    from review_ui.routes import admin, archive, auth, flags, frameworks, units, upload

    context = AppContext(settings)
    context.corpus  # noqa: B018  (opened now: a database problem stops the start, not the first request)

    # uploads are read by this server's own thread, or by the Celery workers when a broker is configured
    worker = None if context.settings.broker_url else JobWorker(context, "web")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if worker is not None:
            worker.start()  # reads the queued uploads, this start's and those a stopped server left
        yield
        if worker is not None:
            worker.stop()
        context.close()

    app = FastAPI(title="Kiểm Chứng", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.context = context
    app.state.throttle = LoginThrottle(
        context.corpus, context.settings.login_attempts, context.settings.login_window_seconds
    )
    app.add_middleware(SecurityHeaders, https=context.settings.secure_cookies)
    max_age = int(timedelta(hours=context.settings.session_hours).total_seconds())
    app.add_middleware(SessionMiddleware, secret_key=secret_key(context.settings), session_cookie="kiemchung",
                       max_age=max_age, same_site="strict", https_only=context.settings.secure_cookies)  # fmt: skip
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, units, flags, archive, upload, admin, frameworks):
        app.include_router(module.router, dependencies=[Depends(csrf_guard)])
    _add_error_pages(app)
    return app


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(KiemChungError)
    async def known(request: Request, error: KiemChungError) -> Response:
        if isinstance(error, AuthError) and error.code == "auth.required":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)
        status = (
            403
            if isinstance(error, AccessDenied | AuthError)
            else 404
            if isinstance(error, NotFoundError)
            else 400
        )
        return render(request, "error.html", status_code=status, message=error.message, status=status)

    @app.exception_handler(HTTPException)
    async def http(request: Request, error: HTTPException) -> Response:
        messages = {404: "Không tìm thấy trang này. Hãy kiểm tra lại địa chỉ hoặc quay về trang chủ.",
                    405: "Thao tác này không dùng được ở đây."}  # fmt: skip
        message = messages.get(error.status_code, "Yêu cầu không hợp lệ.")
        return render(
            request, "error.html", status_code=error.status_code, message=message, status=error.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        message = "Dữ liệu gửi lên không hợp lệ (thiếu trường hoặc sai kiểu số). Hãy kiểm tra lại biểu mẫu."
        return render(request, "error.html", status_code=400, message=message, status=400)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        message = "Đã có lỗi không mong đợi. Thao tác chưa được ghi nhận; hãy thử lại hoặc báo quản trị viên."
        return render(request, "error.html", status_code=500, message=message, status=500)
