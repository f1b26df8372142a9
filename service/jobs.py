"""Files to read, queued in the corpus's job table and worked by whichever worker claims them: the web
server's own worker thread today (uploads survive a restart: the originals are stored and the jobs queued
before the upload is answered), the batch pool and Celery workers next."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from model.errors import KiemChungError
from service.context import AppContext

if TYPE_CHECKING:
    from corpus.jobs import JobInfo

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(hours=1)  # a running job older than this has lost its worker


def queue_files(
    context: AppContext,
    uploads: list[tuple[str, bytes]],
    unit: str,
    year: int,
    framework_id: str | None,
    by: str,
) -> str:
    """Store each file's original, then queue it; returns the batch id the progress page follows."""
    from corpus.jobs import enqueue

    batch = uuid.uuid4().hex
    stored = [(name, context.corpus.store.put(data)) for name, data in uploads]
    ids = enqueue(
        context.corpus, batch, context.corpus.submission(unit, year, framework_id), stored, framework_id, by
    )
    if context.settings.broker_url:  # the Celery workers read them, not this server's thread
        from service.broker import dispatch

        dispatch(context.settings, ids, refresh=True)
    return batch


def run_job(context: AppContext, job: JobInfo, refresh: bool = True, worker: str | None = None) -> None:
    """Read one queued file into its unit-year (the matrix rebuilt after it); failures of the file itself are
    recorded on its document as always, and named on the job for the progress page. With `worker`, the
    outcome is written only while the job is still that worker's (see corpus.jobs.finish)."""
    from corpus.jobs import finish
    from service.ingest import ingest_bytes

    try:
        data = context.corpus.store.get(job.sha256)
        summary = ingest_bytes(
            context,
            [(job.name, data)],
            job.unit,
            job.year,
            job.framework_id,
            job.requested_by,
            refresh=refresh,
        )
        reasons = "; ".join(failure["errors"] for failure in summary.failures)
        finish(context.corpus, job.id, reasons or None, summary=summary.as_dict(), worker=worker)
    except KiemChungError as error:
        finish(context.corpus, job.id, error.message, failed=True, worker=worker)
    except Exception as error:  # the worker goes on with the next job; the log keeps the detail
        log.exception("job %s failed", job.id)
        finish(
            context.corpus,
            job.id,
            f"Lỗi không mong đợi ({type(error).__name__}). Hãy báo quản trị viên.",
            failed=True,
            worker=worker,
        )


class JobWorker:
    """A thread that claims and runs jobs until stopped, named in the job table `kind@host:pid`, so a restarted
    server takes back the jobs its previous run left running (`recover_jobs`)."""

    def __init__(self, context: AppContext, kind: str = "web", idle_seconds: float = 0.5) -> None:
        self.context, self.idle_seconds = context, idle_seconds
        self.name = f"{kind}@{socket.gethostname()}:{os.getpid()}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"jobs-{kind}", daemon=True)

    def start(self) -> None:
        if take_back(self.context, STALE_AFTER):
            log.warning("jobs running for longer than %s are queued again", STALE_AFTER)
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        from corpus.jobs import claim

        while not self._stop.is_set():
            try:
                job = claim(self.context.corpus, self.name)
            except Exception:  # a busy or unreachable database: try again later, never end the worker
                log.exception("claiming a job failed")
                job = None
            if job is None:
                self._stop.wait(self.idle_seconds)
                continue
            run_job(self.context, job)


def recover_jobs(context: AppContext, kind: str = "web") -> int:
    """At a server's start, before its workers run: the jobs its previous run left running on this host are
    queued again (it was stopped or killed half-way through them)."""
    taken_back = take_back(context, STALE_AFTER, worker_prefix=f"{kind}@{socket.gethostname()}:")
    if taken_back:
        log.warning("%s jobs a stopped server left running are queued again", len(taken_back))
    return len(taken_back)


def take_back(
    context: AppContext, older_than: timedelta, worker_prefix: str | None = None, by_lease: bool = False
) -> list[int]:
    """The jobs of workers that are gone, queued again (their ids); a job tried MAX_TRIES times ends as a
    failed record of its file instead, with the reason, so it is never silently lost."""
    from corpus.jobs import requeue_stale

    queued, failed = requeue_stale(context.corpus, older_than, worker_prefix, by_lease)
    for job_id in failed:
        record_abandoned(context, job_id)
    return queued


def record_abandoned(context: AppContext, job_id: int) -> None:
    """A failed document for a file no worker could finish, as a file that cannot be read is kept."""
    from corpus.jobs import abandoned, get
    from corpus.versions import Versions
    from extract.extractor import EXTRACTOR_VERSION
    from model.records import ErrorRecord, ReadRecord, Status
    from service.pipeline import run_stages, stages_for

    job = get(context.corpus, job_id)
    if job is None:
        return
    log.error("job %s (%s) stopped its worker %s times: recorded as failed", job.id, job.name, job.tries)
    record = ReadRecord(file=job.name, sha256=job.sha256, status=Status.failed,
                        errors=[ErrorRecord.from_error(abandoned(job.tries))])  # fmt: skip
    record = run_stages(record, stages_for(context.settings, job.framework_id, job.year))
    submission_id = context.corpus.submission(job.unit, job.year, job.framework_id)
    size = context.corpus.store.path_for(job.sha256).stat().st_size
    versions = Versions(extractor=EXTRACTOR_VERSION, framework_id=job.framework_id)
    context.corpus.save(submission_id, record, size, versions, job.requested_by)
