"""Uploads read in the background, as the web UI accepts them: a job per upload with progress per file, the
unit-year's matrix rebuilt as files finish so gaps close while the officer watches.

Until the batch issue's job table lands, jobs live in the server process: an upload accepted is read by a
background thread, and a restart loses the jobs that were not finished (their files are not lost: each
original is stored before it is read, and uploading the same files again reads only what is missing)."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from model.errors import AccessDenied, KiemChungError
from model.people import Role, UserInfo
from service.context import AppContext
from service.progress import ProgressEvent

REFRESH_EVERY = 3.0  # seconds between rebuilds of the matrix while files are read


@dataclass
class UploadJob:
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


class UploadJobs:
    """The server's upload jobs, each read by its own background thread through the application layer."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()

    def start(self, user: UserInfo, unit: str, year: int, uploads: list[tuple[str, bytes]]) -> UploadJob:
        require_uploader(user, unit)
        job = UploadJob(uuid.uuid4().hex, unit, year, [name for name, _ in uploads])
        with self._lock:
            self.jobs[job.id] = job
        thread = threading.Thread(target=self._run, args=(job, user, uploads), name=f"upload-{job.id[:8]}",
                                  daemon=True)  # fmt: skip
        thread.start()
        return job

    def get(self, user: UserInfo, job_id: str) -> UploadJob | None:
        job = self.jobs.get(job_id)
        if job is None:
            return None
        require_uploader(user, job.unit)
        return job

    def _run(self, job: UploadJob, user: UserInfo, uploads: list[tuple[str, bytes]]) -> None:
        from service.flags import refresh_flags
        from service.ingest import ingest_bytes

        framework_id = framework_for(self.context, job.unit, job.year)
        last = [time.monotonic()]

        def progress(event: ProgressEvent) -> None:
            if event.file:
                job.done.append(event.file)
            if time.monotonic() - last[0] > REFRESH_EVERY:
                refresh_flags(self.context, job.unit, job.year, framework_id)
                last[0] = time.monotonic()

        try:
            summary = ingest_bytes(
                self.context, uploads, job.unit, job.year, framework_id, user.username, progress
            )
            job.failures = summary.failures
        except KiemChungError as error:
            job.error = error.message
        except Exception as error:  # the page must say the job ended; the log keeps the detail
            import logging

            logging.getLogger(__name__).exception("upload %s failed", job.id)
            job.error = f"Lỗi không mong đợi khi đọc hồ sơ ({type(error).__name__}). Hãy báo quản trị viên."
        finally:
            job.finished = True
