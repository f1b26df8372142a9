"""Hostile and broken input: each gets a structured Vietnamese error, and the rest of the batch goes on."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from ingest import FileReader
from kiemchung.cli import app
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import LETTER, PLAN
from model.errors import ERROR_MESSAGES
from model.records import Status


def _encrypted_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, encrypt=StandardEncryption("mat-khau", canPrint=0))
    canvas.drawString(72, 720, "Tai lieu mat")
    canvas.save()
    return buffer.getvalue()


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return buffer.getvalue()


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, format="PNG")
    return buffer.getvalue()


GOOD_PDF = render_pdf(PLAN)

BAD_FILES = [
    ("empty.pdf", b"", "input.empty"),
    ("truncated.pdf", GOOD_PDF[: len(GOOD_PDF) // 3], "input.corrupt"),
    ("garbage.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 20, "input.corrupt"),
    ("secret.pdf", _encrypted_pdf(), "input.encrypted"),
    ("table.xlsx", _zip({"xl/workbook.xml": b"<x/>", "[Content_Types].xml": b"<t/>"}), "input.unsupported"),
    ("program.exe", b"MZ\x90\x00" + bytes(range(256)) * 8, "input.unsupported"),
    ("huge.png", _png(20_000, 20_000), "input.bomb"),
    ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "input.corrupt"),
    ("broken.docx", _zip({"word/document.xml": b"<not-xml"}), "input.corrupt"),
    ("bomb.zip", _zip({"zeros.bin": b"\x00" * (40 * 1024 * 1024)}), "input.bomb"),
]


@pytest.mark.parametrize(("name", "data", "code"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_bad_file_gives_structured_error(fake_reader: FileReader, name: str, data: bytes, code: str) -> None:
    [record] = fake_reader.read_bytes(name, data)
    assert record.status is Status.failed
    assert [error.code for error in record.errors] == [code]
    error = record.errors[0]
    assert error.stage == "ingest"
    assert error.message.startswith(ERROR_MESSAGES[code].split("{")[0].split("(")[0].strip()[:20])
    # the original is identified so it can be kept with its error; a refused ZIP member is never inflated
    assert (record.sha256 is None) == ("!" in record.file)


def test_zip_refuses_unsafe_paths_and_reads_the_rest(fake_reader: FileReader) -> None:
    data = _zip(
        {"../../etc/cron.d/x": b"boom", "/abs/path.txt": b"boom", "C:/win.txt": b"x", "ok/kh.pdf": GOOD_PDF}
    )
    records = fake_reader.read_bytes("hs.zip", data)
    outcome = {r.file: (r.status, [e.code for e in r.errors]) for r in records}
    assert outcome == {
        "hs.zip!../../etc/cron.d/x": (Status.failed, ["archive.unsafe_path"]),
        "hs.zip!/abs/path.txt": (Status.failed, ["archive.unsafe_path"]),
        "hs.zip!C:/win.txt": (Status.failed, ["archive.unsafe_path"]),
        "hs.zip!ok/kh.pdf": (Status.ok, []),
    }


def test_nested_zip_depth_is_bounded(settings, fake_engine) -> None:
    data = b"Ghi chu".zfill(10)
    for level in range(4):
        data = _zip({f"level{level}.zip" if level else "note.txt": data})
    with FileReader(settings.model_copy(update={"max_archive_depth": 1}), engine=fake_engine) as reader:
        records = reader.read_bytes("deep.zip", data)
    assert [e.code for r in records for e in r.errors] == ["archive.too_deep"]


def test_docx_bomb_refused_before_parsing(settings, fake_engine) -> None:
    docx_bytes = render_docx(LETTER)
    with FileReader(settings.model_copy(update={"max_archive_bytes": 10_000}), engine=fake_engine) as reader:
        [record] = reader.read_bytes("bomb.docx", docx_bytes)
    assert [e.code for e in record.errors] == ["input.bomb"]


def test_batch_goes_on_and_exits_zero(tmp_path: Path) -> None:
    for name, data, _code in BAD_FILES:
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.pdf").write_bytes(GOOD_PDF)
    result = CliRunner().invoke(app, ["read", "--json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == len(BAD_FILES) + 1
    assert sum('"status":"ok"' in line for line in lines) == 1
    failing = CliRunner().invoke(app, ["read", "--json", "--fail-on", "error", str(tmp_path)])
    assert failing.exit_code == 1


def test_nothing_readable_exits_two(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["read", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 2
    assert "input.not_found" in result.stdout


def test_tesseract_timeout_is_a_page_error(settings) -> None:
    """The real engine, given no time at all: the page fails with ocr.timeout, the document is kept."""
    from kiemchung.specimens.scan import scan_pdf_bytes

    scan = scan_pdf_bytes([Image.new("L", (1240, 1754), 255)], 150)
    with FileReader(settings.model_copy(update={"ocr_timeout_seconds": 0.001})) as reader:
        [record] = reader.read_bytes("slow.pdf", scan)
    assert [(e.code, e.page) for e in record.errors] == [("ocr.timeout", 1)]
    assert record.status is Status.failed


class _CrashOnSecondPage:
    """An engine that crashes the way Tesseract does on some pages (non-zero exit)."""

    name = "crashing"

    def __init__(self) -> None:
        self.calls = 0

    def recognize(self, image_path: Path, dpi: int | None, psm: int, timeout: float):
        from ingest.ocr import OcrOutput, OcrWord
        from model.errors import OcrError

        self.calls += 1
        if self.calls == 2:
            raise OcrError("ocr.failed", "tesseract exited with -11 (Segmentation fault)")
        words = [
            OcrWord(w, 0.9, (0, 0, 5, 5), (1, 1, i))
            for i, w in enumerate(["Kế", "hoạch", "số", "27/KH-SNV", "năm", "2025"])
        ]
        return OcrOutput(words=words * 2)

    def orientation(self, image_path: Path, timeout: float) -> tuple[int, float]:
        return 0, 0.0


def test_page_that_crashes_ocr_leaves_document_partial(settings) -> None:
    from kiemchung.specimens.scan import scan_pdf_bytes

    pages = [Image.new("L", (620, 877), 255) for _ in range(3)]
    with FileReader(settings.model_copy(update={"ocr_threads": 1}), engine=_CrashOnSecondPage()) as reader:
        [record] = reader.read_bytes("scan.pdf", scan_pdf_bytes(pages, 75))
    assert record.status is Status.partial
    assert [(e.code, e.page, e.stage) for e in record.errors] == [("ocr.failed", 2, "ingest")]
    assert [(p.number, bool(p.text)) for p in record.pages] == [(1, True), (2, False), (3, True)]
    assert "quét lại" in record.errors[0].message
