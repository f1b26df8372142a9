"""Every file within its budget: a file that stops moving or eats memory is stopped in its worker process,
kept as a failed document with its original and a coded error, and the rest of the batch is read. Small
budgets here (a few seconds, a few hundred MiB) against a real, slow and big input: a large noise scan."""

from __future__ import annotations

import io
import os
import signal
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from test_corpus_cli import specimen

from corpus.jobs import batch_jobs
from ingest.heartbeat import listen
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.scan import rasterize, scan_pdf_bytes
from model.settings import Settings
from service.batch import BatchItem, run_batch
from service.context import AppContext
from service.documents import read_paths
from service.supervisor import WorkerPool

UNIT, YEAR = "Sở Nội vụ tỉnh Thử", 2025
# each budget, small, and the code a file over it ends with
OVER_BUDGET = pytest.mark.parametrize(
    ("budget", "code"),
    [
        ({"read_seconds_per_page": 3.0}, "read.timeout"),
        ({"read_seconds_per_page": 300.0, "worker_memory_mb": 300}, "input.too_large"),
    ],
    ids=["time", "memory"],
)


def noise_scan(side: int) -> bytes:
    """A scan of nothing but noise: slow for OCR and large once decoded, small as a 1-bit PNG."""
    pixels = (np.random.default_rng(7).random((side, side)) > 0.5).astype(np.uint8) * 255
    out = io.BytesIO()
    Image.fromarray(pixels).convert("1").save(out, format="PNG")
    return out.getvalue()


def _joined(pdfs: list[bytes]) -> bytes:
    import pikepdf

    joined = pikepdf.new()
    for data in pdfs:
        joined.pages.extend(pikepdf.open(io.BytesIO(data)).pages)
    out = io.BytesIO()
    joined.save(out)
    return out.getvalue()


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ho-so"
    folder.mkdir()
    (folder / "nhieu.png").write_bytes(noise_scan(6000))
    for number in range(1, 3):
        (folder / f"ke-hoach-{number}.pdf").write_bytes(render_pdf(specimen(number)))
    return folder


def _batch(tmp_path: Path, **budget: float) -> tuple[AppContext, dict]:
    settings = Settings(data_dir=tmp_path / "data", max_image_pixels=100_000_000, **budget)
    context = AppContext(settings)
    report = run_batch(context, [BatchItem(UNIT, YEAR, [_folder(tmp_path)])], "tinh-2025", "canbo", workers=2)
    return context, report.as_dict()["units"][0]


@pytest.mark.slow
@OVER_BUDGET
def test_a_file_over_its_budget_is_stopped_kept_and_the_batch_goes_on(
    tmp_path: Path, budget: dict, code: str
) -> None:
    started = time.monotonic()
    context, unit = _batch(tmp_path, **budget)
    with context:
        assert time.monotonic() - started < 120  # Tesseract alone takes minutes on this page without a budget
        assert (unit["files"], unit["created"]) == (3, 3)
        assert [(f["file"], f["errors"].split(":")[0]) for f in unit["failures"]] == [("nhieu.png", code)]
        submission = context.corpus.find_submission(UNIT, YEAR)
        assert submission.id is not None
        records = {record.file: record for record in context.corpus.load_records(submission.id)}
        stopped = records["nhieu.png"]
        assert stopped.status == "failed" and [e.code for e in stopped.errors] == [code]
        assert context.corpus.store.has(stopped.sha256 or "")  # the original is kept for a rescan or a retry
        assert all(records[f"ke-hoach-{n}.pdf"].status == "ok" for n in (1, 2))


@pytest.mark.slow
@OVER_BUDGET
def test_a_command_reading_a_folder_stops_a_file_over_its_budget_and_reads_the_rest(
    tmp_path: Path, budget: dict, code: str
) -> None:
    """`read`, `extract`, `match` and `check` of a folder have no job table: their files are read in watched
    child processes, so one file over its budget ends coded and in its place, and the others are read."""
    started = time.monotonic()
    folder = _folder(tmp_path)
    settings = Settings(data_dir=tmp_path / "data", max_image_pixels=100_000_000, **budget)
    with AppContext(settings) as context:
        records = list(read_paths(context, sorted(folder.iterdir())))
    assert time.monotonic() - started < 120
    assert [Path(record.file).name for record in records] == ["ke-hoach-1.pdf", "ke-hoach-2.pdf", "nhieu.png"]
    assert [record.status for record in records] == ["ok", "ok", "failed"]
    assert [error.code for error in records[2].errors] == [code] and records[2].sha256


