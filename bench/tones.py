"""Old tone placement (issue 14's underthesea question): the `tones` set's issuers (and subjects) through the
extractor with no tone normalisation, with the project's rule (`extract/tones.py`), and with underthesea's
`text_normalize` token table in its place; underthesea's import time and memory.

underthesea is a dependency (for its address data; the extractor never imports it): `uv run python bench/tones.py
[--split measure]` (without it, its row is skipped).
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.extract import header_classes, subject_similarity
from extract.tones import WORD, current_placement

PATCHED = ("extract.localities.current_placement",)


def _underthesea() -> Callable[[str], str] | None:
    """underthesea's token table applied word by word (its `text_normalize` also re-spaces punctuation)."""
    before, start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter()
    try:
        from underthesea.pipeline.text_normalize import token_normalize
    except ImportError:
        return None
    seconds = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(f"underthesea import: {seconds * 1000:.0f} ms, peak memory +{grown:.0f} MB")
    return lambda text: WORD.sub(lambda m: token_normalize(m.group(0)), text)


def _row(name: str, normalise: Callable[[str], str], split: str) -> None:
    with ExitStack() as stack:
        for target in PATCHED:
            stack.enter_context(mock.patch(target, normalise))
        timings: list[float] = []
        runs = header_classes("tones", split, timings)
    issuers = [result.issuer == sample["issuer"] for sample, result, _ in runs]
    subjects = [
        subject_similarity(result.subject, sample["subject"], cased=True) for sample, result, _ in runs
    ]
    exact = sum(result.subject == re.sub(r"[.;]$", "", sample["subject"][0].upper() + sample["subject"][1:])
                for sample, result, _ in runs)  # fmt: skip
    print(f"{name:<24} n={len(runs)}  issuer {sum(issuers) / len(issuers):6.1%}  subject (cased) "
          f"{statistics.mean(subjects):6.1%}  subjects exact {exact}  "
          f"median {statistics.median(timings) * 1000:.2f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("measure", "tune"), default="measure")
    split = parser.parse_args().split
    _row("no normalisation", lambda text: text, split)
    _row("rule (extract/tones.py)", current_placement, split)
    underthesea = _underthesea()
    if underthesea is None:
        print("underthesea not installed: run with `uv run --with underthesea==9.5.0`")
        return
    _row("underthesea token table", underthesea, split)


if __name__ == "__main__":
    main()
