"""Reading each format into pages: golden outputs for the deterministic readers, routing for OCR."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from ingest import FileReader
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import DECISION, LETTER, PLAN
from kiemchung.specimens.scan import scan_pdf_bytes
from model.records import Status
from tests.conftest import FakeOcrEngine


def _read_one(reader: FileReader, name: str, data: bytes):
    records = reader.read_bytes(name, data)
    assert len(records) == 1
    return records[0]


def _pages(record) -> list[dict]:
    return [page.model_dump(exclude={"words"}) for page in record.pages]


@pytest.mark.parametrize("document", [PLAN, DECISION, LETTER], ids=["plan", "decision", "letter"])
def test_text_layer_pdf_golden(fake_reader: FileReader, fake_engine: FakeOcrEngine, golden, document) -> None:
    record = _read_one(fake_reader, "x.pdf", render_pdf(document))
    assert record.status is Status.ok
    assert fake_engine.calls == []  # a good text layer is never OCRed
    assert "Số: " + document.number in record.pages[0].text
    golden("ingest", f"pdf-{document.number.replace('/', '_')}", _pages(record))


@pytest.mark.parametrize("document", [PLAN, DECISION, LETTER], ids=["plan", "decision", "letter"])
def test_docx_keeps_issuer_block_with_number(fake_reader: FileReader, golden, document) -> None:
    record = _read_one(fake_reader, "x.docx", render_docx(document, running_header="DỰ THẢO"))
    text = record.pages[0].text
    lines = text.split("\n")
    # the issuer block, then "Số:", before the motto: column order, not row order
    assert (
        lines.index(document.issuer)
        < lines.index(document.number_line)
        < lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    )
    assert lines[0] == "DỰ THẢO"  # page header text is read
    golden("ingest", f"docx-{document.number.replace('/', '_')}", _pages(record))


def _docx_with_merged_cells_and_textbox() -> bytes:
    out = docx.Document()
    table = out.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "TT"
    table.cell(0, 1).text = "Tiêu chí"
    table.cell(0, 2).text = "Điểm"
    merged = table.cell(1, 0).merge(table.cell(1, 2))
    merged.text = "1. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"
    for col, text in enumerate(("1.1", "Kế hoạch cải cách hành chính năm", "1")):
        table.cell(2, col).text = text
    paragraph = out.add_paragraph("Đoạn có hộp chữ:")
    textbox = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
        "<wps:txbx><w:txbxContent><w:p><w:r><w:t>DỰ THẢO LẦN 2</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
        "</mc:Choice><mc:Fallback><v:textbox><w:txbxContent><w:p><w:r><w:t>DỰ THẢO LẦN 2</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></mc:Fallback></mc:AlternateContent></w:r>"
    )
    paragraph._p.append(parse_xml(textbox))
    out.sections[0].footer.paragraphs[0].text = "Địa chỉ: 01 Trần Hưng Đạo, Lai Châu"
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def test_docx_tables_merged_cells_textboxes_footer(fake_reader: FileReader) -> None:
    text = _read_one(fake_reader, "t.docx", _docx_with_merged_cells_and_textbox()).pages[0].text
    assert text.split("\n") == [
        "TT | Tiêu chí | Điểm",
        "1. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",  # a merged row once, not three times
        "1.1 | Kế hoạch cải cách hành chính năm | 1",
        "Đoạn có hộp chữ:",
        "DỰ THẢO LẦN 2",  # the text box once, not again from its VML fallback
        "Địa chỉ: 01 Trần Hưng Đạo, Lai Châu",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258"])
def test_plain_text_encodings(fake_reader: FileReader, encoding: str) -> None:
    text = "Kế hoạch số 463/KH-UBND ngày 06/3/2020 của Ủy ban nhân dân tỉnh\nVề cải cách hành chính"
    data = _cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    record = _read_one(fake_reader, "a.txt", data)
    assert record.pages[0].text == text
    assert record.pages[0].source == "plain"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letters precomposed, the tone mark combining."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            out += unicodedata.normalize("NFC", parts[:-1]).encode("cp1258") + parts[-1].encode("cp1258")
    return out


def test_plain_text_form_feed_splits_pages(fake_reader: FileReader) -> None:
    record = _read_one(fake_reader, "a.txt", "Trang một\fTrang hai".encode())
    assert [(p.number, p.text) for p in record.pages] == [(1, "Trang một"), (2, "Trang hai")]


def _mixed_pdf() -> bytes:
    """A signed cover page with a text layer followed by a scanned annex page (image only)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in (render_pdf(LETTER), scan_pdf_bytes([Image.new("L", (1240, 1754), 255)], 150)):
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_mixed_pdf_reads_text_layer_and_ocrs_scan(
    fake_reader: FileReader, fake_engine: FakeOcrEngine
) -> None:
    record = _read_one(fake_reader, "mixed.pdf", _mixed_pdf())
    assert [p.source for p in record.pages] == ["text", "ocr"]
    assert record.pages[1].text.startswith("Ủy ban nhân dân tỉnh Lai Châu")
    assert record.pages[1].ocr_confidence == pytest.approx(0.9)
    assert record.pages[1].dpi == 300
    assert len(fake_engine.calls) == 1
    assert record.status is Status.ok


