"""Evidence rules derived from a criterion's title, for frameworks whose decision publishes none: a first draft
that a council corrects in the YAML."""

from __future__ import annotations

import re

from matcher.terms import ABBREVIATIONS, expand

TITLE_TYPES = [
    ("báo cáo", "Báo cáo"), ("kế hoạch", "Kế hoạch"), ("kiểm tra", "Kết luận"), ("công bố", "Quyết định"),
    ("tuyên truyền", "Kế hoạch"), ("đối thoại", "Thông báo"), ("quy chế", "Quyết định"), ("quy định", "Quyết định"),
]  # fmt: skip
DEFAULT_TYPES = ["Quyết định", "Kế hoạch", "Báo cáo"]
# bodies named in a title (`do UBND cấp xã`) stay short: spelled out, every document they issue would share them
BODIES = frozenset({"UBND", "HĐND"})
TOPICS = ("CCHC", "TTHC", "VBQPPL", "PAKN", "CQCM", "ĐVHC", "DVC", "CBCCVC", "CQNN")


def title_phrases(title: str) -> list[str]:
    """The title in lower case without parenthesised abbreviations, abbreviations but BODIES spelled out first
    (`KT-XH`, `SNCL`: lowered, they would no longer be recognised), then the topics' spelled-out forms alone."""
    phrase = expand(re.sub(r"\s*\([^)]*\)", "", title), BODIES).strip().rstrip(".").lower()
    found = [
        long for short, long in ABBREVIATIONS.items() if re.search(rf"(?<!\w){re.escape(short)}(?!\w)", title)
    ]
    return list(dict.fromkeys([phrase, *found]))


def title_doc_types(title: str) -> list[str]:
    lowered = title.lower()
    return list(dict.fromkeys(kind for word, kind in TITLE_TYPES if word in lowered)) or list(DEFAULT_TYPES)


def is_periodic_report(title: str) -> bool:
    lowered = title.lower()
    return "báo cáo" in lowered and "định kỳ" in lowered


def field_title(title: str) -> str:
    """A field printed in capitals, in sentence case, abbreviations kept."""
    words = [word if word in ABBREVIATIONS else word.lower() for word in title.split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]
