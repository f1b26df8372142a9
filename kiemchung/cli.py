"""The `kiemchung` command. Errors become output here, once; records carry Vietnamese messages."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from kiemchung import __version__
from kiemchung.records import ReadRecord, Status
from kiemchung.settings import Settings

# the reading and extraction stack (PDF, OCR, image libraries) is imported by the commands that read files, so
# `version`, `search` and `framework` start without it
if TYPE_CHECKING:
    from extract import ExtractRecord
    from kiemchung.pipeline import Stage
    from matcher.check import CheckReport
    from matcher.stage import MatchStage

app = typer.Typer(
    help="Kiểm Chứng: read and check PAR Index evidence documents.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


def _register_subcommands() -> None:
    from kiemchung.cli_corpus import register
    from kiemchung.cli_framework import framework_app

    app.add_typer(framework_app, name="framework")
    register(app)


class FailOn(StrEnum):
    error = "error"
    warning = "warning"


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        err_console.print(f"[red]Invalid KIEMCHUNG_ setting:[/red] {error}")
        raise typer.Exit(2) from error


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress to stderr.")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr)


@app.command()
def version() -> None:
    """Print the version."""
    console.print(__version__)


def run_per_file(
    paths: list[Path],
    emit: Callable[[ReadRecord], None],
    stages: Sequence[Stage] = (),
    keep_words: bool = False,
) -> list[ReadRecord]:
    """The shared shape of per-file commands: expand, process, emit each record as it comes, exit 2 when
    there was nothing to read at all."""
    from ingest.reader import expand_paths
    from kiemchung.pipeline import process_paths

    settings = load_settings()
    files = expand_paths(paths)
    if not files:
        err_console.print("No input files found.")
        raise typer.Exit(2)
    records = []
    for record in process_paths(files, settings, stages=stages, keep_words=keep_words):
        records.append(record)
        emit(record)
    if all(any(e.code == "input.not_found" for e in record.errors) for record in records):
        raise typer.Exit(2)
    return records


def write_line(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@app.command()
def read(
    paths: list[Path] = typer.Argument(..., help="Files, folders or ZIP archives to read."),
    json_output: bool = typer.Option(False, "--json", help="One JSON object per file (JSON Lines)."),
    words: bool = typer.Option(False, "--words", help="Include OCR word boxes in the JSON output."),
    fail_on: FailOn | None = typer.Option(None, "--fail-on", help="Exit 1 when a file has errors."),
) -> None:
    """Read files into pages of text (text layer, DOCX, plain text or OCR)."""

    def emit(record: ReadRecord) -> None:
        if json_output:
            write_line(record.json_line(words=words))
        else:
            print_read_record(record)

    records = run_per_file(paths, emit, keep_words=words)
    if fail_on is not None and any(record.errors for record in records):
        raise typer.Exit(1)


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files, folders or ZIP archives."),
    json_output: bool = typer.Option(False, "--json", help="One JSON object per file (JSON Lines)."),
    fail_on: FailOn | None = typer.Option(None, "--fail-on", help="Exit 1 on error (or warning) flags."),
) -> None:
    """Read each document's number, type, date, issuer, subject, signer and citations, with evidence and flags."""
    from extract import ExtractRecord
    from kiemchung.pipeline import STAGES

    def emit(record: ReadRecord) -> None:
        assert isinstance(record, ExtractRecord)
        if json_output:
            write_line(record.extract_json())
        else:
            print_extract_record(record)

    # word confidences tell a handwritten number from a printed one; the output leaves the boxes out
    records = run_per_file(paths, emit, stages=STAGES, keep_words=True)
    if fail_on is not None and any(
        _fails(record, fail_on) for record in records if isinstance(record, ExtractRecord)
    ):
        raise typer.Exit(1)


def match_stage(framework_id: str, year: int | None) -> MatchStage:
    """The matching stage for a framework id; an unknown or broken framework is bad usage (exit 2)."""
    from matcher import FrameworkError, load_framework
    from matcher.stage import MatchStage

    settings = load_settings()
    try:
        framework = load_framework(framework_id, settings.data_dir)
    except FrameworkError as error:
        err_console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from error
    return MatchStage(framework, settings.match_threshold, year)


