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
        [spelled("cong") + r"\s*" + spelled("hoa"), *map(spelled, "xa hoi chu nghia viet nam".split())]
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
_LIST_LINE = re.compile(r"[ \t]*[\-–—•*+][^\n]*\n?")


def blank_boilerplate(text: str) -> str:
    """`text` (as NFC) with the national name, the motto and the recipients list turned into spaces."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    spans = [hit.span() for hit in _MOTTO.finditer(text)]
    spans += [hit.span() for hit in _NATION.finditer(text) if _mostly_upper(hit.group())]
    spans += _recipient_spans(text)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" " if char != "\n" else char for char in chars[start:end]]
    return "".join(chars)


def _mostly_upper(span: str) -> bool:
    letters = [char for char in span if char.isalpha()]
    return sum(char.isupper() for char in letters) * 2 > len(letters)


def _recipient_spans(text: str) -> list[tuple[int, int]]:
    """From each `Nơi nhận` heading to its filing line (`Lưu: …`); without one nearby, the list-marked lines
    right after the heading."""
    spans = []
    for heading in _RECIPIENTS.finditer(text):
        start = heading.start()
        filed = _FILED.search(text, heading.end(), heading.end() + _RECIPIENTS_SPAN)
        if filed:
            spans.append((start, filed.end()))
            continue
        end = heading.end()
        line_end = text.find("\n", end)
        end = len(text) if line_end < 0 else line_end + 1  # the rest of the heading's line
        while end < len(text) and (line := _LIST_LINE.match(text, end)):
            end = line.end()
        spans.append((start, min(end, len(text))))
    return spans
