"""Header and footer boilerplate every official document carries, kept out of the body index.

The national name (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`), the motto (`Độc lập - Tự do - Hạnh phúc`) and the
recipients list (`Nơi nhận: - Như trên; - UBND tỉnh; … - Lưu: VT`) are on nearly every page one: a search for
`hạnh phúc` or `sở nội vụ` would otherwise find every document, ranked by the length of its header. They are
blanked (replaced by spaces, so positions stay where they were: snippets are cut at those positions) rather
than cut out. Matched as if on the folded text, so OCR that lost or changed diacritics is caught too; prose that
names the republic (`nước Cộng hòa xã hội chủ nghĩa Việt Nam`, in lower case) or says `độc lập, tự do` with
commas is left alone.
"""

from __future__ import annotations

import re
import unicodedata

from corpus.fold import spelled

# patterns over the text as written (NFC), each letter standing for every spelling that folds to it: folding a
# whole document first cost more than indexing it
_NATION = re.compile(
    r"\s+".join(
        [
            spelled("cong") + r"\s*" + spelled("hoa"),
            *map(spelled, ["xa", "hoi", "chu", "nghia", "viet", "nam"]),
        ]
    )
)
_SEPARATOR = r"[\s\-–—_.]+"
_MOTTO = re.compile(
    _SEPARATOR.join(
        spelled(a) + r"\s*" + spelled(b) for a, b in (("doc", "lap"), ("tu", "do"), ("hanh", "phuc"))
    )
)
_RECIPIENTS = re.compile(rf"(?m)^[\s\-–—•*+]*{spelled('noi')}\s+{spelled('nhan')}\s*[:;.]?")
# the recipients list ends with the filing line (`- Lưu: VT, TH.`), at most this far from its heading
_FILED = re.compile(rf"(?m)^[\s\-–—•*+]*{spelled('luu')}\s*[:;.,]?[^\n]*")
_RECIPIENTS_SPAN = 1500
_NOT_NEWLINE = re.compile(r"[^\n]")
_LIST_LINE = re.compile(r"[ \t]*[\-–—•*+][^\n]*\n?")
# where each may be: the common spellings of one of its words, found in the lower-cased text by plain substring
# search; the patterns above are then tried around these places only (scanning a page with them cost as much as
# indexing it). A spelling not listed (OCR that changed one mark) leaves that header in the index, as before.
_MOTTO_NEAR = (("phúc", "phuc"), 40, 8)
_NATION_NEAR = (("việt nam", "viet nam", "viêt nam"), 45, 12)
_RECIPIENTS_NEAR = ("nơi nhận", "noi nhan", "nơi nhân", "nơi nhan", "noi nhận")


def blank_boilerplate(text: str) -> str:
    """`text` (as NFC) with the national name, the motto and the recipients list turned into spaces."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: no shortcut
        lowered = ""
    spans = _near(_MOTTO, text, lowered, *_MOTTO_NEAR)
    spans += [
        span for span in _near(_NATION, text, lowered, *_NATION_NEAR) if _mostly_upper(text[slice(*span)])
    ]
    spans += _recipient_spans(text, lowered)
    if not spans:
        return text
    parts, cursor = [], 0
    for start, end in sorted(spans):
        start = max(start, cursor)
        parts += [text[cursor:start], _NOT_NEWLINE.sub(" ", text[start:end])]
        cursor = max(cursor, end)
    parts.append(text[cursor:])
    return "".join(parts)


def _near(
    pattern: re.Pattern[str], text: str, lowered: str, anchors: tuple[str, ...], before: int, after: int
) -> list[tuple[int, int]]:
    """The spans of `pattern` in `text`, tried only around the places `anchors` are in `lowered`."""
    if not lowered:
        return [hit.span() for hit in pattern.finditer(text)]
    spans: set[tuple[int, int]] = set()
    for place in _places(lowered, anchors):
        hit = pattern.search(text, max(0, place - before), place + after)
        if hit:
            spans.add(hit.span())
    return sorted(spans)


def _places(lowered: str, anchors: tuple[str, ...]) -> list[int]:
    places = []
    for anchor in anchors:
        place = lowered.find(anchor)
        while place >= 0:
            places.append(place)
            place = lowered.find(anchor, place + 1)
    return sorted(places)


def _mostly_upper(span: str) -> bool:
    letters = [char for char in span if char.isalpha()]
    return sum(char.isupper() for char in letters) * 2 > len(letters)


def _recipient_spans(text: str, lowered: str) -> list[tuple[int, int]]:
    """From each `Nơi nhận` heading to its filing line (`Lưu: …`); without one nearby, the list-marked lines
    right after the heading."""
    spans: list[tuple[int, int]] = []
    for heading in _headings(text, lowered):
        start = heading.start()
        if spans and start < spans[-1][1]:
            continue  # a heading inside the list before it
        filed = _FILED.search(text, heading.end(), heading.end() + _RECIPIENTS_SPAN)
        if filed:
            spans.append((start, filed.end()))
            continue
        line_end = text.find("\n", heading.end())
        end = len(text) if line_end < 0 else line_end + 1  # the rest of the heading's line
        while end < len(text) and (line := _LIST_LINE.match(text, end)):
            end = line.end()
        spans.append((start, min(end, len(text))))
    return spans


def _headings(text: str, lowered: str) -> list[re.Match[str]]:
    if not lowered:
        return list(_RECIPIENTS.finditer(text))
    headings: list[re.Match[str]] = []
    for place in _places(lowered, _RECIPIENTS_NEAR):
        line_start = text.rfind("\n", 0, place) + 1
        heading = _RECIPIENTS.match(text, line_start)
        if heading and heading.end() > place and (not headings or headings[-1].start() != line_start):
            headings.append(heading)
    return headings