@pytest.mark.slow
def test_an_archive_member_over_its_budget_keeps_the_members_read_before_it(tmp_path: Path) -> None:
    """A ZIP is one file to its reader child, which hands back each member's record as it is read: when a member
    hangs and the child is stopped, the members read before it keep their records and the archive ends coded
    after them. (The child sent an archive's records only once all were read, so all were lost.)"""
    import zipfile

    folder = _folder(tmp_path)
    archive = tmp_path / "ho-so.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for name in ("ke-hoach-1.pdf", "ke-hoach-2.pdf", "nhieu.png"):
            out.writestr(name, (folder / name).read_bytes())
    settings = Settings(data_dir=tmp_path / "data", max_image_pixels=100_000_000, read_seconds_per_page=3.0)
    with AppContext(settings) as context:
        records = list(read_paths(context, [archive]))
    names = [record.file.replace(str(tmp_path) + "/", "") for record in records]
    assert names == ["ho-so.zip!ke-hoach-1.pdf", "ho-so.zip!ke-hoach-2.pdf", "ho-so.zip"]
    assert [record.status for record in records] == ["ok", "ok", "failed"]
    assert [error.code for error in records[2].errors] == ["read.timeout"]


@pytest.mark.slow
def test_a_reader_child_killed_mid_file_fails_that_file_not_the_command(tmp_path: Path) -> None:
    """A reader child gone mid-file (killed, crashed) closes its pipe: the file ends `read.failed` in its place
    and the command goes on (the closed pipe raised out of the command)."""
    import threading

    from service.guarded import GuardedReader

    folder = _folder(tmp_path)
    settings = Settings(data_dir=tmp_path / "data", max_image_pixels=100_000_000, read_seconds_per_page=300.0)
    with GuardedReader(settings) as reader:

        def kill_the_noise_reader() -> None:
            for child in reader._children:
                if child is not None and child.reading is not None and child.reading[1].name == "nhieu.png":
                    os.kill(child.slot.process.pid, signal.SIGKILL)

        timer = threading.Timer(8.0, kill_the_noise_reader)
        timer.start()
        try:
            records = list(reader.read_paths(sorted(folder.iterdir())))
        finally:
            timer.cancel()
    assert [Path(record.file).name for record in records] == ["ke-hoach-1.pdf", "ke-hoach-2.pdf", "nhieu.png"]
    assert [record.status for record in records] == ["ok", "ok", "failed"]
    assert [error.code for error in records[2].errors] == ["read.failed"]


@pytest.mark.slow
def test_a_worker_killed_mid_file_is_replaced_and_the_file_read_again(tmp_path: Path) -> None:
    from service.jobs import queue_files

    settings = Settings(data_dir=tmp_path / "data", ocr_threads=1)
    with AppContext(settings) as context:
        pages = [page for number in (3, 4) for page in rasterize(render_pdf(specimen(number)), dpi=200)]
        scan = scan_pdf_bytes(pages, 200)
        batch = queue_files(context, [("quet.pdf", scan)], UNIT, YEAR, None, "canbo")
        pool = WorkerPool(context, 1, batch)
        pool.start()
        try:
            slot = pool._slots[0]
            deadline = time.monotonic() + 60
            while not slot.job.value and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(slot.process.pid or 0, signal.SIGKILL)  # the OOM killer, an operator, a crash
            while batch_jobs(context.corpus, batch)[0].state not in ("done", "failed"):
                assert time.monotonic() < deadline + 120
                pool.watch()
                time.sleep(0.2)
        finally:
            pool.stop()
        [job] = batch_jobs(context.corpus, batch)
        assert (job.state, job.tries, job.error) == ("done", 2, None)


def test_readers_beat_once_a_page_for_the_budget_to_follow(tmp_path: Path) -> None:
    """The budget is per page: a long scan that keeps moving is never cut off, because each page beats."""
    beats: list[float] = []
    listen(lambda: beats.append(time.monotonic()))
    try:
        path = tmp_path / "ba-trang.pdf"
        path.write_bytes(_joined([render_pdf(specimen(number)) for number in (1, 2, 3)]))
        # the reader's own beats, in this process (the commands' watched children beat the same way)
        with AppContext(Settings(data_dir=tmp_path / "data", guarded_reads=False)) as context:
            [record] = list(read_paths(context, [path]))
    finally:
        listen(None)
    assert len(record.pages) == 3 and len(beats) >= 3  # a beat a page (and one as the document is done)


def test_an_archive_beats_once_a_member_and_once_a_record_through_the_stages(tmp_path: Path) -> None:
    """A ZIP of many small files, none of them a PDF page or an OCR page: each member read, and each record
    through extraction, is reading moving on. Without these beats a unit's ZIP of 300 DOCX and text files
    taking more than a page's budget in all was stopped as `read.timeout`, every member lost."""
    from devkit import hostile
    from service.pipeline import STAGES, process_paths

    path = tmp_path / "ho-so.zip"
    path.write_bytes(hostile.zip_big_members(count=5, size=64 * 1024))
    beats: list[float] = []
    listen(lambda: beats.append(time.monotonic()))
    try:
        records = list(process_paths([path], Settings(data_dir=tmp_path / "data"), STAGES))
    finally:
        listen(None)
    assert [record.status for record in records] == ["ok"] * 5
    assert len(beats) == 10  # each member as it is read, each record as it leaves the stages
