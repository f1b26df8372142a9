"""Text typed in legacy Vietnamese font encodings (TCVN3, VNI) comes back as Unicode from every reader.

The fixtures are generated: known official text is encoded with the inverse of the decoder's own tables and
written the way legacy documents carry it (DOCX runs in `.VnTime`/`.VnTimeH`/`VNI-Times`, a PDF text layer
of Latin-1 characters, an 8-bit text file). Real text in Unicode, English and French must stay untouched.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from extract.extractor import extract_record
from ingest import FileReader, legacy
from ingest.legacy import Encoding
from ingest.textquality import TONE_MARKS, VIETNAMESE_LETTERS, lacks_diacritics, text_layer_problem
from model.records import TextSource
from tests.conftest import SHARED_DATA

HEADING = ["ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
BODY = [
    "Số: 1726/QĐ-UBND",
    "Độc lập - Tự do - Hạnh phúc",
    "Lai Châu, ngày 29 tháng 12 năm 2022",
    "Quyết định về việc ban hành Bộ tiêu chí đánh giá cải cách hành chính của các sở, ban, ngành",
]
TCVN3_INVERSE = {unicode: code for code, unicode in legacy.TCVN3_TABLE.items()}
VNI_INVERSE = {marks: code for code, marks in legacy.VNI_MARKS.items()}
VNI_LETTERS_INVERSE = {letter: code for code, letter in legacy.VNI_LETTERS.items()}
HORN = "\u031b"


def to_tcvn3(text: str) -> str:
    """TCVN3 codes; a capital the chart lacks takes its lower-case code, as the `H` fonts expect."""
    text = unicodedata.normalize("NFC", text)
    return "".join(TCVN3_INVERSE.get(ch) or TCVN3_INVERSE.get(ch.lower()) or ch for ch in text)


def to_vni(text: str) -> str:
    """VNI codes: base letter, then the mark character (`á` -> `aù`)."""
    return "".join(_vni_char(ch) for ch in unicodedata.normalize("NFC", text))


def _vni_char(ch: str) -> str:
    lower = ch.lower()
    if lower in VNI_LETTERS_INVERSE and lower not in "íì":
        code = VNI_LETTERS_INVERSE[lower]
        return code.upper() if ch.isupper() else code
    if lower == "đ":
        return "Ñ" if ch.isupper() else "ñ"
    base, *marks = unicodedata.normalize("NFD", ch)
    if not marks:
        return ch
    if HORN in marks:
        base = {"o": "ô", "O": "Ô", "u": "ö", "U": "Ö"}[base]
        marks.remove(HORN)
    if base.lower() == "i":
        code = VNI_LETTERS_INVERSE[unicodedata.normalize("NFC", "i" + "".join(marks))]
        return code.upper() if ch.isupper() else code
    modifier = [mark for mark in marks if mark in (legacy.CIRCUMFLEX, legacy.BREVE)]
    tone = [mark for mark in marks if mark not in (legacy.CIRCUMFLEX, legacy.BREVE)]
    code = VNI_INVERSE["".join(modifier + tone)] if modifier or tone else ""
    return base + (code.upper() if ch.isupper() else code)


@pytest.mark.parametrize("encoding", list(Encoding))
def test_every_vietnamese_letter_round_trips(encoding: Encoding) -> None:
    letters = sorted(VIETNAMESE_LETTERS)
    if encoding is Encoding.vni:
        letters += [letter.upper() for letter in letters]
        encoded = [to_vni(letter) for letter in letters]
    else:
        encoded = [to_tcvn3(letter) for letter in letters]
    assert [legacy.decode_chars(code, encoding) for code in encoded] == letters


def test_tcvn3_capitals_font_gives_capitals() -> None:
    assert legacy.decode_chars(to_tcvn3(HEADING[0].lower()), Encoding.tcvn3, capitals=True) == HEADING[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (".VnTime", (Encoding.tcvn3, False)),
        (".VnTimeH", (Encoding.tcvn3, True)),
        ("ABCDEF+.VnTimeH,Bold", (Encoding.tcvn3, True)),
        ("VnArialH-Bold", (Encoding.tcvn3, True)),
        (".VnCentury Schoolbook", (Encoding.tcvn3, False)),
        ("VNI-Times", (Encoding.vni, False)),
        ("AAAAAA+VNI-Helve-Bold", (Encoding.vni, False)),
        ("Times New Roman", (None, False)),
        ("Helvetica", (None, False)),
        (None, (None, False)),
    ],
)
def test_font_names(name: str | None, expected: tuple) -> None:
    assert legacy.font_encoding(name) == expected


def _official_text() -> str:
    return "\n".join(HEADING + BODY)


@pytest.mark.parametrize(("encoding", "encode"), [(Encoding.tcvn3, to_tcvn3), (Encoding.vni, to_vni)])
def test_text_without_font_name_is_detected_and_decoded(encoding: Encoding, encode) -> None:
    encoded = encode(_official_text())
    assert legacy.detect(encoded) is encoding
    decoded, found = legacy.repair(encoded)
    assert found is encoding
    assert decoded == _official_text()


@pytest.mark.parametrize(
    "text",
    [
        _official_text(),  # Unicode Vietnamese
        unicodedata.normalize("NFD", _official_text()),
        "Cà phê là gì? Bà ấy về nhà, mẹ nói: ăn cơm đi. Ông bà cô chú đều ở đây.",
        "Cà phê sữa đá và bánh mì",
        "The Ministry of Home Affairs issued Plan 27/KH-SNV on administrative reform in 2025.",
        "Le comité a décidé d'être présent à la réunion : café, thé, crème brûlée, naïve, Noël, où, déjà.",
        "Der Bürgermeister prüft die Größe der Ämter für Öl und Übergänge.",
        "Số liệu: 12.500.000 đồng; 25% ± 3°C; © 2025 — § 4, ¶ 2; 1/2 ½ ¼ × ÷",
        "1726/QĐ-UBND 29/12/2022 0913 456 789 https://laichau.gov.vn/van-ban?id=1726&x=é",
    ],
)
def test_real_text_is_not_decoded(text: str) -> None:
    assert legacy.detect(text) is None
    assert legacy.repair(text) == (text, None)


def _docx(paragraphs: list[tuple[str, str | None]], normal_font: str | None = None) -> bytes:
    document = docx.Document()
    if normal_font:
        document.styles["Normal"].font.name = normal_font
    for text, font in paragraphs:
        run = document.add_paragraph().add_run(text)
        if font:
            run.font.name = font  # sets w:ascii and w:hAnsi
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _read_text(reader: FileReader, name: str, data: bytes) -> tuple[str, list]:
    (record,) = reader.read_bytes(name, data)
    return "\n".join(page.text for page in record.pages), [page.source for page in record.pages]


def test_docx_runs_in_tcvn3_fonts(fake_reader: FileReader) -> None:
    paragraphs = [(to_tcvn3(line.lower()), ".VnTimeH") for line in HEADING]
    paragraphs += [(to_tcvn3(line), ".VnTime") for line in BODY]
    paragraphs.append(("Căn cứ Luật Tổ chức chính quyền địa phương", "Times New Roman"))  # Unicode run stays
    text, sources = _read_text(fake_reader, "tcvn3.docx", _docx(paragraphs))
    assert text.split("\n") == [*HEADING, *BODY, "Căn cứ Luật Tổ chức chính quyền địa phương"]
    assert sources == [TextSource.docx]


def test_docx_vni_font_in_the_normal_style(fake_reader: FileReader) -> None:
    data = _docx([(to_vni(line), None) for line in HEADING + BODY], normal_font="VNI-Times")
    text, _ = _read_text(fake_reader, "vni.docx", data)
    assert text == _official_text()


def test_docx_tcvn3_soft_hyphen_element_is_the_letter(fake_reader: FileReader) -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("tr")
    run.font.name = ".VnTime"
    run._r.append(run._r.makeelement(qn("w:softHyphen"), {}))  # `ư` (0xAD) as Word stores an optional hyphen
    run._r.append(run._r.makeelement(qn("w:t"), {}))
    run._r[-1].text = "êng"
    buffer = io.BytesIO()
    document.save(buffer)
    text, _ = _read_text(fake_reader, "softhyphen.docx", buffer.getvalue())
    assert text == "trường"


@pytest.mark.parametrize(("encoding", "encode"), [(Encoding.tcvn3, to_tcvn3), (Encoding.vni, to_vni)])
def test_docx_legacy_text_in_a_unicode_font_is_detected(fake_reader: FileReader, encoding, encode) -> None:
    data = _docx([(encode(line), "Arial") for line in HEADING + BODY])
    text, _ = _read_text(fake_reader, f"{encoding}.docx", data)
    assert text == _official_text()


@pytest.mark.parametrize(("encoding", "encode"), [(Encoding.tcvn3, to_tcvn3), (Encoding.vni, to_vni)])
def test_plain_text_file_in_legacy_codes(fake_reader: FileReader, encoding, encode) -> None:
    data = encode(_official_text()).replace("\n", "\r\n").encode("cp1252")
    text, sources = _read_text(fake_reader, f"{encoding}.txt", data)
    assert text == _official_text()
    assert sources == [TextSource.plain]


def _cp1258(text: str) -> bytes:
    """Windows-1258: the letter with its circumflex, breve or horn precomposed, the tone a combining mark."""
    out = []
    for char in text:
        marks = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in marks if mark in TONE_MARKS)
        letter = unicodedata.normalize("NFC", "".join(mark for mark in marks if mark not in TONE_MARKS))
        out.append((letter + tones).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize("codec", ["utf-8", "cp1258"])
def test_plain_text_unicode_and_cp1258_untouched(fake_reader: FileReader, codec: str) -> None:
    data = _cp1258(_official_text()) if codec == "cp1258" else _official_text().encode(codec)
    text, _ = _read_text(fake_reader, f"{codec}.txt", data)
    assert text == _official_text()


def _pdf(lines: list[tuple[str, str]]) -> bytes:
    """One page: each line drawn in the named font (standard PDF fonts show the codes as Latin-1)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    y = 780
    for text, font in lines:
        canvas.setFont(font, 11)
        canvas.drawString(60, y, text)
        y -= 20
    canvas.save()
    return buffer.getvalue()


