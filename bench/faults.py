"""A generated unit with planted faults, for bench/matcher.py: every fault is known by construction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import docx
import openpyxl

from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.model import OfficialDocument
from matcher import Framework
from matcher.framework import Criterion

HEADINGS = {"Quyết định": "QUYẾT ĐỊNH", "Kế hoạch": "KẾ HOẠCH", "Báo cáo": "BÁO CÁO", "Thông báo": "THÔNG BÁO",
            "Kết luận": "KẾT LUẬN", "Công văn": None, "Hướng dẫn": "HƯỚNG DẪN", "Tờ trình": "TỜ TRÌNH"}  # fmt: skip
CLAIM_CODES = ("citation.not_found", "citation.mismatch", "claim.no_evidence", "claim.over_max")
ABBREVIATIONS = {"Quyết định": "QĐ", "Kế hoạch": "KH", "Báo cáo": "BC", "Thông báo": "TB", "Kết luận": "KL",
                 "Hướng dẫn": "HD", "Tờ trình": "TTr"}  # fmt: skip


# how a document of each type words its subject about a criterion ("BÁO CÁO / Kết quả …"); a criterion's title
# on its own often starts like a body line ("Thực hiện …"), which no real heading is followed by
SUBJECT_LEADS = {"Báo cáo": "Kết quả", "Kế hoạch": "Triển khai", "Quyết định": "Về việc",
                 "Thông báo": "Kết quả", "Kết luận": "Kết luận kiểm tra về", "Tờ trình": "Về việc",
                 "Hướng dẫn": "Hướng dẫn"}  # fmt: skip
BODY = ["Căn cứ chức năng, nhiệm vụ được giao, Ủy ban nhân dân tỉnh thực hiện như sau:", "Nội dung văn bản."]


def subject_for(criterion: Criterion, doc_type: str, year: int) -> str:
    """The subject a unit's document about the criterion would carry: `Kết quả thực hiện kế hoạch CCHC năm
    2025` for a report on 1.1."""
    title = criterion.title.rstrip(".")
    lead = SUBJECT_LEADS.get(doc_type)
    text = f"{lead} {title[:1].lower()}{title[1:]}" if lead else title
    return f"{text} năm {year}"


def _document(number: int, doc_type: str, subject: str, issued: date) -> OfficialDocument:
    symbol = f"{ABBREVIATIONS[doc_type]}-UBND" if doc_type in ABBREVIATIONS else "UBND-VP"
    return OfficialDocument(
        parent_issuer="ỦY BAN NHÂN DÂN", issuer="TỈNH LAI CHÂU", number=f"{number}/{symbol}", place="Lai Châu",
        issue_date=issued, doc_type=HEADINGS.get(doc_type), subject=subject, body=list(BODY),
        signer="Nguyễn Văn A", signer_capacity=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    )  # fmt: skip


MEDIA = ("docx", "scan", "photo")


def written(document: OfficialDocument, medium: str, seed: int) -> tuple[bytes, str]:
    """The document as a unit files it: a DOCX, a scanned image-only PDF (200 dpi, tilted, noisy) or a phone
    photo (JPEG at about 100 dpi, shaded); (bytes, file suffix)."""
    if medium == "docx":
        return render_docx(document), ".docx"
    from kiemchung.specimens.pdf import render_pdf
    from kiemchung.specimens.scan import PHONE_100, SCANNER_200, degrade, rasterize, scan_pdf_bytes, to_jpeg

    pages = rasterize(render_pdf(document), 300)
    if medium == "scan":
        return scan_pdf_bytes([degrade(page, SCANNER_200, 300, seed) for page in pages], 200), ".pdf"
    photo = degrade(pages[0], PHONE_100, 300, seed)
    return to_jpeg(photo, PHONE_100.jpeg_quality or 70, PHONE_100.dpi), ".jpg"


def plant(
    folder: Path, framework: Framework, year: int, every: int = 3, start: int = 0, medium: str = "docx"
) -> dict[str, set[str]]:
    """Write one document for every `every`-th leaf criterion (from the `start`-th), then plant faults; return
    the expected flags: code -> files (document flags) or criterion codes (evidence.gap). A criterion is a gap
    when no document written for it exists: the late quarterly report is written for the periodic-report
    criterion, so that criterion is late, not a gap. `medium`: how every document is filed (`MEDIA`)."""
    leaves = [c for c in framework.walk() if not c.children and c.evidence and c.evidence.doc_types]
    covered = leaves[start::every]
    expected: dict[str, set[str]] = {code: set() for code in
                                     ("evidence.gap", "date.impossible", "date.outside_period", "document.duplicate",
                                      "date.after_deadline")}  # fmt: skip
    for index, criterion in enumerate(covered):
        assert criterion.evidence is not None
        kind = criterion.evidence.doc_types[0]
        document = _document(100 + index, kind, subject_for(criterion, kind, year), date(year, 5, 10))
        if index % 7 == 1:
            document = replace(document, issue_date=date(3020, 3, 6))  # the real typo, year 3020
        elif index % 7 == 3:
            document = replace(document, issue_date=date(year - 2, 5, 10))
        data, suffix = written(document, medium, index)
        name = f"{criterion.code}{suffix}"
        (folder / name).write_bytes(data)
        if index % 7 == 1:
            expected["date.impossible"].add(name)
        elif index % 7 == 3:
            expected["date.outside_period"].add(name)
        if index % 7 == 5:
            # the same paper filed twice: a second scan or photo of it differs in every byte, a DOCX is copied
            again = written(document, medium, index + 1000)[0] if medium != "docx" else data
            (folder / f"ban-sao-{name}").write_bytes(again)
            expected["document.duplicate"].add(f"ban-sao-{name}")
    periodic = [c.code for c in leaves if c.evidence and c.evidence.deadlines]
    report = _document(900, "Báo cáo", f"Công tác cải cách hành chính quý I năm {year}", date(year, 4, 5))
    data, suffix = written(report, medium, 900)
    (folder / f"bao-cao-quy-1-muon{suffix}").write_bytes(data)
    expected["date.after_deadline"].add(f"bao-cao-quy-1-muon{suffix}")
    expected["evidence.gap"] = {c.code for c in leaves} - {c.code for c in covered} - set(periodic)
    return expected


def write_unit(folder: Path, framework: Framework, year: int, count: int = 100) -> None:
    """`count` documents for the leaves in turn (dates spread over the year), for timing a unit's check."""
    leaves = [c for c in framework.walk() if not c.children and c.evidence and c.evidence.doc_types]
    for index in range(count):
        criterion = leaves[index % len(leaves)]
        assert criterion.evidence is not None
        kind = criterion.evidence.doc_types[index // len(leaves) % len(criterion.evidence.doc_types)]
        issued = date(year, 1 + index % 12, 1 + index % 28)
        document = _document(1000 + index, kind, subject_for(criterion, kind, year), issued)
        (folder / f"{index:03d}-{criterion.code}.docx").write_bytes(render_docx(document))


HEADER = ["TT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm chuẩn", "Điểm tự đánh giá",
          "Tài liệu kiểm chứng\n(Số, ký hiệu và ngày ban hành của văn bản, Phụ lục giải trình)"]  # fmt: skip
TableRow = tuple[str, str, float, float | None, str]


def write_table(path: Path, rows: list[TableRow]) -> Path:
    """A self-assessment table in the real layout: DOCX (decimal commas, a small table before it, as reports
    have) or XLSX (a title row, then the header, points as numbers), chosen by the file's suffix."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"])
        sheet.append(HEADER)
        for row in rows:
            sheet.append(list(row))
        workbook.save(str(path))
        return path
    document = docx.Document()
    document.add_paragraph("Phụ lục: KẾT QUẢ TỰ ĐÁNH GIÁ")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "Nơi nhận"
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for code, title, maximum, claimed, evidence in rows:
        values = [code, title, f"{maximum:.2f}".replace(".", ","),
                  "" if claimed is None else f"{claimed:.2f}".replace(".", ","), evidence]  # fmt: skip
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def _citation(doc_type: str, number: int, symbol: str, issued: date | None, subject: str) -> str:
    when = f" ngày {issued.day}/{issued.month}/{issued.year}" if issued else ""
    return f"- {doc_type} số {number}/{symbol}{when} của UBND tỉnh Lai Châu về {subject.rstrip('.')};"


def _covered_row(index: int, criterion: Criterion, year: int, truth: dict[str, set[str]]) -> TableRow:
    """The row of a criterion plant() wrote a document for: cited right, or with one planted difference."""
    assert criterion.evidence is not None
    kind = criterion.evidence.doc_types[0]
    symbol = f"{ABBREVIATIONS[kind]}-UBND" if kind in ABBREVIATIONS else "UBND-VP"
    cited_kind = kind if kind in ABBREVIATIONS else "Công văn"
    issued = None if index % 7 == 1 else date(year - 2, 5, 10) if index % 7 == 3 else date(year, 5, 10)
    number, claimed = 100 + index, criterion.max_points
    if index % 6 == 0:
        claimed += 0.25
        truth["claim.over_max"].add(criterion.code)
    elif index % 6 == 2 and issued:
        issued = issued + timedelta(days=1)
        truth["citation.mismatch"].add(criterion.code)
    elif index % 6 == 4:
        cited_kind = "Báo cáo" if cited_kind != "Báo cáo" else "Kế hoạch"
        truth["citation.mismatch"].add(criterion.code)
    elif index % 6 == 5 and issued:
        number += 50  # the same document (date, type, subject) cited under another number
        truth["citation.mismatch"].add(criterion.code)
    evidence = _citation(cited_kind, number, symbol, issued, subject_for(criterion, kind, year))
    return criterion.code, criterion.title, criterion.max_points, claimed, evidence


def _uncovered_row(index: int, criterion: Criterion, year: int, truth: dict[str, set[str]]) -> TableRow:
    """The row of a criterion without a document: a citation of a file never submitted, points claimed on
    nothing, or (most) no points claimed."""
    if index % 4 == 0:
        truth["citation.not_found"].add(criterion.code)
        evidence = _citation(
            "Báo cáo", 700 + index, "BC-UBND", date(year, 6, 12), "kết quả thực hiện tiêu chí"
        )
        return criterion.code, criterion.title, criterion.max_points, criterion.max_points, evidence
    if index % 4 == 1:
        truth["claim.no_evidence"].add(criterion.code)
        return (
            criterion.code,
            criterion.title,
            criterion.max_points,
            criterion.max_points,
            "Đã thực hiện tốt.",
        )
    return criterion.code, criterion.title, criterion.max_points, 0.0, ""


def plant_self_assessment(path: Path, framework: Framework, year: int, every: int = 3) -> dict[str, set[str]]:
    """Write the self-assessment table of the unit plant() wrote (same `every`), with planted citation and claim
    faults; return code -> criterion codes where each must be flagged."""
    leaves = [c for c in framework.walk() if not c.children and c.evidence and c.evidence.doc_types]
    covered = {c.code: index for index, c in enumerate(leaves[::every])}
    truth: dict[str, set[str]] = {code: set() for code in CLAIM_CODES}
    by_code: dict[str, TableRow] = {}
    for index, criterion in enumerate(c for c in leaves if c.code not in covered):
        by_code[criterion.code] = _uncovered_row(index, criterion, year, truth)
    for criterion in leaves:
        if criterion.code in covered:
            by_code[criterion.code] = _covered_row(covered[criterion.code], criterion, year, truth)
    rows = []
    for criterion in framework.walk():
        if criterion.code in by_code:
            rows.append(by_code[criterion.code])
            continue
        children = [by_code[c.code][3] or 0.0 for c in criterion.walk() if c.code in by_code]
        claimed = min(sum(children), criterion.max_points)  # a parent's claim is its children's, never above
        rows.append((criterion.code, criterion.title, criterion.max_points, round(claimed, 2), ""))
    write_table(path, rows)
    return truth
