"""The hand-made keys of bench/extract.py stay reviewable: every correction says what the key was, what the text
says and why; every hand-read label is in DESIGN.md's canonical forms."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extract.issuer import gazetteer

KEYS = Path(__file__).parent / "data" / "extract"
SOURCES = {"vbpl", "congbao", "resolutions", "lamdong"}


def _load(name: str) -> dict:
    return json.loads((KEYS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "entry", _load("key_corrections.json")["corrections"], ids=lambda e: f"{e['id']}-{e['field']}"
)
def test_each_correction_is_documented(entry: dict) -> None:
    assert entry["source"] in SOURCES
    assert entry["field"] in {"number", "type", "date", "issuer"}
    assert entry["key"] and entry["text_says"] and entry["why"]
    assert entry["corrected"] != entry["key"]  # a correction that changes nothing is not one


def test_header_key_labels_are_canonical() -> None:
    data = _load("header_key_vbpl.json")
    assert data["how_made"]
    bodies = gazetteer()["central"] + gazetteer()["provincial"]
    for name, label in data["documents"].items():
        assert label.get("source", "vbpl") in SOURCES, name
        assert label.get("issuer") or label.get("issue_date"), name
        if label.get("issue_date"):
            assert date.fromisoformat(label["issue_date"]) <= date(2026, 11, 23), name
        issuer = label.get("issuer")
        if issuer:  # full name, sentence case, from the gazetteer (a provincial body with its province)
            assert any(issuer == body or issuer.startswith(f"{body} tỉnh ") for body in bodies), (
                name,
                issuer,
            )
