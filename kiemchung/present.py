"""How records look in a terminal, in Vietnamese: what an official reads (codes stay in the JSON output).

Every text that came from a file or a user (names, page text, metadata, messages quoting them) is printed through
`shown` (in markup) or `terminal_text` (plain): control and escape sequences are made visible, never obeyed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from kiemchung.cli_common import console, shown, terminal_text
from model.flags import SEVERITY_LABELS, Flag, flag_title
from model.records import ExtractRecord, MatchRecord, ReadRecord, Reference, Status
from model.report import STATE_LABELS, CheckReport
from model.vietnamese import vn_number

if TYPE_CHECKING:
    from corpus.search import SearchResponse
    from service.ingest import IngestSummary

STATUS_LABELS = {Status.ok: "đọc tốt", Status.partial: "đọc được một phần", Status.failed: "không đọc được"}
STATUS_COLOURS = {Status.ok: "green", Status.partial: "yellow", Status.failed: "red"}
STATE_COLOURS = {
    "covered": "green",
    "gap": "red",
    "flagged": "yellow",
    "survey": "blue",
    "not_applicable": "dim",
}
SOURCE_LABELS = {
    "text": "lớp chữ PDF",
    "ocr": "nhận dạng chữ (OCR)",
    "docx": "DOCX",
    "plain": "văn bản thuần",
}
FIELD_LABELS = {
    "number": "Số, ký hiệu", "doc_type": "Loại văn bản", "place": "Địa danh", "issue_date": "Ngày ban hành",
    "issuer": "Cơ quan ban hành", "parent_issuer": "Cơ quan chủ quản", "subject": "Trích yếu",
    "signer_title": "Thẩm quyền ký", "signer": "Người ký",
}  # fmt: skip


def _rule(record: ReadRecord) -> None:
    colour = STATUS_COLOURS[record.status]
    console.rule(f"[bold]{shown(record.file)}[/bold]  [{colour}]{STATUS_LABELS[record.status]}[/{colour}]")


def _flag_line(flag: Flag) -> str:
    colour = "red" if flag.severity == "error" else "yellow"
    where = f" (trang {flag.page})" if flag.page else ""
    return f"[{colour}]{SEVERITY_LABELS[flag.severity]} — {flag_title(flag.code)}[/{colour}]{where}: {shown(flag.message)}"


def print_read_record(record: ReadRecord) -> None:
    _rule(record)
    for page in record.pages:
        confidence = "" if page.ocr_confidence is None else f", độ tin cậy OCR {page.ocr_confidence:.0%}"
        source = SOURCE_LABELS.get(page.source.value, page.source.value)
        console.print(f"[cyan]— trang {page.number} ({source}{confidence})[/cyan]")
        console.print(terminal_text(page.text, lines=True), markup=False, highlight=False)
    _print_errors(record)


def _print_errors(record: ReadRecord) -> None:
    for error in record.errors:
        where = f" trang {error.page}" if error.page else ""
        console.print(
            f"[red]Lỗi{where}[/red]: {shown(error.message)} [dim]({error.code})[/dim]", highlight=False
        )


def print_extract_record(record: ExtractRecord) -> None:
    _rule(record)
    table = Table(show_header=False, box=None)
    for field, label in FIELD_LABELS.items():
        value = getattr(record, field)
        if field == "issue_date" and value is not None:
            value = f"{value:%d/%m/%Y}"
        evidence = record.evidence.get(field)
        source = f"[dim]trang {evidence.page}: {shown(evidence.text[:80])}[/dim]" if evidence else ""
        table.add_row(label, "—" if value is None else shown(value), source)
    console.print(table, highlight=False)
    for reference in record.references:
        console.print(f" Văn bản viện dẫn: {shown(_reference_line(reference))}", highlight=False)
    for flag in record.flags:
        console.print(_flag_line(flag), highlight=False)
    _print_errors(record)


def _reference_line(reference: Reference) -> str:
    """`Quyết định 1726/QĐ-UBND ngày 29/12/2022 của Ủy ban nhân dân tỉnh Lai Châu`, with what was read."""
    when = f"ngày {reference.issue_date:%d/%m/%Y}" if reference.issue_date else None
    issuer = f"của {reference.issuer}" if reference.issuer else None
    return " ".join(part for part in (reference.doc_type, reference.number, when, issuer) if part)


def print_match_record(record: MatchRecord) -> None:
    print_extract_record(record)
    for found in record.criteria:
        console.print(
            f"  [cyan]Tiêu chí {found.code}[/cyan] {vn_number(found.score)} — {shown(found.reason)}",
            highlight=False,
        )


def print_check_report(report: CheckReport) -> None:
    unit = shown(report.unit or "(chưa ghi tên đơn vị)")
    table = Table(title=f"Ma trận tài liệu kiểm chứng — {unit}, năm {report.year} ({report.framework})")
    for column in ("Mã", "Tiêu chí", "Điểm", "Tự chấm", "Trạng thái", "Tài liệu", "Cảnh báo"):
        table.add_column(column, overflow="fold")
    for item in report.criteria:
        colour = STATE_COLOURS.get(item.status, "white")
        files = shown(", ".join(evidence.file for evidence in item.evidence[:3]))
        claimed = "" if item.claimed_points is None else vn_number(item.claimed_points, 3)
        flags = "; ".join(
            sorted({flag_title(flag.code) for flag in item.flags if flag.code != "evidence.gap"})
        )
        label = STATE_LABELS.get(item.status, item.status)
        table.add_row(item.code, item.title, vn_number(item.max_points, 3), claimed, f"[{colour}]{label}[/{colour}]",
                      files, flags)  # fmt: skip
    console.print(table)
    # the gaps are the table's red rows; every other finding gets a line with its message and source
    findings = report.flags + [
        flag for item in report.criteria for flag in item.flags if flag.code != "evidence.gap"
    ]
    if findings:
        console.print("[bold]Phát hiện cần xem[/bold]")
    for flag in findings:
        where = shown(" — ".join(part for part in (flag.criterion, flag.file) if part))
        source = f" [dim]«{shown(flag.text[:120])}»[/dim]" if flag.text else ""
        located = f" \\[{where}]" if where else ""
        console.print(f"{_flag_line(flag)}{located}{source}", highlight=False)
    summary = report.summary
    console.print(
        f"{unit}, năm {report.year}: {summary.criteria_total} tiêu chí — {summary.covered} đủ tài liệu, "
        f"{summary.gaps} thiếu, {summary.flagged} có cảnh báo; điểm có nguy cơ mất: "
        f"{vn_number(summary.points_at_risk, 3)}/{vn_number(summary.points_max, 3)}"
        + (
            ""
            if summary.points_claimed is None
            else f"; điểm tự chấm: {vn_number(summary.points_claimed, 3)}"
        ),
        highlight=False,
    )


def print_summary(records: list[ReadRecord]) -> None:
    table = Table(title="Kết quả đọc hồ sơ")
    for column in ("Tệp", "Trạng thái", "Trang", "Nguồn chữ", "Tin cậy OCR", "Lỗi"):
        table.add_column(column)
    for record in records:
        sources = sorted({SOURCE_LABELS.get(page.source.value, page.source.value) for page in record.pages})
        confidences = [p.ocr_confidence for p in record.pages if p.ocr_confidence is not None]
        confidence = f"{sum(confidences) / len(confidences):.0%}" if confidences else ""
        errors = "; ".join(error.code for error in record.errors)
        table.add_row(shown(record.file), STATUS_LABELS[record.status], str(len(record.pages)), ", ".join(sources),
                      confidence, errors)  # fmt: skip
    console.print(table)


def print_metadata_summary(records: list[ExtractRecord]) -> None:
    table = Table(title="Thông tin văn bản")
    for column in ("Tệp", "Số, ký hiệu", "Loại", "Ngày", "Cơ quan ban hành", "Cảnh báo"):
        table.add_column(column)
    for record in records:
        flags = ", ".join(flag_title(flag.code) for flag in record.flags)
        when = f"{record.issue_date:%d/%m/%Y}" if record.issue_date else "—"
        table.add_row(
            shown(record.file),
            shown(record.number or "—"),
            shown(record.doc_type or "—"),
            when,
            shown(record.issuer or "—"),
            flags,
        )
    console.print(table)


def print_ingest_summary(summary: IngestSummary) -> None:
    console.print(
        f"{shown(summary.unit)}, năm {summary.year}: {summary.files} tệp đầu vào — {summary.created} văn bản mới, "
        f"{summary.updated} cập nhật, {summary.unchanged + summary.skipped} đã có; {summary.pages} trang "
        f"({summary.ocr_pages} trang OCR), {len(summary.failures)} tệp có lỗi",
        highlight=False,
    )
    if summary.flags:
        flags = ", ".join(f"{flag_title(code)} ×{n}" for code, n in sorted(summary.flags.items()))
        console.print("Cảnh báo: " + flags, highlight=False)
    if summary.failures:
        table = Table(title="Tệp có lỗi")
        for column in ("Tệp", "Trạng thái", "Lỗi"):
            table.add_column(column)
        for failure in summary.failures:
            table.add_row(
                shown(failure["file"]), STATUS_LABELS[Status(failure["status"])], shown(failure["errors"])
            )
        console.print(table)


def print_search(response: SearchResponse, count_cap: int) -> None:
    more = "+" if response.total >= count_cap else ""
    console.print(f"{response.total}{more} kết quả cho «{shown(response.query)}»", highlight=False)
    for result in response.results:
        title = shown(" ".join(part for part in (result.doc_type, result.number) if part) or result.file)
        when = result.issue_date.strftime("%d/%m/%Y") if result.issue_date else "—"
        console.print(f"[bold]{title}[/bold] ngày {when} — {shown(result.issuer or '—')}", highlight=False)
        if result.subject:
            console.print(f"  {terminal_text(result.subject)}", highlight=False, markup=False)
        snippet = shown(result.snippet).replace("«", "[yellow]").replace("»", "[/yellow]")
        console.print(
            f"  [dim]{shown(result.unit)} {result.year} · {shown(result.file)}[/dim]  {snippet}",
            highlight=False,
        )
