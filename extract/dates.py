"""The place-and-date line (`Lai Châu, ngày 29 tháng 12 năm 2022`), never the first date in the text.

Dates in "Căn cứ …" lines, e-signature stamps and "ĐẾN" stamps are other things: only a date that follows a
place name and a comma, in the header block, is the issue date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.textquality import LOWER_LETTERS as _LOWER
from ingest.textquality import UPPER_LETTERS as _UPPER

# a place name is title-cased words ("Lai Châu", "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh"): an
# upper-case symbol such as "KH-UBND" before it on a merged header line is not part of it. The highlands' names
# hold an apostrophe or a one-letter word (`Cư M'gar`, `A Lưới`, `Ia Grai`), and a commune renamed in 2025 may
# end in a number (`Đạ Tẻh 3`, `Phường 5`)
_WORD = rf"(?:[{_UPPER}][{_LOWER}]*'[{_LOWER}]+|[{_UPPER}][{_LOWER}]+|TP\.|Tp\.)"
_FIRST = rf"(?:{_WORD}|(?<!\S)[{_UPPER}](?=[^\S\n]+[{_UPPER}][{_LOWER}]))"
_NUMBER_LAST = r"\d{1,2}(?=[^\S\n]*,)"
PLACE = rf"(?P<place>{_FIRST}(?:[^\S\n]+(?:{_WORD}|[{_LOWER}]+|{_NUMBER_LAST})){{0,5}})"
# a digit as printed, or a letter OCR reads for one (l, I, | for 1; O, o for 0; S for 5; B for 8)
_D = r"[0-9lI|OoSB]"
# a value in a date slot as OCR may read it, or a draft's blank dots (a piece of a broken date line)
DATE_SLOT = re.compile(rf"{_D}{{1,4}}|[.…_]+")
SLOT_REPAIRS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0", "S": "5", "B": "8"})
# the date words as printed, and with the tone mark OCR misreads on them ("nắm", "thảng", "ngảy")
DAY = r"ng[àảáạã]y"
MONTH = r"th[áàảạã]ng"
YEAR = r"n[ăắằẳẵâ]m"
DAY_MONTH_WORDS = re.compile(
    PLACE
    + rf"[^\S\n]*,[^\S\n]*{DAY}[^\S\n]*(?P<day>{_D}{{1,2}}|[.…_ ]*)[^\S\n]*{MONTH}[^\S\n]*(?P<month>{_D}{{1,2}}|[.…_ ]*)"
    rf"[^\S\n]*{YEAR}[^\S\n]*(?P<year>{_D}{{4}}(?!\w)|[.…_ ]*)"
)
DAY_MONTH_NUMBERS = re.compile(
    PLACE
    + rf"[^\S\n]*,[^\S\n]*{DAY}[^\S\n]*(?P<day>{_D}{{1,2}})[/.-](?P<month>{_D}{{1,2}})[/.-](?P<year>{_D}{{4}})(?!\w)"
)
# the line is there but its day or month is not legible (handwriting, a stamp over it)
DAY_MONTH_ILLEGIBLE = re.compile(
    PLACE + rf"[^\S\n]*,[^\S\n]*{DAY}(?P<garble>[^\n]{{1,20}}?){YEAR}[^\S\n]*(?P<year>\d{{4}})"
)
EARLIEST_PLAUSIBLE = date(1945, 9, 2)
FRAGMENT_CHARS = 12  # a line this short may be a piece of a broken date line


@dataclass(frozen=True)
class DateFound:
    place: str | None
    value: date | None
    text: str  # the matched source text
    line_index: int
    day: str
    month: str
    year: str
    problem: str | None  # "blank", "impossible", "illegible", or None
    repaired: bool = False  # OCR's letters for digits were read as the digits (day, month, year are repaired)


def find_issue_date(lines: list[str], max_lines: int = 40) -> DateFound | None:
    for index, line in enumerate(lines[:max_lines]):
        if line.lstrip().lower().startswith(("căn cứ", "thực hiện", "theo ")):
            continue
        for pattern in (DAY_MONTH_WORDS, DAY_MONTH_NUMBERS):
            match = pattern.search(line)
            if match:
                return _date_from(match, index)
        illegible = DAY_MONTH_ILLEGIBLE.search(line)
        if illegible:
            place, text = _clean_place(illegible.group("place")), illegible.group(0).strip()
            return DateFound(place, None, text, index, "", "", illegible.group("year"), "illegible")
    return _broken_date_line(lines[:max_lines])


def _broken_date_line(lines: list[str]) -> DateFound | None:
    """A text layer can break the date line mid-word ("Hà N" / "ội, ng" / "ày 10 tháng 9 năm 2025"): when no
    line holds a whole date, short fragments are joined with their next lines, without a space."""
    for index, line in enumerate(lines):
        if not line.strip() or len(line.strip()) > FRAGMENT_CHARS:
            continue
        joined = "".join(part.strip() for part in lines[index : index + 3])
        for pattern in (DAY_MONTH_WORDS, DAY_MONTH_NUMBERS):
            match = pattern.search(joined)
            if match and match.start() < len(line.strip()):
                return _date_from(match, index)
    return None


def _date_from(match: re.Match[str], index: int) -> DateFound:
    printed = [match.group(name).strip(" .…_") for name in ("day", "month", "year")]
    day, month, year = (slot.translate(SLOT_REPAIRS) for slot in printed)
    repaired = [day, month, year] != printed
    place = _clean_place(match.group("place"))
    text = match.group(0).strip()
    if not (day and month and year):
        return DateFound(place, None, text, index, day, month, year, "blank")
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return DateFound(place, None, text, index, day, month, year, "impossible", repaired)
    if value.year > 2100:
        return DateFound(place, None, text, index, day, month, year, "impossible", repaired)
    return DateFound(place, value, text, index, day, month, year, None, repaired)


def _clean_place(place: str) -> str:
    words = place.split()
    # the motto can share the line in text layers: keep the words after it
    if "phúc" in words:
        words = words[words.index("phúc") + 1 :]
    return " ".join(words).strip(" .") or place


def format_warning(found: DateFound) -> bool:
    """Nghị định 30 wants a leading zero on days below 10 and on months 1 and 2."""
    if found.value is None:
        return False
    day_short = found.value.day < 10 and len(found.day) == 1
    month_short = found.value.month <= 2 and len(found.month) == 1
    return day_short or month_short
