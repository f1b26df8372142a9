"""The application layer called directly, as the web UI and the batch workers will call it (no CLI runner):
uploads ingested with progress and cancellation, the matrix of a stored unit-year equal to the folder's, and
flag statuses with their audit entries — on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select
from test_corpus_cli import specimen, write_unit

from corpus.models import AuditEntry
from kiemchung.specimens.pdf import render_pdf
from model.errors import Cancelled, NotFoundError, ReviewError, UsageError
from model.review import FlagStatus
from model.settings import Settings
from service.check import check_folder, check_submission
from service.context import AppContext
from service.flags import list_flags, refresh_flags, set_flag_status
from service.ingest import ingest_bytes, ingest_paths
from service.progress import CancelToken, ProgressEvent

UNIT, YEAR, FRAMEWORK = "Sở Nội vụ tỉnh Lai Châu", 2025, "tinh-2025"


@pytest.fixture
def context(database_url: str, tmp_path: Path) -> AppContext:
    with AppContext(Settings(data_dir=tmp_path / "data", database_url=database_url, ocr_threads=2)) as opened:
        yield opened


def test_uploaded_bytes_are_ingested_with_progress_and_a_broken_file_keeps_its_error(
    context: AppContext,
) -> None:
    uploads = [(f"ke-hoach-{i}.pdf", render_pdf(specimen(i))) for i in range(3)]
    uploads.insert(1, ("hong.pdf", b"%PDF-1.7 this is not a PDF"))
    events: list[ProgressEvent] = []
    summary = ingest_bytes(context, uploads, UNIT, YEAR, None, actor="canbo.snv", progress=events.append)
    assert (summary.files, summary.created, summary.skipped) == (4, 4, 0)
    assert [event.done for event in events] == [1, 2, 3, 4, 4] and events[-1].total == 4
    assert [event.file for event in events[:4]] == [name for name, _ in uploads]  # names as uploaded
    assert [failure["file"] for failure in summary.failures] == ["hong.pdf"]
    assert context.corpus.store.get(_sha(uploads[1][1])) == uploads[1][1]  # the original is kept unchanged
    with Session(context.corpus.engine) as session:
        actors = {entry.actor for entry in session.exec(select(AuditEntry))}
    assert actors == {"canbo.snv"}  # the acting user, not the server's login
    again = ingest_bytes(context, uploads, UNIT, YEAR, None, actor="canbo.snv")
    assert (again.created, again.skipped) == (0, 4)


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_a_cancelled_ingest_keeps_whole_documents_and_the_rerun_finishes(
    context: AppContext, tmp_path: Path
) -> None:
    folder = write_unit(tmp_path / "unit", 4)
    token = CancelToken()

    def cancel_after_first(event: ProgressEvent) -> None:
        token.cancel()

    with pytest.raises(Cancelled) as stopped:
        ingest_paths(context, [folder], UNIT, YEAR, None, "canbo.snv", cancel_after_first, token)
    assert stopped.value.exit_code == 130 and "chạy lại" in stopped.value.message.lower()
    submission = context.corpus.find_submission(UNIT, YEAR)
    assert submission.id is not None
    assert len(context.corpus.load_records(submission.id)) == 1
    rest = ingest_paths(context, [folder], UNIT, YEAR, None, "canbo.snv")
    assert (rest.created, rest.skipped) == (3, 1)


def test_a_path_that_does_not_exist_refuses_the_ingest_before_anything_is_stored(
    context: AppContext, tmp_path: Path
) -> None:
    """Not counted as a file "already there" (it was: `1 đã có`, exit 0), in one unit's ingest or a batch."""
    from service.batch import BatchItem, run_batch

    folder, missing = write_unit(tmp_path / "unit", 1), tmp_path / "khong-co"
    with pytest.raises(UsageError) as refused:
        ingest_paths(context, [folder, missing], UNIT, YEAR, None, "canbo.snv")
    assert refused.value.code == "usage.no_input" and str(missing) in refused.value.message
    items = [BatchItem(UNIT, YEAR, [folder]), BatchItem("Sở Tư pháp tỉnh Lai Châu", YEAR, [missing])]
    with pytest.raises(UsageError, match="khong-co"):
        run_batch(context, items, None, "canbo.snv", workers=1)
    with pytest.raises(NotFoundError):
        context.corpus.find_submission(UNIT, YEAR)
    assert not [path for path in context.corpus.store.root.rglob("*") if path.is_file()]


