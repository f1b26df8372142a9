"""A generated unit with planted faults, for bench/matcher.py: every fault is known by construction."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.model import OfficialDocument
from matcher import Framework

HEADINGS = {"Quyết định": "QUYẾT ĐỊNH", "Kế hoạch": "KẾ HOẠCH", "Báo cáo": "BÁO CÁO", "Thông báo": "THÔNG BÁO",
            "Kết luận": "KẾT LUẬN", "Công văn": None, "Hướng dẫn": "HƯỚNG DẪN", "Tờ trình": "TỜ TRÌNH"}  # fmt: skip
ABBREVIATIONS = {"Quyết định": "QĐ", "Kế hoạch": "KH", "Báo cáo": "BC", "Thông báo": "TB", "Kết luận": "KL",
                 "Hướng dẫn": "HD", "Tờ trình": "TTr"}  # fmt: skip


def _document(number: int, doc_type: str, subject: str, issued: date) -> OfficialDocument:
    symbol = f"{ABBREVIATIONS[doc_type]}-UBND" if doc_type in ABBREVIATIONS else "UBND-VP"
    return OfficialDocument(
        parent_issuer="ỦY BAN NHÂN DÂN", issuer="TỈNH LAI CHÂU", number=f"{number}/{symbol}", place="Lai Châu",
        issue_date=issued, doc_type=HEADINGS.get(doc_type), subject=subject, body=["Nội dung văn bản."],
        signer="Nguyễn Văn A", signer_capacity=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    )  # fmt: skip


def plant(folder: Path, framework: Framework, year: int, every: int = 3) -> dict[str, set[str]]:
    """Write one document for every `every`-th leaf criterion, then plant faults; return the expected flags:
    code -> files (document flags) or criterion codes (evidence.gap)."""
    leaves = [c for c in framework.walk() if not c.children and c.evidence and c.evidence.doc_types]
    covered = leaves[::every]
    expected: dict[str, set[str]] = {code: set() for code in
                                     ("evidence.gap", "date.impossible", "date.outside_period", "document.duplicate",
                                      "date.after_deadline")}  # fmt: skip
    expected["evidence.gap"] = {c.code for c in leaves} - {c.code for c in covered}
    for index, criterion in enumerate(covered):
        assert criterion.evidence is not None
        document = _document(100 + index, criterion.evidence.doc_types[0], criterion.title, date(year, 5, 10))
        name = f"{criterion.code}.docx"
        if index % 7 == 1:
            document = replace(document, issue_date=date(3020, 3, 6))  # the real typo, year 3020
            expected["date.impossible"].add(name)
        elif index % 7 == 3:
            document = replace(document, issue_date=date(year - 2, 5, 10))
            expected["date.outside_period"].add(name)
        (folder / name).write_bytes(render_docx(document))
        if index % 7 == 5:
            shutil.copy(folder / name, folder / f"ban-sao-{name}")
            expected["document.duplicate"].add(f"ban-sao-{name}")
    report = _document(900, "Báo cáo", f"Công tác cải cách hành chính quý I năm {year}", date(year, 4, 5))
    (folder / "bao-cao-quy-1-muon.docx").write_bytes(render_docx(report))
    expected["date.after_deadline"].add("bao-cao-quy-1-muon.docx")
    return expected