def test_pdf_page_limit_reads_first_pages_and_says_so(settings, fake_engine) -> None:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for index in range(12):
        canvas.drawString(72, 720, f"Phu luc trang {index + 1} " + "noi dung cai cach hanh chinh " * 3)
        canvas.showPage()
    canvas.save()
    with FileReader(settings.model_copy(update={"max_pages": 5}), engine=fake_engine) as reader:
        record = _read_one(reader, "long.pdf", buffer.getvalue())
    assert len(record.pages) == 5
    assert record.status is Status.partial
    assert [(e.code, e.page) for e in record.errors] == [("input.too_large", 6)]


def test_zip_members_named_archive_bang_path(fake_reader: FileReader, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "hoso.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Kế hoạch/kh.pdf", render_pdf(PLAN))
        archive.writestr("ghi chú.txt", "Ghi chú".encode())
    records = list(fake_reader.read_paths([path]))
    assert [r.file for r in records] == [f"{path}!Kế hoạch/kh.pdf", f"{path}!ghi chú.txt"]
    assert all(r.status is Status.ok for r in records)


def test_same_bytes_read_once(fake_reader: FileReader, fake_engine: FakeOcrEngine, tmp_path: Path) -> None:
    scan = scan_pdf_bytes([Image.new("L", (620, 877), 255)], 75)
    (tmp_path / "a.pdf").write_bytes(scan)
    (tmp_path / "b.pdf").write_bytes(scan)
    records = list(fake_reader.read_paths([tmp_path / "a.pdf", tmp_path / "b.pdf"]))
    assert [r.file for r in records] == [str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf")]
    assert records[0].sha256 == records[1].sha256
    assert len(fake_engine.calls) == 1


def test_docx_header_table_with_spare_grid_columns(fake_reader: FileReader) -> None:
    """A real ministry draft: a 5-column grid whose rows merge into issuer | motto cells."""
    out = docx.Document()
    table = out.add_table(rows=2, cols=5)
    left_top, right_top = table.cell(0, 0).merge(table.cell(0, 1)), table.cell(0, 2).merge(table.cell(0, 4))
    left_bottom, right_bottom = (
        table.cell(1, 0).merge(table.cell(1, 2)),
        table.cell(1, 3).merge(table.cell(1, 4)),
    )
    left_top.text, right_top.text = "BỘ TÀI CHÍNH", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right_top.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    left_bottom.text, right_bottom.text = "Số:      /BTC-CST", "Hà Nội, ngày      tháng      năm 2025"
    left_bottom.add_paragraph("V/v dự thảo Thông tư")
    buffer = io.BytesIO()
    out.save(buffer)
    text = _read_one(fake_reader, "cv.docx", buffer.getvalue()).pages[0].text
    assert text.split("\n")[:3] == ["BỘ TÀI CHÍNH", "Số:      /BTC-CST", "V/v dự thảo Thông tư"]


@pytest.mark.parametrize("reach", ["..", ".an"])
def test_a_folder_reached_through_dot_dot_or_a_hidden_folder_is_walked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reach: str
) -> None:
    """`kiemchung check ../ho-so` found no file: every path under `..` looked hidden. Hidden files and folders
    inside the folder given are still skipped."""
    from ingest.reader import expand_paths

    base = tmp_path / ".an" if reach == ".an" else tmp_path
    folder = base / "ho-so"
    (folder / ".git").mkdir(parents=True)
    (folder / "a.txt").write_text("a", encoding="utf-8")
    (folder / ".b.txt").write_text("b", encoding="utf-8")
    (folder / ".git" / "c.txt").write_text("c", encoding="utf-8")
    work = tmp_path / "lam-viec"
    work.mkdir()
    monkeypatch.chdir(work)
    given = Path("..") / "ho-so" if reach == ".." else Path("..") / ".an" / "ho-so"
    assert [path.name for path in expand_paths([given])] == ["a.txt"]