def _legacy_named_font(name: str) -> str:
    """A TrueType font embedded under a legacy font's name (the glyphs do not matter to the text layer)."""
    font = TTFont(f"Test{name.strip('.')}", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
    font.face.name = name.encode()
    pdfmetrics.registerFont(font)
    return font.fontName


@pytest.mark.parametrize(("encoding", "encode"), [(Encoding.tcvn3, to_tcvn3), (Encoding.vni, to_vni)])
def test_pdf_text_layer_in_legacy_codes_is_decoded_not_ocred(
    fake_reader, fake_engine, encoding, encode
) -> None:
    data = _pdf([(encode(line), "Times-Roman") for line in HEADING + BODY])
    text, sources = _read_text(fake_reader, f"{encoding}.pdf", data)
    assert text == _official_text()
    assert sources == [TextSource.text]
    assert fake_engine.calls == []


def test_pdf_tcvn3_font_names_decide_capitals(fake_reader, fake_engine) -> None:
    capitals, normal = _legacy_named_font(".VnTimeH"), _legacy_named_font(".VnTime")
    lines = [(to_tcvn3(line.lower()), capitals) for line in HEADING]
    lines += [(to_tcvn3(line), normal) for line in BODY]
    unicode_line = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    lines.append((unicode_line, _legacy_named_font("DejaVuSerif")))  # a Unicode font on the same page
    text, sources = _read_text(fake_reader, "fonts.pdf", _pdf(lines))
    assert text.split("\n") == [*HEADING, *BODY, unicode_line]
    assert sources == [TextSource.text]
    assert fake_engine.calls == []


def test_pdf_latin1_soup_that_decodes_to_nothing_is_ocred(fake_reader, fake_engine) -> None:
    soup = "Ø¤ßæ ÞÐ×¶ ¦§¨ ©ª«¬ ®¯±² ³´µ ¶·¸¹ º»¼½ ¾¿ÀÁ ÂÃÄÅ ÆÇÈÉ " * 4
    _, sources = _read_text(fake_reader, "soup.pdf", _pdf([(soup, "Times-Roman")]))
    assert sources == [TextSource.ocr]
    assert len(fake_engine.calls) >= 1


def test_vietnamese_without_diacritics_is_an_unusable_layer() -> None:
    bare = (
        "UY BAN NHAN DAN TINH LAM DONG CONG HOA XA HOI CHU NGHIA VIET NAM Doc lap - Tu do - Hanh phuc "
        "Uy ban nhan dan tinh to chuc buoi lam viec de nghe So Noi vu bao cao danh gia ket qua va giai phap "
        "nang cao cac chi so cai cach hanh chinh doi voi dich vu cong truc tuyen. Lanh dao Van phong UBND tinh"
    )
    assert lacks_diacritics(bare)
    assert text_layer_problem(bare, min_chars=40) is not None
    assert not lacks_diacritics(_official_text() * 4)
    english = "The Ministry of Home Affairs issued a plan on administrative reform for the provinces. " * 5
    assert not lacks_diacritics(english)


REAL_PDF = "templates/CV CHUNG/Giao SNV chuẩn bị nội dung Đc Phúc họp chỉ số/560 GM.pdf"


@pytest.mark.shared_data
def test_real_scan_with_an_english_ocr_layer_is_read_again(real_reader: FileReader) -> None:
    """A Lâm Đồng invitation: a scan whose scanner OCR layer has no diacritics (`ceNG HoA x,l ugr cnu`)."""
    path = SHARED_DATA / "lamdong" / "files" / REAL_PDF
    if not path.exists():
        pytest.skip("shared data absent")
    (record,) = real_reader.read_bytes(path.name, path.read_bytes())
    text = record.pages[0].text
    assert record.pages[0].source is TextSource.ocr
    assert "ỦY BAN NHÂN DÂN" in text
    assert "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    # the issuer is what the old layer got wrong ("Giay moi")
    assert extract_record(record, date(2026, 1, 1)).issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"


def test_extract_reads_number_and_issuer_from_a_tcvn3_docx(fake_reader: FileReader) -> None:
    paragraphs = [(to_tcvn3(line.lower()), ".VnTimeH") for line in HEADING]
    paragraphs += [(to_tcvn3(line), ".VnTime") for line in BODY]
    (record,) = fake_reader.read_bytes("tcvn3.docx", _docx(paragraphs))
    fields = extract_record(record, date(2026, 1, 1))
    assert (fields.number, fields.issuer, fields.issue_date) == (
        "1726/QĐ-UBND",
        "Ủy ban nhân dân tỉnh Lai Châu",
        date(2022, 12, 29),
    )


def test_pdf_vni_font_name_marks_join_their_letters(fake_reader, fake_engine) -> None:
    font = _legacy_named_font("VNI-Times")
    text, sources = _read_text(
        fake_reader, "vni-font.pdf", _pdf([(to_vni(line), font) for line in HEADING + BODY])
    )
    assert text == _official_text()
    assert sources == [TextSource.text]
