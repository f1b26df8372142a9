"""The `kiemchung` command: parses, calls the application layer (service/), prints. No business logic here.

The reading and extraction stack (PDF, OCR, image libraries) is imported by the commands that read files, so
`version`, `search` and `framework` start without it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import typer

from kiemchung import __version__
from kiemchung.cli_common import (
    FailOn,
    app_context,
    console,
    edge,
    err_console,
    progress_bar,
    set_verbose,
    shown,
    write_line,
)
from kiemchung.cli_web import DEMO_UNIT, DEMO_YEAR
from model.errors import ExitCode, UsageError
from model.flags import flag_severity
from model.records import ExtractRecord, MatchRecord, ReadRecord
from service.failures import exit_on_sigterm

app = typer.Typer(
    help="Kiểm Chứng: read and check PAR Index evidence documents.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress to stderr.")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr)
    set_verbose(verbose)
    exit_on_sigterm()  # SIGTERM unwinds like Ctrl-C: temporary folders are removed, saved work stays whole


@app.command()
def version() -> None:
    """Print the version."""
    console.print(__version__)


def _emit_all(records: Iterable[ReadRecord], emit: Callable[[ReadRecord], None]) -> list[ReadRecord]:
    """Print each record as it comes; exit 2 when no input existed at all."""
    from service.documents import nothing_found

    done = []
    for record in records:
        done.append(record)
        emit(record)
    if nothing_found(done):
        raise typer.Exit(int(ExitCode.bad_usage))
    return done


def _fails(record: ReadRecord, fail_on: FailOn) -> bool:
    flags = record.flags if isinstance(record, ExtractRecord) else []
    return bool(record.errors) or any(flag.severity.value in fail_on.severities() for flag in flags)


@app.command()
@edge
def read(
    paths: list[Path] = typer.Argument(..., help="Files, folders or ZIP archives to read."),
    json_output: bool = typer.Option(False, "--json", help="One JSON object per file (JSON Lines)."),
    words: bool = typer.Option(False, "--words", help="Include OCR word boxes in the JSON output."),
    fail_on: FailOn | None = typer.Option(None, "--fail-on", help="Exit 1 when a file has errors."),
) -> None:
    """Read files into pages of text (text layer, DOCX, plain text or OCR)."""
    from kiemchung.present import print_read_record
    from service.documents import read_paths

    def emit(record: ReadRecord) -> None:
        write_line(record.json_line(words=words)) if json_output else print_read_record(record)

    with app_context() as context, progress_bar("Đang đọc") as progress:
        records = _emit_all(read_paths(context, paths, words, progress), emit)
    if fail_on is not None and any(record.errors for record in records):
        raise typer.Exit(int(ExitCode.findings))


@app.command()
@edge
def extract(
    paths: list[Path] = typer.Argument(..., help="Files, folders or ZIP archives."),
    json_output: bool = typer.Option(False, "--json", help="One JSON object per file (JSON Lines)."),
    fail_on: FailOn | None = typer.Option(None, "--fail-on", help="Exit 1 on error (or warning) flags."),
) -> None:
    """Read each document's number, type, date, issuer, subject, signer and citations, with evidence and flags."""
    from kiemchung.present import print_extract_record
    from service.documents import extract_paths

    def emit(record: ReadRecord) -> None:
        assert isinstance(record, ExtractRecord)
        write_line(record.extract_json()) if json_output else print_extract_record(record)

    with app_context() as context, progress_bar("Đang đọc") as progress:
        records = _emit_all(extract_paths(context, paths, progress), emit)
    if fail_on is not None and any(_fails(record, fail_on) for record in records):
        raise typer.Exit(int(ExitCode.findings))


@app.command()
@edge
def match(
    paths: list[Path] = typer.Argument(..., help="Files, folders or ZIP archives."),
    framework_id: str = typer.Option(
        ..., "--framework", help="Framework id (see `kiemchung framework list`)."
    ),
    year: int | None = typer.Option(None, "--year", help="Assessment year (default: each document's year)."),
    json_output: bool = typer.Option(False, "--json", help="One JSON object per file (JSON Lines)."),
) -> None:
    """Rank the criteria each document supports, with the reason for each."""
    from kiemchung.present import print_match_record
    from service.documents import match_paths

    def emit(record: ReadRecord) -> None:
        assert isinstance(record, MatchRecord)
        write_line(record.model_dump_json(exclude={"pages"})) if json_output else print_match_record(record)

    with app_context() as context, progress_bar("Đang đọc") as progress:
        _emit_all(match_paths(context, paths, framework_id, year, progress), emit)


