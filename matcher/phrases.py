"""The words and phrases a subject shares with a criterion, quoted as the subject writes them, for reasons a
reviewer reads.

Why: ranking compares syllables and syllable pairs (matcher.terms), and a pair such as `hoạch cải` (from `kế
hoạch cải cách`) or `chính nhà` (from `hành chính nhà nước`) weighs right but reads as nonsense. Here the
texts are cut into words first, greedily by the longest word of a hand-checked word list (`words.txt`, drafted
from the framework's own titles: no model at run time), and only runs of whole words both texts hold in the
same order are quoted: `cải cách hành chính`, `tuyển dụng`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from matcher.terms import GENERIC, STOP, expand, fold

WORDS = Path(__file__).with_name("words.txt")
LONGEST = 3
QUOTED = 3
# words that carry no subject alone and do not start or end a quoted phrase (folded)
_EDGE = STOP | frozenset(["cac", "cho", "de", "den", "do", "khi", "nhu", "sau", "theo", "tu", "ve"])
_SEGMENT = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)*")


@cache
def lexicon() -> frozenset[tuple[str, ...]]:
    """The word list, each word as its folded syllables."""
    lines = WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(tuple(fold(line).split()) for line in lines if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class Word:
    folded: str
    written: str
    syllables: int


def segment(text: str) -> list[list[Word]]:
    """The text's stretches between punctuation and digits, each cut into words (longest known word first,
    else one syllable)."""
    known = lexicon()
    stretches = []
    for match in _SEGMENT.finditer(expand(text)):
        written = match.group(0).lower().split()
        folded = [fold(syllable) for syllable in written]
        found, at = [], 0
        while at < len(folded):
            size = next((n for n in range(LONGEST, 1, -1) if tuple(folded[at : at + n]) in known), 1)
            found.append(Word(" ".join(folded[at : at + size]), " ".join(written[at : at + size]), size))
            at += size
        stretches.append(found)
    return stretches


def _runs(left: list[Word], right: list[Word]) -> list[list[Word]]:
    """Maximal runs of words (as `left` writes them) that both hold contiguously."""
    where: dict[str, list[int]] = {}
    for j, word in enumerate(right):
        where.setdefault(word.folded, []).append(j)
    found = []
    for i, word in enumerate(left):
        for j in where.get(word.folded, []):
            if i and j and left[i - 1].folded == right[j - 1].folded:
                continue  # inside a longer run, found from its start
            size = 1
            while (i + size < len(left) and j + size < len(right)
                   and left[i + size].folded == right[j + size].folded):  # fmt: skip
                size += 1
            found.append(left[i : i + size])
    return found


def _trimmed(run: list[Word]) -> list[Word]:
    while run and run[0].syllables == 1 and run[0].folded in _EDGE:
        run = run[1:]
    while run and run[-1].syllables == 1 and run[-1].folded in _EDGE:
        run = run[:-1]
    return run


def _telling(run: list[Word]) -> bool:
    """A run worth quoting: a known word of several syllables, or a syllable that is not a function word or
    one every administrative text carries."""
    return any(w.syllables > 1 or (w.folded not in _EDGE and w.folded not in GENERIC) for w in run)


def shared_phrases(
    subject: list[list[Word]], texts: list[list[list[Word]]], limit: int = QUOTED
) -> list[str]:
    """The longest runs of whole words the subject shares with any of the texts, as the subject writes them,
    longest first, none inside another."""
    runs = []
    for stretch in subject:
        for text in texts:
            for other in text:
                runs += [_trimmed(run) for run in _runs(stretch, other)]
    quoted = sorted(
        {" ".join(w.written for w in run): sum(w.syllables for w in run) for run in runs if run and _telling(run)}
        .items(),
        key=lambda item: (-item[1], item[0]),
    )  # fmt: skip
    chosen: list[str] = []
    for phrase, syllables in quoted:
        if syllables < 2 and chosen:
            break
        if not any(phrase in longer for longer in chosen):
            chosen.append(phrase)
    return chosen[:limit]
