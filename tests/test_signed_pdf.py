"""Signed PDFs whose number and day are stamped in at signing (annotation or form-field appearances added in an
incremental update, over the blanks of the draft's text layer): read as the signed page shows them, the stamp
named in the evidence, and any failure on the way falls back to the text layer, never an error."""

from __future__ import annotations

import io
import itertools
import json
from datetime import date
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from extract import extract_record
from ingest import FileReader
from ingest.readers import pdf as pdf_reader
from ingest.readers import stamps
from kiemchung.specimens.fonts import find_font
from model.records import ExtractRecord, ReadRecord, Status
from tests.conftest import DATA, SHARED_DATA

TODAY = date(2026, 11, 23)
DRAFT_CODES = {"number.blank", "date.blank"}
FONT = "SignedDraftSerif"
HEADER = [
    ("UBND TỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("SỞ NỘI VỤ", "Độc lập - Tự do - Hạnh phúc"),
    ("Số:          /BC-UBND", "Lâm Đồng, ngày        tháng 12 năm 2025"),
]
BODY = [
    "BÁO CÁO",
    "Kết quả cải cách hành chính năm 2025",
    *["Sở Nội vụ báo cáo kết quả thực hiện công tác cải cách hành chính năm 2025."] * 3,
]


def render_draft() -> bytes:
    """A report as the drafter leaves it for the signing service, in the Nghị định 30 layout: the number's blank
    (`Số:          /BC-UBND`) and the day of `ngày … tháng 12 năm 2025` left for the stamp, on one row as in the
    real files. Drawn here rather than by `specimens.render_pdf`, whose line wrapping closes a blank to one space."""
    family = find_font("DejaVuSerif")
    pdfmetrics.registerFont(TTFont(FONT, str(family.regular)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    width, height = A4
    y = height - 60
    for left, right in HEADER:
        canvas.setFont(FONT, 12)
        canvas.drawCentredString(150, y, left)
        canvas.drawCentredString(410, y, right)
        y -= 18
    y -= 12
    for line in BODY:
        if line.isupper():
            canvas.drawCentredString(width / 2, y, line)
        else:
            canvas.drawString(85, y, line)
        y -= 18
    for line in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "", "Nguyễn Văn A"):
        canvas.drawCentredString(420, y, line)
        y -= 18
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _box(data: bytes, before: str, after: str) -> tuple[float, float, float, float]:
    """The blank between two words on page 1, as (x0, top, x1, bottom) in pdfplumber's coordinates."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = pdf.pages[0].extract_words()
    for first, second in itertools.pairwise(words):
        if first["text"] == before and second["text"] == after:
            return first["x1"] + 1, first["top"], second["x0"] - 1, first["bottom"]
    raise AssertionError(f"no blank between {before!r} and {after!r}")


def _form(writer: PdfWriter, content: bytes, width: float, height: float, resources: DictionaryObject):
    form = StreamObject()
    form.set_data(content)
    form.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
        NameObject("/Resources"): resources,
    })  # fmt: skip
    return writer._add_object(form)


def sign(
    data: bytes, values: list[tuple[str, tuple[float, float, float, float]]], kind: str = "widget"
) -> bytes:
    """The document as a signing service issues it: each value drawn in its box by an annotation appearance,
    added in an incremental update (the original bytes stay as they were). `widget`: signature fields whose
    appearance draws a nested form, as VGCA's client does; `freetext`: FreeText annotations."""
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    page = writer.pages[0]
    height = float(page.mediabox.height)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Times-Roman"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))  # fmt: skip
    annotations, fields = ArrayObject(), ArrayObject()
    for index, (text, (x0, top, x1, bottom)) in enumerate(values):
        width, size = x1 - x0, bottom - top
        fonts = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        drawn = f"BT /F1 {size:.1f} Tf 0 0 0 rg 2 {0.22 * size:.2f} Td ({text}) Tj ET".encode()
        inner = _form(writer, drawn, width, size, fonts)
        xobjects = DictionaryObject({NameObject("/XObject"): DictionaryObject({NameObject("/FRM"): inner})})
        outer = _form(writer, b"q 1 0 0 1 0 0 cm /FRM Do Q", width, size, xobjects)
        rect = ArrayObject([FloatObject(v) for v in (x0, height - bottom, x1, height - top)])
        annotation = DictionaryObject({
            NameObject("/Rect"): rect, NameObject("/AP"): DictionaryObject({NameObject("/N"): outer}),
            NameObject("/P"): page.indirect_reference,
        })  # fmt: skip
        if kind == "widget":  # VGCA's layout: a signature field, its widget a kid without /Type
            field = writer._add_object(DictionaryObject({
                NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject(f"Signature{index + 2}"),
            }))  # fmt: skip
            annotation.update({
                NameObject("/Subtype"): NameObject("/Widget"), NameObject("/F"): NumberObject(132),
                NameObject("/Parent"): field,
            })  # fmt: skip
            widget = writer._add_object(annotation)
            field.get_object()[NameObject("/Kids")] = ArrayObject([widget])
            fields.append(field)
            annotations.append(widget)
        else:
            annotation.update({
                NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FreeText"),
                NameObject("/F"): NumberObject(4), NameObject("/Contents"): TextStringObject(text),
                NameObject("/DA"): TextStringObject("/F1 11 Tf 0 g"),
            })  # fmt: skip
            annotations.append(writer._add_object(annotation))
    page[NameObject("/Annots")] = annotations
    if kind == "widget":
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): fields, NameObject("/SigFlags"): NumberObject(3)}
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def draft() -> bytes:
    return render_draft()


