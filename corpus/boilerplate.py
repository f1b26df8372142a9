"""Header and footer boilerplate every official document carries, kept out of the body index.

The national name (`CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`), the motto (`Độc lập - Tự do - Hạnh phúc`) and the
recipients list (`Nơi nhận: - Như trên; - UBND tỉnh; … - Lưu: VT`) are on nearly every page one: a search for
`hạnh phúc` or `sở nội vụ` would otherwise find every document, ranked by the length of its header. They are
blanked (replaced by spaces, so positions stay where they were: snippets are cut at those positions) rather
than cut out. Matched on the folded text, so OCR that lost or changed diacritics is caught too; prose that
names the republic (`nước Cộng hòa xã hội chủ nghĩa Việt Nam`, in lower case) or says `độc lập, tự do` with
commas is left alone.
"""

from __future__ import annotations

import re
import unicodedata

from corpus.fold import fold

_NATION = re.compile(r"cong\s*hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam")
_MOTTO = re.compile(r"doc\s*lap[\s\-–—_.]+tu\s*do[\s\-–—_.]+hanh\s*phuc")
_RECIPIENTS = re.compile(r"(?m)^[\s\-–—•*+]*noi\s+nhan\s*[:;.]?")
# the recipients list ends with the filing line (`- Lưu: VT, TH.`), at most this far from its heading
_FILED = re.compile(r"(?m)^[\s\-–—•*+]*luu\s*[:;.,]?[^\n]*")
_RECIPIENTS_SPAN = 1500
_LIST_LINE = re.compile(r"[ \t]*[\-–—•*+][^\n]*\n?")


def blank_boilerplate(text: str) -> str:
    """`text` (as NFC) with the national name, the motto and the recipients list turned into spaces."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    folded = fold(text)
    spans = [hit.span() for hit in _MOTTO.finditer(folded)]
    spans += [hit.span() for hit in _NATION.finditer(folded) if _mostly_upper(text[hit.start() : hit.end()])]
    spans += _recipient_spans(folded)
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" " if char != "\n" else char for char in chars[start:end]]
    return "".join(chars)


def _mostly_upper(span: str) -> bool:
    letters = [char for char in span if char.isalpha()]
    return sum(char.isupper() for char in letters) * 2 > len(letters)


def _recipient_spans(folded: str) -> list[tuple[int, int]]:
    """From each `Nơi nhận` heading to its filing line (`Lưu: …`); without one nearby, the list-marked lines
    right after the heading."""
    spans = []
    for heading in _RECIPIENTS.finditer(folded):
        start = heading.start()
        filed = _FILED.search(folded, heading.end(), heading.end() + _RECIPIENTS_SPAN)
        if filed:
            spans.append((start, filed.end()))
            continue
        end = heading.end()
        end += len(folded[end:].split("\n", 1)[0]) + 1  # the rest of the heading's line
        while end < len(folded) and (line := _LIST_LINE.match(folded, end)):
            end = line.end()
        spans.append((start, min(end, len(folded))))
    return spans
