"""The job table: files queued before an upload is answered are read by whichever worker claims them, a job is
claimed once however many workers ask, and the jobs a stopped server left running are read after it restarts —
on SQLite and PostgreSQL."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from test_corpus_cli import specimen

from corpus.jobs import MAX_TRIES, batch_jobs, claim, claim_job, enqueue, finish, get, heartbeat
from kiemchung.specimens.pdf import render_pdf
from model.settings import Settings
from service.context import AppContext
from service.jobs import queue_files, recover_jobs, run_job, take_back
from service.supervisor import JobWorker

UNIT, YEAR = "Sở Nội vụ tỉnh Thử", 2025


@pytest.fixture
def context(database_url: str, tmp_path: Path) -> Iterator[AppContext]:
    with AppContext(Settings(data_dir=tmp_path / "data", database_url=database_url, ocr_threads=1)) as opened:
        yield opened


def _wait_until_done(context: AppContext, batch: str, seconds: float = 60) -> list:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        jobs = batch_jobs(context.corpus, batch)
        if all(job.state in ("done", "failed") for job in jobs):
            return jobs
        time.sleep(0.2)
    raise AssertionError(f"jobs not done: {[(j.name, j.state) for j in batch_jobs(context.corpus, batch)]}")


def test_queued_files_are_read_by_a_worker_and_a_broken_one_says_why(context: AppContext) -> None:
    uploads = [("ke-hoach.pdf", render_pdf(specimen(1))), ("hong.pdf", b"%PDF-1.7 broken")]
    batch = queue_files(context, uploads, UNIT, YEAR, "tinh-2025", "canbo")
    assert [job.state for job in batch_jobs(context.corpus, batch)] == ["queued", "queued"]
    worker = JobWorker(context, "test", idle_seconds=0.05)
    worker.start()
    try:
        jobs = _wait_until_done(context, batch)
    finally:
        worker.stop()
    assert [(job.name, job.state) for job in jobs] == [("ke-hoach.pdf", "done"), ("hong.pdf", "done")]
    assert jobs[0].error is None and "input.corrupt" in (jobs[1].error or "")
    submission = context.corpus.find_submission(UNIT, YEAR)
    assert submission.id is not None
    assert sorted(r.file for r in context.corpus.load_records(submission.id)) == ["hong.pdf", "ke-hoach.pdf"]


def test_a_job_is_claimed_once_however_many_workers_ask(context: AppContext) -> None:
    stored = [(f"f{i}.txt", context.corpus.store.put(f"tệp {i}".encode())) for i in range(12)]
    enqueue(context.corpus, "b1", context.corpus.submission(UNIT, YEAR), stored, None, "canbo")
    claimed: list[int] = []
    lock = threading.Lock()

    def work(name: str) -> None:
        while (job := claim(context.corpus, name)) is not None:
            with lock:
                claimed.append(job.id)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == sorted(job.id for job in batch_jobs(context.corpus, "b1"))  # each exactly once


def test_jobs_a_stopped_server_left_running_are_read_after_it_restarts(context: AppContext) -> None:
    batch = queue_files(
        context, [("ke-hoach.pdf", render_pdf(specimen(2)))], UNIT, YEAR, "tinh-2025", "canbo"
    )
    # the previous server's reader process took it, then was killed before finishing
    job = claim(context.corpus, f"web@{socket.gethostname()}:4242")
    assert job is not None and batch_jobs(context.corpus, batch)[0].state == "running"
    assert recover_jobs(context) == 1  # the restarted server takes back what its previous run left running
    restarted = JobWorker(context, "web", idle_seconds=0.05)
    restarted.start()
    try:
        [done] = _wait_until_done(context, batch)
    finally:
        restarted.stop()
    assert (done.state, done.tries) == ("done", 2)


def test_run_job_on_a_missing_original_fails_the_job_not_the_worker(context: AppContext) -> None:
    enqueue(
        context.corpus, "b2", context.corpus.submission(UNIT, YEAR), [("mat.pdf", "0" * 64)], None, "canbo"
    )
    for _ in range(3):
        job = claim(context.corpus, "w")
        assert job is not None
        run_job(context, job)
    [failed] = batch_jobs(context.corpus, "b2")
    assert failed.state == "failed" and "Kho tệp gốc thiếu tệp" in (failed.error or "")


def test_a_failed_try_is_queued_again_without_its_error_until_the_last(context: AppContext) -> None:
    [job_id] = enqueue(context.corpus, "b3", context.corpus.submission(UNIT, YEAR), [("a.txt", "0" * 64)], None,
                       "canbo")  # fmt: skip
    for attempt in range(1, MAX_TRIES + 1):
        job = claim_job(context.corpus, job_id, "celery@h:1")
        assert job is not None and job.tries == attempt
        assert not finish(context.corpus, job_id, "lỗi", failed=True, worker="celery@h:2")  # not its job
        assert finish(context.corpus, job_id, f"lỗi {attempt}", failed=True, worker="celery@h:1")
        after = get(context.corpus, job_id)
        assert after is not None
        expected = ("queued", None) if attempt < MAX_TRIES else ("failed", f"lỗi {MAX_TRIES}")
        assert (after.state, after.error) == expected  # no stale failure shown while a retry may succeed
    assert claim_job(context.corpus, job_id, "celery@h:1") is None  # a late message reads nothing


def test_a_file_that_stops_its_worker_every_try_ends_as_a_failed_record(context: AppContext) -> None:
    batch = queue_files(context, [("nang.pdf", render_pdf(specimen(3)))], UNIT, YEAR, None, "canbo")
    [job] = batch_jobs(context.corpus, batch)
    for attempt in range(1, MAX_TRIES + 1):
        assert claim_job(context.corpus, job.id, f"celery@h:{attempt}") is not None
        assert heartbeat(context.corpus, job.id, f"celery@h:{attempt}")
        assert take_back(context, timedelta(hours=1), "celery@", by_lease=True) == []  # its lease is fresh
        taken = take_back(context, timedelta(0), "celery@", by_lease=True)  # the worker died: lease over
        assert taken == ([job.id] if attempt < MAX_TRIES else [])
    [failed] = batch_jobs(context.corpus, batch)
    assert failed.state == "failed" and "dừng giữa chừng" in (failed.error or "")
    submission = context.corpus.find_submission(UNIT, YEAR)
    assert submission.id is not None
    [record] = context.corpus.load_records(submission.id)
    assert (record.file, record.status, [e.code for e in record.errors]) == (
        "nang.pdf",
        "failed",
        ["job.abandoned"],
    )


def test_uploads_stay_queued_when_the_broker_cannot_be_reached(database_url: str, tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data", database_url=database_url, broker_url="redis://127.0.0.1:9/0"
    )
    with AppContext(settings) as context:
        batch = queue_files(context, [("a.pdf", render_pdf(specimen(4)))], UNIT, YEAR, None, "canbo")
        assert [job.state for job in batch_jobs(context.corpus, batch)] == [
            "queued"
        ]  # a worker's sweep sends it
