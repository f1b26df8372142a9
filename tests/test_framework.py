"""Criteria frameworks as data: the bundled provincial 2025 framework, the format's checks, the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.doctypes import HEADINGS
from kiemchung.cli import app
from matcher import load_framework
from matcher.framework import parse_framework
from model.errors import FrameworkError

KNOWN_TYPES = set(HEADINGS.values())


def test_bundled_provincial_framework_matches_the_real_table() -> None:
    framework = load_framework("tinh-2025")
    assert (framework.decision, framework.level, framework.years, framework.partial) == (
        "1187/QĐ-BNV", "province", [2025], True,
    )  # fmt: skip
    rows = list(framework.walk())
    depth = [criterion.code.count(".") for criterion in rows]
    # DESIGN.md: 99 rows, 8 fields, 33 criteria, 58 sub-criteria, 61.5 points
    assert (len(rows), depth.count(0), depth.count(1), depth.count(2)) == (99, 8, 33, 58)
    assert sum(field.max_points for field in framework.criteria) == pytest.approx(61.5)
    assert framework.problems() == []


def test_every_leaf_has_an_evidence_rule_a_council_can_read() -> None:
    framework = load_framework("tinh-2025")
    leaves = [criterion for criterion in framework.walk() if not criterion.children]
    for leaf in leaves:
        assert leaf.evidence is not None, leaf.code
        assert leaf.evidence.doc_types and set(leaf.evidence.doc_types) <= KNOWN_TYPES, leaf.code
        assert leaf.evidence.phrases, leaf.code
        start, end = leaf.evidence.window.resolve(2025) if leaf.evidence.window else (None, None)
        assert start is not None and end is not None and start < end
    report_rule = framework.find("1.2").evidence
    assert [d.period for d in report_rule.deadlines] == ["quarter", "half_year", "year"]
    window = framework.find("1.1").evidence.window
    assert window.resolve(2026) == (date(2026, 1, 1), date(2026, 12, 31))
    # the year's reports run on to the self-assessment deadline (23/01, Công văn 12094/BNV-CCHC); nothing else does
    assert window.bounds(2026, "Báo cáo") == (date(2026, 1, 1), date(2027, 1, 23))
    assert window.bounds(2026, "Quyết định") == (date(2026, 1, 1), date(2026, 12, 31))


BROKEN = """
id: broken
title: Bộ tiêu chí thử
level: department
criteria:
  - code: "1"
    title: Lĩnh vực một
    max_points: 3
    children:
      - {code: "1.1", title: Tiêu chí a, max_points: 1}
      - {code: "1.1", title: Tiêu chí b, max_points: 1}
"""


def test_inconsistent_table_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    assert parse_framework(path).problems() == [
        "1: các tiêu chí con cộng được 2 điểm, tiêu chí có 3 điểm",
        "mã 1.1 bị trùng",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BROKEN.replace("level: department", "level: district"), "level"),
        (BROKEN.replace("max_points: 1}", "max_points: 1, assessment: maybe}", 1), "assessment"),
        ("id: x\n  title: [unclosed", "broken.yaml"),
    ],
)
def test_invalid_framework_file_names_file_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError, match=message):
        parse_framework(path)


def test_imported_framework_in_data_dir_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "frameworks").mkdir()
    (tmp_path / "frameworks" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.setenv("KIEMCHUNG_DATA_DIR", str(tmp_path))
    listed = CliRunner().invoke(app, ["framework", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    by_id = {item["id"]: item for item in json.loads(listed.stdout)["frameworks"]}
    assert by_id["tinh-2025"]["criteria"] == 99
    assert by_id["broken"]["problems"] == [
        "1: các tiêu chí con cộng được 2 điểm, tiêu chí có 3 điểm",
        "mã 1.1 bị trùng",
    ]


def test_show_unknown_framework_lists_known_ones() -> None:
    result = CliRunner().invoke(app, ["framework", "show", "tinh-2030"])
    assert result.exit_code == 2
    assert "Không có bộ tiêu chí «tinh-2030» (có: tinh-2025" in result.output


def test_show_json_round_trips() -> None:
    result = CliRunner().invoke(app, ["framework", "show", "tinh-2025", "--json"])
    data = json.loads(result.stdout)
    assert data["criteria"][0]["children"][0]["evidence"]["window"] == {
        "from": "Y-01-01",
        "to": "Y-12-31",
        "reports_to": "Y+1-01-23",
    }


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("id: x\n  criteria: [\n", "sai cú pháp YAML ở dòng"),
        ("id: x\n", "thiếu"),
        ("id: x\nname: X\nyear: nam\ncriteria: 5\n", "phải là"),
    ],
)
def test_a_broken_framework_file_is_said_in_vietnamese(tmp_path: Path, text: str, said: str) -> None:
    from matcher.framework import parse_framework
    from model.errors import FrameworkError

    path = tmp_path / "hong.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as raised:
        parse_framework(path)
    assert raised.value.code == "framework.invalid"
    assert said in str(raised.value) and "Field required" not in str(raised.value)
    assert "Input should" not in str(raised.value)