def signed(draft: bytes, kind: str = "widget") -> bytes:
    number_box = _box(draft, "Số:", "/BC-UBND")
    day_box = _box(draft, "ngày", "tháng")
    return sign(draft, [("27", number_box), ("05", day_box)], kind)


def _read(reader: FileReader, tmp_path: Path, data: bytes, name: str = "signed.pdf") -> ReadRecord:
    path = tmp_path / name
    path.write_bytes(data)
    [record] = reader.read_paths([path])
    return record


def _extract(record: ReadRecord) -> ExtractRecord:
    return extract_record(record, TODAY)


def _codes(record: ExtractRecord) -> set[str]:
    return {flag.code for flag in record.flags}


def test_the_fixture_is_signed_like_the_real_files(draft: bytes) -> None:
    data = signed(draft)
    assert data.startswith(draft) and len(data) > len(draft)  # an incremental update over the issued draft
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = pdf.pages[0].extract_text()
        assert "Số: /BC-UBND" in text and "ngày tháng 12 năm 2025" in text  # the text layer keeps the blanks
        with pytest.raises(Exception, match="recursion"):  # and, like the real files, pdfplumber's own
            pdf.pages[0].annots  # noqa: B018  (page.annots recurses without end: field -> kids -> widget -> field)


@pytest.mark.parametrize("kind", ["widget", "freetext"])
def test_stamped_number_and_day_are_read(
    fake_reader: FileReader, fake_engine, tmp_path: Path, draft: bytes, kind: str
) -> None:
    read = _read(fake_reader, tmp_path, signed(draft, kind))
    assert read.status is Status.ok and not read.errors
    assert fake_engine.calls == []  # a text page: the stamps were read from the file, not by OCR
    page = read.pages[0]
    assert page.source == "text" and page.stamped == ["27", "05"]
    assert "Số: 27 /BC-UBND" in page.text and "ngày 05 tháng 12 năm 2025" in page.text
    assert page.words and any(word.text == "27" for word in page.words)  # the stamped words have boxes
    record = _extract(read)
    assert record.number == "27/BC-UBND" and record.doc_type == "Báo cáo"
    assert record.issue_date == date(2025, 12, 5)
    assert not _codes(record) & DRAFT_CODES
    number, issued = record.evidence["number"], record.evidence["issue_date"]
    assert number.stamped == ["27"] and "27 /BC-UBND" in number.text
    assert issued.stamped == ["05"] and issued.text.endswith("ngày 05 tháng 12 năm 2025")
    box = _box(draft, "Số:", "/BC-UBND")
    assert number.bbox is not None and number.bbox[0] <= box[0] and number.bbox[2] >= box[0] + 5
    assert issued.bbox is not None
    assert record.evidence["issuer"].stamped is None  # the rest is the page's own text


def test_a_plain_draft_is_still_a_draft(fake_reader: FileReader, tmp_path: Path, draft: bytes) -> None:
    read = _read(fake_reader, tmp_path, draft, "draft.pdf")
    assert read.pages[0].stamped is None
    record = _extract(read)
    assert record.number is None and record.issue_date is None
    assert _codes(record) >= DRAFT_CODES
    assert record.evidence["number"].stamped is None


