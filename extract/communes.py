"""The gazetteer of communes, wards and special zones (xã, phường, đặc khu) since 1 July 2025, and the mending of
OCR's tone-mark slips in a commune's name in the issuer (`XÃ TAN MỸ` read for `XÃ TÂN MỸ`).

The list is underthesea's (a dependency: `underthesea/address/data/mapping.json`, 3,312 post-merger units with
their provinces, from the `vietnamadminunits` data). Only that data file is read, found through the installed
distribution's file list: the package itself is never imported (1.1 s and ~57 MB). Read once per process, on the
first commune-level issuer; without underthesea installed the gazetteer is empty and nothing is mended.

A name is mended only when its tone-folded form, its kind and (when the header or the document names one) its
province give exactly one unit whose spelling differs from the print. A document issued before the merger names
units of the old map: it keeps its name as printed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from extract.merger import successors

DATA_FILE = ("address", "data", "mapping.json")  # inside the underthesea package
KINDS = {"xã": "Xã", "phường": "Phường", "đặc khu": "Đặc khu"}  # the kinds since 1 July 2025


@dataclass(frozen=True)
class Unit:
    kind: str  # "xã", "phường", "đặc khu"
    name: str  # "Tân Mỹ"
    province: str  # "Lâm Đồng", "Hồ Chí Minh"


def fold(text: str) -> str:
    """Lower case without tone or vowel marks, `đ` as `d`, spaces single: `Tân Mỹ` and OCR's `TAN MY` agree."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"\s*-\s*", " - ", bare).split())


def data_path() -> Path | None:
    """underthesea's address data file in the installed package: `find_spec` of a top-level package locates it
    without running its `__init__` (which would load the whole toolkit)."""
    spec = find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), *DATA_FILE)
    return path if path.is_file() else None


def _unit(full_name: str, province: str) -> Unit | None:
    for kind, title in KINDS.items():
        if full_name.startswith(f"{title} "):
            return Unit(kind, full_name[len(title) + 1 :].strip(), province)
    return None  # seven records carry an empty name (their key only): left out


@cache
def units() -> tuple[Unit, ...]:
    """Every unit since 1 July 2025, once per process (empty without underthesea's data file)."""
    path = data_path()
    if path is None:
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    short = {key: info["short"] for key, info in data["province_names"].items()}
    seen = {(row["new_ward"], row["new_province_key"]) for row in data["ward_mapping"]}
    found = (_unit(name, short.get(key, key)) for name, key in seen)
    return tuple(sorted((unit for unit in found if unit), key=lambda u: (u.province, u.kind, u.name)))


@cache
def _index() -> dict[tuple[str, str], tuple[Unit, ...]]:
    """(kind, folded name) -> the units so named (several provinces may share a name: `Tân An`)."""
    index: dict[tuple[str, str], list[Unit]] = {}
    for unit in units():
        index.setdefault((unit.kind, fold(unit.name)), []).append(unit)
    return {key: tuple(found) for key, found in index.items()}


def candidates(kind: str, printed: str, provinces: set[str] | None = None) -> tuple[Unit, ...]:
    """The units of `kind` whose folded name is the printed name's, within `provinces` (folded) if given."""
    found = _index().get((kind, fold(printed)), ())
    if provinces:
        found = tuple(unit for unit in found if fold(unit.province) in provinces)
    return found


MERGER_DAY = date(2025, 7, 1)
PROVINCE_KINDS = ("tinh", "thanh pho", "tp.", "tp")
# a commune-level unit ending the issuer: "Ủy ban nhân dân xã Tân Mỹ", "Xã Tân Mỹ"; never "thị xã", "xã hội"
LOCAL_ISSUER = re.compile(
    r"(?:^|(?<![Tt]hị)\s)(?P<kind>[Xx]ã|[Pp]hường|[Đđ]ặc khu)\s+(?![Hh]ội\b)(?P<name>\S.*)$"
)


def _named_provinces(text: str) -> set[str]:
    """The folded provinces of 2025 that `text` names (`tỉnh Lâm Đồng`, or a province merged into one)."""
    folded = f" {fold(text)} "
    return {new for old, new in _province_names() if any(f" {kind} {old} " in folded for kind in PROVINCE_KINDS)}


@cache
def _province_names() -> tuple[tuple[str, str], ...]:
    """(a province's folded name, the folded name of the province it is since 2025) for the 34 and the merged."""
    current = {fold(unit.province) for unit in units()}
    merged = {old: fold(new) for old, new in successors().items()}
    return tuple(sorted({(name, name) for name in current} | set(merged.items())))


def _choose(found: tuple[Unit, ...], header: str, document: str) -> Unit | None:
    """The one unit meant: within the province the header names (none there: none); else the only one, or the
    only one in a province the document names."""
    in_header = _named_provinces(header)
    if in_header:
        found = tuple(unit for unit in found if fold(unit.province) in in_header)
    elif len(found) > 1:
        named = _named_provinces(document)
        found = tuple(unit for unit in found if fold(unit.province) in named)
    return found[0] if len(found) == 1 else None


def mend_issuer(issuer: str, header: str, document: str, issued: date | None) -> str | None:
    """`issuer` with its commune's, ward's or special zone's name in the gazetteer's spelling when OCR slipped on
    its tone marks (`Ủy ban nhân dân xã Tan Mỹ` -> `… xã Tân Mỹ`); None to keep it as printed: a document issued
    before 1 July 2025 (or undated), no unit or several units so named, or the same spelling."""
    match = LOCAL_ISSUER.search(issuer)
    if match is None or issued is None or issued < MERGER_DAY:
        return None
    kind, printed = match.group("kind").lower(), match.group("name")
    unit = _choose(candidates(kind, printed), header, document)
    if unit is None or unit.name == printed:
        return None
    return issuer[: match.start("name")] + unit.name
