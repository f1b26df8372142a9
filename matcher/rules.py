"""Evidence rules derived from a criterion's title, for frameworks whose decision publishes none: a first draft
that a council corrects in the YAML."""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "CCHC": "cải cách hành chính",
    "TTHC": "thủ tục hành chính",
    "VBQPPL": "văn bản quy phạm pháp luật",
    "PAKN": "phản ánh, kiến nghị",
    "CQCM": "cơ quan chuyên môn",
    "ĐVHC": "đơn vị hành chính",
    "DVC": "dịch vụ công",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "CQNN": "cơ quan nhà nước",
}
TITLE_TYPES = [
    ("báo cáo", "Báo cáo"), ("kế hoạch", "Kế hoạch"), ("kiểm tra", "Kết luận"), ("công bố", "Quyết định"),
    ("tuyên truyền", "Kế hoạch"), ("đối thoại", "Thông báo"), ("quy chế", "Quyết định"), ("quy định", "Quyết định"),
]  # fmt: skip
DEFAULT_TYPES = ["Quyết định", "Kế hoạch", "Báo cáo"]


def title_phrases(title: str) -> list[str]:
    """The title in lower case without parenthesised abbreviations, with abbreviations spelled out."""
    phrase = re.sub(r"\s*\([^)]*\)", "", title).strip().rstrip(".").lower()
    found = []
    for short, long in ABBREVIATIONS.items():
        if re.search(rf"\b{short}\b", title):
            found.append(long)
            phrase = re.sub(rf"\b{short.lower()}\b", long, phrase)
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
