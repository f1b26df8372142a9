"""Ranking criteria for a document: should-match and should-not-match tables on the bundled framework."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kiemchung.cli import app
from matcher import Framework, load_framework
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
    assert unknown.exit_code == 2 and "(có: tinh-2025" in unknown.output and not unknown.stdout


def test_subjects_compare_without_tone_marks_and_abbreviations() -> None:
    """An ASCII-typed or OCR-stripped subject, or one that abbreviates, ranks like the written one."""
    written = DocumentFacts("Báo cáo", "Kết quả công tác kiểm soát thủ tục hành chính năm 2025", None, None)
    ascii_typed = DocumentFacts(
        "Báo cáo", "Ket qua cong tac kiem soat thu tuc hanh chinh nam 2025", None, None
    )
    abbreviated = DocumentFacts("Báo cáo", "Kết quả công tác kiểm soát TTHC năm 2025", None, None)
    top = [
        [m.code for m in rank(facts, FRAMEWORK, 2025, 0.0)[:3]]
        for facts in (written, ascii_typed, abbreviated)
    ]
    assert top[0] == top[1] == top[2] and "3.1" in top[0]


@pytest.mark.parametrize(
    ("subject", "right", "twin"),
    [
        ("Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận trong năm được giải quyết đúng hạn", "3.4.2", "3.4.1"),
        ("Tỷ lệ hồ sơ TTHC do CQCM cấp tỉnh tiếp nhận trong năm được giải quyết đúng hạn", "3.4.1", "3.4.2"),
        (
            "Xử lý PAKN của cá nhân, tổ chức đối với TTHC thuộc thẩm quyền giải quyết của tỉnh",
            "3.5.1",
            "3.5.2",
        ),
    ],
)
def test_twin_criteria_stay_apart(subject: str, right: str, twin: str) -> None:
    """A document is evidence where it fits best, not also for the criterion whose title differs by a few
    rare words (check.evidence_criteria)."""
    from matcher.matrix import evidence_criteria

    facts = DocumentFacts("Báo cáo", f"Kết quả {subject[0].lower()}{subject[1:]}", None, date(2025, 5, 10))
    ranked = rank(facts, FRAMEWORK, 2025, 0.6)
    assert ranked[0].code == right
    assert twin not in [match.code for match in evidence_criteria(ranked)]


def test_reasons_name_shared_keywords() -> None:
    facts = DocumentFacts("Kế hoạch", "Tuyên truyền cải cách hành chính năm 2025", None, date(2025, 2, 10))
    best = rank(facts, FRAMEWORK, 2025, 0.6)[0]
    assert best.code == "1.4" and "tuyên truyền" in best.reason


def test_cited_subjects_become_general_phrases() -> None:
    from matcher.derive import cited_phrase, general_issuer

    assert cited_phrase("công tác kiểm soát TTHC năm 2025") == "công tác kiểm soát thủ tục hành chính"
    assert cited_phrase("kết quả kiểm tra công tác CCHC năm 2025 tại xã Tánh Linh") == (
        "kết quả kiểm tra công tác cải cách hành chính"
    )
    assert cited_phrase("công tác cải cách hành chính 6 tháng đầu năm 2025") == "công tác cải cách hành chính"
    assert general_issuer("Ủy ban nhân dân tỉnh Lâm Đồng") == "Ủy ban nhân dân tỉnh"
    assert general_issuer("Sở Nội vụ") == "Sở Nội vụ"


@pytest.mark.parametrize(
    ("subject", "phrase"),
    [
        # a place is a capitalised name: "xã hội" and "tỉnh có" are words, not places
        ("tình hình kinh tế - xã hội, quốc phòng - an ninh năm 2024", "tình hình kinh tế - xã hội, quốc phòng - an ninh"),
        ("doanh nghiệp trên địa bàn tỉnh có khó khăn", "doanh nghiệp trên địa bàn tỉnh có khó khăn"),
        ("Chuyển đổi số tỉnh Lâm Đồng năm 2026", "chuyển đổi số"),
        ("kiến nghị của Kiểm toán Nhà nước tại tỉnh Bình Thuận cũ", "kiến nghị của Kiểm toán Nhà nước"),
        # who spoke is one notice's; what it concludes is what the criterion's notices share
        ("Kết luận của đồng chí Hồ Văn Mười – Phó Bí thư, Chủ tịch UBND tỉnh tại Hội nghị đối thoại với doanh nghiệp",
         "kết luận tại Hội nghị đối thoại với doanh nghiệp"),
        ("ý kiến của ông Nguyễn Văn An về công tác tuyên truyền", "ý kiến về công tác tuyên truyền"),
        # a body's conclusion names no person: kept
        ("kết luận của Chủ tịch UBND tỉnh tại cuộc họp", "kết luận của Chủ tịch ủy ban nhân dân tỉnh tại cuộc họp"),
    ],
)  # fmt: skip
def test_cited_phrases_drop_places_not_words(subject: str, phrase: str) -> None:
    from matcher.derive import cited_phrase

    assert cited_phrase(subject) == phrase


def test_title_phrases_spell_out_every_topic_abbreviation() -> None:
    from matcher.rules import title_phrases

    assert title_phrases("Mức độ thực hiện các chỉ tiêu phát triển KT-XH do HĐND tỉnh giao")[0] == (
        "mức độ thực hiện các chỉ tiêu phát triển kinh tế - xã hội do hđnd tỉnh giao"
    )
    assert title_phrases("Số đơn vị SNCL tự bảo đảm chi thường xuyên")[0] == (
        "số đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên"
    )


def test_generic_words_weigh_less_than_topic_words() -> None:
    from matcher.terms import TermIndex

    index = TermIndex.build({"a": ["Kế hoạch tuyên truyền của Ủy ban nhân dân"], "b": ["Tuyển dụng công chức"],
                             "c": ["Chuyển đổi số"]})  # fmt: skip
    vector = index.vector("Kế hoạch tuyên truyền của Ủy ban nhân dân")
    assert vector["tuyen truyen"] > 3 * vector["uy ban"]
    assert vector["ke hoach"] < vector["tuyen"]


def _leaf(code: str, title: str, phrases: list[str]) -> dict:
    rule = {"doc_types": ["Quyết định"], "phrases": phrases, "window": {"from": "Y-01-01", "to": "Y-12-31"}}
    return {"code": code, "title": title, "max_points": 1, "evidence": rule}


def _group(cited: list[str]) -> Framework:
    """A field with one criterion of two sub-criteria (6.3.2 cites `cited`) and a criterion of its own (6.1)."""
    children = [
        _leaf("6.3.1", "Số đơn vị tự bảo đảm chi thường xuyên", ["số đơn vị tự bảo đảm chi thường xuyên"]),
        _leaf("6.3.2", "Số đơn vị tự bảo đảm một phần chi", ["số đơn vị tự bảo đảm một phần chi", *cited]),
    ]
    group = {"code": "6.3", "title": "Thực hiện cơ chế tự chủ", "max_points": 2, "children": children}
    other = _leaf("6.1", "Quản lý tài sản công", ["quản lý, sử dụng tài sản công"])
    field = {"code": "6", "title": "Cải cách tài chính công", "max_points": 3, "children": [group, other]}
    return Framework.model_validate({"id": "thu", "title": "Thử", "level": "province", "criteria": [field]})


def test_what_backs_a_sub_criterion_backs_its_siblings_less_surely() -> None:
    facts = DocumentFacts("Quyết định", "Giao quyền tự chủ tài chính năm 2025 cho Trung tâm Y tế", None, None)
    with_sibling = {m.code: m.score for m in rank(facts, _group(["giao quyền tự chủ tài chính"]), 2025, 0.0)}
    alone = {m.code: m.score for m in rank(facts, _group([]), 2025, 0.0)}
    assert with_sibling["6.3.2"] > with_sibling["6.3.1"] > with_sibling["6.1"]
    assert with_sibling["6.3.1"] > alone["6.3.1"]


def test_a_subject_covering_a_heading_lands_in_its_field() -> None:
    """A long subject naming the field (`… và chuyển đổi số`) belongs there, though its other words dilute the
    cosine with the headings taken together."""
    from matcher.ranking import features, framework_index

    fields = [
        {"code": "7", "title": "Chuyển đổi số trong các cơ quan nhà nước", "max_points": 1,
         "children": [_leaf("7.1", "Tỷ lệ hoàn thành mục tiêu, nhiệm vụ", ["tỷ lệ hoàn thành mục tiêu, nhiệm vụ"])]},
        {"code": "8", "title": "Tác động đến phát triển kinh tế - xã hội", "max_points": 1,
         "children": [_leaf("8.3", "Doanh nghiệp có đổi mới sáng tạo", ["doanh nghiệp có đổi mới sáng tạo"])]},
    ]  # fmt: skip
    framework = Framework.model_validate(
        {"id": "thu", "title": "Thử", "level": "province", "criteria": fields}
    )
    index = framework_index(framework)
    subject = "Tổng kết tình hình hoạt động công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2025"
    found = features(DocumentFacts("Báo cáo", subject, None, None), framework.find("7.1"), 2025, index)
    other = features(DocumentFacts("Báo cáo", subject, None, None), framework.find("8.3"), 2025, index)
    assert found.values["field"] >= 0.4 > other.values.get("field", 0.0)
    assert any("chuyển đổi" in reason for reason in found.reasons)
