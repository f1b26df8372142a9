"""Measures shared by tests and benchmarks."""

from __future__ import annotations

import unicodedata

from rapidfuzz.distance import Levenshtein


def comparable(text: str) -> str:
    """NFC with whitespace collapsed: layout spacing is not an OCR error."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate: edits to turn the hypothesis into the reference, per reference character."""
    ref, hyp = comparable(reference), comparable(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(hyp, ref) / len(ref)


def cer_unordered(hypothesis: str, reference: str) -> float:
    """CER with the words of each side in sorted order: recognition errors count, reading order does not.

    The real transcriptions interleave the two header columns line by line, while we read them as columns;
    both are correct readings, and this measure treats them alike."""
    return cer(
        " ".join(sorted(comparable(hypothesis).split())), " ".join(sorted(comparable(reference).split()))
    )
