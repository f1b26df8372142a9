"""`kiemchung worker`: a Celery worker of the distributed mode (README, Deployment)."""

from __future__ import annotations

import typer

from kiemchung.cli_common import edge
from model.errors import UsageError
from service.context import load_settings


@edge
def worker(
    name: str | None = typer.Option(
        None, "--name", help="The worker's Celery name (default kiemchung@HOST; unique per machine)."
    ),
    loglevel: str = typer.Option("INFO", "--loglevel", help="DEBUG, INFO, WARNING or ERROR."),
) -> None:
    """Read queued files until stopped: one process, one file at a time, one OCR thread. Start one per core
    on each machine; each needs KIEMCHUNG_BROKER_URL, KIEMCHUNG_DATABASE_URL (PostgreSQL) and
    KIEMCHUNG_DATA_DIR on storage every worker shares. SIGTERM lets it finish the file it is reading."""
    from service.distributed import run_worker

    settings = load_settings()
    if not settings.broker_url:
        raise UsageError("usage.bad_value", "KIEMCHUNG_BROKER_URL chưa đặt (ví dụ redis://máy-chủ:6379/0)",
                         stage="cli")  # fmt: skip
    run_worker(settings, name, loglevel.upper())


def register(app: typer.Typer) -> None:
    app.command()(worker)
