"""Search quality on both databases: diacritics typed are diacritics meant, folded matching as the fallback,
header boilerplate left out of the body index (and out of corpora indexed before it was)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from corpus.db import open_database
from corpus.fold import index_form
from corpus.repository import Corpus
from corpus.search import SearchFilters, search
from corpus.store import OriginalStore
from corpus.versions import Versions
from model.records import MatchRecord, Page, TextSource

V1 = Versions(extractor="1.0", pipeline="p1")
HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
RECIPIENTS = (
    "\nNơi nhận:\n- Như trên;\n- Sở Nội vụ;\n- Sở Tài chính;\n- Lưu: VT, TH.\nCHỦ TỊCH\nNguyễn Văn An"
)

# (number, subject, body): each confusable word sits in a subject (the head, which outranks a body when
# matching folded), while the word typed is only in another document's body, so the old ranking loses
DOCUMENTS = [
    ("1/GM-UBND", "Giao ban công tác tháng 3", "Trân trọng kính mời đại diện lãnh đạo các đơn vị dự họp."),
    ("2/KH-UBND", "Xây dựng nông thôn mới năm 2025", "Triển khai các tiêu chí nông thôn mới."),
    ("3/KH-STNMT", "Bảo vệ môi trường năm 2025", "Thu gom rác thải bảo vệ môi trường sống."),
    ("4/BC-SNV", "Kết quả hợp tác quốc tế", "Hợp tác với các tỉnh bạn, ký kết biên bản."),
    ("5/TB-UBND", "Thông báo kết luận cuộc họp", "Ý kiến kết luận tại cuộc họp thường kỳ."),
    ("6/BC-STC", "Báo cáo quyết toán quỹ đầu tư", "Số dư quỹ đến cuối năm."),
    ("7/QĐ-UBND", "Ban hành quy định về văn thư", "Quy định này áp dụng từ quý II năm 2025."),
    ("8/BC-SNN", "Kết quả giao đất, giao rừng", "Diện tích đất đã giao cho hộ gia đình."),
    ("9/BC-SNV", "Đánh giá mức độ đạt chỉ tiêu", "Đạt 95% chỉ tiêu kế hoạch năm."),
    ("10/KH-SYT", "Phòng chống dịch bệnh", "Kiểm tra cơ sở y tế; báo cáo số ca mắc."),
    ("11/CV-VP", "Về việc điều chỉnh lịch công tác", "Lịch công tác của lãnh đạo tỉnh tuần 12."),
]

# (query, the document that must come first, documents only a folded match finds, which must follow it)
SHOULD_RANK_FIRST = [
    ("mời", "1/GM-UBND", {"2/KH-UBND", "3/KH-STNMT"}),
    ("mới", "2/KH-UBND", {"1/GM-UBND", "3/KH-STNMT"}),
    ("môi", "3/KH-STNMT", {"1/GM-UBND", "2/KH-UBND"}),
    ("MỜI", "1/GM-UBND", {"2/KH-UBND"}),
    ("họp", "5/TB-UBND", {"4/BC-SNV"}),
    ("hợp", "4/BC-SNV", {"5/TB-UBND", "1/GM-UBND"}),
    ("quy", "7/QĐ-UBND", set()),  # no diacritics: folded, every quy/quý/quỹ
    ("quý", "7/QĐ-UBND", {"6/BC-STC"}),
    ("quỹ", "6/BC-STC", {"7/QĐ-UBND"}),
    ("đạt", "9/BC-SNV", {"8/BC-SNN"}),
    ("đất", "8/BC-SNN", {"9/BC-SNV"}),
    ("sở", "10/KH-SYT", {"6/BC-STC"}),
    ("lịch", "11/CV-VP", set()),
    ("mời đại diện", "1/GM-UBND", set()),
]


def _record(index: int, number: str, subject: str, body: str) -> MatchRecord:
    page = f"ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nSố: {number}\n{HEADER}{subject}\n{body}{RECIPIENTS}"
    return MatchRecord(
        file=f"hoso/{index:02d}.pdf", sha256=hashlib.sha256(page.encode()).hexdigest(), number=number,
        doc_type="Kế hoạch", issue_date=date(2025, 3, 1 + index), issuer="Ủy ban nhân dân tỉnh Lai Châu",
        subject=subject, page_count=1, text_source="text", pages=[Page(number=1, text=page, source=TextSource.text)],
    )  # fmt: skip


@pytest.fixture
def filled(database_url: str, tmp_path: Path) -> Corpus:
    corpus = Corpus(open_database(database_url), OriginalStore(tmp_path / "originals"))
    submission = corpus.submission("UBND tỉnh Lai Châu", 2025)
    extra = [("12/BC-VP", "Báo cáo hạnh phúc gia đình", "Xây dựng gia đình hạnh phúc, tiến bộ.")]
    for index, document in enumerate(DOCUMENTS + extra):
        corpus.save(submission, _record(index, *document), 1000, V1, "nhap")
    yield corpus
    corpus.close()


def _numbers(corpus: Corpus, query: str, exact_first: bool = True) -> list[str | None]:
    with corpus.engine.connect() as connection:
        response = search(connection, query, SearchFilters(limit=50), exact_first=exact_first)
    return [result.number for result in response.results]


@pytest.mark.parametrize(("query", "first", "folded"), SHOULD_RANK_FIRST)
def test_the_word_as_typed_ranks_first_and_folded_matches_follow(
    filled: Corpus, query: str, first: str, folded: set[str]
) -> None:
    found = _numbers(filled, query)
    assert found[:1] == [first]
    assert folded <= set(found[1:])  # the fallback still finds what folds alike


def test_the_old_ranking_lost_these(filled: Corpus) -> None:
    """The table is not one any ranking passes: folded only, the subject's `mới` beats the body's `mời`."""
    lost = {query for query, first, _ in SHOULD_RANK_FIRST if _numbers(filled, query, False)[:1] != [first]}
    assert {"mời", "mới", "hợp", "quỹ"} <= lost, sorted(lost)
    assert all(_numbers(filled, query, False) for query in lost)  # ranked wrong, not found nothing


def test_a_query_without_diacritics_finds_every_spelling(filled: Corpus) -> None:
    assert {"1/GM-UBND", "2/KH-UBND", "3/KH-STNMT"} <= set(_numbers(filled, "moi"))
    assert {"4/BC-SNV", "5/TB-UBND", "1/GM-UBND"} <= set(_numbers(filled, "hop"))


def test_the_snippet_shows_the_word_as_typed(filled: Corpus) -> None:
    with filled.engine.connect() as connection:
        best = search(connection, "mời").results[0]
    assert "«mời»" in best.snippet


@pytest.mark.parametrize(
    "query", ["hạnh phúc", "hanh phuc", '"độc lập tự do"', '"cộng hòa xã hội chủ nghĩa"']
)
def test_the_motto_and_the_national_name_are_not_what_a_search_finds(filled: Corpus, query: str) -> None:
    found = _numbers(filled, query)
    assert found == (["12/BC-VP"] if "phuc" in index_form(query) else [])
    assert _numbers(filled, '"gia đình hạnh phúc"') == ["12/BC-VP"]  # a control: the body's phrase is found


def test_the_recipients_list_is_not_indexed(filled: Corpus) -> None:
    assert _numbers(filled, '"sở tài chính"') == []
    assert "10/KH-SYT" in _numbers(
        filled, '"cơ sở y tế"'
    )  # a control: the same kind of words in the text are found


def test_a_snippet_leaves_the_motto_out(filled: Corpus) -> None:
    with filled.engine.connect() as connection:
        best = search(connection, "hạnh phúc").results[0]
    assert "Độc lập" not in best.snippet and "«hạnh» «phúc»" in best.snippet.lower()


def _index_as_before(corpus: Corpus) -> None:
    """Write the index as it was before migration 0014: folded words only, boilerplate included."""
    with corpus.engine.begin() as connection:
        rows = connection.execute(
            text(
                "SELECT d.id, d.number, d.subject, p.text FROM documents d JOIN pages p ON p.document_id = d.id"
            )
        ).fetchall()
        if connection.dialect.name == "sqlite":
            for part in ("head", "body"):
                connection.execute(text(f"DROP TABLE document_{part}_fts"))
                connection.execute(text(f"CREATE VIRTUAL TABLE document_{part}_fts USING fts5({part})"))
            insert = "INSERT INTO document_{0}_fts(rowid, {0}) VALUES (:id, :value)"
        else:
            connection.execute(text("DELETE FROM document_head_search"))
            connection.execute(text("DELETE FROM document_body_search"))
            insert = "INSERT INTO document_{0}_search VALUES (:id, CAST(:value AS tsvector))"
        for document_id, number, subject, page in rows:
            for part, value in (("head", f"{number} {subject}"), ("body", page)):
                connection.execute(text(insert.format(part)), {"id": document_id, "value": index_form(value)})


def test_the_migration_reindexes_a_corpus_indexed_before(filled: Corpus) -> None:
    from alembic import command

    from corpus.db import alembic_config

    with filled.engine.begin() as connection:
        config = alembic_config(filled.engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
    _index_as_before(filled)
    assert _numbers(filled, "mời")[:1] != ["1/GM-UBND"]  # the old index cannot tell mời from mới
    assert len(_numbers(filled, "hạnh phúc")) == len(DOCUMENTS) + 1  # and finds every motto
    with filled.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert _numbers(filled, "mời")[:1] == ["1/GM-UBND"]
    assert _numbers(filled, "hạnh phúc") == ["12/BC-VP"]


def test_a_page_read_without_diacritics_is_still_found_after_the_exact_matches(filled: Corpus) -> None:
    """OCR that lost the marks (`Giay moi hop`) is what the folded fallback is for."""
    submission = filled.submission("UBND tỉnh Lai Châu", 2025)
    scanned = _record(20, "20/GM-VP", "Giay moi hop giao ban", "Kinh moi dai dien cac don vi du hop.")
    filled.save(submission, scanned, 1000, V1, "nhap")
    found = _numbers(filled, "mời")
    assert (
        found[0] == "1/GM-UBND" and "20/GM-VP" in found
    )  # the word as typed in a body beats it in a subject
    assert _numbers(filled, "mời", exact_first=False)[0] == "20/GM-VP"  # which the folded ranking put first
