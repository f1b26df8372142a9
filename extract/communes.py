"""The gazetteer of communes, wards and special zones (xã, phường, đặc khu) since 1 July 2025, and the mending of
OCR's tone-mark slips in a commune's name in the issuer (`XÃ TAN MỸ` read for `XÃ TÂN MỸ`).

The list is underthesea's (a dependency: `underthesea/address/data/mapping.json`, 3,312 post-merger units with
their provinces, from the `vietnamadminunits` data; seven records have an empty name and are left out). Only
that data file is read, located with `find_spec` (which does not run the package): the package itself is never
imported (1.1 s and ~57 MB). Read once per process, on the first OCR'd commune-level issuer (0.1-0.2 s, ~37 MB
peak while parsing, 1.4 MB kept); without underthesea installed the gazetteer is empty and nothing is mended.

A name is mended only when its tone-folded form and its kind give one spelling: within the province the header
names (the old province's successor for a merged one), or shared by every unit so named, or that of the only
one in a province the document names. A document issued before 1 July 2025 names units of the old map: its
name is mended the same way from the same file's pre-merger units (`HIỆP PHUỚC` -> Hiệp Phước), never to a
current unit's spelling; one with no date read keeps its name as printed. OCR's letter slips (`MAẠO KHÉ`) are
not mended.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from extract.folding import unmarked
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
    return " ".join(re.sub(r"\s*-\s*", " - ", unmarked(text)).split())


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
def old_units() -> tuple[Unit, ...]:
    """Every commune and ward before 1 July 2025 (the same data file's old units), each with the province it
    belongs to since (`province`, as for the current units): for a document issued before the merger."""
    path = data_path()
    if path is None:
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    short = {key: info["short"] for key, info in data["province_names"].items()}
    seen = {(row["old_ward"] or "", row["new_province_key"]) for row in data["ward_mapping"]}
    found = (_unit(name, short.get(key, key)) for name, key in seen)
    return tuple(sorted((unit for unit in found if unit), key=lambda u: (u.province, u.kind, u.name)))


def named_unit(kind: str, printed: str) -> bool:
    """Whether a commune or ward of `kind`, current or before 1 July 2025, is so named (tone marks folded): a
    name wrapped onto the next line is joined again only then."""
    return bool(candidates(kind, printed) or candidates(kind, printed, old=True))


@cache
def _index(old: bool = False) -> dict[tuple[str, str], tuple[Unit, ...]]:
    """(kind, folded name) -> the units so named (several provinces may share a name: `Tân An`); with `old`,
    the units before 1 July 2025."""
    index: dict[tuple[str, str], list[Unit]] = {}
    for unit in old_units() if old else units():
        index.setdefault((unit.kind, fold(unit.name)), []).append(unit)
    return {key: tuple(found) for key, found in index.items()}


def candidates(
    kind: str, printed: str, provinces: set[str] | None = None, old: bool = False
) -> tuple[Unit, ...]:
    """The units of `kind` whose folded name is the printed name's, within `provinces` (folded) if given; with
    `old`, among the units before 1 July 2025."""
    found = _index(old).get((kind, fold(printed)), ())
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
    return {
        new for old, new in _province_names() if any(f" {kind} {old} " in folded for kind in PROVINCE_KINDS)
    }


@cache
def _province_names() -> tuple[tuple[str, str], ...]:
    """(a province's folded name, the folded name of the province it is since 2025) for the 34 and the merged."""
    current = {fold(unit.province) for unit in units()}
    merged = {old: fold(new) for old, new in successors().items()}
    return tuple(sorted({(name, name) for name in current} | set(merged.items())))


def _spelling(found: tuple[Unit, ...], header: str, document: str) -> str | None:
    """The one spelling meant: within the province the header names (no unit there: none); else the one the
    units so named share (`Vạn Xuân` in three provinces), or the one in a province the document names."""
    in_header = _named_provinces(header)
    if in_header:
        found = tuple(unit for unit in found if fold(unit.province) in in_header)
    elif len({unit.name for unit in found}) > 1:
        named = _named_provinces(document)
        found = tuple(unit for unit in found if fold(unit.province) in named)
    spellings = {unit.name for unit in found}
    return spellings.pop() if len(spellings) == 1 else None


def mend_issuer(issuer: str, header: str, document: str, issued: date | None) -> str | None:
    """`issuer` with its commune's, ward's or special zone's name in the gazetteer's spelling when OCR slipped on
    its tone marks (`Ủy ban nhân dân xã Tan Mỹ` -> `… xã Tân Mỹ`); a document issued before 1 July 2025 names a
    unit of the old map: its name is mended from the old units, never respelled as a current one. None to keep
    it as printed: an undated document, no unit so named, units so named spelt differently (`Long Thành`, `Long
    Thạnh`) with no province to tell them apart, or the print already the list's spelling (for an old unit, but
    for the case of a letter: the old list writes `Ya ly`, the current one `B'Lao`)."""
    match = LOCAL_ISSUER.search(issuer)
    if match is None or issued is None:
        return None
    kind, printed = match.group("kind").lower(), match.group("name")
    old = issued < MERGER_DAY
    spelling = _spelling(candidates(kind, printed, old=old), header, document)
    if spelling is None or spelling == printed or (old and spelling.lower() == printed.lower()):
        return None
    return issuer[: match.start("name")] + spelling
