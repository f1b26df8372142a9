"""The `gazetteer` row of `bench/extract.py --classes`: commune-level headers on scans and phone photos
(`tests/data/extract/classes/make_gazetteer_scans.py`), each read by the extractor with the gazetteer and, in the
same run, without it (the baseline: the extractor before the gazetteer, no name mended, no wrapped name joined).
Prints issuer accuracy for both and what the gazetteer changed: mended right, mended wrong, left as printed; and
wrong mends on names outside the gazetteer (pre-merger communes and districts, made-up names), which must stay
as printed.

Run alone: `uv run python bench/gazetteer.py [--split tune]`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.extract import header_classes


def gazetteer_row(split: str, timings: list[float]) -> str:
    """The row's line: issuer accuracy with and without mending, and the mends counted."""
    ours = header_classes("gazetteer", split, timings)
    with (
        mock.patch("extract.extractor.mend_issuer", lambda *args: None),
        mock.patch("extract.issuer.named_unit", lambda *args: False),
    ):  # the extractor before the gazetteer: no mending, no wrapped name joined again
        base = header_classes("gazetteer", split, [])
    tally: Counter[str] = Counter()
    for (sample, mended, _), (_, printed, _) in zip(ours, base, strict=True):
        key, got, before = sample["issuer"], mended.issuer, printed.issuer
        outside = sample.get("group") != "gazetteer"
        tally["right"] += got == key
        tally["base right"] += before == key
        if got != before:
            tally["mended right" if got == key else "mended wrong"] += 1
            tally["wrong outside"] += got != key and outside
        else:
            tally["kept right" if got == key else "kept wrong"] += 1
        tally["outside"] += outside
    n = len(ours)
    return (f"{'gazetteer (' + split + ')':<22}{n:>6}  issuer ours {tally['right'] / n:.1%} base (no gazetteer) "
            f"{tally['base right'] / n:.1%}; mended right {tally['mended right']}, mended wrong "
            f"{tally['mended wrong']}, left as printed {tally['kept right'] + tally['kept wrong']} "
            f"({tally['kept wrong']} of them wrong); wrong mends on the {tally['outside']} names outside the "
            f"gazetteer {tally['wrong outside']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("measure", "tune"), default="measure")
    parser.add_argument("--show", action="store_true", help="Print each example's issuer, key and OCR line.")
    args = parser.parse_args()
    print(gazetteer_row(args.split, []))
    if args.show:
        for sample, result, _ in header_classes("gazetteer", args.split, []):
            mark = "ok " if result.issuer == sample["issuer"] else "MISS"
            print(f"{mark} {sample['group']:<10} {result.issuer!s:<45} key {sample['issuer']:<45} "
                  f"printed {sample['printed']!r}")  # fmt: skip


if __name__ == "__main__":
    main()
