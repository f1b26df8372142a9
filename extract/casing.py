"""Sentence case for a subject printed in capitals, keeping the capitals running text would keep.

Headings print the subject in capitals (`SỬA ĐỔI … CỦA BỘ TRƯỞNG BỘ Y TẾ`); lower-casing it all loses what
Phụ lục II of Nghị định 30 writes with capitals: bodies (`Bộ Y tế`, `Ủy ban Thường vụ Quốc hội`), places
(`tỉnh Lai Châu`, `Việt Nam`), cited documents (`Thông tư số 05/2022/TT-BYT`, `Luật Bảo hiểm xã hội`,
`Điều 12a`) and abbreviations (`ODA`). Names come from the gazetteer of extract/issuer.py, so a council that
adds a body there also gets it spelled right here.
"""

from __future__ import annotations

import re
from functools import cache

from extract.issuer import gazetteer
from extract.syllables import SYLLABLE

# names running text writes with capitals, besides the gazetteer's bodies
NAMES = (
    "Việt Nam", "Hà Nội", "Thành phố Hồ Chí Minh", "Liên hợp quốc", "Công an nhân dân", "Quân đội nhân dân",
    "Kho bạc Nhà nước", "Mặt trận Tổ quốc Việt Nam", "Đảng Cộng sản Việt Nam", "Hội đồng Dân tộc", "Bộ trưởng",
    "Ban Chấp hành Trung ương Đảng",
)  # fmt: skip
# gazetteer entries that are not a name without the province after them
NOT_ALONE = {"Công an", "Tỉnh ủy", "Thành ủy", "Thanh tra tỉnh"}
DOCUMENT_TYPES = (
    r"thông tư liên tịch|nghị quyết liên tịch|thông tư|nghị định|nghị quyết|quyết định|chỉ thị|pháp lệnh"
)
CITED = re.compile(rf"(?<!\w)({DOCUMENT_TYPES}|luật)(?=\s+(?:số\s+)?\S*\d)")
# "Luật Bảo hiểm xã hội": the law's name takes a capital; "pháp luật", "luật sư", "luật này" are not names
LAW = re.compile(r"(?<![\w])(?<!pháp )(bộ luật|luật)\s+(?!(?:này|số|sư|định|và|về|của|khác|hiện)\b)(\w)")
ARTICLE = re.compile(r"(?<!\w)(điều|chương|mục|phần)(?=\s+(?:\d+\w?|[ivxlc]+)(?!\w))")
NAMED_ACT = re.compile(r"(?<!\w)(ban hành)\s+(quy chế|quy chuẩn|quy trình|điều lệ|danh mục)(?!\w)")
# Roman numerals after the words that take them ("khóa XIII", "Phần II"); "xi măng" stays a word
ROMAN = re.compile(r"(?i)(?<!\w)(khóa|phần|chương|mục|thứ)\s+([ivxlc]+)(?!\w)")


def mostly_capitals(text: str) -> bool:
    """Printed in capitals, allowing a few lower-case letters such as `ĐIỂM đ, h, i, k KHOẢN 1`."""
    cased = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    return bool(cased) and sum(c.isupper() for c in cased) >= 0.9 * len(cased)


def _lower_token(token: str) -> str:
    """Lower case, except numbers and symbols (`05/2022/TT-BYT`) and abbreviations (`ODA`, `UBND`)."""
    if any(c.isdigit() for c in token) or "/" in token:
        return token
    core = token.strip("(),.;:\"'“”")
    if len(core) >= 2 and core.isupper() and not SYLLABLE.match(core.lower()):
        return token
    return token.lower()


@cache
def _names() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str], dict[str, str]]:
    data = gazetteer()
    bodies = [n for n in data["central"] + data["provincial"] if n not in NOT_ALONE] + list(NAMES)
    by_lower = {name.lower(): name for name in bodies}
    provinces = {name.lower(): name for name in data["provinces_2025"] + data["provinces_before_2025"]}
    alternatives = "|".join(re.escape(n) for n in sorted(by_lower, key=len, reverse=True))
    places = "|".join(re.escape(n) for n in sorted(provinces, key=len, reverse=True))
    body_pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)")
    place_pattern = re.compile(rf"(?<!\w)(tỉnh|thành phố)\s+({places})(?!\w)")
    return body_pattern, by_lower, place_pattern, provinces


def _capital(match: re.Match[str], group: int = 1) -> str:
    text = match.group(0)
    start = match.start(group) - match.start(0)
    return text[:start] + text[start].upper() + text[start + 1 :]


def sentence_case(text: str) -> str:
    """`SỬA ĐỔI THÔNG TƯ SỐ 05/2022/TT-BYT CỦA BỘ TRƯỞNG BỘ Y TẾ` -> `Sửa đổi Thông tư số 05/2022/TT-BYT của Bộ
    trưởng Bộ Y tế`."""
    lowered = " ".join(_lower_token(token) for token in text.split())
    bodies, by_lower, places, provinces = _names()
    result = bodies.sub(lambda m: by_lower[m.group(1)], lowered)
    result = places.sub(lambda m: f"{m.group(1)} {provinces[m.group(2)]}", result)
    result = CITED.sub(lambda m: _capital(m), result)
    result = LAW.sub(
        lambda m: m.group(1).capitalize() + m.group(0)[len(m.group(1)) : -1] + m.group(2).upper(), result
    )
    result = ARTICLE.sub(lambda m: _capital(m), result)
    result = NAMED_ACT.sub(lambda m: _capital(m, 2), result)
    result = ROMAN.sub(lambda m: f"{m.group(1)} {m.group(2).upper()}", result)
    return result[:1].upper() + result[1:]
