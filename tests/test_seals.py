"""Seals and signatures on scans: found at read time (`ingest.seals`), judged by the validity stage.

Scans are made here (`devkit.sealed_scans`): an official document in the Nghị định 30 layout, a red seal and a pen
signature drawn where they belong (or not, or the seal far away), scanned in colour or grey. Real scans from
`../shared/data` follow the hand-labelled key in `tests/data/validity/real_key.json`."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from bench import validity_faint
from devkit.sealed_scans import (
    PEN_BLACK,
    PEN_LIGHT_BLUE,
    SEAL_FADED,
    SEAL_ORANGE,
    SEAL_PINK,
    Signing,
    jpeg_bytes,
    signed_scan,
)
from ingest import FileReader
from ingest.seals import find_marks
from kiemchung.specimens.fonts import find_font
from kiemchung.specimens.sample import DECISION, PLAN
from kiemchung.specimens.scan import PHONE_70, PHONE_100, SCANNER_150, SCANNER_200
from model.records import Evidence, ExtractRecord, MarkState, PageMarks
from model.settings import Settings
from service.pipeline import STAGES, run_stages
from tests.conftest import SHARED_DATA, FakeOcrEngine
from validity.seals import seal_flags

FOUND, ABSENT, UNKNOWN = MarkState.found, MarkState.absent, MarkState.unknown


@pytest.mark.parametrize(
    ("signing", "colour", "seal", "signature"),
    [
        (Signing(), True, FOUND, FOUND),
        (Signing(signature=False), True, FOUND, ABSENT),
        (Signing(seal=False, signature=False), True, ABSENT, ABSENT),
        (Signing(seal=False), True, ABSENT, FOUND),
        (Signing(how=PHONE_100, seed=3), True, FOUND, FOUND),
        (Signing(colour=False), False, FOUND, FOUND),  # the ring's shape, in grey
        (Signing(colour=False, seal=False), False, UNKNOWN, FOUND),
        (
            Signing(colour=False, seal=False, signature=False),
            False,
            UNKNOWN,
            UNKNOWN,
        ),  # never "absent" in grey
        (Signing(colour=False, how=SCANNER_150, seed=2), False, FOUND, FOUND),
    ],
)
@pytest.mark.parametrize("document", [PLAN, DECISION], ids=["plan", "decision"])
def test_seal_and_signature_on_generated_scans(document, signing, colour, seal, signature) -> None:  # type: ignore[no-untyped-def]
    marks = find_marks(signed_scan(document, signing), page=1)
    assert (marks.colour, marks.seal, marks.signature) == (colour, seal, signature)
    assert (marks.seal_box is not None) == (seal is FOUND)
    assert (marks.signature_box is not None) == (signature is FOUND)


# The classes real scans showed (issue 13), each with and without the mark: a seal in faint, pink, orange or
# pale red ink, or with its lower arc not inked; pens in black or light blue, thin, or thick at a photo's 72 dpi;
# grey scans where the seal's ring (one inside another) covers the signature, or stands alone.
CLASSES = {
    "pink seal": Signing(seal_ink=SEAL_PINK, how=PHONE_100, seed=4),
    "orange seal": Signing(seal_ink=SEAL_ORANGE, seed=5),
    "pale red seal": Signing(seal_ink=SEAL_FADED, how=SCANNER_150, seed=6),
    "broken ring": Signing(seal_broken=0.3, how=PHONE_100, seed=7),
    "seal partly off the block": Signing(seal_offset_mm=(-22.0, -8.0), seed=8),
    "black pen": Signing(pen_ink=PEN_BLACK, how=SCANNER_150, seed=9),
    "light blue thin pen": Signing(pen_ink=PEN_LIGHT_BLUE, pen_mm=0.2, seed=10),
    "thin pen at 72 dpi": Signing(pen_mm=0.2, how=PHONE_70, seed=11),
    "grey, thin pen": Signing(colour=False, pen_mm=0.2, how=SCANNER_200, seed=2),
    "grey, black pen at 72 dpi": Signing(colour=False, pen_ink=PEN_BLACK, how=PHONE_70, seed=21),
    "grey photo": Signing(colour=False, pen_ink=PEN_BLACK, how=PHONE_100, seed=16),
}


def _expected(signing: Signing, drawn: bool) -> MarkState:
    return FOUND if drawn else ABSENT if signing.colour else UNKNOWN


@pytest.mark.parametrize(("seal", "signature"), [(True, True), (False, True), (True, False)])
@pytest.mark.parametrize("name", list(CLASSES))
def test_each_class_of_seal_and_signature_is_found_and_not_imagined(
    name: str, seal: bool, signature: bool
) -> None:
    signing = dataclasses.replace(CLASSES[name], seal=seal, signature=signature)
    marks = find_marks(signed_scan(PLAN, signing), page=1)
    assert (marks.seal, marks.signature) == (_expected(signing, seal), _expected(signing, signature))


# Faint pink or pale red seals on phone photos (washed out, lit unevenly, JPEG at 70-120 dpi), and pink or red
# ink that is no seal: pages of the tuning half of `bench/validity_faint.py` only (its measured half is the number)
@pytest.mark.parametrize(
    "index",
    [
        0,
        1,
        2,
        23,
        44,
    ],  # plain, over the printed lines, broken, beside a red letterhead and logo, no signature
)
def test_a_faint_pink_seal_on_a_phone_photo_is_found(index: int) -> None:
    case = validity_faint.case(index)
    assert case.half == "tune" and case.seal
    marks = find_marks(case.image, page=1)
    assert (marks.seal, marks.signature) == (FOUND, FOUND if case.signature else ABSENT)
    assert marks.seal_box is not None
    assert 26 <= (marks.seal_box[2] - marks.seal_box[0]) * 25.4 / marks.dpi <= 46  # drawn 30-42 mm wide


@pytest.mark.parametrize(
    "index",
    [
        5,
        6,
        7,
        8,
        9,
        27,
    ],  # red heading, red underline, logo, pink highlighter, all of them, a bright red disc logo
)
def test_pink_or_red_ink_that_is_no_seal_is_not_taken_for_one(index: int) -> None:
    case = validity_faint.case(index)
    assert case.half == "tune" and not case.seal
    marks = find_marks(case.image, page=1)
    assert (marks.colour, marks.seal, marks.signature) == (True, ABSENT, FOUND)


def test_a_grey_seal_is_measured_to_its_outer_ring() -> None:
    """The Hough transform may land on the ring around the emblem: the seal's box is the outer ring's."""
    for seed in (2, 16):
        marks = find_marks(signed_scan(DECISION, Signing(colour=False, how=PHONE_100, seed=seed)), page=1)
        assert marks.seal_box is not None
        assert 32 <= (marks.seal_box[2] - marks.seal_box[0]) * 25.4 / marks.dpi <= 40  # drawn 36 mm wide


def test_the_seal_box_is_where_it_was_drawn_over_the_signature_left() -> None:
    marks = find_marks(signed_scan(PLAN, Signing()), page=2)
    assert marks.seal_box is not None and marks.signature_box is not None and marks.page == 2
    seal_centre = (marks.seal_box[0] + marks.seal_box[2]) / 2
    assert marks.seal_box[2] > marks.signature_box[0], "the seal covers the signature's left part"
    assert seal_centre < (marks.signature_box[0] + marks.signature_box[2]) / 2
    assert 30 <= (marks.seal_box[2] - marks.seal_box[0]) * 25.4 / marks.dpi <= 42  # drawn 36 mm wide


def _record(marks: PageMarks, number: str | None = "27/KH-SNV", **extra) -> ExtractRecord:  # type: ignore[no-untyped-def]
    return ExtractRecord(file="scan.jpg", marks=marks, number=number, doc_type="KẾ HOẠCH", **extra)


def _marks(colour: bool, seal: MarkState, signature: MarkState, **boxes) -> PageMarks:  # type: ignore[no-untyped-def]
    return PageMarks(page=1, colour=colour, seal=seal, signature=signature, dpi=100, **boxes)


SEAL_BOX = (400, 600, 540, 740)
SIGNATURE_BOX = (480, 640, 640, 700)


@pytest.mark.parametrize(
    ("marks", "number", "expected"),
    [
        (_marks(True, ABSENT, ABSENT), "27/KH-SNV", ["document.unsigned"]),
        (_marks(True, ABSENT, ABSENT), None, ["document.unsigned"]),  # a type is enough to be an issued text
        (_marks(False, UNKNOWN, UNKNOWN), "27/KH-SNV", ["document.signing_unknown"]),
        (_marks(True, FOUND, FOUND, seal_box=SEAL_BOX, signature_box=SIGNATURE_BOX), "27/KH-SNV", []),
        (_marks(True, ABSENT, FOUND, signature_box=SIGNATURE_BOX), "27/KH-SNV", []),
        (_marks(False, UNKNOWN, FOUND, signature_box=SIGNATURE_BOX), "27/KH-SNV", []),
        (_marks(True, FOUND, FOUND, seal_box=(60, 900, 200, 1040), signature_box=SIGNATURE_BOX), "1/KH",
         ["seal.far_from_signer"]),
    ],
)  # fmt: skip
def test_what_the_validity_stage_makes_of_the_marks(marks, number, expected) -> None:  # type: ignore[no-untyped-def]
    flags = seal_flags(_record(marks, number))
    assert [flag.code for flag in flags] == expected
    assert all(flag.page == 1 for flag in flags)


def test_a_seal_far_from_the_signers_name_is_a_warning_with_the_boxes() -> None:
    name = Evidence(
        page=1, text="Nguyễn Văn A", confidence=0.9, from_ocr=True, bbox=(1000, 2000, 1400, 2060), dpi=200
    )
    near = _marks(True, FOUND, ABSENT, seal_box=(420, 880, 560, 1000))  # just above the name (100 dpi)
    far = _marks(True, FOUND, ABSENT, seal_box=(60, 300, 200, 440))
    assert seal_flags(_record(near, evidence={"signer": name})) == []
    (flag,) = seal_flags(_record(far, evidence={"signer": name}))
    assert flag.code == "seal.far_from_signer" and flag.severity == "warning"
    assert "(60, 300, 200, 440)" in (flag.text or "") and "mm" in flag.message


def test_a_page_that_is_no_issued_document_is_not_called_unsigned() -> None:
    record = ExtractRecord(file="hop-dong.jpg", marks=_marks(True, ABSENT, ABSENT))
    assert seal_flags(record) == []


HEADER = "UBND TỈNH LAI CHÂU\nSỞ NỘI VỤ\nSố: 27/KH-SNV\nKẾ HOẠCH\nCải cách hành chính năm 2025"


def _read(path: Path, tmp_path: Path) -> ExtractRecord:
    settings = Settings(data_dir=tmp_path / "data", ocr_threads=1)
    with FileReader(settings, engine=FakeOcrEngine(HEADER), keep_words=True) as reader:
        (record,) = reader.read_paths([path])
    result = run_stages(record, STAGES)
    assert isinstance(result, ExtractRecord)
    return result


@pytest.mark.parametrize(
    ("signing", "expected"),
    [
        (Signing(), set()),
        (Signing(seal=False, signature=False), {"document.unsigned"}),
        (Signing(colour=False, seal=False, signature=False), {"document.signing_unknown"}),
        (Signing(seal_offset_mm=(-75.0, 40.0)), {"seal.far_from_signer"}),
    ],
)
def test_a_scanned_jpeg_through_reading_and_validity(
    signing: Signing, expected: set[str], tmp_path: Path
) -> None:
    path = tmp_path / "ke-hoach.jpg"
    path.write_bytes(jpeg_bytes(signed_scan(PLAN, signing), dpi=200))
    record = _read(path, tmp_path)
    assert record.marks is not None and record.marks.page == 1
    ours = {"document.unsigned", "document.signing_unknown", "seal.far_from_signer", "evidence.not_signed"}
    assert {flag.code for flag in record.flags} & ours == expected


def _searchable_scan(image: Image.Image, text: str) -> bytes:
    """One full-page picture with an invisible text layer over it, as a scanner's OCR writes it."""
    pdfmetrics.registerFont(TTFont("SealSerif", str(find_font("DejaVuSerif").regular)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.drawImage(ImageReader(image.convert("RGB")), 0, 0, width=A4[0], height=A4[1])
    layer = canvas.beginText(70, A4[1] - 80)
    layer.setTextRenderMode(3)  # invisible
    layer.setFont("SealSerif", 12)
    for line in text.split("\n") * 4:
        layer.textLine(line)
    canvas.drawText(layer)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("signing", "expected"),
    [(Signing(), set()), (Signing(seal=False, signature=False), {"document.unsigned"})],
)
def test_a_searchable_scan_is_a_scan_not_an_unsigned_typed_file(
    signing: Signing, expected: set[str], tmp_path: Path
) -> None:
    path = tmp_path / "ke-hoach-quet.pdf"
    path.write_bytes(_searchable_scan(signed_scan(PLAN, signing), HEADER))
    record = _read(path, tmp_path)
    assert record.pages[0].source == "text", "the page reads from its text layer"
    assert record.marks is not None and record.marks.text_layer
    codes = {flag.code for flag in record.flags}
    assert "evidence.not_signed" not in codes and "document.draft" not in codes
    assert codes & {"document.unsigned"} == expected


def test_a_typed_pdf_has_no_marks(tmp_path: Path) -> None:
    from kiemchung.specimens.pdf import render_pdf

    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(render_pdf(PLAN))
    record = _read(path, tmp_path)
    assert record.marks is None and "evidence.not_signed" in {flag.code for flag in record.flags}


KEY = Path(__file__).parent / "data" / "validity" / "real_key.json"


def _real_pages() -> list[tuple[str, int, bool, bool]]:
    key = json.loads(KEY.read_text(encoding="utf-8"))
    return [
        (entry["file"], page["page"], page["seal"], page["signature"])
        for entry in key["scans"]
        for page in entry["pages"]
        if entry["half"] == "tune"
    ]


@pytest.mark.shared_data
@pytest.mark.skipif(not (SHARED_DATA / "lamdong").exists(), reason="../shared/data is not here")
@pytest.mark.parametrize(("file", "page", "seal", "signature"), _real_pages())
def test_real_scans_of_the_tuning_half(file: str, page: int, seal: bool, signature: bool) -> None:
    path = SHARED_DATA / file
    if path.suffix == ".pdf":
        document = pypdfium2.PdfDocument(path)
        try:
            image = document[page - 1].render(scale=840 / document[page - 1].get_width()).to_pil()
        finally:
            document.close()
    else:
        image = Image.open(path)
    marks = find_marks(image, page)
    assert (marks.seal is FOUND, marks.signature is FOUND) == (seal, signature)


def test_a_long_strip_is_not_searched_for_a_signature_block() -> None:
    """The detector scales a page to paper width: a 1:100 strip would grow to gigabytes for nothing."""
    from PIL import Image

    from ingest.readers.scan_marks import image_marks

    assert image_marks(Image.new("RGB", (80, 8_000), "white"), 1) is None
    assert image_marks(Image.new("RGB", (1240, 1754), "white"), 1) is not None


@pytest.mark.parametrize(
    "signing",
    [
        Signing(colour=False),
        Signing(colour=False, seal=False),
        Signing(colour=False, how=SCANNER_150, seed=2),
    ],
)
def test_a_grey_page_is_looked_at_as_the_colour_path_would(signing: Signing) -> None:
    """An 8-bit grey page skips the colour channels (a third of the detector's time), with the same outcome."""
    page = signed_scan(PLAN, signing)
    assert find_marks(page.convert("L"), page=1) == find_marks(page.convert("RGB"), page=1)


def test_a_grey_jpeg_is_looked_at_on_the_page_ocr_read(tmp_path: Path) -> None:
    """A grey picture file's last page is not decoded a second time for its marks: the grey page OCR read is
    used, with the same seal and signature found."""
    page = signed_scan(PLAN, Signing(colour=False)).convert("L")
    path = tmp_path / "ke-hoach.jpg"
    path.write_bytes(jpeg_bytes(page, dpi=200))
    record = _read(path, tmp_path)
    assert record.marks is not None and record.marks.colour is False
    assert (record.marks.seal, record.marks.signature) == (FOUND, FOUND)
    assert record.marks == find_marks(Image.open(path).convert("RGB"), page=1)
