"""`kiemchung ingest`, `search`, `export` and `import`: the pipeline into the corpus, and the archive."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

from kiemchung.cli_common import app_context, console, edge, progress_bar, unix_actor
from model.errors import UsageError
from service.context import AppContext


@edge
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files, folders or ZIP archives of one unit's evidence."),
    unit: str = typer.Option(..., "--unit", help="The unit the evidence belongs to."),
    year: int = typer.Option(..., "--year", help="Assessment year."),
    framework_id: str | None = typer.Option(
        None, "--framework", help="Also match documents to this framework."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print the summary as one JSON document."),
) -> None:
    """Run the whole pipeline into the corpus; files already there (same content, same versions) are skipped."""
    from kiemchung.present import print_ingest_summary
    from service.ingest import ingest_paths

    with app_context() as context, progress_bar("Đang xử lý", quiet=json_output) as progress:
        summary = ingest_paths(context, paths, unit, year, framework_id, unix_actor(), progress)
    if json_output:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        print_ingest_summary(summary)


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
) -> None:
    """Write one unit-year (originals, records, matches, flags, review decisions, history) as one ZIP."""
    from service.archive import export_submission

    with app_context() as context:
        count = export_submission(context, unit, year, target)
    console.print(f"Đã xuất {count} văn bản của {unit}, năm {year} vào {target}", highlight=False)


@edge
def import_(source: Path = typer.Argument(..., help="An archive written by `kiemchung export`.")) -> None:
    """Read a unit-year exported by `kiemchung export`; documents already present are left as they are."""
    from service.archive import import_submission

    with app_context() as context:
        unit, year, added, present = import_submission(context, source, unix_actor())
    console.print(f"{unit}, năm {year}: {added} văn bản mới, {present} đã có", highlight=False)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(search)
    app.command()(export)
    app.command(name="import")(import_)
