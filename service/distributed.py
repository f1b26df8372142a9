"""The distributed mode: Celery workers on any number of machines take jobs through a Redis broker, the corpus
on PostgreSQL, the originals on a path every worker reaches.

The job table stays the source of truth; a Celery message carries only a job id. A worker claims the job
(`queued` → `running`, atomically), so a message delivered twice, or sent again, reads its file once, and a
file already stored by the same versions is skipped by its content hash. Messages are acknowledged late and
requeued when a worker is lost; while a worker reads, it renews its lease on the job (`heartbeat_at`), and
every worker sweeps the table: a job whose lease ran out (its worker was killed, its machine lost) is queued
again and sent again, up to MAX_TRIES, then kept as a failed record; queued jobs whose messages the broker
lost (Redis restarted without its data) are sent again when the broker's queue is empty. Migrations run once,
under a lock, by the command that starts a worker or queues a batch, before any worker reads."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from types import TracebackType
from typing import Any

from model.settings import Settings
from service.batch import BatchItem, BatchReport, batch_report, queue_batch, report_round
from service.broker import QUEUE, celery, configure, dispatch
from service.context import AppContext, load_settings
from service.progress import CancelToken, ProgressCallback, no_progress

log = logging.getLogger(__name__)
# the PostgreSQL advisory lock the commands that start workers hold while they migrate (any constant of ours)
MIGRATION_LOCK = 0x6B63_0012
DATABASE_RETRY_SECONDS = 10.0

_worker: dict[str, Any] = {}  # this process's worker context and name, made on its first task


def worker_name() -> str:
    return f"celery@{socket.gethostname()}:{os.getpid()}"


def _worker_context() -> AppContext:
    """This worker process's context, opened on its first task: one OCR thread (one process per core)."""
    if _worker.get("pid") != os.getpid():
        stored = celery.conf.get("kiemchung_settings")
        settings = Settings(**stored) if stored else load_settings()
        from service.budgeted import BudgetedRunner

        opened = AppContext(settings.model_copy(update={"ocr_threads": 1}))
        _worker.update(pid=os.getpid(), context=opened, runner=BudgetedRunner(opened.settings))
    context: AppContext = _worker["context"]
    return context


@celery.task(name="kiemchung.read_job", bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=30)
def read_job(self: Any, job_id: int, refresh: bool = False) -> str:
    """Read one queued file; a message for a job already claimed or finished does nothing."""
    from sqlalchemy.exc import DBAPIError

    from corpus.jobs import claim_job, get
    from model.errors import DatabaseError

    context, name = _worker_context(), worker_name()
    try:
        job = claim_job(context.corpus, job_id, name)
    except (DBAPIError, DatabaseError) as error:  # the database is away: the message comes back later
        log.warning("job %s: database unreachable (%s), retrying", job_id, error)
        raise self.retry(countdown=min(DATABASE_RETRY_SECONDS, context.settings.job_lease_seconds)) from error
    if job is None:
        return "not queued"
    try:
        with Lease(context, job.id, name):
            _worker["runner"].run(context, job.id, refresh, name)  # within the file's budgets
        again = get(context.corpus, job.id)
    except (DBAPIError, DatabaseError):  # the lease runs out and a sweep queues the job again
        log.exception("job %s: the database went away while it was read", job.id)
        return "interrupted"
    if again is not None and again.state == "queued":  # failed below MAX_TRIES: try it again, a bit later
        dispatch(context.settings, [job.id], refresh)
    return again.state if again is not None else "gone"


class Lease:
    """While a job is read, its worker renews its lease every quarter of `job_lease_seconds` from a thread;
    a sweep takes back the jobs of workers that stopped renewing."""

    def __init__(self, context: AppContext, job_id: int, worker: str) -> None:
        self.context, self.job_id, self.worker = context, job_id, worker
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"lease-{job_id}", daemon=True)

    def __enter__(self) -> Lease:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(5)

    def _renew(self) -> None:
        from corpus.jobs import heartbeat

        interval = self.context.settings.job_lease_seconds / 4
        while not self._stop.wait(interval):
            try:
                if not heartbeat(self.context.corpus, self.job_id, self.worker):
                    log.warning("job %s is no longer %s's (its lease ran out)", self.job_id, self.worker)
                    return
            except Exception as error:  # the database is away for a moment: renew at the next turn
                log.warning("renewing the lease on job %s failed: %s", self.job_id, error)


