"""The domain thesaurus (`thesaurus.yaml`): what officers write in a subject for what a criterion names.

Why: a subject often names the activity, not the criterion (`Kế hoạch tổ chức kỳ sát hạch …` evidences
`tuyển dụng`), or the older name of the same thing (`chính quyền điện tử` for `chuyển đổi số`); neither shares a
word with the criterion, so the keyword features miss it. The thesaurus is data a council can read and correct,
and every match it makes is quoted in the reason, so the ranking stays explainable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from matcher.terms import expand, fold

THESAURUS = Path(__file__).with_name("thesaurus.yaml")
SYNONYM = "synonyms"
ACTIVITY = "activities"
KINDS = (SYNONYM, ACTIVITY)


def normal(text: str) -> str:
    """Abbreviations spelled out, folded, punctuation as spaces: `Kỷ luật, kỷ cương` → `ky luat ky cuong`."""
    return " ".join(re.findall(r"\w+", fold(expand(text))))


def holds(text: str, phrase: str) -> bool:
    """`phrase` (normal) stands in `text` (normal) as whole words."""
    return f" {phrase} " in f" {text} "


@dataclass(frozen=True)
class Entry:
    """One other name (`written`) for the framework's word (`term`), of kind SYNONYM or ACTIVITY."""

    term: str
    written: str
    kind: str
    normal_term: str
    normal_written: str

    def reason(self) -> str:
        if self.kind == SYNONYM:
            return f"“{self.written}” là cách gọi khác của “{self.term}”"
        return f"“{self.written}” là hoạt động thuộc “{self.term}”"


@cache
def _file(path: Path = THESAURUS) -> dict:
    """The thesaurus file, read once for its three parts (entries, not_meant, outside_apparatus)."""
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@cache
def not_meant(path: Path = THESAURUS) -> tuple[str, ...]:
    """`not_meant` of the thesaurus file (normal), longest first: phrases a subject is read without."""
    data = _file(path)
    return tuple(sorted((normal(name) for name in data.get("not_meant") or []), key=len, reverse=True))


@cache
def entries(path: Path = THESAURUS) -> tuple[Entry, ...]:
    """Every (other name, framework's word) pair of the thesaurus file."""
    data = _file(path)
    found = []
    for kind in KINDS:
        for term, others in (data.get(kind) or {}).items():
            found += [Entry(term, other, kind, normal(term), normal(other)) for other in others]
    return tuple(found)


def _words(text: str) -> list[str]:
    """The words as written, tone marks kept (`Hội` and `hỏi` differ here), abbreviations spelled out."""
    return re.findall(r"\w+", unicodedata.normalize("NFC", expand(text)))


Phrases = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class OutsideBodies:
    """`outside_apparatus` of the thesaurus file, each name as its lower-case words with tone marks."""

    bodies: Phrases
    exceptions: Phrases
    not_after: Phrases

    def body_at(self, words: list[str], at: int) -> tuple[str, ...] | None:
        """The body whose name starts at words[at] (lower case), unless an exception starts there or a word
        before makes it part of another (`Quốc hội`)."""
        after, before = tuple(words[at:]), tuple(words[:at])
        if any(after[: len(e)] == e for e in self.exceptions) or any(
            before[len(before) - len(w) :] == w for w in self.not_after if len(before) >= len(w)
        ):
            return None
        return next((b for b in self.bodies if after[: len(b)] == b), None)


@cache
def outside_apparatus(path: Path = THESAURUS) -> OutsideBodies:
    data = _file(path).get("outside_apparatus") or {}

    def phrases(key: str) -> Phrases:
        return tuple(tuple(word.lower() for word in _words(name)) for name in data.get(key) or [])

    return OutsideBodies(phrases("bodies"), phrases("except"), phrases("not_after"))


def about_outside_body(subject: str, written: str) -> bool:
    """The subject writes `written` (normal) right before a body outside the state apparatus (`sáp nhập Hội Golf`,
    `sáp nhập các Quỹ`), and nowhere else: the activity is that body's, not an agency's."""
    folded, toned = normal(subject).split(), [word.lower() for word in _words(subject)]
    size = len(written.split())
    if len(folded) != len(toned):  # a word the two cuts see differently: compare nothing rather than misplace
        return False
    starts = [at for at in range(len(folded) - size + 1) if folded[at : at + size] == written.split()]
    for at in starts:
        skip = 1 if toned[at + size : at + size + 1] == ["các"] else 0
        if outside_apparatus().body_at(toned, at + size + skip) is None:
            return False
    return bool(starts)


def outside_body_named(subject: str | None) -> str | None:
    """The body outside the state apparatus the subject names, as written (`Hiệp hội`), if it names one as a
    name is written: capitalised (`Điều lệ Hiệp hội Du lịch`; not `xã hội`, `Quốc hội`, `Hội nghị`)."""
    words = _words(subject or "")
    lower = [word.lower() for word in words]
    for at, word in enumerate(words):
        body = outside_apparatus().body_at(lower, at) if word[:1].isupper() else None
        if body:
            return " ".join(words[at : at + len(body)])
    return None


def found_in(subject: str, thesaurus: tuple[Entry, ...] | None = None) -> list[Entry]:
    """The entries whose other name the subject writes and whose framework word it does not (then the keyword
    features see the word already), longest name first, one per framework word; not where the name is written
    only of a body outside the state apparatus (`outside_apparatus` of the thesaurus file), nor inside a phrase
    that means something else (`not_meant`: `thi tuyển sinh` is no `thi tuyển`)."""
    text = f" {normal(subject)} "
    for phrase in not_meant():
        text = text.replace(f" {phrase} ", " | ")
    text = text.strip()
    hits: dict[str, Entry] = {}
    for entry in sorted(entries() if thesaurus is None else thesaurus, key=lambda e: -len(e.normal_written)):
        if entry.normal_term in hits or holds(text, entry.normal_term):
            continue
        if holds(text, entry.normal_written) and not about_outside_body(subject, entry.normal_written):
            hits[entry.normal_term] = entry
    return list(hits.values())
