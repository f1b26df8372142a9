"""The corpus on both databases: schema from migrations, saving and re-running, the audit log, search."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

from corpus.db import alembic_config, at_head, head_revision, include_object, open_database
from corpus.fold import index_form
from corpus.models import AuditEntry, Document, DocumentVersion, FlagRow, MatchRow, PageText
from corpus.repository import Corpus
from corpus.search import SearchFilters, search
from corpus.store import OriginalStore
from corpus.versions import SaveOutcome, Versions
from model.flags import make_flag
from model.records import CriterionMatch, MatchRecord, Page, TextSource

V1 = Versions(extractor="1.0", pipeline="p1", framework_id="tinh-2025")
V2 = Versions(extractor="2.0", pipeline="p1", framework_id="tinh-2025")

# (number, type, date, issuer, subject, body) of the documents every search test files
DOCUMENTS = [
    ("1726/QĐ-UBND", "Quyết định", date(2022, 12, 29), "Ủy ban nhân dân tỉnh Lai Châu",
     "Ban hành Bộ tiêu chí đánh giá Chỉ số cải cách hành chính của các sở, ban, ngành",
     "Căn cứ Luật Tổ chức chính quyền địa phương; theo đề nghị của Giám đốc Sở Nội vụ."),
    ("463/KH-UBND", "Kế hoạch", date(2025, 3, 6), "Ủy ban nhân dân tỉnh Lâm Đồng",
     "Kế hoạch cải cách hành chính năm 2025",
     "Đẩy mạnh cải cách thủ tục hành chính, chuyển đổi số trong cơ quan nhà nước."),
    ("27/KH-SNV", "Kế hoạch", date(2025, 1, 15), "Sở Nội vụ tỉnh Lai Châu",
     "Tuyên truyền cải cách hành chính năm 2025",
     "Tổ chức hội nghị tuyên truyền về cải cách hành chính tại các xã, phường."),
    ("42/BC-UBND", "Báo cáo", date(2025, 3, 19), "Ủy ban nhân dân tỉnh Lâm Đồng",
     "Kết quả công tác cải cách hành chính quý I năm 2025",
     "Tình hình thực hiện nhiệm vụ đào tạo, bồi dưỡng cán bộ, công chức."),
    ("12-NQ/TU", "Nghị quyết", date(2021, 8, 2), "Tỉnh ủy Lai Châu",
     "Về đẩy mạnh chuyển đổi số", "Ban Chấp hành Đảng bộ tỉnh quyết nghị."),
    ("17260/QĐ-BTC", "Quyết định", date(2024, 5, 2), "Bộ Tài chính",
     "Về việc công bố thủ tục hành chính", "Thủ tục hành chính lĩnh vực tài chính."),
]  # fmt: skip


def original(index: int) -> bytes:
    return f"tệp gốc {index}".encode()


def original_hash(index: int) -> str:
    return hashlib.sha256(original(index)).hexdigest()


def make_record(index: int, **changes: object) -> MatchRecord:
    number, doc_type, issued, issuer, subject, body = DOCUMENTS[index]
    page_text = f"{issuer.upper()}\nSố: {number}\n{doc_type.upper()}\n{subject}\n{body}"
    record = MatchRecord(
        file=f"hoso/{index:02d}.pdf", sha256=original_hash(index), number=number, doc_type=doc_type,
        issue_date=issued, issuer=issuer, subject=subject, page_count=1, text_source="text",
        pages=[Page(number=1, text=page_text, source=TextSource.text)],
        criteria=[CriterionMatch(code="1.1", score=0.8, reason="Loại văn bản: Kế hoạch")],
        flags=[make_flag("date.format", text="ngày 6/3/2025")],
    )  # fmt: skip
    return record.model_copy(update=changes)


@pytest.fixture
def corpus(database_url: str, tmp_path: Path) -> Corpus:
    corpus = Corpus(open_database(database_url), OriginalStore(tmp_path / "originals"))
    yield corpus
    corpus.close()


@pytest.fixture
def filled(corpus: Corpus) -> Corpus:
    lamdong = corpus.submission("UBND tỉnh Lâm Đồng", 2025, "tinh-2025")
    laichau = corpus.submission("Sở Nội vụ tỉnh Lai Châu", 2024)
    for index in range(len(DOCUMENTS)):
        corpus.store.put(original(index))
        corpus.save(lamdong if index % 2 else laichau, make_record(index), 1000, V1, "nhap")
    return corpus


def test_migrations_build_the_schema_the_models_describe(corpus: Corpus) -> None:
    with corpus.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"include_object": include_object}), SQLModel.metadata
        )
    assert differences == []
    open_database(str(corpus.engine.url.render_as_string(hide_password=False)))  # a second run is a no-op


def test_the_head_read_from_the_migration_files_is_alembics(corpus: Corpus) -> None:
    """Opening skips Alembic when the database is at this head: it must be the head Alembic itself finds."""
    from alembic.script import ScriptDirectory

    assert head_revision() == ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert at_head(corpus.engine)


def test_a_document_is_saved_whole_and_skipped_when_unchanged(corpus: Corpus) -> None:
    submission = corpus.submission("UBND tỉnh Lâm Đồng", 2025)
    assert corpus.submission("UBND tỉnh Lâm Đồng", 2025) == submission
    assert corpus.save(submission, make_record(1), 1234, V1, "nhap") is SaveOutcome.created
    assert corpus.save(submission, make_record(1), 1234, V1, "nhap") is SaveOutcome.unchanged
    assert corpus.current_hashes(submission, V1) == {original_hash(1)}
    assert corpus.current_hashes(submission, V2) == set()
    with Session(corpus.engine) as session:
        document = session.exec(select(Document)).one()
        assert (document.number, document.number_key, document.issue_date) == (
            "463/KH-UBND", "463 kh ubnd", date(2025, 3, 6),
        )  # fmt: skip
        assert document.record["flags"][0]["code"] == "date.format"
        assert "pages" not in document.record
        assert [m.criterion for m in session.exec(select(MatchRow))] == ["1.1"]
        assert [f.code for f in session.exec(select(FlagRow))] == ["date.format"]
        assert [a.action for a in session.exec(select(AuditEntry))] == ["document.created"]


def test_a_new_extractor_version_updates_the_record_and_keeps_the_old_one(corpus: Corpus) -> None:
    submission = corpus.submission("UBND tỉnh Lâm Đồng", 2025)
    corpus.save(submission, make_record(1), 1234, V1, "nhap")
    better = make_record(1, subject="Cải cách hành chính tỉnh Lâm Đồng năm 2025", flags=[])
    assert corpus.save(submission, better, 1234, V2, "nhap") is SaveOutcome.updated
    with Session(corpus.engine) as session:
        document = session.exec(select(Document)).one()
        assert document.subject == better.subject and document.extractor_version == "2.0"
        old = session.exec(select(DocumentVersion)).one()
        assert (old.extractor_version, old.record["subject"]) == (
            "1.0",
            "Kế hoạch cải cách hành chính năm 2025",
        )
        assert session.exec(select(func.count()).select_from(FlagRow)).one() == 0
        assert session.exec(select(func.count()).select_from(PageText)).one() == 1
    with corpus.engine.connect() as connection:
        assert search(connection, "tinh lam dong nam 2025").results[0].subject == better.subject


def test_text_the_index_forms_could_trip_on_is_saved_and_found(corpus: Corpus) -> None:
    """Quotes, backslashes and colons (tsvector's own syntax) and a 3,000-letter run (longer than a PostgreSQL
    lexeme may be) in the head and the body: saved, and the words around them still found."""
    submission = corpus.submission("UBND tỉnh Lâm Đồng", 2025)
    odd = "Điều 3: 'chữ ký' \\ số\\ \"trích\" " + "a" * 3000 + " tra:cứu"
    record = make_record(
        1, subject="Kế hoạch " + odd, pages=[Page(number=1, text=odd, source=TextSource.text)]
    )
    assert corpus.save(submission, record, 10, V1, "nhap") is SaveOutcome.created
    for query in ('"chu ky so trich"', "tra cuu", "ke hoach dieu 3"):
        assert _numbers(corpus, query) == ["463/KH-UBND"], query


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"])
def test_the_audit_log_is_append_only(corpus: Corpus, statement: str) -> None:
    corpus.save(corpus.submission("A", 2025), make_record(0), 10, V1, "nhap")
    with pytest.raises(DBAPIError, match="append-only"), corpus.engine.begin() as connection:
        connection.execute(text(statement))


def _numbers(corpus: Corpus, query: str, **filters: object) -> list[str | None]:
    with corpus.engine.connect() as connection:
        return [result.number for result in search(connection, query, SearchFilters(**filters)).results]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("1726 qd ubnd", "1726/QĐ-UBND"),
        ("1726/QĐ", "1726/QĐ-UBND"),
        ("Quyết định 1726 Lai Châu", "1726/QĐ-UBND"),
        ("12-NQ/TU", "12-NQ/TU"),
        ("17260", "17260/QĐ-BTC"),
        ("kế hoạch cải cách hành chính", "463/KH-UBND"),
        ("ke hoach cai cach hanh chinh", "463/KH-UBND"),
        ("KE HOACH CAI CACH", "463/KH-UBND"),
        ('"chuyển đổi số"', "12-NQ/TU"),
        ('"chuyen doi so trong co quan"', "463/KH-UBND"),  # a phrase only the body has
        ("tuyen truyen", "27/KH-SNV"),
        ("dao tao boi duong", "42/BC-UBND"),
    ],
)
def test_search_finds_the_document_first(filled: Corpus, query: str, first: str) -> None:
    assert _numbers(filled, query)[:1] == [first]


@pytest.mark.parametrize(
    ("query", "absent", "control"),
    [
        ("1726 qd ubnd", "17260/QĐ-BTC", "17260"),  # 1726 is not a prefix of 17260
        ('"hành chính cải cách"', "463/KH-UBND", '"cải cách hành chính"'),  # a phrase keeps its word order
        ('"co quan trong chuyen doi so"', "463/KH-UBND", '"chuyen doi so trong co quan"'),  # in the body too
        ("nghi quyet chuyen doi so", "1726/QĐ-UBND", "quyet dinh 1726"),
    ],
)
def test_search_does_not_find(filled: Corpus, query: str, absent: str, control: str) -> None:
    """Each miss beside a near query that does find the document: a search that finds nothing fails here."""
    assert absent in _numbers(filled, control)
    assert absent not in _numbers(filled, query)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"doc_type": "ke hoach"}, {"463/KH-UBND", "27/KH-SNV"}),
        ({"issuer": "so noi vu"}, {"27/KH-SNV"}),
        ({"unit": "Lâm Đồng"}, {"463/KH-UBND", "42/BC-UBND", "17260/QĐ-BTC"}),
        ({"date_from": date(2025, 1, 1), "date_to": date(2025, 3, 10)}, {"463/KH-UBND", "27/KH-SNV"}),
        ({"year": 2024, "doc_type": "Quyết định"}, {"1726/QĐ-UBND"}),
        ({"doc_type": "Thông tư"}, set()),
    ],
)
def test_filters_narrow_the_results(filled: Corpus, filters: dict, expected: set[str]) -> None:
    assert set(_numbers(filled, "", limit=50)) > expected  # a control: a search that finds nothing fails here
    assert set(_numbers(filled, "", limit=50, **filters)) == expected
    if expected:  # words within the filter: some of the filtered documents, never one outside it
        found = set(_numbers(filled, "cải cách hành chính", limit=50, **filters))
        assert found and found <= expected


def _holding(words: list[str]) -> int:
    """Documents of DOCUMENTS whose number, type, issuer, subject or text hold every word, counted by hand."""
    found = 0
    for index in range(len(DOCUMENTS)):
        record = make_record(index)
        head = " ".join(str(v) for v in (record.number, record.doc_type, record.issuer, record.subject))
        held = set(index_form(f"{head} {record.pages[0].text} {record.file}").split())
        found += set(words) <= held
    return found


@pytest.mark.parametrize(
    "query",
    ["cai cach hanh chinh", "ke hoach", "tinh", "chuyen doi so", "cong chuc", "uy ban nhan dan", "bo"],
)
def test_total_counts_head_and_body_matches_once_each(filled: Corpus, query: str) -> None:
    with filled.engine.connect() as connection:
        response = search(connection, query, SearchFilters(limit=50))
    assert response.total == _holding(query.split()) == len(response.results)


def test_results_carry_the_contract_fields_and_a_marked_snippet(filled: Corpus) -> None:
    with filled.engine.connect() as connection:
        response = search(connection, "tuyen truyen cai cach")
    assert response.total >= 1
    best = response.results[0]
    assert (best.unit, best.year, best.file, best.issuer) == (
        "Sở Nội vụ tỉnh Lai Châu", 2024, "hoso/02.pdf", "Sở Nội vụ tỉnh Lai Châu",
    )  # fmt: skip
    assert "«tuyên truyền»" in best.snippet.lower() or "«tuyên» «truyền»" in best.snippet.lower()
    assert set(best.model_dump()) == {
        "number", "doc_type", "issue_date", "issuer", "subject", "unit", "year", "file", "sha256", "score",
        "snippet",
    }  # fmt: skip


def test_export_then_import_moves_a_unit_year_with_its_decisions(filled: Corpus, tmp_path: Path) -> None:
    from corpus.models import ReviewDecision, User
    from corpus.transfer import export_submission, import_submission

    with Session(filled.engine) as session, session.begin():
        reviewer = User(username="thamdinh1", display_name="Hội đồng thẩm định")
        session.add(reviewer)
        session.flush()
        document = session.exec(select(Document).where(Document.number == "463/KH-UBND")).one()
        session.add(
            ReviewDecision(document_id=document.id, user_id=reviewer.id, action="accept", criterion="1.1")
        )
    archive = tmp_path / "lamdong-2025.zip"
    assert export_submission(filled, "UBND tỉnh Lâm Đồng", 2025, archive) == 3

    target = Corpus(
        open_database(f"sqlite:///{tmp_path / 'other.sqlite3'}"), OriginalStore(tmp_path / "other")
    )
    assert import_submission(target, archive, "nhap") == ("UBND tỉnh Lâm Đồng", 2025, 3, 0)
    assert import_submission(target, archive, "nhap") == ("UBND tỉnh Lâm Đồng", 2025, 0, 3)
    with Session(target.engine) as session:
        decision = session.exec(select(ReviewDecision)).one()
        assert (decision.action, decision.criterion) == ("accept", "1.1")
        assert session.get(User, decision.user_id).username == "thamdinh1"
        assert session.exec(select(func.count()).select_from(MatchRow)).one() == 3
    assert _numbers(target, "ke hoach cai cach")[:1] == ["463/KH-UBND"]
    assert target.store.get(original_hash(1)) == original(1)
    target.close()


def test_export_refuses_what_it_cannot_export_whole(filled: Corpus, tmp_path: Path) -> None:
    from corpus.transfer import export_submission
    from model.errors import TransferError

    with pytest.raises(
        TransferError, match="không có văn bản nào của UBND tỉnh Lâm Đồng, năm 2019"
    ) as refused:
        export_submission(filled, "UBND tỉnh Lâm Đồng", 2019, tmp_path / "x.zip")
    assert refused.value.code == "transfer.not_found" and refused.value.exit_code == 2
    filled.store.path_for(original_hash(1)).chmod(0o644)
    filled.store.path_for(original_hash(1)).write_bytes(b"changed")
    with pytest.raises(TransferError, match="đã bị thay đổi") as damaged:
        export_submission(filled, "UBND tỉnh Lâm Đồng", 2025, tmp_path / "x.zip")
    assert damaged.value.code == "transfer.failed"
    assert list(tmp_path.glob("*.zip*")) == []  # no half-written archive is left behind


def test_migrations_go_down_and_up_again_keeping_the_search_index(filled: Corpus) -> None:
    from alembic import command

    from corpus.db import alembic_config

    url = filled.engine.url.render_as_string(hide_password=False)
    with filled.engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
        command.upgrade(config, "head")
    assert _numbers(filled, "ke hoach cai cach")[:1] == ["463/KH-UBND"]
    assert _numbers(filled, "tuyen truyen")[:1] == ["27/KH-SNV"]
