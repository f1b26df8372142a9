"""The domain thesaurus: other names found as whole words, only where the criterion names the word, quoted in
the reason; every word it maps to stands in the bundled framework (a key nothing names would match nothing)."""

from __future__ import annotations

from datetime import date

import pytest

from matcher import load_framework
from matcher.ranking import DocumentFacts, features, framework_index, rank
from matcher.thesaurus import entries, found_in, holds

FRAMEWORK = load_framework("tinh-2025")


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Kế hoạch tổ chức kỳ sát hạch công chức năm 2025", {("sát hạch", "tuyển dụng")}),
        ("Ủy quyền cho Sở Nội vụ", {("ủy quyền", "phân quyền")}),
        ("UỶ QUYỀN CHO SỞ NỘI VỤ", {("ủy quyền", "phân quyền")}),  # capitals, the other tone-mark place
        ("Xây dựng chính quyền điện tử tỉnh", {("chính quyền điện tử", "chuyển đổi số")}),
        ("Tập huấn nghiệp vụ cho công chức", {("tập huấn", "bồi dưỡng")}),
        # a name with a comma in it is one name, not two (`doanh nghiệp` alone names nothing)
        ("Hội nghị gặp mặt doanh nghiệp đầu xuân", {("gặp mặt doanh nghiệp", "đối thoại")}),
        ("Tiếp nhận hồ sơ phi địa giới", {("phi địa giới", "không phụ thuộc địa giới hành chính")}),
    ],
)
def test_other_names_are_found(subject: str, expected: set[tuple[str, str]]) -> None:
    assert {(entry.written, entry.term) for entry in found_in(subject)} == expected


@pytest.mark.parametrize(
    "subject",
    [
        "Kế hoạch tuyển dụng công chức qua sát hạch",  # the framework's word is written: keywords see it
        "Phát hạch toán kinh phí",  # `hạch` inside another word is not `sát hạch`
        "Quyết định thành lập Ban Chỉ đạo",  # `thành lập` alone is no kiện toàn
        "Báo cáo kết quả công tác năm 2025",
        "Kế hoạch tổ chức kỳ thi tuyển sinh lớp 10 năm học 2025-2026",  # a school's entrance exam
        "Tổ chức sát hạch lái xe mô tô hạng A1",  # a driving test
        "",
    ],
)
def test_no_other_name(subject: str) -> None:
    assert found_in(subject) == []


def test_every_other_name_can_fire() -> None:
    """An other name holding its own framework word (`thư xin lỗi` for `xin lỗi`) never fires: a subject that
    writes it writes the word, which the keyword features see."""
    assert not [entry.written for entry in entries() if holds(entry.normal_written, entry.normal_term)]


def test_a_phrase_not_meant_leaves_the_rest_of_the_subject() -> None:
    assert [e.written for e in found_in("Thi tuyển sinh lớp 10 và thi tuyển công chức")] == ["thi tuyển"]


def test_every_framework_word_stands_in_the_framework() -> None:
    index = framework_index(FRAMEWORK)
    texts = [
        text for group in (index.normal, index.normal_fields) for values in group.values() for text in values
    ]
    missing = {entry.term for entry in entries() if not any(holds(text, entry.normal_term) for text in texts)}
    assert not missing


@pytest.mark.parametrize(
    ("subject", "code", "reason"),
    [
        ("Tổ chức kỳ sát hạch công chức năm 2025", "5.2.1", "“sát hạch” là cách gọi khác của “tuyển dụng”"),
        (
            "Ủy quyền cho Sở Nội vụ thực hiện nhiệm vụ",
            "4.3.1",
            "“ủy quyền” là cách gọi khác của “phân quyền”",
        ),
        ("Mở lớp tập huấn nghiệp vụ cho công chức", "5.5.1", "“tập huấn” là hoạt động thuộc “bồi dưỡng”"),
    ],
)
def test_feature_fires_and_is_quoted(subject: str, code: str, reason: str) -> None:
    criterion = FRAMEWORK.find(code)
    assert criterion is not None
    found = features(
        DocumentFacts("Kế hoạch", subject, None, None), criterion, 2025, framework_index(FRAMEWORK)
    )
    assert found.values["thesaurus"] == 1.0
    assert reason in found.reasons


@pytest.mark.parametrize(("subject", "code"), [("Tổ chức kỳ sát hạch công chức", "1.4"),
                                               ("Ủy quyền cho Sở Nội vụ", "5.2.1")])  # fmt: skip
def test_feature_silent_where_the_criterion_names_nothing(subject: str, code: str) -> None:
    criterion = FRAMEWORK.find(code)
    assert criterion is not None
    found = features(
        DocumentFacts("Kế hoạch", subject, None, None), criterion, 2025, framework_index(FRAMEWORK)
    )
    assert "thesaurus" not in found.values


def test_activity_brings_its_criterion_to_the_top() -> None:
    facts = DocumentFacts(
        "Kế hoạch", "Tổ chức kỳ sát hạch công chức năm 2025", "Ủy ban nhân dân tỉnh", date(2025, 3, 1)
    )
    top = [match.code for match in rank(facts, FRAMEWORK, 2025, threshold=0.0)[:2]]
    assert set(top) == {"5.2.1", "5.2.2"}


def test_index_without_the_thesaurus_ranks_without_it() -> None:
    """The bench compares with and without the thesaurus in one run: an index given none uses none."""
    from matcher.ranking import FrameworkIndex

    facts = DocumentFacts("Kế hoạch", "Tổ chức kỳ sát hạch công chức năm 2025", None, None)
    bare = FrameworkIndex(FRAMEWORK, thesaurus=())
    matches = rank(facts, FRAMEWORK, 2025, threshold=0.0, index=bare)
    assert not any("cách gọi khác" in match.reason for match in matches)
    with_it = rank(facts, FRAMEWORK, 2025, threshold=0.0)
    assert any("cách gọi khác" in match.reason for match in with_it)


def test_the_index_is_built_once_per_content_of_the_framework() -> None:
    """A batch worker loads the framework for each document, each load a copy of its own: the index (~40 ms to
    build) is shared by equal copies, and a framework that differs gets its own."""
    first, second = load_framework("tinh-2025"), load_framework("tinh-2025")
    assert first is not second
    assert framework_index(first) is framework_index(second)
    changed = second.model_copy(deep=True)
    changed.title = changed.title + " (sửa)"
    assert framework_index(changed) is not framework_index(first)
