"""The current tone placement (`hòa`, `thủy`, `khỏe`, `Ủy`) for words typed in the old one (`hoà`, `thuỷ`, `khoẻ`,
`Uỷ`), as older offices' templates still print them: in `oa`, `oe` and `uy` ending a syllable the mark sits on
the first vowel (`quý` is the same in both: its `u` belongs to the onset). Applied to a local unit's name in the
issuer, a canonical name the official list of communes and wards spells so (the evidence keeps the print); not to
the subject, a quote of the document (the legal database's own titles keep `hoá`).

underthesea's `text_normalize` does the same from a table of 2,904 tokens; measured against this rule with
`bench/tones.py` it gave the same accuracy for 1.1 s of import and ~57 MB more memory, and is not imported (the
package is a dependency for its address data only, read as a file by `extract/communes.py`; README).
"""

from __future__ import annotations

import re
import unicodedata

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
OLD_PLACEMENT = re.compile(rf"(.*?)([oOuU])([aAeEyY])([{TONE_MARKS}])")
WORD = re.compile(r"[^\W\d_]+")


def _current(match: re.Match[str]) -> str:
    word = match.group(0)
    found = OLD_PLACEMENT.fullmatch(unicodedata.normalize("NFD", word))
    if found is None:
        return word
    onset, first, second, mark = found.groups()
    if (first in "uU") != (second in "yY") or onset.lower().endswith("q"):
        return word  # "ua", "oy" are no such pair; "quý" is written alike in both placements
    return unicodedata.normalize("NFC", onset + first + mark + second)


def current_placement(text: str) -> str:
    """`text` with each word in the old tone placement written in the current one; other words untouched."""
    return WORD.sub(_current, text)