def test_the_matrix_of_a_stored_unit_year_equals_the_folders(context: AppContext, tmp_path: Path) -> None:
    folder = write_unit(tmp_path / "unit", 6)
    (folder / "bo-sung").mkdir()
    (folder / "005-ke-hoach.docx").rename(folder / "bo-sung" / "005-ke-hoach.docx")
    from_folder = check_folder(context, folder, FRAMEWORK, YEAR, UNIT)
    assert "bo-sung/005-ke-hoach.docx" in {document.file for document in from_folder.documents}
    ingest_paths(context, [folder], UNIT, YEAR, FRAMEWORK, "canbo.snv")
    stored = check_submission(context, UNIT, YEAR)
    assert stored.model_dump() == from_folder.model_dump()
    assert stored.summary.covered > 0 and stored.summary.gaps > 0  # a real matrix, not an empty one
    submission = context.corpus.find_submission(UNIT, YEAR)
    assert submission.id is not None
    with_pages = context.corpus.load_records(submission.id, pages=True)
    assert [len(record.pages) for record in with_pages] == [1] * 6
    assert "KẾ HOẠCH" in with_pages[0].pages[0].text
    pdf_page, docx_page = with_pages[0].pages[0], with_pages[1].pages[0]
    assert pdf_page.dpi == 72 and pdf_page.words and "KẾ" in [word.text for word in pdf_page.words]
    assert docx_page.words is None  # a DOCX has no positions
    number = with_pages[0].evidence["number"]
    assert number.bbox is not None and number.dpi == 72  # the stored record keeps where its values are


def test_the_batch_files_each_document_as_check_names_it(context: AppContext, tmp_path: Path) -> None:
    """`kiemchung ingest` goes through the job table: a file in a subfolder keeps its folder in its name (it
    was filed under its bare name), so the stored unit-year's matrix is the folder's."""
    from service.batch import BatchItem, run_batch

    folder = write_unit(tmp_path / "unit", 3)
    (folder / "bo-sung").mkdir()
    (folder / "002-ke-hoach.pdf").rename(folder / "bo-sung" / "002-ke-hoach.pdf")
    run_batch(context, [BatchItem(UNIT, YEAR, [folder])], FRAMEWORK, "canbo.snv", workers=1)
    stored = check_submission(context, UNIT, YEAR)
    assert "bo-sung/002-ke-hoach.pdf" in {document.file for document in stored.documents}
    assert stored.model_dump() == check_folder(context, folder, FRAMEWORK, YEAR, UNIT).model_dump()


@pytest.mark.parametrize(
    ("given", "filed"),
    [
        ("bo-sung/bao-cao.pdf", "bo-sung/bao-cao.pdf"),
        ("C:\\hoso\\bao-cao.pdf", "hoso/bao-cao.pdf"),
        ("../../bao-cao.pdf", "bao-cao.pdf"),
        ("/tmp/bao-cao.pdf", "tmp/bao-cao.pdf"),
        ("", "tep-3"),
    ],
)
def test_one_rule_names_a_file_from_the_name_it_came_with(given: str, filed: str) -> None:
    from service.documents import filed_name

    assert filed_name(given, 2) == filed


