"""Reasons a reviewer can read: the words and phrases that matched, whole; only what is true of the document."""

from __future__ import annotations

import re
from datetime import date

import pytest

from matcher import load_framework
from matcher.phrases import segment, shared_phrases
from matcher.ranking import DocumentFacts, rank

FRAMEWORK = load_framework("tinh-2025")
ISSUER = "Ủy ban nhân dân tỉnh Lâm Đồng"


def _quoted(reason: str) -> list[str]:
    return re.findall(r"“([^”]*)”", reason.split("trích yếu gần với")[0] + reason.split("%)")[-1])


@pytest.mark.parametrize(
    ("doc_type", "subject", "expected"),
    [
        ("Kế hoạch", "Cải cách hành chính nhà nước năm 2025", "cải cách hành chính"),
        ("Báo cáo", "Kết quả tuyển dụng công chức năm 2025", "tuyển dụng công chức"),
        ("Kế hoạch", "Kiểm soát thủ tục hành chính năm 2025", "thủ tục hành chính"),
        ("Kế hoạch", "Chuyển đổi số năm 2025", "chuyển đổi số"),
    ],
)
def test_reasons_quote_whole_phrases(doc_type: str, subject: str, expected: str) -> None:
    ranked = rank(DocumentFacts(doc_type, subject, ISSUER, date(2025, 3, 1)), FRAMEWORK, 2025, 0.6)
    quoted = [phrase for match in ranked[:3] for phrase in _quoted(match.reason)]
    assert any(expected in phrase for phrase in quoted), [m.reason for m in ranked[:3]]


# syllable pairs that straddle two words: never quoted as what matched
STRADDLING = ("hoạch cải", "chính nhà", "tục hành", "cách hành", "tác cải", "vụ cải", "dụng công")


@pytest.mark.parametrize(
    "subject",
    [
        "Kế hoạch cải cách hành chính nhà nước năm 2025",
        "Công tác cải cách hành chính năm 2025",
        "Kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa",
        "Tuyển dụng công chức, viên chức năm 2025",
        "Triển khai nhiệm vụ cải cách hành chính nhà nước",
    ],
)
def test_reasons_never_quote_pairs_across_words(subject: str) -> None:
    for doc_type in ("Kế hoạch", "Báo cáo", None):
        for match in rank(DocumentFacts(doc_type, subject, ISSUER, date(2025, 3, 1)), FRAMEWORK, 2025, 0.0)[
            :8
        ]:
            for phrase in _quoted(match.reason):
                assert not any(phrase.startswith(pair) or phrase.endswith(pair) for pair in STRADDLING), (
                    phrase, match.reason,
                )  # fmt: skip


@pytest.mark.parametrize(
    ("subject", "other", "expected"),
    [
        ("Kế hoạch cải cách hành chính nhà nước", "cải cách hành chính", ["cải cách hành chính"]),
        ("Báo cáo kết quả tuyển dụng", "thực hiện quy định về tuyển dụng công chức", ["tuyển dụng"]),
        ("Báo cáo kết quả tuyển dụng", "công tác kiểm tra", []),  # nothing whole shared
        (
            "về việc quản lý và sử dụng tài sản",
            "quản lý, sử dụng tài sản công",
            ["sử dụng tài sản", "quản lý"],
        ),
    ],
)
def test_shared_phrases_are_runs_of_whole_words(subject: str, other: str, expected: list[str]) -> None:
    assert shared_phrases(segment(subject), [segment(other)]) == expected


@pytest.mark.parametrize(
    ("doc_type", "subject"),
    [
        ("Giấy mời", "Dự hội nghị sơ kết công tác cải cách hành chính 6 tháng đầu năm 2025"),
        ("Thông báo", "Kết luận của Chủ tịch UBND tỉnh tại hội nghị tổng kết công tác CCHC năm 2025"),
        ("Kế hoạch", "Cải cách hành chính nhà nước năm 2025"),
    ],
)
def test_only_a_report_is_called_a_periodic_report(doc_type: str, subject: str) -> None:
    ranked = rank(DocumentFacts(doc_type, subject, ISSUER, date(2025, 6, 1)), FRAMEWORK, 2025, 0.0)
    assert ranked
    assert not any("báo cáo theo kỳ" in match.reason for match in ranked), [m.reason for m in ranked[:3]]


def test_a_periodic_report_is_called_one() -> None:
    facts = DocumentFacts("Báo cáo", "Kết quả công tác CCHC quý I năm 2025", ISSUER, date(2025, 3, 19))
    assert "báo cáo theo kỳ" in rank(facts, FRAMEWORK, 2025, 0.6)[0].reason


@pytest.mark.parametrize(
    ("doc_type", "subject", "near", "quoted"),
    [
        # folded syllables alone (`chỉ`/`chi`, `thành lập`/`công lập`) make these 62–72% alike: no word shared
        ("Quyết định", "Thành lập Ban Chỉ đạo về dữ liệu tỉnh Lâm Đồng", "6.3.4", False),
        ("Báo cáo", "Tổ chức thi hành pháp luật năm 2025 tại Sở Nông nghiệp và Môi trường", "8.3.1", False),
        # a phrase the subject writes in whole words is quoted
        ("Quyết định", "Giao quyền tự chủ tài chính cho Ban Quản lý dự án đầu tư xây dựng", "6.3.1", True),
    ],
)
def test_a_subject_is_called_near_a_phrase_only_when_they_share_a_word(
    doc_type: str, subject: str, near: str, quoted: bool
) -> None:
    ranked = rank(DocumentFacts(doc_type, subject, ISSUER, date(2025, 3, 1)), FRAMEWORK, 2025, 0.0)
    match = next(match for match in ranked if match.code == near)
    assert ("gần với" in match.reason) is quoted, match.reason
