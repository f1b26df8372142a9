"""Evidence that counts: unsigned electronic files, drafts and copies (the validity stage after extraction).

Documents are made here: Word files with python-docx (a draft mark, tracked changes, a comment), PDFs with a
copy block in the Nghị định 30 layout; each goes through reading, extraction and the validity stage."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ingest import FileReader
from kiemchung.specimens.fonts import find_font
from model.records import ExtractRecord
from model.settings import Settings
from service.pipeline import STAGES, run_stages

HEADER = ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số: 125/BC-SNV", "Lâm Đồng, ngày 10 tháng 3 năm 2025"]
BODY = [
    "BÁO CÁO",
    "Kết quả cải cách hành chính quý I năm 2025",
    "Sở Nội vụ báo cáo kết quả thực hiện như sau.",
]
SIGNER = ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]


def make_docx(lines: list[str], tracked: bool = False, comment: bool = False) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if tracked:
        inserted = b'<w:ins w:id="1" w:author="Chuyen vien"><w:r><w:t>x</w:t></w:r></w:ins><w:r>'
        data = _rewrite(data, "word/document.xml", lambda xml: xml.replace(b"<w:r>", inserted, 1))
    if comment:
        comments = (
            b'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="http://schemas.openxmlformats.org/'
            b'wordprocessingml/2006/main"><w:comment w:id="0" w:author="Lanh dao"><w:p><w:r><w:t>Sua lai'
            b"</w:t></w:r></w:p></w:comment></w:comments>"
        )
        data = _rewrite(data, "word/comments.xml", lambda _: comments)
    return data


def _rewrite(data: bytes, name: str, change) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.namelist():
            if item != name:
                target.writestr(item, source.read(item))
        target.writestr(name, change(source.read(name) if name in source.namelist() else b""))
    return out.getvalue()


def make_pdf(pages: list[list[str]]) -> bytes:
    pdfmetrics.registerFont(TTFont("EvidenceSerif", str(find_font("DejaVuSerif").regular)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    for lines in pages:
        canvas.setFont("EvidenceSerif", 12)
        y = A4[1] - 60
        for line in lines:
            canvas.drawString(70, y, line)
            y -= 18
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def checked(data: bytes, name: str, tmp_path: Path) -> ExtractRecord:
    path = tmp_path / name
    path.write_bytes(data)
    with FileReader(Settings(data_dir=tmp_path / "data", ocr_threads=1)) as reader:
        (record,) = reader.read_paths([path])
    result = run_stages(record, STAGES)
    assert isinstance(result, ExtractRecord)
    return result


def codes(record: ExtractRecord) -> list[str]:
    return [flag.code for flag in record.flags]


def test_an_issued_word_file_is_not_signed_evidence(tmp_path: Path) -> None:
    record = checked(make_docx(HEADER + BODY + SIGNER), "bao-cao.docx", tmp_path)
    assert record.number == "125/BC-SNV" and record.signer == "Nguyễn Văn An"
    assert codes(record) == ["evidence.not_signed"]
    assert "Word" in record.flags[0].message and record.draft_marks is None


@pytest.mark.parametrize(
    ("mark", "tracked", "comment", "reason"),
    [
        ("DỰ THẢO", False, False, 'có dấu "DỰ THẢO"'),
        ("(Dự thảo lần 2)", False, False, 'có dấu "Dự thảo lần 2"'),
        (None, True, False, "Track Changes"),
        (None, False, True, "comment"),
    ],
)
def test_drafts_say_why(mark: str | None, tracked: bool, comment: bool, reason: str, tmp_path: Path) -> None:
    lines = ([mark] if mark else []) + HEADER + BODY + SIGNER
    record = checked(make_docx(lines, tracked=tracked, comment=comment), "du-thao.docx", tmp_path)
    drafts = [flag for flag in record.flags if flag.code == "document.draft"]
    assert len(drafts) == 1 and reason in drafts[0].message
    assert "evidence.not_signed" in codes(record)


def test_a_mention_of_a_draft_is_no_draft_mark(tmp_path: Path) -> None:
    lines = [
        *HEADER,
        "CÔNG VĂN",
        "V/v góp ý dự thảo báo cáo sơ kết",
        "Đề nghị góp ý Dự thảo kèm theo.",
        *SIGNER,
    ]
    record = checked(make_docx(lines), "gop-y.docx", tmp_path)
    assert "document.draft" not in codes(record)


def test_no_signer_block_is_a_draft(tmp_path: Path) -> None:
    record = checked(make_docx(HEADER + BODY), "thieu-chu-ky.docx", tmp_path)
    draft = next(flag for flag in record.flags if flag.code == "document.draft")
    assert "không có phần chữ ký" in draft.message


def test_a_blank_number_is_not_flagged_twice(tmp_path: Path) -> None:
    lines = ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "Số:      /BC-SNV", "Lâm Đồng, ngày 10 tháng 3 năm 2025"]
    record = checked(make_docx(lines + BODY + SIGNER), "so-trong.docx", tmp_path)
    assert "number.blank" in codes(record) and "document.draft" not in codes(record)


COPY = [
    "UBND TỈNH LÂM ĐỒNG                                   SAO Y",
    "VĂN PHÒNG",
    "Số: 15/SY-VP",
    "Lâm Đồng, ngày 20 tháng 3 năm 2025",
    "TL. CHÁNH VĂN PHÒNG",
]


def test_a_copy_keeps_its_own_metadata_apart(tmp_path: Path) -> None:
    """The original's number and date stay the document's; the copy's block is kept beside them, and a copy
    with no signature of the copying body is flagged as such (not as an unsigned file as well)."""
    record = checked(make_pdf([HEADER + BODY, [*SIGNER, "", "-" * 60, *COPY]]), "ban-sao.pdf", tmp_path)
    assert (record.number, record.issue_date) == ("125/BC-SNV", date(2025, 3, 10))
    block = record.copy_block
    assert block is not None and block.page == 2
    assert (block.form, block.number, block.issue_date) == ("SAO Y", "15/SY-VP", date(2025, 3, 20))
    assert block.issuer == "UBND TỈNH LÂM ĐỒNG"
    assert "copy.unsigned" in codes(record) and "evidence.not_signed" not in codes(record)


def test_an_original_has_no_copy_block(tmp_path: Path) -> None:
    record = checked(make_pdf([HEADER + BODY + SIGNER]), "ban-goc.pdf", tmp_path)
    assert record.copy_block is None and '"copy_block"' not in record.extract_json()
    assert codes(record) == ["evidence.not_signed"]


@pytest.mark.parametrize(
    ("heading", "draft"),
    [("PHIẾU TRÌNH", False), ("PHIẾU CHUYỂN", False), ("BÁO CÁO", True), ("PHIẾU", True)],
)
def test_an_internal_form_is_signed_off_in_its_table_not_a_signer_block(
    tmp_path: Path, heading: str, draft: bool
) -> None:
    """A numbered `Phiếu trình` carries its reviewers' names in a table (Chuyên viên, Lãnh đạo phòng, …):
    no signer block is no sign of a draft there, as it is for a report."""
    lines = [
        "UBND TỈNH LÂM ĐỒNG", "VĂN PHÒNG", "Số: 14-01/26/PT-NC", heading, "Kính gửi: Lãnh đạo UBND tỉnh.",
        "I. NỘI DUNG TRÌNH", "Chuyên viên đề xuất Chủ tịch UBND tỉnh tham dự.",
        "Chuyên viên | Lãnh đạo phòng | LÃNH ĐẠO VĂN PHÒNG", "Trương Hải Châu | Lương Thị Nguyệt | Trịnh Ngọc Duệ",
    ]  # fmt: skip
    record = checked(make_docx(lines), "phieu-trinh.docx", tmp_path)
    assert ("document.draft" in codes(record)) is draft
