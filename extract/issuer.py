"""The issuing body and its parent from the header block, written in full (`Sở Nội vụ tỉnh Lai Châu`).

Headers print the parent above the issuer in capitals (`UBND TỈNH LAI CHÂU` / `SỞ NỘI VỤ`), or one body over
two lines (`ỦY BAN NHÂN DÂN` / `TỈNH LAI CHÂU`). Lines are matched against a gazetteer of bodies with
rapidfuzz, so OCR noise still lands on the right name; a body not in the gazetteer keeps its printed words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from extract.communes import KINDS, named_unit
from extract.doctypes import heading_type
from extract.folding import unmarked_upper
from extract.localities import split_locality


def _spaced(words: str) -> str:
    """A phrase whose letters a text layer may space out ("Đ ộ c l ậ p"), with any dash between its parts."""
    parts = [
        r"\s*".join(re.escape(letter) for letter in part.replace(" ", "")) for part in words.split(" - ")
    ]
    return r"\s*[-–—]\s*".join(parts)


MOTTO_PARTS = re.compile(
    r"C[ỘO]NG H[ÒO]À?A? X[ÃA] H[ỘO]I CH[ỦU] NGH[ĨI]A VI[ỆE]T NAM|"
    + _spaced("Độc lập - Tự do - Hạnh phúc")
    + r"|ĐẢNG CỘNG SẢN VIỆT NAM",
    re.IGNORECASE,
)
NOT_HEADER = re.compile(r"(?i)công báo|người ký|thời gian ký|email|cơ quan:|văn bản quy phạm|^\W*$|^\d+$")
# what OCR reads into the header block that is never the issuer (on lines folded to capitals without tone marks):
# an incoming stamp ("ĐẾN", "Số: … Ngày: …", "CÔNG VĂN ĐẾN"), a portal's banner, a table's header row
# body text in capitals: a section's or a list's marker ("I. MỤC ĐÍCH", "2. TỔ CHỨC THỰC HIỆN", "a) …")
NOT_ISSUER_BODY = r"^\W*(?:[IVXLC]+|\d+|[A-Z])[.)]\s"
ANNEX = re.compile(r"^\W*PHU LUC\b")
STAMP_MARK = re.compile(r"^\W*DEN\b|\bVAN DEN\b")
NOT_ISSUER = re.compile(
    r"^\W*DEN\b|\bDEN\W*$|\bVAN DEN\b|^\W*(SO|NGAY|CHUYEN|LUU HO SO)\s*[:.]|\bNGAY\s*:|\bCONG THONG TIN\b|"
    r"\bSTT\b|\bNOI DUNG\b|\bGHI CHU\b|\bDON VI TINH\b|\bHO VA TEN\b|" + NOT_ISSUER_BODY
)
# Markdown conversions of Word files (pandoc) wrap the header cells in `**` and end wrapped lines with `\`
MARKUP = re.compile(r"\*+|\\")
ABBREVIATIONS = {
    "UBND": "ỦY BAN NHÂN DÂN",
    "HĐND": "HỘI ĐỒNG NHÂN DÂN",
    "TP.": "THÀNH PHỐ",
    "TP": "THÀNH PHỐ",
}
MIN_SCORE = 85
MIN_FOLDED_SCORE = 92
# a unit printed under its parent without a name of its own: its full name is the unit's and the parent's
OFFICE_OF_PARENT = {"VĂN PHÒNG"}
# the kinds of unit an abbreviated council or committee is of (`UBND XÃ …`), folded
UNIT_KINDS = {"XA", "PHUONG", "TINH", "HUYEN", "QUAN", "THI", "THANH", "TP.", "DAC"}


@dataclass(frozen=True)
class IssuerFound:
    issuer: str | None
    parent: str | None
    lines: tuple[str, ...]  # the header lines they came from


@cache
def gazetteer() -> dict[str, list[str]]:
    path = Path(__file__).parent / "data" / "bodies.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def _provinces() -> dict[str, str]:
    data = gazetteer()
    return {name.upper(): name for name in data["provinces_2025"] + data["provinces_before_2025"]}


def _upper_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).upper().replace("Ð", "Đ")
    words = [ABBREVIATIONS.get(word, word) for word in text.replace("TP.", "TP. ").split()]
    if len(words) > 1 and unmarked_upper(words[1]) in UNIT_KINDS:
        words[0] = ABBREVIATIONS.get(_misread_abbreviation(words[0]), words[0])
    return " ".join(words)


def _misread_abbreviation(word: str) -> str:
    """`UBND` or `HĐND` for a four-letter word OCR read with one letter wrong before a unit's kind (`UBNP XÃ`,
    `HĐNĐ PHƯỜNG`)."""
    folded = unmarked_upper(word)
    for abbreviation in ("UBND", "HĐND"):
        wrong = sum(a != b for a, b in zip(folded, unmarked_upper(abbreviation), strict=False))
        if len(folded) == len(abbreviation) and wrong <= 1:
            return abbreviation
    return word


def header_lines(lines: list[str], number_index: int | None) -> list[str]:
    """Capitalised lines above the `Số:` line, with the motto (which shares lines in text layers) removed."""
    end = number_index if number_index is not None else _motto_end(lines[:8])
    kept: list[str] = []
    previous = ""  # the kept line just above, if the line above was kept
    for line in lines[:end]:
        if heading_type(line) or ANNEX.match(unmarked_upper(line)):
            break  # the header ends at the type heading; an annex's title ("PHỤ LỤC I" / …) is no issuer
        if STAMP_MARK.search(unmarked_upper(line)) and previous:
            kept.remove(previous)  # the receiving office's name printed on the stamp above its "ĐẾN"
        previous = ""
        text = " ".join(MOTTO_PARTS.sub(" ", MARKUP.sub(" ", line)).split()).strip(" -_")
        if re.search(r"CONG HOA XA HOI|DOC LAP", unmarked_upper(text)):
            continue  # the motto with a typo the pattern above did not catch
        if not text or NOT_HEADER.search(text) or text != text.upper() or not any(c.isalpha() for c in text):
            continue
        if NOT_ISSUER.search(unmarked_upper(text)):
            continue
        kept.append(text)
        previous = text
    return kept[-3:]


def _motto_end(lines: list[str]) -> int:
    """Without a `Số:` line the header ends with the motto: what follows ("ĐIỀU LỆ", "(DỰ THẢO)", an annex's
    title in capitals) is the document's own text, not its issuer."""
    motto = re.compile(_spaced("Độc lập - Tự do"), re.IGNORECASE)
    return next((index + 1 for index, line in enumerate(lines) if motto.search(line)), len(lines))