@app.command()
def match(
    paths: list[Path] = typer.Argument(..., help="Files, folders or ZIP archives."),
    framework_id: str = typer.Option(
        ..., "--framework", help="Framework id (see `kiemchung framework list`)."
    ),
    year: int | None = typer.Option(None, "--year", help="Assessment year (default: each document's year)."),
    json_output: bool = typer.Option(False, "--json", help="One JSON object per file (JSON Lines)."),
) -> None:
    """Rank the criteria each document supports, with the reason for each."""
    from kiemchung.pipeline import STAGES
    from matcher.stage import MatchRecord

    stage = match_stage(framework_id, year)

    def emit(record: ReadRecord) -> None:
        assert isinstance(record, MatchRecord)
        if json_output:
            write_line(record.model_dump_json(exclude={"pages"}))
            return
        print_extract_record(record)
        for found in record.criteria:
            console.print(f"  [cyan]{found.code}[/cyan] {found.score:.2f} — {found.reason}", highlight=False)

    run_per_file(paths, emit, stages=[*STAGES, stage], keep_words=True)


@app.command()
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
    from kiemchung.pipeline import STAGES
    from matcher import FrameworkError
    from matcher.check import build_report
    from matcher.selfassess import read_claims
    from matcher.stage import MatchRecord

    stage = match_stage(framework_id, year)
    framework = stage.framework
    claims = None
    if self_assessment is not None:
        try:
            claims = read_claims(self_assessment, unit)
        except (FrameworkError, OSError) as error:
            err_console.print(f"[red]{error}[/red]")
            raise typer.Exit(2) from error
    records = run_per_file([folder], lambda record: None, stages=[*STAGES, stage], keep_words=True)
    matched = [record for record in records if isinstance(record, MatchRecord)]
    root = folder if folder.is_dir() else folder.parent
    report = build_report(matched, framework, year, unit, root, claims)
    if json_output:
        write_line(report.model_dump_json())
    else:
        print_check_report(report)
    if xlsx is not None:
        from matcher.xlsx import write_xlsx

        write_xlsx(report, xlsx)
        err_console.print(f"Wrote {xlsx}")
    severities = {"error"} if fail_on is FailOn.error else {"error", "warning"}
    if fail_on is not None and any(
        code_severity(code) in severities for code in report.summary.flags_by_code
    ):
        raise typer.Exit(1)


def code_severity(code: str) -> str:
    from kiemchung.flags import FLAG_DEFINITIONS

    return FLAG_DEFINITIONS[code][0].value if code in FLAG_DEFINITIONS else "error"


def print_check_report(report: CheckReport) -> None:
    colours = {
        "covered": "green",
        "gap": "red",
        "flagged": "yellow",
        "survey": "blue",
        "not_applicable": "dim",
    }
    table = Table(title=f"Ma trận tài liệu kiểm chứng — {report.framework}, năm {report.year}")
    for column in ("Mã", "Tiêu chí", "Điểm", "Tự chấm", "Trạng thái", "Tài liệu", "Cảnh báo"):
        table.add_column(column)
    for item in report.criteria:
        colour = colours.get(item.status, "white")
        files = ", ".join(evidence.file for evidence in item.evidence[:3])
        claimed = "" if item.claimed_points is None else f"{item.claimed_points:g}"
        table.add_row(item.code, item.title, f"{item.max_points:g}", claimed, f"[{colour}]{item.status}[/{colour}]",
                      files, ", ".join(sorted({flag.code for flag in item.flags})))  # fmt: skip
    console.print(table)
    every_flag = [flag for item in report.criteria for flag in item.flags] + report.flags
    for flag in (flag for flag in every_flag if flag.code.startswith(("citation.", "claim."))):
        source = f" — {flag.text[:120]}" if flag.text else ""
        console.print(f"[yellow]{flag.criterion}[/yellow] {flag.message}{source}", highlight=False)
    summary = report.summary
    console.print(
        f"{summary.criteria_total} tiêu chí: {summary.covered} đủ, {summary.gaps} thiếu, {summary.flagged} có cảnh báo; "
        f"điểm có nguy cơ mất: {summary.points_at_risk:g}/{summary.points_max:g}"
        + ("" if summary.points_claimed is None else f"; điểm tự chấm: {summary.points_claimed:g}")
    )


def _fails(record: ExtractRecord, fail_on: FailOn) -> bool:
    severities = {"error"} if fail_on is FailOn.error else {"error", "warning"}
    return bool(record.errors) or any(flag.severity.value in severities for flag in record.flags)


