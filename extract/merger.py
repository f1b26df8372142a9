"""The provinces merged on 1 July 2025 (`data/provinces.yaml`, read by the matcher too). A document issued before
then keeps its issuer as printed (`Ủy ban nhân dân tỉnh Bình Dương`); for a province merged into another, a note
names the province that succeeded it. Districts were abolished with no single successor: they stay as printed,
with no note.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from extract.folding import unmarked

PROVINCES = Path(__file__).with_name("data") / "provinces.yaml"
MERGER_DAY = date(2025, 7, 1)
CITIES = {
    "Hà Nội",
    "Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
}  # centrally run cities since 2025
PROVINCE = re.compile(r"(?i)\b(tỉnh|thành phố)\s+(.+?)\s*$")


@cache
def _successors() -> dict[str, tuple[str, str]]:
    """Each province merged into another (folded) → (its name, the name of the province that succeeded it)."""
    groups = yaml.safe_load(PROVINCES.read_text(encoding="utf-8"))["merged_2025"]
    return {unmarked(old): (old, new) for new, olds in groups.items() for old in olds}


def successors() -> dict[str, str]:
    """Each province merged into another (folded) -> the name of the province that succeeded it."""
    return {old: new for old, (_, new) in _successors().items()}


def _unit(name: str) -> str:
    return f"thành phố {name}" if name in CITIES else f"tỉnh {name}"


def merged_province(names: list[str | None], issued: date | None) -> str | None:
    """For a document issued before 1 July 2025 whose issuer (or parent) names a province merged into another:
    `tỉnh Bình Dương, nay là thành phố Hồ Chí Minh`; else None."""
    if issued is None or issued >= MERGER_DAY:
        return None
    for name in names:
        match = PROVINCE.search(name or "")
        found = _successors().get(unmarked(match.group(2))) if match else None
        if found:
            return f"{_unit(found[0])}, nay là {_unit(found[1])}"
    return None
