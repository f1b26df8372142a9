"""OCR's letters for digits in the date line's number slots (issue 14): the repaired date is kept with a lowered
confidence and the printed line as evidence, and the date's own flags (impossible, future) still apply."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from model.records import Page, ReadRecord, Word

TODAY = date(2026, 11, 23)
PAGE_CONFIDENCE = 0.9


def _extract(date_line: str, words: list[Word] | None = None):
    text = f"SỞ NỘI VỤ\nSố: 27/TB-SNV\n{date_line}\nTHÔNG BÁO\nVề việc tổ chức hội nghị"
    page = Page(number=1, text=text, source="ocr", ocr_confidence=PAGE_CONFIDENCE, words=words)
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Lai Châu, ngày l5 tháng 12 năm 2025", date(2025, 12, 15)),
        ("Lai Châu, ngày 15 tháng II năm 2025", date(2025, 11, 15)),
        ("Lai Châu, ngày 15 tháng 12 năm 2O25", date(2025, 12, 15)),
        ("Lai Châu, ngày O5 tháng 12 năm 2025", date(2025, 12, 5)),
        ("Lai Châu, ngày |8 tháng O1 năm 2o2S", date(2025, 1, 18)),
        ("Lai Châu, ngày 1B tháng 3 năm 2025", date(2025, 3, 18)),
        ("Lai Châu, ngày O6/3/2O20", date(2020, 3, 6)),
    ],
)
def test_letters_for_digits_are_repaired(line: str, expected: date) -> None:
    result = _extract(line)
    evidence = result.evidence["issue_date"]
    assert result.issue_date == expected
    assert evidence.text == line  # the printed form, not the repaired one
    assert evidence.confidence < PAGE_CONFIDENCE
    assert not {flag.code for flag in result.flags} & {"date.unreadable", "date.missing", "date.impossible"}


@pytest.mark.parametrize(
    "line",
    ["Lai Châu, ngày 28 tháng 10 nắm 2023", "Lai Châu, ngảy 28 thảng 10 năm 2023"],
)
def test_date_words_with_a_misread_tone_mark(line: str) -> None:
    assert _extract(line).issue_date == date(2023, 10, 28)


def test_a_clean_date_keeps_its_confidence() -> None:
    result = _extract("Lai Châu, ngày 15 tháng 12 năm 2025")
    assert result.evidence["issue_date"].confidence == PAGE_CONFIDENCE


@pytest.mark.parametrize(
    ("line", "expected", "code"),
    [
        ("Lai Châu, ngày O6/3/3O20", None, "date.impossible"),  # the seeds' 06/3/3020, read with an O
        ("Lai Châu, ngày 3l tháng O2 năm 2025", None, "date.impossible"),
        ("Lai Châu, ngày l0 tháng 12 năm 2O27", date(2027, 12, 10), "date.future"),
        ("Lai Châu, ngày O2 tháng 9 năm l9O1", date(1901, 9, 2), "date.implausible"),
    ],
)
def test_repaired_dates_still_earn_their_flags(line: str, expected: date | None, code: str) -> None:
    result = _extract(line)
    assert result.issue_date == expected
    assert code in {flag.code for flag in result.flags}


@pytest.mark.parametrize(
    "line",
    [
        "Hà Nội, ngày #Š rán Ÿ_ năm 2025",  # a stamp or handwriting over the slots: not guessed
        "Hà Nội, ngày xy tháng 12 năm 2025",  # letters OCR never takes for digits
    ],
)
def test_what_is_not_repaired(line: str) -> None:
    result = _extract(line)
    assert result.issue_date is None
    assert "date.unreadable" in {flag.code for flag in result.flags}


def test_handwritten_repaired_day_stays_low_confidence() -> None:
    """A repaired slot whose OCR words were read with a handwriting's confidence is flagged unreadable."""
    line = "Lai Châu, ngày l5 tháng 12 năm 2025"
    words = [Word(text=token, bbox=(i * 10, 0, i * 10 + 9, 9), confidence=0.4 if token == "l5" else 0.92)
             for i, token in enumerate(line.split())]  # fmt: skip
    result = _extract(line, words)
    assert "date.unreadable" in {flag.code for flag in result.flags}
    assert result.evidence["issue_date"].confidence < 0.75
