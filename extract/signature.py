"""The signer and the signing capacity from the signature block at the end of the document.

The block reads `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH` / (signature) / `Hà Trọng Hải`; OCR often interleaves it with
the "Nơi nhận" list on the left. An e-signature stamp ("Người ký: …") names whoever signed the file, which may
be a clerk: it is never the signer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.folding import unmarked
from ingest.textquality import LOWER_LETTERS as _LOWER
from ingest.textquality import UPPER_LETTERS as _UPPER

# NĐ 30 writes "TM.", "KT."; Party documents (Hướng dẫn 36-HD/VPTW) write "T/M", "K/T"
MODES = r"(?:(?:TM|KT|Q|TL|TUQ)\.|T/M|K/T)"
TITLES = (
    "PHÓ THỦ TƯỚNG|THỦ TƯỚNG|PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|THỨ TRƯỞNG|BỘ TRƯỞNG|"
    "CHÁNH VĂN PHÒNG|PHÓ CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|PHÓ TRƯỞNG BAN|TRƯỞNG BAN|PHÓ BÍ THƯ|BÍ THƯ|"
    "PHÓ TRƯỞNG PHÒNG|TRƯỞNG PHÒNG|PHÓ VIỆN TRƯỞNG|VIỆN TRƯỞNG|PHÓ CỤC TRƯỞNG|CỤC TRƯỞNG|CHỦ NHIỆM|TỔNG THƯ KÝ"
)
CAPACITY = re.compile(rf"({MODES}\s*[{_UPPER}\s,]+?|(?:{TITLES}))\s*$")
NAME = re.compile(rf"^(?:[{_UPPER}][{_LOWER}]+\s+){{1,4}}[{_UPPER}][{_LOWER}]+$")
NOT_A_NAME = re.compile(r"(?i)người ký|nơi nhận|như trên|lưu|kính gửi|thời gian|cơ quan|email")
BLOCK_LINES = 30
# a police or army officer signs with the rank before the name ("Thiếu tướng Trương Minh Đương"), which OCR may
# read with a tone mark off ("Thiêu tướng")
RANK = re.compile(r"(?i)^(?:thi[eếêề]u|trung|th[uư][ợơọo]ng|[đd][ạa]i)\s+(?:t[ưu][ớơờo]ng|t[áa])\s+")
# OCR reads the two columns of the block's foot as one line: "- Lưu: VT, VP. Nguyễn Văn Hùng"; the name is the
# right column's, after the recipients' list item
LEFT_COLUMN = re.compile(r"^\s*(?:[-+•*]|nơi nhận\b|lưu\b)", re.IGNORECASE)
# (the left item ends with its punctuation; a body's name such as "Sở Tài Chính" is no person's)
NAME_AT_END = re.compile(rf"[;:.,]\s+((?:[{_UPPER}][{_LOWER}]+\s+){{1,4}}[{_UPPER}][{_LOWER}]+)$")
RECIPIENTS = re.compile(r"(?i)^nơi nhận\b")
# the family names most Vietnamese carry (about nine in ten people), folded: a name below the recipients' list
# without a capacity above it must start with one (a place such as "Hà Nội" or "Bình Dương" does not count:
# "Hà" is a family name too, hence the three syllables asked of such a name)
_FAMILY_NAMES_TEXT = (
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo "
    "duong ly ha dinh doan trinh truong lam mai luong luu cao ta thai "
    "chau quach vuong tang kieu lai la"
)
FAMILY_NAMES = frozenset(_FAMILY_NAMES_TEXT.split(" "))
NOT_A_PERSON = re.compile(
    r"^(?:Sở|Bộ|Ủy|Văn|Phòng|Ban|Hội|Trung|Cục|Chi|Tỉnh|Thành|Huyện|Xã|Phường|Công|Các)\b"
)


@dataclass(frozen=True)
class SignatureFound:
    signer: str | None
    title: str | None
    lines: tuple[str, ...]


def _name_in(line: str) -> str | None:
    """The signer's name on a line: the whole line (an officer's rank before it dropped), or the right column's
    end of a line OCR merged."""
    line = RANK.sub("", line)
    if NAME.match(line) and not NOT_A_NAME.search(line):
        return line
    if not LEFT_COLUMN.match(line):
        return None
    match = NAME_AT_END.search(line)
    if match is None or NOT_A_NAME.search(match.group(1)) or NOT_A_PERSON.match(match.group(1)):
        return None
    return match.group(1)


def find_signature(lines: list[str]) -> SignatureFound | None:
    start = max(0, len(lines) - BLOCK_LINES)
    capacity: list[str] = []
    source: list[str] = []
    for line in lines[start:]:
        stripped = " ".join(line.split())
        name = _name_in(stripped) if capacity else None
        if name:
            source.append(stripped)
            return SignatureFound(name, " / ".join(capacity), tuple(source))
        if NOT_A_NAME.search(stripped) and not CAPACITY.search(stripped):
            continue
        match = CAPACITY.search(stripped)
        if match and match.group(1).strip() == match.group(1).strip().upper():
            capacity.append(" ".join(match.group(1).split()).rstrip(","))
            source.append(stripped)
            continue
    if capacity:
        return SignatureFound(None, " / ".join(capacity), tuple(source))
    return _name_below_recipients(lines[start:])


def _name_below_recipients(lines: list[str]) -> SignatureFound | None:
    """A seal over the capacity lines (a phone photo of a signed page) leaves OCR the printed name alone: a
    person's name (a family name first) on its own line below the recipients' list is the signer, with no
    capacity read."""
    recipients = False
    for line in lines:
        stripped = " ".join(line.split())
        recipients = recipients or bool(RECIPIENTS.match(stripped))
        if not recipients or not NAME.match(stripped) or NOT_A_NAME.search(stripped):
            continue
        words = stripped.split()
        if NOT_A_PERSON.match(stripped) or len(words) < 3 or unmarked(words[0]) not in FAMILY_NAMES:
            continue
        return SignatureFound(stripped, None, (stripped,))
    return None