def test_an_ocr_page_is_stored_with_its_word_boxes_and_the_values_where_they_stand(
    context: AppContext,
) -> None:
    from kiemchung.specimens.scan import rasterize, to_jpeg

    scan = to_jpeg(rasterize(render_pdf(specimen(0)), 200)[0], dpi=200)
    ingest_bytes(context, [("quet.jpg", scan)], UNIT, YEAR, None, actor="canbo.snv")
    submission = context.corpus.find_submission(UNIT, YEAR)
    assert submission.id is not None
    [record] = context.corpus.load_records(submission.id, pages=True)
    [page] = record.pages
    assert page.source == "ocr" and page.dpi and page.words
    assert "100/KH-SNV" in [word.text for word in page.words]
    number = record.evidence["number"]
    assert number.from_ocr and number.bbox is not None and number.dpi == page.dpi
    # the number's box is where OCR found the number's word
    [word] = [word for word in page.words if word.text == "100/KH-SNV"]
    x0, y0, x1, y1 = number.bbox
    assert x0 <= word.bbox[0] and y0 <= word.bbox[1] and word.bbox[2] <= x1 and word.bbox[3] <= y1


def test_an_unknown_unit_year_says_what_to_do(context: AppContext) -> None:
    with pytest.raises(NotFoundError, match="chưa có hồ sơ của Sở Không Có, năm 2025") as missing:
        check_submission(context, "Sở Không Có", 2025, FRAMEWORK)
    assert missing.value.exit_code == 2


def test_flag_statuses_are_kept_audited_and_survive_a_recomputed_matrix(
    context: AppContext, tmp_path: Path
) -> None:
    ingest_paths(context, [write_unit(tmp_path / "unit", 3)], UNIT, YEAR, FRAMEWORK, "canbo.snv")
    flags = list_flags(context, UNIT, YEAR)
    gaps = [stored for stored in flags if stored.flag.code == "evidence.gap"]
    report = check_submission(context, UNIT, YEAR)
    assert {stored.flag.criterion for stored in gaps} == {
        c.code for c in report.criteria if c.status == "gap"
    }
    assert all(stored.status is FlagStatus.open and stored.document_id is None for stored in gaps)
    changed = set_flag_status(context, gaps[0].id, "dismissed", "thamdinh1", note="đã giải trình")
    assert (changed.status, changed.status_by, changed.note) == (
        FlagStatus.dismissed,
        "thamdinh1",
        "đã giải trình",
    )
    set_flag_status(context, gaps[1].id, "accepted", "thamdinh2")
    refresh_flags(context, UNIT, YEAR)  # the matrix again: the same findings keep the reviewers' statuses
    after = {
        stored.flag.criterion: stored
        for stored in list_flags(context, UNIT, YEAR)
        if stored.flag.code == "evidence.gap"
    }
    assert after[gaps[0].flag.criterion].status is FlagStatus.dismissed
    assert after[gaps[1].flag.criterion].status is FlagStatus.accepted
    assert after[gaps[2].flag.criterion].status is FlagStatus.open
    with Session(context.corpus.engine) as session:
        entries = [entry for entry in session.exec(select(AuditEntry)) if entry.entity == "flag"]
    assert [(e.actor, e.action, e.detail["from"], e.detail["to"]) for e in entries] == [
        ("thamdinh1", "flag.dismissed", "open", "dismissed"),
        ("thamdinh2", "flag.accepted", "open", "accepted"),
    ]


@pytest.mark.parametrize(
    ("flag_id", "status", "message"),
    [(1, "approved", "open, accepted, dismissed"), (999_999, "accepted", "Không có cảnh báo mã 999999")],
)
def test_a_flag_status_that_cannot_be_kept_says_why(
    context: AppContext, tmp_path: Path, flag_id: int, status: str, message: str
) -> None:
    ingest_paths(context, [write_unit(tmp_path / "unit", 1)], UNIT, YEAR, FRAMEWORK, "canbo.snv")
    first = list_flags(context, UNIT, YEAR)[0].id
    with pytest.raises(ReviewError, match=message):
        set_flag_status(context, first if flag_id == 1 else flag_id, status, "thamdinh1")
