import io
import zipfile

import pytest

from ingest.sniff import Kind, sniff
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import LETTER


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", Kind.empty),
        (b"%PDF-1.7\n...", Kind.pdf),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", Kind.image),
        (b"\x89PNG\r\n\x1a\n\x00\x00", Kind.image),
        (b"II*\x00\x08\x00", Kind.image),
        (b"{\\rtf1\\ansi Quyet dinh}", Kind.doc),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le"), Kind.doc),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "Workbook".encode("utf-16-le"), Kind.unknown),
        ("Quyết định số 1726/QĐ-UBND".encode(), Kind.text),
        ("Quyết định".encode("utf-16-le"), Kind.text),
        ("\ufeffQuyết định".encode("utf-16-le"), Kind.text),
        (_zip({"a.pdf": b"%PDF-1.4"}), Kind.zip),
        (_zip({"word/document.xml": b"<w/>"}), Kind.docx),
        (_zip({"xl/workbook.xml": b"<x/>"}), Kind.unknown),
        (bytes(range(256)) * 4, Kind.unknown),
    ],
)
def test_sniff_by_bytes(data: bytes, kind: Kind) -> None:
    assert sniff(data)[0] is kind


def test_sniff_ignores_names_real_documents() -> None:
    assert sniff(render_pdf(LETTER))[0] is Kind.pdf
    assert sniff(render_docx(LETTER))[0] is Kind.docx
