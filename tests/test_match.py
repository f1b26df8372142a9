"""Ranking criteria for a document: should-match and should-not-match tables on the bundled framework."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kiemchung.cli import app
from matcher import load_framework
from matcher.ranking import DocumentFacts, rank

FRAMEWORK = load_framework("tinh-2025")


@pytest.mark.parametrize(
    ("facts", "expected", "within"),
    [
        (
            DocumentFacts(
                "Báo cáo",
                "Kết quả công tác cải cách hành chính quý I năm 2025",
                "Ủy ban nhân dân tỉnh Lâm Đồng",
                date(2025, 3, 19),
            ),
            "1.2",
            1,
        ),
        (
            DocumentFacts(
                "Kế hoạch", "Cải cách hành chính nhà nước năm 2025", "Ủy ban nhân dân tỉnh", date(2025, 7, 15)
            ),
            "1.1",
            3,
        ),
        (
            DocumentFacts(
                "Quyết định",
                "Công bố danh mục văn bản quy phạm pháp luật hết hiệu lực",
                "Ủy ban nhân dân tỉnh",
                date(2025, 1, 16),
            ),
            "2.2",
            1,
        ),
        (
            DocumentFacts(
                "Kế hoạch", "Tuyên truyền cải cách hành chính năm 2025", "Sở Nội vụ", date(2025, 2, 10)
            ),
            "1.4",
            1,
        ),
    ],
)
def test_should_match(facts: DocumentFacts, expected: str, within: int) -> None:
    ranked = rank(facts, FRAMEWORK, 2025, threshold=0.6)
    assert expected in [match.code for match in ranked[:within]], ranked[:5]
    best = ranked[0]
    assert 0 < best.score <= 1 and best.reason[0].isupper()
    assert "loại văn bản" in best.reason.lower()


@pytest.mark.parametrize(
    "facts",
    [
        DocumentFacts(None, "Hợp đồng mua bán thiết bị văn phòng", "Công ty TNHH ABC", date(2020, 8, 25)),
        DocumentFacts("Quyết định", None, None, None),  # nothing to go on but a type
        DocumentFacts("Giấy mời", "Họp mặt kỷ niệm ngày thành lập", "Công đoàn cơ sở", date(2025, 5, 1)),
    ],
)
def test_should_not_match(facts: DocumentFacts) -> None:
    assert rank(facts, FRAMEWORK, 2025, threshold=0.6) == []


def test_date_outside_the_window_does_not_count() -> None:
    inside = DocumentFacts("Kế hoạch", "Cải cách hành chính nhà nước năm 2025", None, date(2025, 7, 15))
    outside = DocumentFacts("Kế hoạch", "Cải cách hành chính nhà nước năm 2025", None, date(2023, 7, 15))
    score_in = {m.code: m.score for m in rank(inside, FRAMEWORK, 2025, 0.0)}["1.1"]
    score_out = {m.code: m.score for m in rank(outside, FRAMEWORK, 2025, 0.0)}["1.1"]
    assert score_in > score_out  # the date feature counts in, not out (the score saturates towards 1)
    reasons = {m.code: m.reason for m in rank(outside, FRAMEWORK, 2025, 0.0)}["1.1"]
    assert "trong kỳ đánh giá" not in reasons


def test_match_command_json(tmp_path: Path) -> None:
    from kiemchung.specimens.pdf import render_pdf
    from kiemchung.specimens.sample import PLAN

    (tmp_path / "kh.pdf").write_bytes(render_pdf(PLAN))
    (tmp_path / "note.txt").write_text("Ghi chú nội bộ, không phải văn bản.", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["match", "--json", "--framework", "tinh-2025", "--year", "2025", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    plan, note = (json.loads(line) for line in result.stdout.splitlines())
    assert "1.1" in [c["code"] for c in plan["criteria"][:3]]
    assert all(set(c) == {"code", "score", "reason"} for c in plan["criteria"])
    assert [c["score"] for c in plan["criteria"]] == sorted(
        (c["score"] for c in plan["criteria"]), reverse=True
    )
    assert note["criteria"] == [] and "document.unmatched" in [f["code"] for f in note["flags"]]
    unknown = CliRunner().invoke(app, ["match", "--framework", "nope", str(tmp_path)])
    assert unknown.exit_code == 2 and "known: tinh-2025" in unknown.output
