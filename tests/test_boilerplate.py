"""Header boilerplate left out of the body index: what is blanked, what is left alone, and the exact words
the index keeps beside the folded ones."""

from __future__ import annotations

import unicodedata

import pytest

from corpus.boilerplate import blank_boilerplate
from corpus.fold import distinct_exact_words, exact_words, index_words, word_pairs

HEADER = "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/KH-UBND"
CLOSING = (
    "\nNơi nhận:\n- Như trên;\n- Sở Nội vụ;\n- Sở Tài chính;\n- Lưu: VT, TH.\nKT. CHỦ TỊCH\nNguyễn Văn An"
)


def _words(text: str) -> set[str]:
    return set(index_words(blank_boilerplate(text)))


@pytest.mark.parametrize(
    "header",
    [
        HEADER,
        HEADER.replace(" - ", " – "),  # en dashes
        "CONG HOA XA HOI CHU NGHIA VIET NAM\nDoc lap - Tu do - Hanh phuc",  # OCR that lost the marks
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập – Tự do – Hạnh phúc\n---------------",
        unicodedata.normalize("NFD", HEADER),
    ],
)
def test_the_national_name_and_the_motto_are_blanked(header: str) -> None:
    words = _words(header)
    assert not words & {"cong", "hoa", "xa", "hoi", "chu", "nghia", "doc", "lap", "tu", "do", "hanh", "phuc"}


def test_blanking_keeps_the_length_and_the_rest_of_the_text() -> None:
    text = HEADER + "\nKế hoạch cải cách hành chính năm 2025" + CLOSING
    blanked = blank_boilerplate(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert {"uy", "ban", "12", "kh", "ke", "hoach", "cai", "cach", "chu", "tich", "nguyen", "an"} <= _words(
        text
    )


def test_the_recipients_list_is_blanked_to_its_filing_line() -> None:
    words = _words("Nội dung chính." + CLOSING)
    assert not words & {"nhan", "nhu", "tren", "tai", "vt", "th", "luu"}
    assert {"noi", "dung", "chinh", "kt", "chu", "tich"} <= words  # the signature block after it stays


def test_a_recipients_list_without_a_filing_line_ends_with_its_list_lines() -> None:
    words = _words("Nơi nhận:\n- Như trên;\n- UBND tỉnh;\nGIÁM ĐỐC\nTrần Thị Bình")
    assert not words & {"nhu", "tren", "ubnd", "tinh"}
    assert {"giam", "doc", "tran", "thi", "binh"} <= words


@pytest.mark.parametrize(
    "prose",
    [
        "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013",  # the republic named in running text
        "vì độc lập, tự do, hạnh phúc của nhân dân",  # the words with commas, not the motto
        "Xây dựng gia đình hạnh phúc",
        "Cán bộ nơi nhận hồ sơ",  # not a recipients heading at the start of a line
    ],
)
def test_prose_that_uses_the_same_words_is_left_alone(prose: str) -> None:
    assert blank_boilerplate(prose) == prose


@pytest.mark.parametrize(
    "text",
    [
        "Giấy MỜI họp 2025: an toàn, Ðiều 3; «Quy_định» (giấy) mời.",
        unicodedata.normalize("NFD", "Giấy MỜI họp 2025: an toàn, Ðiều 3; «Quy_định» (giấy) mời."),
    ],
)
def test_exact_words_are_the_words_with_diacritics_in_lower_case(text: str) -> None:
    assert exact_words(text) == ["giấy", "mời", "họp", "toàn", "điều", "định", "giấy", "mời"]
    assert sorted(distinct_exact_words(text)) == sorted({"giấy", "mời", "họp", "toàn", "điều", "định"})


def test_a_query_keeps_each_words_exact_form_only_where_it_has_diacritics() -> None:
    assert word_pairs("MỜI họp an toàn 12") == [
        ("moi", "mời"), ("hop", "họp"), ("an", None), ("toan", "toàn"), ("12", None),
    ]  # fmt: skip
