"""The job table as workers use it: queue files, claim one at a time (two workers never get the same job), finish
it, and claim again the jobs of a worker that died.

Claiming is an UPDATE guarded by the state it expects (`WHERE id = ? AND state = 'queued'`), which SQLite and
PostgreSQL both make atomic: a worker that loses the race simply tries the next job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from corpus.models import Job, Submission, Unit, utc_now
from corpus.repository import Corpus
from model.errors import InputError

MAX_TRIES = 3


@dataclass(frozen=True)
class JobInfo:
    id: int
    batch: str
    unit: str
    year: int
    name: str
    sha256: str
    framework_id: str | None
    requested_by: str
    state: str
    tries: int
    error: str | None
    summary: dict | None = None


def enqueue(
    corpus: Corpus,
    batch: str,
    submission_id: int,
    files: list[tuple[str, str]],
    framework_id: str | None,
    by: str,
) -> list[int]:
    """Queue (name, sha256) files whose originals are already in the store; returns the job ids."""
    with Session(corpus.engine) as session, session.begin():
        rows = [Job(batch=batch, submission_id=submission_id, name=name, sha256=sha256, framework_id=framework_id,
                    requested_by=by) for name, sha256 in files]  # fmt: skip
        session.add_all(rows)
        session.flush()
        return [int(row.id) for row in rows if row.id is not None]


def claim(corpus: Corpus, worker: str, batch: str | None = None) -> JobInfo | None:
    """The oldest queued job (of `batch`, when given), now running for `worker`; None when there is nothing to do."""
    for _ in range(20):
        statement = select(Job.id).where(Job.state == "queued")
        if batch is not None:
            statement = statement.where(Job.batch == batch)
        with Session(corpus.engine) as session:
            candidate = session.exec(statement.order_by(col(Job.id)).limit(1)).first()
        if candidate is None:
            return None
        with Session(corpus.engine) as session, session.begin():
            claimed = session.execute(
                update(Job)
                .where(col(Job.id) == candidate, col(Job.state) == "queued")
                .values(state="running", worker=worker, started_at=utc_now(), tries=Job.tries + 1, error=None)
            )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return get(corpus, candidate)
    return None


def claim_job(corpus: Corpus, job_id: int, worker: str) -> JobInfo | None:
    """This job, now running for `worker`, if it is queued; None when it is running elsewhere or finished (a
    message delivered twice reads its file once)."""
    now = utc_now()
    with Session(corpus.engine) as session, session.begin():
        claimed = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == "queued")
            .values(state="running", worker=worker, started_at=now, heartbeat_at=now, tries=Job.tries + 1,
                    error=None)
        )  # fmt: skip
    return get(corpus, job_id) if claimed.rowcount == 1 else None  # type: ignore[attr-defined]


def heartbeat(corpus: Corpus, job_id: int, worker: str) -> bool:
    """Renew `worker`'s lease on its running job; False when the job is no longer its own."""
    with Session(corpus.engine) as session, session.begin():
        renewed = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == "running", col(Job.worker) == worker)
            .values(heartbeat_at=utc_now())
        )
        return int(renewed.rowcount) == 1  # type: ignore[attr-defined]


def finish(
    corpus: Corpus,
    job_id: int,
    error: str | None = None,
    failed: bool = False,
    summary: dict | None = None,
    worker: str | None = None,
) -> bool:
    """Done (with the reasons files of it failed to read, if any), or failed: queued again below MAX_TRIES,
    without its error (the progress page shows no failure while a retry may still succeed). With `worker`,
    only while the job is still that worker's (one whose lease ran out leaves the job to its new worker)."""
    with Session(corpus.engine) as session, session.begin():
        job = session.get(Job, job_id)
        if job is None or (worker is not None and (job.state != "running" or job.worker != worker)):
            return False
        retry = failed and job.tries < MAX_TRIES
        job.error, job.finished_at, job.summary = (None if retry else error), utc_now(), summary
        job.state = "done" if not failed else ("queued" if retry else "failed")
        session.add(job)
        return True


