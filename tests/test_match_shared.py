"""A rule phrase many criteria share (the year's TTHC report cited for 14 rows gives them all its subject) counts at
most as a generic phrase, so the criterion whose own words the document writes comes first; the reason says
the phrase is shared."""

from __future__ import annotations

from datetime import date

from matcher import Framework
from matcher.ranking import GENERIC_CAP, SHARED_SPREAD, DocumentFacts, FrameworkIndex, rank
from matcher.terms import fold

SHARED = "công tác kiểm soát thủ tục hành chính"


def _framework(sharing: int) -> Framework:
    """Four criteria of one field; the first `sharing` of them hold SHARED among their phrases."""
    titles = ["Công bố, công khai TTHC", "Giải quyết TTHC đúng hạn", "Tiếp nhận phản ánh về quy định hành chính",
              "Số hóa hồ sơ giải quyết TTHC"]  # fmt: skip
    leaves = [
        {"code": f"3.{at + 1}", "title": title, "max_points": 1.0,
         "evidence": {"doc_types": ["Báo cáo"], "phrases": [title.lower()] + ([SHARED] if at < sharing else [])}}
        for at, title in enumerate(titles)
    ]  # fmt: skip
    field = {"code": "3", "title": "Cải cách thủ tục hành chính", "max_points": 4.0, "children": leaves}
    return Framework.model_validate({"id": "t", "title": "t", "level": "province", "criteria": [field]})


REPORT = DocumentFacts("Báo cáo", f"{SHARED} và số hóa hồ sơ năm 2025", "Sở Nội vụ", date(2025, 12, 1))


def test_a_phrase_many_criteria_share_counts_as_generic() -> None:
    assert FrameworkIndex(_framework(SHARED_SPREAD)).cap(fold(SHARED)) == GENERIC_CAP
    assert FrameworkIndex(_framework(SHARED_SPREAD - 1)).cap(fold(SHARED)) == 1.0


def test_the_criterion_the_document_names_comes_first() -> None:
    framework = _framework(3)
    before = rank(REPORT, framework, 2025, 0.0, index=FrameworkIndex(framework, shared=False))
    ranked = rank(REPORT, framework, 2025, 0.0, index=FrameworkIndex(framework))
    assert before[0].code != "3.4"  # counted fully, the shared subject outweighs the criterion's own words
    assert ranked[0].code == "3.4"
    shared = next(match for match in ranked if match.code == "3.1")
    assert f"“{SHARED}”" in shared.reason and "cụm từ có ở 3 tiêu chí" in shared.reason
