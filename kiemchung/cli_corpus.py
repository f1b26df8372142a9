"""`kiemchung ingest`, `search`, `export` and `import`: the pipeline into the corpus, and the archive."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kiemchung.cli_common import app_context, console, edge, err_console, progress_bar, shown, unix_actor
from model.errors import UsageError
from service.context import AppContext
from service.progress import ProgressEvent

if TYPE_CHECKING:
    from service.batch import BatchReport


@edge
def ingest(
    paths: list[Path] = typer.Argument(None, help="Files, folders or ZIP archives of one unit's evidence."),
    unit: str | None = typer.Option(None, "--unit", help="The unit the evidence belongs to."),
    year: int | None = typer.Option(None, "--year", help="Assessment year."),
    framework_id: str | None = typer.Option(
        None, "--framework", help="Also match documents to this framework."
    ),
    manifest: Path | None = typer.Option(
        None, "--manifest", help="CSV (unit,year,folder per row) or YAML listing a whole province's units."
    ),
    workers: int | None = typer.Option(
        None, "--workers", min=1, help="Worker processes (default: one per core)."
    ),
    report: Path | None = typer.Option(None, "--report", help="Also write the batch report as JSON here."),
    queue: bool = typer.Option(
        False, "--queue", help="Send the files to the Celery workers (KIEMCHUNG_BROKER_URL) and follow them."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as one JSON document."),
) -> None:
    """Run the whole pipeline into the corpus with a pool of worker processes; files already there (same
    content, same versions) are skipped, so a stopped run is finished by running it again."""
    from kiemchung.present import print_ingest_summary
    from service.archive import check_output_path
    from service.batch import BatchItem, read_manifest, run_batch

    if report is not None:
        check_output_path(report)
    if manifest is not None:
        items = read_manifest(manifest)
    elif paths and unit and year:
        items = [BatchItem(unit, year, list(paths))]
    else:
        raise UsageError("usage.bad_value", "cần PATH... --unit --year, hoặc --manifest TỆP", stage="cli")
    with app_context() as context, progress_bar("Đang xử lý") as progress:
        if queue:
            done = _run_queued(context, items, framework_id, progress)
        else:
            done = run_batch(
                context, items, framework_id, unix_actor(), workers, progress, on_failure=_failure_line
            )
    if report is not None:
        report.write_text(json.dumps(done.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    if json_output:
        shown = done.units[0].as_dict() if manifest is None else done.as_dict()
        print(json.dumps(shown, ensure_ascii=False))
        return
    for summary in done.units:
        print_ingest_summary(summary)


def _run_queued(
    context: AppContext, items: list, framework_id: str | None, progress: Callable[[ProgressEvent], None]
) -> BatchReport:
    from service.distributed import run_queued_batch

    if not context.settings.broker_url:
        raise UsageError("usage.bad_value", "--queue cần KIEMCHUNG_BROKER_URL (ví dụ redis://máy-chủ:6379/0)",
                         stage="cli")  # fmt: skip
    return run_queued_batch(context, items, framework_id, unix_actor(), progress, on_failure=_failure_line)


def _failure_line(event: ProgressEvent) -> None:
    err_console.print(f"[red]Lỗi[/red] {shown(event.file)}", highlight=False, markup=True)


@edge
def search(
    query: str = typer.Argument(..., help='Words, a "phrase", or a number such as `1726/QĐ-UBND`.'),
    doc_type: str | None = typer.Option(None, "--type", help="Document type, e.g. 'Kế hoạch' or 'ke hoach'."),
    issuer: str | None = typer.Option(None, "--issuer", help="Part of the issuing body's name."),
    unit: str | None = typer.Option(None, "--unit", help="Part of the unit's name."),
    year: int | None = typer.Option(None, "--year", help="Assessment year the document was filed for."),
    date_from: str | None = typer.Option(None, "--from", help="Issued on or after (YYYY-MM-DD)."),
    date_to: str | None = typer.Option(None, "--to", help="Issued on or before (YYYY-MM-DD)."),
    limit: int = typer.Option(20, "--limit", min=1, max=1000, help="Most results to show."),
    json_output: bool = typer.Option(False, "--json", help="One JSON document."),
) -> None:
    """Search the archive: words with or without diacritics, phrases, numbers; filters narrow it."""
    from corpus.fulltext import COUNT_CAP
    from corpus.search import SearchFilters
    from kiemchung.present import print_search
    from service.archive import search as run_search

    filters = SearchFilters(
        doc_type=doc_type, issuer=issuer, unit=unit, year=year, limit=limit,
        date_from=_parse_date(date_from), date_to=_parse_date(date_to),
    )  # fmt: skip
    with app_context() as context:
        response = run_search(context, query, filters)
    if json_output:
        print(response.model_dump_json())
    else:
        print_search(response, COUNT_CAP)


def print_search_example(context: AppContext, query: str) -> None:
    """What `kiemchung search` prints, for the demo."""
    from corpus.fulltext import COUNT_CAP
    from corpus.search import SearchFilters
    from kiemchung.present import print_search
    from service.archive import search as run_search

    console.print(f"\n$ kiemchung search {query!r}")
    print_search(run_search(context, query, SearchFilters(limit=3)), COUNT_CAP)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise UsageError("usage.bad_date", repr(value), stage="cli") from error


@edge
def export(
    target: Path = typer.Argument(..., help="The archive to write (.zip)."),
    unit: str = typer.Option(..., "--unit", help="The unit to export."),
    year: int = typer.Option(..., "--year", help="The assessment year to export."),
    force: bool = typer.Option(False, "--force", help="Replace the target file if it exists."),
) -> None:
    """Write one unit-year (originals, records, matches, flags, review decisions, history) as one ZIP; an
    existing file is kept unless --force, and a failed write leaves it as it was."""
    from service.archive import export_submission

    with app_context() as context, progress_bar("Đang xuất") as progress:
        count = export_submission(context, unit, year, target, force, progress)
    console.print(
        f"Đã xuất {count} văn bản của {shown(unit)}, năm {year} vào {shown(target)}", highlight=False
    )


@edge
def import_(source: Path = typer.Argument(..., help="An archive written by `kiemchung export`.")) -> None:
    """Read a unit-year exported by `kiemchung export`; documents already present are left as they are."""
    from service.archive import import_submission

    with app_context() as context, progress_bar("Đang kiểm tra và nhập") as progress:
        unit, year, added, present = import_submission(context, source, unix_actor(), progress)
    console.print(f"{shown(unit)}, năm {year}: {added} văn bản mới, {present} đã có", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(search)
    app.command()(export)
    app.command(name="import")(import_)
