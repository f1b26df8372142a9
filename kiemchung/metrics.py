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
