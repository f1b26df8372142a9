"""Local units below the province in a header: `HỘI ĐỒNG NHÂN DÂN` / `XÃ ĐỨC TRỌNG` is the council of the commune
Đức Trọng, written `Hội đồng nhân dân xã Đức Trọng`: the unit's kind in lower case as running text writes it, the
name with its own capitals and tone marks (a proper name: never lower-cased with the rest of the line).

Since 1 July 2025 the units are xã, phường and đặc khu; documents issued before then also name huyện, quận, thị
xã, thị trấn and cities under a province: a document keeps its issuer as printed.
"""

from __future__ import annotations

import re

from extract.tones import current_placement

# longest first: "THỊ XÃ" before "XÃ"; a city that is not a province ("THÀNH PHỐ ĐÀ LẠT") is a local unit too
KINDS = ("THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU", "THÀNH PHỐ", "PHƯỜNG", "HUYỆN", "QUẬN", "XÃ")
# "XÃ HỘI" is a word ("BẢO HIỂM XÃ HỘI", "THƯƠNG BINH VÀ XÃ HỘI"), never a commune
LOCAL = re.compile(rf"(?:^|\s)({'|'.join(KINDS)})\s+(?!HỘI\b)(?P<name>\S.*)$")


def split_locality(key: str) -> tuple[str, str, str] | None:
    """`ỦY BAN NHÂN DÂN XÃ ĐỨC TRỌNG` -> (`ỦY BAN NHÂN DÂN`, `xã`, `Đức Trọng`); None without a local unit."""
    match = LOCAL.search(key)
    if match is None:
        return None
    return key[: match.start(1)].strip(), match.group(1).lower(), proper_name(match.group("name"))


def proper_name(printed: str) -> str:
    """A place name printed in capitals, in its own case: each syllable capitalised, tone marks kept
    (`ĐỨC TRỌNG` -> `Đức Trọng`, `XUÂN HƯƠNG - ĐÀ LẠT` -> `Xuân Hương - Đà Lạt`, `PHƯỜNG 1` keeps its number),
    in the current tone placement (`HƯNG HOÀ` -> `Hưng Hòa`)."""
    words = re.split(r"(\s+|-)", " ".join(printed.split()))
    return current_placement("".join(word[:1].upper() + word[1:].lower() for word in words))
