"""`kiemchung ingest` and `kiemchung search`: the pipeline into the corpus, and the archive searched."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kiemchung.records import ReadRecord

# the database and reading stacks are imported by the commands that use them (a search needs no PDF library)
if TYPE_CHECKING:
    from corpus.repository import Corpus
    from corpus.search import SearchResponse
    from kiemchung.pipeline import Stage

console = Console()
err_console = Console(stderr=True)


@dataclass
class IngestSummary:
    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    records: int = 0
    pages: int = 0
    ocr_pages: int = 0
    flags: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "skipped": self.skipped, "pages": self.pages,
            "ocr_pages": self.ocr_pages, "flags": dict(sorted(self.flags.items())), "failures": self.failures,
        }  # fmt: skip

    def count(self, record: ReadRecord) -> None:
        self.records += 1
        self.pages += len(record.pages)
        self.ocr_pages += sum(1 for page in record.pages if page.source == "ocr")
        self.flags.update(flag.code for flag in getattr(record, "flags", []))
        if record.errors:
            reasons = "; ".join(f"{error.code}: {error.message}" for error in record.errors)
            self.failures.append({"file": record.file, "status": record.status, "errors": reasons})


def open_corpus() -> Corpus:
    """The corpus the settings name; an unreachable database is bad usage with a clear message (exit 2)."""
    from sqlalchemy.exc import OperationalError

    from corpus.repository import Corpus
    from kiemchung.cli import load_settings

    settings = load_settings()
    try:
        return Corpus.open(settings)
    except OperationalError as error:
        err_console.print(
            f"[red]Cannot open the database {settings.effective_database_url}:[/red] {error.orig}"
        )
        raise typer.Exit(2) from error


@contextmanager
def opened_corpus() -> Iterator[Corpus]:
    """The corpus for one command, closed afterwards; an export/import problem becomes a message and exit 2."""
    from corpus.transfer import TransferError

    corpus = open_corpus()
    try:
        yield corpus
    except TransferError as error:
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    finally:
        corpus.close()


def input_names(paths: list[Path]) -> tuple[list[Path], dict[Path, str]]:
    """Files to ingest and the names they are filed under: relative to the folder given, or the file name."""
    from ingest.reader import expand_paths

    files: list[Path] = []
    names: dict[Path, str] = {}
    for path in paths:
        found = expand_paths([path])
        for file in found:
            names[file] = str(file.relative_to(path)) if path.is_dir() else file.name
        files.extend(found)
    return files, names


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
    files, names = input_names(paths)
    if not files:
        err_console.print("No input files found.")
        raise typer.Exit(2)
    summary = run_ingest(files, names, unit, year, framework_id, quiet=json_output)
    _print_ingest_summary(summary, unit, year, json_output)


def run_ingest(
    files: list[Path],
    names: dict[Path, str],
    unit: str,
    year: int,
    framework_id: str | None,
    quiet: bool = False,
    on_record: Callable[[ReadRecord], None] | None = None,
) -> IngestSummary:
    """The ingest job: read, extract (and match) each file, store original and record, with a progress bar."""
    from corpus.repository import Versions
    from extract.extractor import EXTRACTOR_VERSION
    from kiemchung.cli import load_settings, match_stage
    from kiemchung.pipeline import STAGES, process_paths

    settings = load_settings()
    stages: list[Stage] = [*STAGES, match_stage(framework_id, year)] if framework_id else list(STAGES)
    corpus = open_corpus()
    versions = Versions(extractor=EXTRACTOR_VERSION, framework_id=framework_id)
    submission_id = corpus.submission(unit, year, framework_id)
    done = corpus.current_hashes(submission_id, versions)
    summary = IngestSummary(files=len(files))
    sizes: dict[str, int] = {}

    def admit(name: str, sha256: str, data: bytes) -> bool:
        if sha256 in done:
            summary.skipped += 1
            return False
        corpus.store.put(data, sha256)
        sizes[sha256] = len(data)
        return True

    try:
        with _progress(quiet) as progress:
            task = progress.add_task("Đang xử lý", total=len(files))
            for record in process_paths(files, settings, stages, keep_words=True, names=names, admit=admit):
                _save(corpus, submission_id, record, sizes, versions, summary)
                if on_record is not None:
                    on_record(record)
                progress.update(task, completed=_handled(summary), total=max(len(files), _handled(summary)))
            progress.update(task, completed=_handled(summary), total=_handled(summary))
    except KeyboardInterrupt:
        err_console.print(
            "Interrupted: every document saved so far is whole; run the same command to finish."
        )
        raise typer.Exit(130) from None
    finally:
        corpus.close()
    return summary


def _handled(summary: IngestSummary) -> int:
    return summary.records + summary.skipped


def _save(
    corpus: Corpus,
    submission_id: int,
    record: ReadRecord,
    sizes: dict[str, int],
    versions: Any,
    summary: IngestSummary,
) -> None:
    summary.count(record)
    if record.sha256 is None or record.sha256 not in sizes:
        return  # nothing was read (missing, too large, bad archive member): reported, nothing to keep
    outcome = corpus.save(submission_id, record, sizes[record.sha256], versions)
    setattr(summary, outcome.value, getattr(summary, outcome.value) + 1)


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=quiet, transient=False,
    )  # fmt: skip


def _print_ingest_summary(summary: IngestSummary, unit: str, year: int, json_output: bool) -> None:
    if json_output:
        print(json.dumps({"unit": unit, "year": year, **summary.as_dict()}, ensure_ascii=False))
        return
    console.print(
        f"{unit}, năm {year}: {summary.files} tệp đầu vào — {summary.created} văn bản mới, {summary.updated} cập nhật, "
        f"{summary.unchanged + summary.skipped} đã có; {summary.pages} trang ({summary.ocr_pages} trang OCR), "
        f"{len(summary.failures)} tệp có lỗi"
    )
    if summary.flags:
        console.print("Cảnh báo: " + ", ".join(f"{code} ×{n}" for code, n in sorted(summary.flags.items())))
    if summary.failures:
        table = Table(title="Tệp có lỗi")
        for column in ("Tệp", "Trạng thái", "Lỗi"):
            table.add_column(column)
        for failure in summary.failures:
            table.add_row(failure["file"], failure["status"], failure["errors"])
        console.print(table)


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
    from corpus.search import SearchFilters
    from corpus.search import search as run_search

    filters = SearchFilters(
        doc_type=doc_type, issuer=issuer, unit=unit, year=year, limit=limit,
        date_from=_parse_date(date_from, "--from"), date_to=_parse_date(date_to, "--to"),
    )  # fmt: skip
    with opened_corpus() as corpus, corpus.engine.connect() as connection:
        response = run_search(connection, query, filters)
    if json_output:
        print(response.model_dump_json())
    else:
        _print_search(response)


def print_search_example(query: str) -> None:
    """What `kiemchung search` prints, for the demo."""
    from corpus.search import SearchFilters
    from corpus.search import search as run_search

    console.print(f"\n$ kiemchung search {query!r}")
    with opened_corpus() as corpus, corpus.engine.connect() as connection:
        _print_search(run_search(connection, query, SearchFilters(limit=3)))


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"{value!r} is not a date like 2025-03-19", param_hint=option) from error


def _print_search(response: SearchResponse) -> None:
    from corpus.fulltext import COUNT_CAP

    more = "+" if response.total >= COUNT_CAP else ""
    console.print(f"{response.total}{more} kết quả cho «{response.query}»")
    for result in response.results:
        title = " ".join(part for part in (result.doc_type, result.number) if part) or result.file
        when = result.issue_date.strftime("%d/%m/%Y") if result.issue_date else "—"
        console.print(f"[bold]{title}[/bold] ngày {when} — {result.issuer or '—'}", highlight=False)
        if result.subject:
            console.print(f"  {result.subject}", highlight=False, markup=False)
        snippet = result.snippet.replace("[", r"\[").replace("«", "[yellow]").replace("»", "[/yellow]")
        console.print(f"  [dim]{result.unit} {result.year} · {result.file}[/dim]  {snippet}", highlight=False)


def export(
    target: Path = typer.Argument(..., help="The archive to write (.zip)."),
    unit: str = typer.Option(..., "--unit", help="The unit to export."),
    year: int = typer.Option(..., "--year", help="The assessment year to export."),
) -> None:
    """Write one unit-year (originals, records, matches, flags, review decisions, history) as one ZIP."""
    from corpus.transfer import export_submission

    with opened_corpus() as corpus:
        count = export_submission(corpus, unit, year, target)
    console.print(f"Đã xuất {count} văn bản của {unit}, năm {year} vào {target}")


def import_(source: Path = typer.Argument(..., help="An archive written by `kiemchung export`.")) -> None:
    """Read a unit-year exported by `kiemchung export`; documents already present are left as they are."""
    from corpus.transfer import import_submission

    with opened_corpus() as corpus:
        unit, year, added, present = import_submission(corpus, source)
    console.print(f"{unit}, năm {year}: {added} văn bản mới, {present} đã có")


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(search)
    app.command()(export)
    app.command(name="import")(import_)
