"""The subject's end: a subject followed directly by the body (no blank line, no rule) ends where the body starts,
told by the body's first words and by the layout the reader kept (DOCX paragraph formatting, word boxes)."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from extract import extract_record
from extract.subject_layout import opens_body, set_apart
from ingest.readers.base import ReadContext, Source
from ingest.readers.docx import DocxReader
from model.records import Page, ReadRecord, Word
from model.settings import Settings

TODAY = date(2026, 11, 23)
HEADER = ["UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ", "Số: 27/BC-SNV", "Lai Châu, ngày 15 tháng 01 năm 2025"]
SUBJECT = ["Kết quả thực hiện công tác cải cách hành chính", "Quý III năm 2025 trên địa bàn tỉnh"]
BODY = "Năm 2025, Sở Nội vụ đã triển khai thực hiện các nhiệm vụ được giao, kết quả như sau:"


def _extract(page: Page):
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


@pytest.mark.parametrize(
    ("line", "previous", "body"),
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", "Cải cách hành chính năm 2025", True),
        ("1. Kết quả thực hiện nhiệm vụ", "Cải cách hành chính năm 2025", True),
        ("a) Rà soát thủ tục", "Cải cách hành chính năm 2025", True),
        ("- Tổng số hồ sơ tiếp nhận là 1.245", "Cải cách hành chính năm 2025", True),
        ("Năm 2025, Sở Nội vụ báo cáo như sau:", "Tăng cường quản lý thị trường.", True),
        ("Các đơn vị thực hiện", "Kê khai tài sản theo Nghị định 130;", True),
        # a subject's wrapped line: none of these opens a body
        ("- 22/12/2020) và nghỉ tết dương lịch", "kỷ niệm 76 năm (22/12/1944", False),
        ("Quý III năm 2025 trên địa bàn tỉnh", "Kết quả thực hiện công tác cải cách hành chính", False),
        ("Thủ Dầu Một", "điều chỉnh quy hoạch tại TP.", False),
        ("Đăng ký thành lập hộ kinh doanh", "nhóm thủ tục hành chính:", False),  # vbpl doc_000634
        ("năm 2025.", "Kết quả kiểm tra.", False),  # lower case: the subject goes on
        ("2025 của Ủy ban nhân dân tỉnh", "Kế hoạch số 12/KH-UBND ngày 01.", False),
    ],
)
def test_body_opening_words(line: str, previous: str, body: bool) -> None:
    assert opens_body(line, previous) is body


def _text_page(lines: list[str]) -> Page:
    return Page(number=1, text="\n".join(lines), source="text")


def test_subject_without_layout_ends_at_a_marker_or_a_new_sentence() -> None:
    marker = _text_page([*HEADER, "BÁO CÁO", *SUBJECT, "I. KẾT QUẢ ĐẠT ĐƯỢC", "Sở Nội vụ đã …"])
    assert _extract(marker).subject == " ".join(SUBJECT)
    sentence = _text_page([*HEADER, "BÁO CÁO", "Tăng cường quản lý thị trường.", BODY])
    assert _extract(sentence).subject == "Tăng cường quản lý thị trường"


def _words(rows: list[tuple[str, int, int]]) -> list[Word]:
    """Word boxes for rows of text: (text, left, right) at 20 points a row, the words spread evenly."""
    words = []
    for index, (text, left, right) in enumerate(rows):
        tokens = text.split()
        step = (right - left) / len(tokens)
        for number, token in enumerate(tokens):
            x0 = round(left + number * step)
            words.append(
                Word(text=token, confidence=1.0, bbox=(x0, 20 * index, round(x0 + step - 3), 20 * index + 12))
            )
    return words


def _laid_out(body_left: int) -> Page:
    """A page whose subject is centred under the heading (column 85-552, centre 318); the body's first line
    starts at `body_left` and fills the column to the right edge."""
    rows = [
        ("UBND TỈNH LAI CHÂU", 100, 240), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 320, 552),
        ("SỞ NỘI VỤ", 130, 210), ("Độc lập - Tự do - Hạnh phúc", 350, 520),
        ("Số: 27/BC-SNV", 120, 220), ("Lai Châu, ngày 15 tháng 01 năm 2025", 340, 540),
        ("BÁO CÁO", 285, 351), (SUBJECT[0], 160, 476), (SUBJECT[1], 205, 431),
        (BODY, body_left, 552), ("các nhiệm vụ được giao trong năm, kết quả như sau đây:", 85, 420),
    ] + [("Nội dung báo cáo chi tiết của các cơ quan, đơn vị trong tỉnh", 85, 552)] * 12  # fmt: skip
    text = "\n".join([*HEADER[:2], HEADER[2], HEADER[3], "BÁO CÁO", *SUBJECT, BODY, rows[10][0]])
    return Page(number=1, text=text, source="text", words=_words(rows), dpi=72)


@pytest.mark.parametrize("body_left", [85, 113])  # the body's first line flush left or indented
def test_word_boxes_end_a_centred_subject_at_the_justified_body(body_left: int) -> None:
    page = _laid_out(body_left)
    assert set_apart(page, "BÁO CÁO", [*SUBJECT, BODY]) == [True, True, False]
    assert _extract(page).subject == " ".join(SUBJECT)
    # the same text without boxes: the body's first line is taken into the subject (what the layout mends)
    assert _extract(page.model_copy(update={"words": None})).subject != " ".join(SUBJECT)


def test_lines_not_found_among_the_words_are_not_judged() -> None:
    page = _laid_out(85)
    assert set_apart(page, "BÁO CÁO", ["Không có trên trang này"]) == [None]
    assert set_apart(page, "KHÔNG CÓ", SUBJECT) == [None, None]


def _docx(subject_parts: list[str], centred: bool, bold: bool) -> bytes:
    out = docx.Document()
    for line in HEADER:
        out.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    out.add_paragraph().add_run("BÁO CÁO").bold = True
    for part in subject_parts:
        paragraph = out.add_paragraph()
        paragraph.add_run(part).bold = bold
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out.add_paragraph(BODY).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _read_docx(data: bytes) -> Page:
    context = ReadContext(settings=Settings(), ocr=None)  # type: ignore[arg-type]
    return DocxReader().read(Source(name="x.docx", data=data, sha256="0"), context).pages[0]


@pytest.mark.parametrize(
    ("centred", "bold", "apart"),
    [(True, True, True), (True, False, True), (False, True, True), (False, False, False)],
)
def test_docx_carries_the_paragraphs_set_apart(centred: bool, bold: bool, apart: bool) -> None:
    page = _read_docx(_docx(SUBJECT, centred, bold))
    assert page.set_apart is not None
    assert (SUBJECT[1] in page.set_apart) is apart
    assert BODY not in page.set_apart
    assert "set_apart" not in ReadRecord(file="x", pages=[page]).json_line()  # a layout aid, like words


@pytest.mark.parametrize(
    "subject_parts", [SUBJECT, ["Kết quả thực hiện công tác cải cách hành chính quý III"]]
)
def test_docx_subject_ends_where_the_justified_body_starts(subject_parts: list[str]) -> None:
    page = _read_docx(_docx(subject_parts, centred=True, bold=True))
    assert _extract(page).subject == " ".join(subject_parts)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("xoIỆt NGHỊ ĐỊNH", "Nghị định"),  # a stamp's ink read as one jumbled word before the heading
        ("QUYẾT ĐỊNH", "Quyết định"),
        ("Kế HOẠCH", None),  # no jumble: a word in running case, not a heading
        ("Quyết định", None),
        ("xoIỆt", None),
    ],
)
def test_a_jumbled_speck_before_a_heading(line: str, expected: str | None) -> None:
    from extract.doctypes import heading_type

    assert heading_type(line) == expected


@pytest.mark.parametrize(
    ("first", "subject"),
    [
        ("xwy:1z22025s_ Cho phép công ty chuyển mục đích", "Cho phép công ty chuyển mục đích"),
        ("Ngày: 7/9/2025 Thay đổi tên trường tiểu học", "Thay đổi tên trường tiểu học"),
        ("Về việc: 2025 năm cải cách", "Về việc: 2025 năm cải cách"),  # a label, no stamp's jumble
    ],
)
def test_a_stamps_jumble_before_the_subject_on_a_scan(first: str, subject: str) -> None:
    lines = [*HEADER, "NGHỊ ĐỊNH", first, "Căn cứ Luật Tổ chức chính quyền địa phương;"]
    page = Page(number=1, text="\n".join(lines), source="ocr", ocr_confidence=0.9)
    assert _extract(page).subject == subject
