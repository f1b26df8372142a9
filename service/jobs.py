"""Files to read, queued in the corpus's job table and worked by whichever worker claims them: the web
server's reader process (uploads survive a restart: the originals are stored and the jobs queued
before the upload is answered), the batch pool and Celery workers next."""

from __future__ import annotations

import logging
import socket
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from model.errors import KiemChungError
from service.context import AppContext

if TYPE_CHECKING:
    from corpus.jobs import JobInfo
    from model.records import ReadRecord

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
    from service.documents import filed_name

    batch = uuid.uuid4().hex
    stored = [
        (filed_name(name, index), context.corpus.store.put(data))
        for index, (name, data) in enumerate(uploads)
    ]
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
        # one line on the terminal; the traceback only where INFO is logged (`-v`)
        log.error("job %s failed: %s: %s", job.id, type(error).__name__, error)
        log.info("job %s failed", job.id, exc_info=True)
        finish(
            context.corpus,
            job.id,
            f"Lỗi không mong đợi ({type(error).__name__}). Hãy báo quản trị viên.",
            failed=True,
            worker=worker,
        )


def fail_job(context: AppContext, job: JobInfo, error: KiemChungError) -> None:
    """A file its worker could not finish within its time or memory budget: kept as a failed document, and the job
    failed for good (it would only fail the same way again) with the error in its summary for the batch report."""
    from corpus.jobs import give_up

    record = save_failed(context, job, error)
    failure = {"file": job.name, "status": record.status, "errors": f"{error.code}: {error.message}"}
    give_up(context.corpus, job.id, error.message, summary={"created": 1, "failures": [failure]})


def save_failed(context: AppContext, job: JobInfo, error: KiemChungError) -> ReadRecord:
    """A failed document for a file no worker could finish, with its original and its error, as a file that
    cannot be read is kept: the unit's page lists it and the council sees why."""
    from corpus.versions import Versions
    from extract.extractor import EXTRACTOR_VERSION
    from model.records import ReadRecord
    from service.pipeline import run_stages, stages_for

    record = ReadRecord.failed(job.name, job.sha256, error)
    record = run_stages(record, stages_for(context.settings, job.framework_id, job.year))
    submission_id = context.corpus.submission(job.unit, job.year, job.framework_id)
    size = context.corpus.store.path_for(job.sha256).stat().st_size
    versions = Versions(extractor=EXTRACTOR_VERSION, framework_id=job.framework_id)
    context.corpus.save(submission_id, record, size, versions, job.requested_by)
    return record


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
    """A file whose worker stopped in the middle of it on every try."""
    from corpus.jobs import abandoned, get

    job = get(context.corpus, job_id)
    if job is not None:
        log.error("job %s (%s) stopped its worker %s times: recorded as failed", job.id, job.name, job.tries)
        save_failed(context, job, abandoned(job.tries))
