"""The hand-made key of the real lamdong dossiers (tests/data/matcher/lamdong_key.json, read by
bench/matcher_lamdong.py): it loads, says how it was made, and every path it names is in the shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher import load_framework
from tests.conftest import SHARED_DATA

KEY = Path(__file__).parent / "data" / "matcher" / "lamdong_key.json"


def _key() -> dict:
    return json.loads(KEY.read_text(encoding="utf-8"))


def test_key_loads_and_says_how_it_was_made() -> None:
    key = _key()
    assert {"made_by", "rules", "split", "home", "documents"} <= set(key)
    documents = key["documents"]
    assert len(documents) >= 60
    codes = {criterion.code for criterion in load_framework("tinh-2025").walk()}
    for doc in documents:
        assert doc["half"] in ("tuning", "measured") and doc["label"] in ("evidence", "outside"), doc
        assert doc["path"].startswith("lamdong/files/") and not Path(doc["path"]).is_absolute(), doc
        assert set(doc.get("criteria", [])) <= codes, doc
        assert doc["label"] == "evidence" or doc["kind"], doc
    for half in ("tuning", "measured"):
        assert any(doc["half"] == half and doc["label"] == "evidence" for doc in documents)


def test_a_dossier_stays_in_one_half() -> None:
    halves: dict[str, set[str]] = {}
    for doc in _key()["documents"]:
        parts = Path(doc["path"]).parts[3:]
        dossier = "/".join(parts[:2] if parts[0] == "CV CHUNG" else parts[:1])
        halves.setdefault(dossier, set()).add(doc["half"])
    assert all(len(found) == 1 for found in halves.values()), halves


@pytest.mark.shared_data
@pytest.mark.skipif(not (SHARED_DATA / "lamdong").exists(), reason="../shared/data/lamdong is not here")
def test_every_path_of_the_key_exists() -> None:
    missing = [doc["path"] for doc in _key()["documents"] if not (SHARED_DATA / doc["path"]).is_file()]
    assert not missing