def print_extract_record(record: ExtractRecord) -> None:
    colour = {Status.ok: "green", Status.partial: "yellow", Status.failed: "red"}[record.status]
    console.rule(f"[bold]{record.file}[/bold]  [{colour}]{record.status}[/{colour}]")
    table = Table(show_header=False, box=None)
    labels = {
        "number": "Số, ký hiệu",
        "doc_type": "Loại văn bản",
        "place": "Địa danh",
        "issue_date": "Ngày ban hành",
    }
    for field, label in labels.items():
        value = getattr(record, field)
        evidence = record.evidence.get(field)
        source = f"trang {evidence.page}: {evidence.text}" if evidence else ""
        table.add_row(label, "—" if value is None else str(value), source)
    console.print(table)
    for flag in record.flags:
        colour = "red" if flag.severity == "error" else "yellow"
        console.print(f"[{colour}]{flag.code}[/{colour}]: {flag.message}", highlight=False)
    for error in record.errors:
        console.print(f"[red]{error.code}[/red]: {error.message}", highlight=False)


def print_read_record(record: ReadRecord) -> None:
    colour = {Status.ok: "green", Status.partial: "yellow", Status.failed: "red"}[record.status]
    console.rule(f"[bold]{record.file}[/bold]  [{colour}]{record.status}[/{colour}]")
    for page in record.pages:
        confidence = "" if page.ocr_confidence is None else f", độ tin cậy OCR {page.ocr_confidence:.0%}"
        console.print(f"[cyan]— trang {page.number} ({page.source}{confidence})[/cyan]")
        console.print(page.text, markup=False, highlight=False)
    for error in record.errors:
        where = f" trang {error.page}" if error.page else ""
        console.print(f"[red]{error.code}[/red]{where}: {error.message}", markup=True, highlight=False)


def print_summary(records: list[ReadRecord]) -> None:
    table = Table(title="Kết quả đọc hồ sơ")
    for column in ("Tệp", "Trạng thái", "Trang", "Nguồn chữ", "Tin cậy OCR", "Lỗi"):
        table.add_column(column)
    for record in records:
        sources = sorted({page.source.value for page in record.pages})
        confidences = [p.ocr_confidence for p in record.pages if p.ocr_confidence is not None]
        confidence = f"{sum(confidences) / len(confidences):.0%}" if confidences else ""
        errors = "; ".join(error.code for error in record.errors)
        table.add_row(
            record.file, record.status.value, str(len(record.pages)), ",".join(sources), confidence, errors
        )
    console.print(table)


@app.command()
def demo(
    folder: Path | None = typer.Option(
        None, help="Where to write the sample submission (default: data dir)."
    ),
) -> None:
    """Generate the bundled sample submission, ingest it into the corpus (SQLite by default) and search it."""
    from extract import ExtractRecord
    from kiemchung.cli_corpus import print_search_example, run_ingest
    from kiemchung.specimens.sample import write_sample_submission

    settings = load_settings()
    target = folder or settings.data_dir / "sample-submission"
    written = write_sample_submission(target)
    console.print(f"Sample submission: {target} ({len(written)} files)")
    console.print(f"Corpus: {settings.effective_database_url}")
    names = {path: path.name for path in written}
    records: list[ReadRecord] = []
    summary = run_ingest(written, names, DEMO_UNIT, 2025, "tinh-2025", on_record=records.append)
    for record in records:
        print_read_record(record)
    if records:
        print_summary(records)
        print_metadata_summary([record for record in records if isinstance(record, ExtractRecord)])
    else:
        console.print(f"All {summary.skipped} documents were already in the corpus from an earlier run.")
    print_search_example("kế hoạch cải cách hành chính")


DEMO_UNIT = "Sở Nội vụ tỉnh Lai Châu (hồ sơ mẫu)"


def print_metadata_summary(records: list[ExtractRecord]) -> None:
    table = Table(title="Thông tin văn bản")
    for column in ("Tệp", "Số, ký hiệu", "Loại", "Ngày", "Cơ quan ban hành", "Cảnh báo"):
        table.add_column(column)
    for record in records:
        flags = ", ".join(flag.code for flag in record.flags)
        table.add_row(record.file, record.number or "—", record.doc_type or "—",
                      str(record.issue_date or "—"), record.issuer or "—", flags)  # fmt: skip
    console.print(table)


_register_subcommands()