def _split_place(key: str) -> tuple[str, str | None, str | None]:
    """`SỞ NỘI VỤ TỈNH LAI CHÂU` -> (`SỞ NỘI VỤ`, `tỉnh`, `Lai Châu`); tolerant of lost tone marks."""
    match = re.search(r"(?:^|\s)(TINH|THANH PHO|TP\.?)\s+(.+)$", unmarked_upper(key))
    if not match or re.match(r"U[YY]\b", match.group(2)):  # "TỈNH ỦY LAI CHÂU" is a Party committee
        return key, None, None
    provinces = _provinces()
    folded = {unmarked_upper(name): name for name in provinces.values()}
    found = process.extractOne(match.group(2), list(folded), scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
    if found is None:
        return key, None, None
    kind = "tỉnh" if match.group(1) == "TINH" else "thành phố"
    return key[: match.start(1)].strip(), kind, folded[found[0]]


def _body_name(key: str) -> str | None:
    """The gazetteer's name for a printed body; OCR that lost the tone marks (`CHINH PHU`) is compared without
    them, more strictly, only when the marked comparison finds nothing."""
    names = gazetteer()["central"] + gazetteer()["provincial"]
    found = process.extractOne(key, [n.upper() for n in names], scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
    if found is None:
        found = process.extractOne(
            unmarked_upper(key), _folded_names(), scorer=fuzz.ratio, score_cutoff=MIN_FOLDED_SCORE
        )
    return names[found[2]] if found else None


@cache
def _folded_names() -> list[str]:
    return [unmarked_upper(name) for name in gazetteer()["central"] + gazetteer()["provincial"]]


def _local_body(key: str) -> str | None:
    """`ỦY BAN NHÂN DÂN XÃ ĐỨC TRỌNG`: the commune's council, its name in its own case; None without a unit."""
    local = split_locality(key)
    if local is None:
        return None
    body, kind, name = local
    if not body:  # "XÃ ĐỨC TRỌNG" alone
        return f"{kind.capitalize()} {name}"
    return f"{_body_name(body) or body.capitalize()} {kind} {name}"


def canonical_body(
    printed: str, inherited_place: tuple[str, str] | None = None
) -> tuple[str, tuple[str, str] | None]:
    """The full name of a printed body line, and the (kind, province) it names or inherits."""
    key = _upper_key(printed)
    party = re.match(r"^(TỈNH ỦY|THÀNH ỦY)\s+(.+)$", key)
    if party:
        found = process.extractOne(unmarked_upper(party.group(2)), [unmarked_upper(p) for p in _provinces().values()],
                                   scorer=fuzz.ratio, score_cutoff=MIN_SCORE)  # fmt: skip
        province = list(_provinces().values())[found[2]] if found else party.group(2).title()
        return f"{party.group(1).capitalize()} {province}", ("tỉnh", province)
    body, kind, province = _split_place(key)
    local = _local_body(key) if not kind and not _body_name(key) else None
    if local:
        return local, inherited_place
    place = (kind, province) if kind and province else inherited_place
    if not body and place:  # "TỈNH LAI CHÂU" alone
        return f"{place[0].capitalize()} {place[1]}", place
    name = _body_name(body)
    if name is None:  # not in the gazetteer: the printed words, in sentence case, with the place in full
        name = body.capitalize()
        return (f"{name} {kind} {province}" if kind and province else name), place
    if name in gazetteer()["provincial"] and place:
        return f"{name} {place[0]} {place[1]}", place
    return name, place


def _place_alone(line: str) -> bool:
    """A line that is a province or a local unit and nothing else: the second line of a body's name."""
    key = _upper_key(line)
    local = split_locality(key)
    return _split_place(key)[0] == "" or (local is not None and local[0] == "")


def _rejoin_wrapped_unit(block: list[str]) -> list[str]:
    """A commune's name wrapped onto the next line (`HĐND PHƯỜNG QUẢNG` / `YÊN`) made one line again, only when
    the joined name is a unit's in the gazetteer of communes and wards (`extract/communes.py`), current or before
    1 July 2025 (`PHƯỜNG BÌNH` / `TRƯNG TÂY` on a document of 2024)."""
    if len(block) < 2 or len(block[-1].split()) > 3 or split_locality(_upper_key(block[-1])):
        return block
    local = split_locality(_upper_key(block[-2]))
    if local is None or local[1] not in KINDS or not named_unit(local[1], f"{local[2]} {block[-1]}"):
        return block
    return [*block[:-2], f"{block[-2]} {block[-1]}"]


# a unit's kind a narrow column leaves at a line's end, its name wrapped to the next (`ỦY BAN NHÂN DÂN TỈNH` / `LAI
# CHÂU`), folded
KIND_AT_END = re.compile(r"\s(TINH|THANH PHO|XA|PHUONG|HUYEN|QUAN|THI XA|DAC KHU)$")


def _rejoin_wrapped_kind(block: list[str]) -> list[str]:
    """A body whose unit's name wrapped after its kind (`ỦY BAN NHÂN DÂN TỈNH` / `LAI CHÂU`) made one line again,
    only when the kind and the next line name a unit (a province, or a commune of the gazetteer)."""
    if len(block) < 2:
        return block
    kind = KIND_AT_END.search(unmarked_upper(_upper_key(block[-2])))
    if kind is None:
        return block
    printed_kind = " ".join(_upper_key(block[-2]).split()[-len(kind.group(1).split()) :])  # `THÀNH PHỐ`
    if not _place_alone(f"{printed_kind} {block[-1]}"):
        return block
    return [*block[:-2], f"{block[-2]} {block[-1]}"]


# what a body's name starts with (a unit's kind, a title's holder): in a header with neither `Số:` nor the motto
# only such lines are the issuer; the rest is a title printed in capitals (`BÀI PHÁT BIỂU KHAI MẠC`, `TÓM TẮT …
# BÁO CÁO CÔNG TÁC CẢI CÁCH HÀNH CHÍNH`, `ĐIỂM TỔNG HỢP – SỞ TÀI CHÍNH`)
BODY_START = re.compile(
    r"^(?:ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|HĐND|SỞ|BỘ|BAN|VĂN PHÒNG|PHÒNG|TRUNG TÂM|T[ỔO]NG CỤC|CHI CỤC|CỤC|CÔNG AN"
    r"|ĐẢNG ỦY|ĐẢNG BỘ|TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|QUỐC HỘI|CHÍNH PHỦ|THỦ TƯỚNG|TÒA ÁN|VIỆN|KIỂM TOÁN|THANH TRA"
    r"|MẶT TRẬN|LIÊN ĐOÀN|HIỆP HỘI|HỘI(?! NGHỊ)|TRƯỜNG|BỆNH VIỆN|T[ỔO]NG CÔNG TY|CÔNG TY|ĐOÀN|KHO BẠC|NGÂN HÀNG"
    r"|CHI NHÁNH|TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG|ĐẶC KHU|HUYỆN|CHỦ TỊCH|BỘ CHỈ HUY)\b"
)


def _names_body(block: list[str]) -> bool:
    """Whether a capitalised block names a body: a line starts as one, or the gazetteer knows it."""
    return any(BODY_START.match(_upper_key(line)) or _body_name(_upper_key(line)) for line in block)


def find_issuer(lines: list[str], number_index: int | None) -> IssuerFound | None:
    block = _rejoin_wrapped_kind(_rejoin_wrapped_unit(header_lines(lines, number_index)))
    if not block:
        return None
    if number_index is None and _motto_end(lines[:8]) == len(lines[:8]) and not _names_body(block):
        return None  # no header: the capitals at the top are the document's title, not its issuer
    if len(block) >= 2 and _body_name(_upper_key(f"{block[-2]} {block[-1]}")):
        # a long name wrapped over two lines: "BỘ KHOA HỌC VÀ" / "CÔNG NGHỆ"
        name, _ = canonical_body(f"{block[-2]} {block[-1]}")
        parent = canonical_body(block[-3])[0] if len(block) >= 3 else None
        return IssuerFound(name, parent, tuple(block))
    if len(block) >= 2 and _place_alone(block[-1]):
        # one body over two lines: "ỦY BAN NHÂN DÂN" / "TỈNH LAI CHÂU", "HỘI ĐỒNG NHÂN DÂN" / "XÃ ĐỨC TRỌNG"
        name, _ = canonical_body(f"{block[-2]} {block[-1]}")
        parent = canonical_body(block[-3])[0] if len(block) >= 3 else None
        return IssuerFound(name, parent, tuple(block))
    if len(block) >= 2:
        parent, place = canonical_body(block[-2])
        name, _ = canonical_body(block[-1], place)
        if (
            _upper_key(block[-1]) in OFFICE_OF_PARENT
        ):  # "UBND TỈNH LÂM ĐỒNG" / "VĂN PHÒNG": the committee's office
            name = f"{name} {parent}"
        return IssuerFound(name, parent, tuple(block[-2:]))
    name, _ = canonical_body(block[-1])
    return IssuerFound(name, None, tuple(block))