def requeue_stale(
    corpus: Corpus, older_than: timedelta, worker_prefix: str | None = None, by_lease: bool = False
) -> tuple[list[int], list[int]]:
    """Running jobs whose worker is gone go back to the queue: (queued again, failed). Gone means started
    longer ago than `older_than`, or with `by_lease`, not renewed for that long (of workers named with the
    prefix); with only a prefix, any of that worker's, as a restarted server does for its own. A job already
    tried MAX_TRIES times fails instead: a file that kills its worker every time must not kill them all."""
    condition = col(Job.state) == "running"
    if worker_prefix is not None:
        condition = condition & col(Job.worker).startswith(worker_prefix)
    if by_lease:
        seen = func.coalesce(col(Job.heartbeat_at), col(Job.started_at))
        condition = condition & (seen < utc_now() - older_than)
    elif worker_prefix is None:
        condition = condition & (col(Job.started_at) < utc_now() - older_than)
    with Session(corpus.engine) as session, session.begin():
        stale = session.exec(select(Job).where(condition).with_for_update(skip_locked=True)).all()
        for job in stale:
            job.worker, job.error = None, None
            job.state = "queued" if job.tries < MAX_TRIES else "failed"
            if job.state == "failed":
                job.error, job.finished_at = abandoned(job.tries).message, utc_now()
            session.add(job)
        ids = [(int(job.id or 0), job.state) for job in stale]
    return [i for i, state in ids if state == "queued"], [i for i, state in ids if state == "failed"]


def abandoned(tries: int) -> InputError:
    """The error of a file whose worker stopped in the middle of it on every try."""
    return InputError("job.abandoned", f"{tries} lần", stage="jobs")


def get(corpus: Corpus, job_id: int) -> JobInfo | None:
    found = batch_jobs(corpus, None, job_id)
    return found[0] if found else None


def batch_jobs(corpus: Corpus, batch: str | None, job_id: int | None = None) -> list[JobInfo]:
    statement = (
        select(Job, Unit.name, Submission.year)
        .join(Submission, col(Submission.id) == Job.submission_id)
        .join(Unit, col(Unit.id) == Submission.unit_id)
        .order_by(col(Job.id))
    )
    statement = (
        statement.where(Job.batch == batch) if batch is not None else statement.where(Job.id == job_id)
    )
    with Session(corpus.engine) as session:
        return [
            JobInfo(int(job.id or 0), job.batch, unit, int(year), job.name, job.sha256, job.framework_id,
                    job.requested_by, job.state, job.tries, job.error, job.summary)
            for job, unit, year in session.exec(statement)
        ]  # fmt: skip


@dataclass(frozen=True)
class JobState:
    """What following a batch needs of each job: no summary, no unit (a batch of thousands is looked at
    every few tenths of a second while it runs)."""

    id: int
    name: str
    state: str
    error: str | None


def job_states(corpus: Corpus, batch: str) -> list[JobState]:
    statement = select(Job.id, Job.name, Job.state, Job.error).where(Job.batch == batch).order_by(col(Job.id))
    with Session(corpus.engine) as session:
        return [
            JobState(int(id_ or 0), name, state, error) for id_, name, state, error in session.exec(statement)
        ]


def supersede(corpus: Corpus, submission_id: int, shas: set[str]) -> int:
    """Unfinished jobs of earlier runs for these originals: a new run queues them again, so they are retired."""
    if not shas:
        return 0
    with Session(corpus.engine) as session, session.begin():
        done = session.execute(
            update(Job)
            .where(col(Job.submission_id) == submission_id, col(Job.sha256).in_(shas),
                   col(Job.state).in_(["queued", "running"]))
            .values(state="cancelled")
        )  # fmt: skip
        return int(done.rowcount)  # type: ignore[attr-defined]


def give_up(corpus: Corpus, job_id: int, error: str, summary: dict | None = None) -> None:
    """Failed for good, whatever its tries: a file over its budget would only fail the same way again."""
    with Session(corpus.engine) as session, session.begin():
        job = session.get(Job, job_id)
        if job is not None:
            job.state, job.error, job.finished_at, job.summary = "failed", error, utc_now(), summary
            session.add(job)


def queued_ids(corpus: Corpus, limit: int = 1000) -> list[int]:
    """The oldest queued jobs' ids, for sending again the messages a broker lost."""
    statement = select(Job.id).where(Job.state == "queued").order_by(col(Job.id)).limit(limit)
    with Session(corpus.engine) as session:
        return [int(job_id) for job_id in session.exec(statement) if job_id is not None]
