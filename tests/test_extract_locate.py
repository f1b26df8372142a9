"""Where a value was read on its page (the evidence box the review UI highlights): the words that spell the
source text, in the page's pixels; and the same place whether it was read from the text layer or by OCR."""

from __future__ import annotations

import io
from datetime import date

import pytest

from extract import extract_record
from extract.locate import locate
from ingest import FileReader
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import REPORT
from kiemchung.specimens.scan import rasterize
from model.records import Page, TextSource, Word
from model.settings import Settings

WORDS = [("Số:", (10, 10, 40, 20)), ("42/BC-SNV", (45, 10, 120, 20)), ("Lai", (300, 10, 330, 20)),
         ("Châu,", (335, 10, 380, 20)), ("BÁO", (150, 60, 190, 75)), ("CÁO", (195, 60, 235, 75)),
         ("Kết", (100, 80, 130, 92)), ("quả", (135, 80, 165, 92)), ("công", (100, 95, 140, 107)),
         ("tác", (145, 95, 170, 107))]  # fmt: skip
PAGE = Page(number=1, text="", source=TextSource.ocr, dpi=200,
            words=[Word(text=text, confidence=0.9, bbox=box) for text, box in WORDS])  # fmt: skip


@pytest.mark.parametrize(
    ("text", "box"),
    [
        ("Số: 42/BC-SNV", (10, 10, 120, 20)),
        ("Lai Châu", (300, 10, 380, 20)),  # edge punctuation does not count
        ("báo cáo", (150, 60, 235, 75)),  # nor does case
        ("Kết quả / công tác", (100, 80, 170, 107)),  # lines joined by " / ", found in order
        ("42/BC-SNV Lai", (45, 10, 330, 20)),
        ("Kết quả công tác", (100, 80, 170, 107)),  # a value wrapped over two lines of words
        ("Số: 43/BC-SNV", None),  # not on the page
        ("công tác / Kết quả", None),  # lines out of order are not this text
        ("Châu, BÁO Kết", None),  # words that are not consecutive
    ],
)
def test_locate_boxes_the_words_that_spell_the_text(text: str, box: tuple[int, int, int, int] | None) -> None:
    assert locate(PAGE, text) == box


def test_a_page_without_word_boxes_has_no_box() -> None:
    assert locate(PAGE.model_copy(update={"words": None}), "Số: 42/BC-SNV") is None


def test_docx_values_have_no_box_and_say_so(fake_reader: FileReader) -> None:
    from kiemchung.specimens.docx import render_docx

    [record] = fake_reader.read_bytes("bao-cao.docx", render_docx(REPORT))
    extracted = extract_record(record, date(2026, 11, 29))
    assert extracted.number == "42/BC-SNV"
    assert all(evidence.bbox is None and evidence.dpi is None for evidence in extracted.evidence.values())


@pytest.mark.slow
def test_text_layer_and_ocr_put_the_number_in_the_same_place(settings: Settings) -> None:
    """Two independent readings of one page: its PDF text layer (points) and Tesseract on its 200 dpi raster."""
    from ingest import FileReader

    pdf = render_pdf(REPORT)
    buffer = io.BytesIO()
    rasterize(pdf, 200)[0].save(buffer, format="PNG", dpi=(200, 200))
    with FileReader(settings, keep_words=True) as reader:
        [layer] = reader.read_bytes("bao-cao.pdf", pdf)
        [scan] = reader.read_bytes("bao-cao.png", buffer.getvalue())
    today = date(2026, 11, 29)
    from_layer, from_ocr = extract_record(layer, today), extract_record(scan, today)
    for field in ("number", "doc_type", "issue_date", "subject"):
        a, b = from_layer.evidence[field], from_ocr.evidence[field]
        assert a.bbox is not None and b.bbox is not None, field
        assert (a.dpi, a.from_ocr, b.dpi, b.from_ocr) == (72, False, 200, True)
        scaled = [round(value * 200 / 72) for value in a.bbox]
        assert all(abs(x - y) <= 12 for x, y in zip(scaled, b.bbox, strict=True)), (field, scaled, b.bbox)