@app.command()
@edge
def check(
    folder: Path = typer.Argument(..., help="A unit's evidence folder (or ZIP)."),
    framework_id: str = typer.Option(
        ..., "--framework", help="Framework id (see `kiemchung framework list`)."
    ),
    year: int = typer.Option(..., "--year", help="Assessment year."),
    unit: str | None = typer.Option(None, "--unit", help="Unit name, for the report."),
    json_output: bool = typer.Option(False, "--json", help="One JSON document."),
    xlsx: Path | None = typer.Option(
        None, "--xlsx", help="Also write the matrix as an appraisal sheet (XLSX)."
    ),
    fail_on: FailOn | None = typer.Option(None, "--fail-on", help="Exit 1 on error (or warning) flags."),
    self_assessment: Path | None = typer.Option(
        None, "--self-assessment", help="The unit's self-assessment table (DOCX or XLSX) to cross-check."
    ),
) -> None:
    """The evidence matrix of a unit for a year: which criteria are covered, which are gaps, and why."""
    from kiemchung.present import print_check_report
    from service.archive import check_output_path
    from service.check import check_folder, write_check_sheet

    if xlsx is not None:
        check_output_path(xlsx)
    if not folder.exists():
        raise UsageError("usage.no_input", str(folder), stage="cli")
    with app_context() as context:
        with progress_bar("Đang đọc hồ sơ") as progress:
            report = check_folder(context, folder, framework_id, year, unit, self_assessment, progress)
        write_line(report.model_dump_json()) if json_output else print_check_report(report)
        if xlsx is not None:
            write_check_sheet(context, report, xlsx)
            err_console.print(f"Đã ghi {shown(xlsx)}", highlight=False)
    if fail_on is not None and any(
        flag_severity(code).value in fail_on.severities() for code in report.summary.flags_by_code
    ):
        raise typer.Exit(int(ExitCode.findings))


@app.command()
@edge
def demo(
    folder: Path | None = typer.Option(
        None, help="Where to write the sample submission (default: data dir)."
    ),
) -> None:
    """Render the bundled sample submission, ingest it into the corpus (SQLite by default), print what was read,
    search the archive once, and end with the unit's evidence matrix as a council member reads it (gaps, flags,
    points at risk) and the line that starts the review UI."""
    from corpus.db import mask_url
    from kiemchung.cli_common import unix_actor
    from kiemchung.cli_corpus import print_search_example
    from kiemchung.present import print_check_report, print_metadata_summary, print_summary
    from kiemchung.specimens.sample import write_sample_submission
    from service.check import check_submission
    from service.ingest import ingest_paths

    with app_context() as context:
        target = folder or context.settings.data_dir / "sample-submission"
        written = write_sample_submission(target)
        console.print(f"Hồ sơ mẫu: {target} ({len(written)} tệp)")
        console.print(f"Kho lưu trữ: {mask_url(context.settings.effective_database_url)}")
        records: list[ReadRecord] = []
        with progress_bar("Đang xử lý") as progress:
            summary = ingest_paths(context, [target], DEMO_UNIT, DEMO_YEAR, DEMO_FRAMEWORK, unix_actor(),
                                   progress, on_record=records.append)  # fmt: skip
        if records:
            print_summary(records)
            print_metadata_summary([record for record in records if isinstance(record, ExtractRecord)])
        else:
            console.print(f"Cả {summary.skipped} văn bản đã có trong kho từ lần chạy trước.")
        print_search_example(context, "kế hoạch cải cách hành chính")
        console.print()
        print_check_report(check_submission(context, DEMO_UNIT, DEMO_YEAR))  # the main job comes last
    console.print(
        "\nGiao diện thẩm định trên cùng dữ liệu: [bold]uv run kiemchung serve[/bold] (rồi mở http://127.0.0.1:8000/)"
    )


DEMO_FRAMEWORK = "tinh-2025"


def _register_subcommands() -> None:
    from kiemchung import cli_corpus, cli_web, cli_worker
    from kiemchung.cli_framework import framework_app

    app.add_typer(framework_app, name="framework")
    cli_corpus.register(app)
    cli_web.register(app)
    cli_worker.register(app)


_register_subcommands()
