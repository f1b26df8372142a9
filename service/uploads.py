"""Uploads read in the background, as the web UI accepts them: the originals are stored and one job per file is
queued in the corpus's job table before the upload is answered, so an accepted upload is read even if the server
stops half-way (the worker of the next start claims it again). The progress page follows the batch's jobs; the
unit-year's matrix is rebuilt after each file, so gaps close while the officer watches."""

from __future__ import annotations

from dataclasses import dataclass, field

from model.errors import AccessDenied, KiemChungError
from model.people import Role, UserInfo
from service.context import AppContext


@dataclass
class UploadJob:
    """A batch of uploaded files as its progress page shows it."""

    id: str
    unit: str
    year: int
    names: list[str]
    done: list[str] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    finished: bool = False
    error: str | None = None

    @property
    def total(self) -> int:
        return len(self.names)


def framework_for(context: AppContext, unit: str, year: int) -> str:
    """The unit-year's framework, else the first framework for that year, else the bundled provincial one."""
    from matcher import framework_paths
    from matcher.framework import parse_framework

    submission_id = context.corpus.submission(unit, year)
    _, framework_id = context.corpus.stored_matrix(submission_id)
    if framework_id:
        return framework_id
    for candidate, path in framework_paths(context.settings.data_dir).items():
        try:
            if year in parse_framework(path).years:
                return candidate
        except KiemChungError:
            continue
    return "tinh-2025"


def require_uploader(user: UserInfo, unit: str) -> None:
    """An officer uploads for their own unit(s); an administrator for any; council members do not upload."""
    if user.role is Role.admin or (user.role is Role.officer and unit in user.units):
        return
    raise AccessDenied("access.denied", f"hồ sơ của {unit}", stage="service")


def start_upload(
    context: AppContext, user: UserInfo, unit: str, year: int, uploads: list[tuple[str, bytes]]
) -> str:
    """Queue the uploaded files of a unit-year; returns the batch id."""
    from service.appraisal import require_uploads_open
    from service.jobs import queue_files

    require_uploader(user, unit)
    require_uploads_open(context, user, unit, year)
    return queue_files(context, uploads, unit, year, framework_for(context, unit, year), user.username)


def upload_status(context: AppContext, user: UserInfo, batch: str) -> UploadJob | None:
    from corpus.jobs import batch_jobs

    jobs = batch_jobs(context.corpus, batch)
    if not jobs:
        return None
    require_uploader(user, jobs[0].unit)
    view = UploadJob(batch, jobs[0].unit, jobs[0].year, [job.name for job in jobs])
    view.done = [job.name for job in jobs if job.state in ("done", "failed")]
    view.failures = [{"file": job.name, "errors": job.error} for job in jobs if job.error]
    view.finished = all(job.state in ("done", "failed") for job in jobs)
    return view