def test_pdfplumber_annots_are_never_touched(
    fake_reader: FileReader, tmp_path: Path, draft: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pdfplumber's `page.annots` resolves every object it reaches and recurses without end on real signed
    files (an annotation's /P points back to its page): the reader must never call it."""

    def recurse(self: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(pdfplumber.page.Page, "annots", property(recurse))
    monkeypatch.setattr(pdfplumber.page.Page, "hyperlinks", property(recurse))
    record = _extract(_read(fake_reader, tmp_path, signed(draft)))
    assert record.number == "27/BC-UBND" and record.status is Status.ok


@pytest.mark.parametrize(
    "failure",
    ["listing", "flatten", "merge", "reparse"],
)
def test_a_failure_falls_back_to_the_text_layer(
    fake_reader: FileReader, tmp_path: Path, draft: bytes, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    target = {
        "listing": (stamps, "resolve1"),  # reading the page's /Annots
        "flatten": (pikepdf.Pdf, "flatten_annotations"),  # qpdf refusing the file
        "merge": (stamps, "stamped_layer"),
        "reparse": (pdf_reader.pdfplumber, "open"),  # the drawn stamps cannot be parsed
    }[failure]
    data = signed(draft)
    if failure == "reparse":  # the original opens, the copy with the stamps drawn does not
        real_open = pdfplumber.open
        opened: list[int] = []

        def open_once(*args: object, **kwargs: object):
            opened.append(1)
            if len(opened) > 1:
                boom()
            return real_open(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(*target, open_once)
    else:
        monkeypatch.setattr(*target, boom)
    read = _read(fake_reader, tmp_path, data)
    assert read.status is Status.ok and not read.errors
    assert read.pages[0].stamped is None and "Số: /BC-UBND" in read.pages[0].text
    record = _extract(read)
    assert record.number is None and _codes(record) >= DRAFT_CODES  # as before: the text layer alone


def test_an_appearance_that_draws_itself_is_read_once(
    fake_reader: FileReader, tmp_path: Path, draft: bytes
) -> None:
    """A stamp whose form draws itself: our look-up stops at the loop, and so does pdfminer when it draws the
    drawn stamps; the stamp is read once, no error."""
    with pikepdf.open(io.BytesIO(signed(draft))) as pdf:
        for annotation in pdf.pages[0].obj.Annots:
            inner = annotation.AP.N.Resources.XObject.FRM
            inner.Resources.XObject = pikepdf.Dictionary(Self=inner)
            inner.write(inner.read_bytes() + b" /Self Do")
        out = io.BytesIO()
        pdf.save(out)
    read = _read(fake_reader, tmp_path, out.getvalue())
    assert read.status is Status.ok and not read.errors and read.pages[0].stamped == ["27", "05"]
    record = _extract(read)
    assert record.number == "27/BC-UBND" and not DRAFT_CODES & _codes(record)


def test_annotations_that_draw_no_text_are_not_reread(
    fake_reader: FileReader, tmp_path: Path, draft: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link, or a stamp drawn as a picture (a seal): no stamps are drawn nor parsed."""
    with pikepdf.open(io.BytesIO(draft)) as pdf:
        link = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                                    Rect=[10, 10, 50, 50]))  # fmt: skip
        picture = pdf.make_stream(b"q 10 0 0 10 0 0 cm 0 0 1 1 re f Q")
        picture.Type, picture.Subtype, picture.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 40, 40]
        seal = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, Rect=[60, 60, 100, 100], F=4
        )
        seal.AP = pikepdf.Dictionary(N=picture)
        seal = pdf.make_indirect(seal)
        pdf.pages[0].obj.Annots = pikepdf.Array([link, seal])
        out = io.BytesIO()
        pdf.save(out)
    flattened: list[int] = []
    real = pikepdf.Pdf.flatten_annotations
    monkeypatch.setattr(
        pikepdf.Pdf, "flatten_annotations", lambda self, *a, **k: flattened.append(1) or real(self, *a, **k)
    )
    record = _extract(_read(fake_reader, tmp_path, out.getvalue()))
    assert flattened == [] and record.pages[0].stamped is None
    assert _codes(record) >= DRAFT_CODES


def test_a_pdf_without_annotations_costs_no_flattening(
    fake_reader: FileReader, tmp_path: Path, draft: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []
    monkeypatch.setattr(stamps, "draw_stamps", lambda *a, **k: opened.append(1))
    _read(fake_reader, tmp_path, draft, "draft.pdf")
    assert opened == []


def test_stamped_characters_take_the_place_of_the_blanks(draft: bytes) -> None:
    data = signed(draft)
    found = stamps.draw_stamps(data, [0])
    assert found is not None and found[1] == [0]
    with pdfplumber.open(io.BytesIO(data)) as original, pdfplumber.open(io.BytesIO(found[0])) as drawn:
        assert drawn.pages[0].extract_text().split() == ["27", "05"]  # the stamps alone, where they stand
        layer = stamps.stamped_layer(original.pages[0], drawn.pages[0])
    assert layer is not None
    assert layer.stamped == ["27", "05"]
    text = layer.extract_text()
    assert "Số: 27 /BC-UBND" in text and "2 7" not in text
    words = [word["text"] for word in layer.extract_words(use_text_flow=True)]
    assert words[words.index("Số:") + 1 : words.index("Số:") + 3] == ["27", "/BC-UBND"]  # in reading order


SIGNED_KEY = DATA / "extract" / "signed_lamdong.json"


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared/data is not here")
def test_real_signed_pdfs_are_not_drafts(real_reader: FileReader) -> None:
    """The real signed PDFs of the provincial office (both halves of the key): before the stamps were read, 11
    of the 21 text files (10 of 19 distinct) came out as drafts with a blank number and day although the signed
    page (poppler's pdftotext) shows both; none may now, and number, type and date match the key."""
    documents = json.loads(SIGNED_KEY.read_text(encoding="utf-8"))["documents"]
    paths = [SHARED_DATA / "lamdong" / name for document in documents for name in document["files"]]
    keys = [document for document in documents for _ in document["files"]]
    drafts, wrong = [], []
    for key, read in zip(keys, real_reader.read_paths(paths), strict=True):
        record = _extract(read)
        if _codes(record) & DRAFT_CODES:
            drafts.append(Path(read.file).name)
        found = (record.number, record.doc_type, str(record.issue_date))
        if found != (key["number"], key["doc_type"], key["issue_date"]):
            wrong.append((Path(read.file).name, found))
        if key["stamped"]:
            assert record.evidence["number"].stamped and record.evidence["issue_date"].stamped, read.file
        else:
            assert record.evidence["number"].stamped is None, read.file
    assert len(paths) == 21
    assert drafts == [] and wrong == []


def _chars(text: str, x: float, top: float, width: float = 6.0, stamped: bool = False) -> list[dict]:
    size = 12.0
    return [
        {"text": letter, "x0": x + i * width, "x1": x + (i + 1) * width, "top": top, "bottom": top + size,
         "doctop": top, "y0": 800 - top - size, "y1": 800 - top, "upright": True, "size": size,
         "fontname": "Stamp" if stamped else "Body", "direction": "ltr", "matrix": (1, 0, 0, 1, 0, 0)}
        for i, letter in enumerate(text)
    ]  # fmt: skip


@pytest.mark.parametrize("blank", ["      ", "......", "______"])
def test_a_stamp_replaces_the_blank_it_covers(blank: str) -> None:
    """Spaces, dots or underscores under the stamped digits are the blank they were written into."""

    class Layer:
        def __init__(self, chars: list[dict]) -> None:
            self.chars, self.page_number = chars, 1

    original = Layer(_chars(f"Số: {blank}/BC-UBND", 100, 200))
    # the stamp's characters sit a little higher, in another font, over the blank
    drawn = Layer(_chars("27", 100 + 5 * 6, 198.5, width=7.0, stamped=True))
    layer = stamps.stamped_layer(original, drawn)
    assert layer is not None and layer.stamped == ["27"]
    assert layer.extract_text().replace(" ", "").startswith("Số:27") and "27" in layer.extract_text().split()
    assert blank[0] not in layer.extract_text().replace(" ", "")  # no dot or underscore left in the number


def test_a_stamp_that_repeats_the_page_adds_nothing() -> None:
    class Layer:
        def __init__(self, chars: list[dict]) -> None:
            self.chars, self.page_number = chars, 1

    line = _chars("Số: 27/BC-UBND", 100, 200)
    assert stamps.stamped_layer(Layer(line), Layer([dict(char) for char in line])) is None
