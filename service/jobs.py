"""Files to read, queued in the corpus's job table and worked by whichever worker claims them: the web
server's reader process (uploads survive a restart: the originals are stored and the jobs queued
before the upload is answered), the batch pool and Celery workers next."""

from __future__ import annotations

import logging
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
    enqueue(
        context.corpus, batch, context.corpus.submission(unit, year, framework_id), stored, framework_id, by
    )
    return batch


def run_job(context: AppContext, job: JobInfo, refresh: bool = True) -> None:
    """Read one queued file into its unit-year (the matrix rebuilt after it); failures of the file itself are
    recorded on its document as always, and named on the job for the progress page."""
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
        finish(context.corpus, job.id, reasons or None, summary=summary.as_dict())
    except KiemChungError as error:
        finish(context.corpus, job.id, error.message, failed=True)
    except Exception as error:  # the worker goes on with the next job; the log keeps the detail
        log.exception("job %s failed", job.id)
        finish(
            context.corpus,
            job.id,
            f"Lỗi không mong đợi ({type(error).__name__}). Hãy báo quản trị viên.",
            failed=True,
        )


def fail_job(context: AppContext, job: JobInfo, error: KiemChungError) -> None:
    """A file its worker could not finish (over its time or memory budget, or the worker died on it): the file is
    kept as a failed document with its original and its error, so the unit's page lists it, and the job fails for
    good with the same error in its summary, so the batch report names it."""
    from corpus.jobs import give_up
    from corpus.versions import Versions
    from extract.extractor import EXTRACTOR_VERSION
    from model.records import ReadRecord

    record = ReadRecord(file=job.name, sha256=job.sha256)
    record.add_error(error)
    record.settle_status()
    submission_id = context.corpus.submission(job.unit, job.year, job.framework_id)
    size = context.corpus.store.path_for(job.sha256).stat().st_size
    versions = Versions(extractor=EXTRACTOR_VERSION, framework_id=job.framework_id)
    context.corpus.save(submission_id, record, size, versions, job.requested_by)
    reason = f"{error.code}: {error.message}"
    failure = {"file": job.name, "status": record.status, "errors": reason}
    give_up(context.corpus, job.id, error.message, summary={"created": 1, "failures": [failure]})


class JobWorker:
    """The web server's readers: a supervised worker process (`service.supervisor`, each file within its time
    and memory budget) claiming every queued job until stopped, named in the job table `kind@host:pid`, so a
    restarted server takes back the jobs its previous run left running (`recover_jobs`)."""

    def __init__(
        self, context: AppContext, kind: str = "web", idle_seconds: float = 0.5, processes: int = 1
    ) -> None:
        from service.supervisor import WorkerPool

        self.context, self.idle_seconds = context, idle_seconds
        self.pool = WorkerPool(context, processes, None, kind, idle_seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name=f"jobs-{kind}", daemon=True)

    def start(self) -> None:
        from corpus.jobs import requeue_stale

        if requeue_stale(self.context.corpus, STALE_AFTER):
            log.warning("jobs running for longer than %s are queued again", STALE_AFTER)
        self.pool.start()
        self._thread.start()

    def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        self._thread.join(timeout)
        self.pool.stop()

    def _watch(self) -> None:
        while not self._stop.wait(self.idle_seconds):
            try:
                self.pool.watch()
            except Exception:  # a busy or unreachable database: look again later, never stop watching
                log.exception("watching the readers failed")


def recover_jobs(context: AppContext, kind: str = "web") -> int:
    """At a server's start, before its workers run: the jobs its previous run left running on this host are
    queued again (it was stopped or killed half-way through them)."""
    from corpus.jobs import requeue_stale

    taken_back = requeue_stale(context.corpus, STALE_AFTER, worker_prefix=f"{kind}@{socket.gethostname()}:")
    if taken_back:
        log.warning("%s jobs a stopped server left running are queued again", taken_back)
    return taken_back