class Sweeper:
    """A thread in every worker: jobs whose lease ran out are queued again (or, after MAX_TRIES, kept as
    failed records) and sent again; queued jobs the broker lost are sent again. Several sweepers at once are
    safe: taking a job back is one guarded transaction, and a second message for a job does nothing."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.interval = settings.job_lease_seconds / 3
        self._sent: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="kiemchung-sweeper", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _loop(self) -> None:
        with AppContext(self.settings) as context:
            while not self._stop.wait(self.interval):
                try:
                    self.sweep(context)
                except Exception as error:  # the database or the broker is away: sweep at the next turn
                    log.warning("sweeping the job table failed: %s", error)

    def sweep(self, context: AppContext) -> None:
        from datetime import timedelta

        from corpus.jobs import queued_ids
        from service.jobs import take_back

        lease = timedelta(seconds=self.settings.job_lease_seconds)
        taken = take_back(context, lease, worker_prefix="celery@", by_lease=True)
        if taken:
            log.warning("jobs %s lost their worker: queued again", taken)
            dispatch(self.settings, taken)
        if _broker_queue_length() == 0:
            now = time.monotonic()
            lost = [i for i in queued_ids(context.corpus) if now - self._sent.get(i, 0.0) > 3 * self.interval]
            if lost:
                log.warning("%s queued jobs have no message (the broker lost them): sent again", len(lost))
                self._sent.update((i, now) for i in lost)
                dispatch(self.settings, lost)


def _broker_queue_length() -> int | None:
    """Messages waiting in the Redis queue; None when it cannot be known."""
    try:
        with celery.connection_for_read() as connection:
            return int(connection.default_channel.client.llen(QUEUE))
    except Exception as error:
        log.warning("reading the broker's queue length failed: %s", error)
        return None


def prepare_database(settings: Settings) -> None:
    """Bring the corpus to the latest schema once, before workers start: on PostgreSQL under an advisory lock,
    so commands starting on several machines at once migrate one after the other (the others find it done)."""
    from sqlalchemy import text

    from corpus.db import make_engine, migrate

    engine = make_engine(settings.effective_database_url)
    try:
        if engine.dialect.name != "postgresql":
            migrate(engine)
            return
        with engine.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                migrate(engine)
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
    finally:
        engine.dispose()


def run_worker(settings: Settings, name: str | None = None, loglevel: str = "INFO") -> None:
    """A worker: one process, one task at a time, one OCR thread, one message prefetched; it runs until
    stopped (SIGTERM lets it finish the file it reads; a killed worker's file is read again elsewhere)."""
    prepare_database(settings)
    app = configure(settings)
    sweeper = Sweeper(settings)
    sweeper.start()
    try:
        app.worker_main(
            ["worker", "--pool=solo", "--concurrency=1", "--prefetch-multiplier=1", f"--queues={QUEUE}",
             "--without-gossip", "--without-mingle", f"--loglevel={loglevel}",
             f"--hostname={name or 'kiemchung@%h'}"]
        )  # fmt: skip
    finally:
        sweeper.stop()


def run_queued_batch(
    context: AppContext,
    items: list[BatchItem],
    framework_id: str | None,
    actor: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_failure: ProgressCallback = no_progress,
) -> BatchReport:
    """`ingest --queue`: the batch's files stored and queued as the local mode does, sent to the workers, and
    followed in the job table to the same report. Stopped (Ctrl-C), the batch goes on in the workers; the
    same command run again follows what is left."""
    from corpus.jobs import batch_jobs

    started = time.monotonic()
    prepare_database(context.settings)
    queued = queue_batch(context, items, framework_id, actor)
    dispatch(context.settings, [job.id for job in batch_jobs(context.corpus, queued.batch)])
    _follow(context, queued.batch, queued.already_read, queued.total, progress, cancel, on_failure)
    return batch_report(context, queued, items, framework_id, time.monotonic() - started)


def _follow(
    context: AppContext, batch: str, skipped: int, total: int, progress: ProgressCallback,
    cancel: CancelToken | None, on_failure: ProgressCallback,
) -> None:  # fmt: skip
    """Report progress until every job of the batch is finished; a database away for a while is waited for
    (the workers wait for it too), not an error."""
    from sqlalchemy.exc import DBAPIError

    from corpus.jobs import job_states

    reported: set[int] = set()
    while True:
        try:
            jobs = job_states(context.corpus, batch)
        except DBAPIError as error:
            log.warning("following the batch: database unreachable (%s)", error.orig)
            jobs = None
        final = ("done", "failed", "cancelled")
        if jobs is not None and report_round(jobs, final, reported, skipped, total, progress, on_failure):
            return
        if cancel is not None:
            cancel.raise_if_cancelled()
        time.sleep(0.5)
