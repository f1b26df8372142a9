"""Signer names mended from the name syllables (`extract/names.py`), on real names: the signers the extractor
reads from the typed texts of ../shared/data (vbpl, congbao, resolutions, lamdong), printed right, so that
(1) any mend of one as printed is a wrong mend, and (2) each single mark slip OCR makes in a syllable (a vowel
mark dropped: `Đức` -> `Đúc`; a tone mark changed or dropped) is mended back, mended wrong, left as printed,
or undetectable (the slip is itself a name's syllable: `Hưng` -> `Hùng`). Run: `uv run python
bench/extract_names.py [--show]`.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.extract import SHARED, congbao, lamdong_headers, resolutions, run, vbpl
from extract.names import mend_name, name_syllables
from extract.signature import RANK

TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
VOWEL_MARKS = ("\u0306", "\u0302", "\u031b")  # breve, circumflex, horn


def real_signers() -> list[str]:
    """The distinct signers read from the typed real texts (an officer's rank left out)."""
    found: set[str] = set()
    for samples in (vbpl(), congbao(), resolutions(), lamdong_headers()):
        for _sample, result, _base in run(samples, []):
            if result.signer:
                found.add(RANK.sub("", result.signer))
    return sorted(found)


def slips(syllable: str) -> set[str]:
    """The syllable with one mark slipped: a vowel mark dropped, or its tone changed or dropped."""
    decomposed = unicodedata.normalize("NFD", syllable)
    tone = next((ch for ch in decomposed if ch in TONES[1:]), "")
    variants = {decomposed.replace(mark, "", 1) for mark in VOWEL_MARKS if mark in decomposed}
    bare = decomposed.replace(tone, "") if tone else decomposed
    vowel = next((i for i, ch in reversed(list(enumerate(bare))) if ch.lower() in "aeiouy"), None)
    if vowel is not None:
        at = vowel + 1
        while at < len(bare) and unicodedata.combining(bare[at]):
            at += 1  # the tone goes after the vowel's own marks
        variants |= {bare[:at] + other + bare[at:] for other in TONES if other != tone}
    return {unicodedata.normalize("NFC", v) for v in variants} - {syllable}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="Print every wrong mend.")
    args = parser.parse_args()
    if not SHARED.exists():
        print("../shared/data not found: nothing to measure")
        return
    names = real_signers()
    as_printed = {name: mend_name(name) for name in names}
    changed = {name: mended for name, mended in as_printed.items() if mended}
    syllables = {word.lower() for name in names for word in name.split()}
    outcome: Counter[str] = Counter()
    for name in names:
        words = name.split()
        for index, word in enumerate(words):
            for slip in slips(word):
                slipped = " ".join([*words[:index], slip, *words[index + 1 :]])
                if slip.lower() in name_syllables():
                    outcome["undetectable"] += 1
                    continue
                mended = mend_name(slipped) or slipped
                kind = "right" if mended == name else ("left" if mended == slipped else "wrong")
                outcome[kind] += 1
                if kind == "wrong" and args.show:
                    print(f"  {slipped} -> {mended} (printed {name})")
    unlisted = sorted(s for s in syllables if s not in name_syllables())
    print(f"real signers {len(names)}: changed as printed {len(changed)} {changed or ''}; "
          f"their syllables not listed {len(unlisted)} of {len(syllables)} {unlisted}")  # fmt: skip
    total = sum(outcome.values())
    print(f"single mark slips {total}: mended right {outcome['right']}, wrong {outcome['wrong']}, "
          f"left as printed {outcome['left']}, undetectable (a name's syllable) {outcome['undetectable']}")  # fmt: skip


if __name__ == "__main__":
    main()
