import unicodedata

import pytest

from ingest.textquality import normalize_text, text_layer_problem

GOOD = "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nSố: 1726/QĐ-UBND\nQuyết định ban hành Bộ tiêu chí cải cách hành chính"


@pytest.mark.parametrize(
    ("text", "usable"),
    [
        (GOOD, True),
        (unicodedata.normalize("NFD", GOOD), True),  # decomposed accents are repaired, not OCRed
        (GOOD.replace("Đ", "Ð"), True),  # Latin eth is repaired
        ("", False),
        ("   \n  ", False),
        ("Trang 2", False),  # too short: a scanned page with a page number layer
        ("(cid:12)(cid:45)(cid:77)(cid:3)(cid:88)" * 10, False),
        ("\ue001\ue002\ue003 " * 20, False),
        (
            "Céng hßa x· héi chñ nghÜa ViÖt Nam §éc lËp Tù do H¹nh phóc ñy ban nh©n d©n",
            False,
        ),  # TCVN3 read as Latin-1
        ("The Ministry of Home Affairs issued a plan on administrative reform in 2025.", True),
    ],
)
def test_text_layer_usable(text: str, usable: bool) -> None:
    assert (text_layer_problem(text, min_chars=40) is None) is usable


def test_normalize_text_nfc_eth_and_line_ends() -> None:
    raw = unicodedata.normalize("NFD", "QÐ-UBND  \r\nHòa bình\r\n\n")
    assert normalize_text(raw) == "QĐ-UBND\nHòa bình"
    assert unicodedata.is_normalized("NFC", normalize_text(raw))
