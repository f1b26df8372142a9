"""The year-end batch on one server: every file of one or many unit-years queued in the job table and read by a
pool of worker processes (`service.supervisor`: one OCR thread each, every file within its time and memory
budget), with one progress for the whole batch and one report.

Resumable: a file whose original a unit-year already holds, read by the same versions, is not queued again; a
run stopped by Ctrl-C or kill -9 is finished by running the same command (the stopped run's unfinished jobs
are retired and queued afresh). Workers die with the process that started them."""

from __future__ import annotations

import csv
import os
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from model.errors import UsageError
from service.context import AppContext
from service.documents import relative_names
from service.ingest import IngestSummary
from service.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from service.supervisor import WorkerPool

if TYPE_CHECKING:
    from corpus.jobs import JobState


@dataclass(frozen=True)
class BatchItem:
    """One unit-year's evidence: the files, folders or ZIPs to read into it."""

    unit: str
    year: int
    paths: list[Path]


@dataclass
class BatchReport:
    batch: str
    units: list[IngestSummary] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "batch": self.batch,
            "seconds": round(self.seconds, 1),
            "units": [u.as_dict() for u in self.units],
        }


def read_manifest(path: Path) -> list[BatchItem]:
    """A province's batch in one file: CSV (`unit,year,folder` per row, header optional) or YAML (a list of
    {unit, year, folder}); folders relative to the manifest."""
    import yaml

    if not path.is_file():
        raise UsageError("usage.no_input", str(path), stage="service")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".yaml", ".yml"):
        rows = [(str(r["unit"]), str(r["year"]), str(r["folder"])) for r in (yaml.safe_load(text) or [])]
    else:
        cells = [[cell.strip() for cell in row[:3]] for row in csv.reader(text.splitlines()) if len(row) >= 3]
        rows = [(unit, year, folder) for unit, year, folder in cells if year.isdigit()]  # not the header row
    if not rows:
        raise UsageError(
            "usage.bad_value", f"{path}: không có dòng đơn vị, năm, thư mục nào", stage="service"
        )
    return [BatchItem(unit, int(year), [(path.parent / folder).resolve()]) for unit, year, folder in rows]


def run_batch(
    context: AppContext,
    items: list[BatchItem],
    framework_id: str | None,
    actor: str,
    workers: int | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_failure: ProgressCallback = no_progress,
) -> BatchReport:
    started = time.monotonic()
    # the folders are walked once, here (a missing path: refused before any work), for the pool's size and the queue
    listed = [relative_names(item.paths) for item in items]
    files = sum(len(paths) for paths, _ in listed)
    cores = os.cpu_count() or 1
    size = max(1, min(workers or cores, files))
    # fewer files than cores (one long scan): the spare cores go to the workers' OCR threads
    threads = max(1, min(context.settings.ocr_threads, cores // size))
    # the workers start (imports, Tesseract, the database) while the originals are stored and queued; they
    # claim nothing until the batch is opened
    batch = uuid.uuid4().hex
    pool = WorkerPool(context, size, batch, ocr_threads=threads, gated=True)
    pool.start()
    try:
        queued = queue_batch(context, items, framework_id, actor, batch, listed)
        pool.open()
        if queued.queued:
            _follow(context, queued, pool, progress, cancel, on_failure)
        report = batch_report(context, queued, items, framework_id, time.monotonic() - started)
        if queued.queued:
            pool.finish()  # the workers, out of jobs, leave while the report is made
    finally:
        pool.stop()
    return report


@dataclass
class QueuedBatch:
    """A batch stored and queued in the job table: per unit-year, the files found and those skipped (already
    read by these versions). The local pool and `ingest --queue` both start from it."""

    batch: str
    files: dict[tuple[str, int], int] = field(default_factory=dict)
    skipped: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.files.values())

    @property
    def already_read(self) -> int:
        return sum(self.skipped.values())

    @property
    def queued(self) -> int:
        return self.total - self.already_read


def queue_batch(
    context: AppContext,
    items: list[BatchItem],
    framework_id: str | None,
    actor: str,
    batch: str = "",
    listed: list[tuple[list[Path], dict[Path, str]]] | None = None,
) -> QueuedBatch:
    """Store every item's originals and queue, as one new batch (`batch`, or a new id), the files not already
    read by these versions; a path of any item that does not exist refuses the whole batch before anything is
    stored. `listed`: each item's files and their names (service.documents.relative_names), when the caller
    walked the folders already."""
    listed = listed or [relative_names(item.paths) for item in items]  # every item's, before any is stored
    queued = QueuedBatch(batch or uuid.uuid4().hex)
    for item, (paths, names) in zip(items, listed, strict=True):
        key = (item.unit, item.year)
        files, skipped = _queue(context, item, paths, names, framework_id, actor, queued.batch)
        queued.files[key] = queued.files.get(key, 0) + files
        queued.skipped[key] = queued.skipped.get(key, 0) + skipped
    return queued


def _queue(
    context: AppContext,
    item: BatchItem,
    paths: list[Path],
    names: dict[Path, str],
    framework_id: str | None,
    actor: str,
    batch: str,
) -> tuple[int, int]:
    """Store and queue the item's files (`paths`, filed as `names`) not already read by these versions: (files,
    skipped)."""
    from corpus.jobs import enqueue, supersede
    from corpus.versions import Versions
    from extract.extractor import EXTRACTOR_VERSION

    submission_id = context.corpus.submission(item.unit, item.year, framework_id)
    done = context.corpus.current_hashes(
        submission_id, Versions(extractor=EXTRACTOR_VERSION, framework_id=framework_id)
    )
    to_read: list[tuple[str, str]] = []
    # the largest files first: a long scan begun last would keep one worker busy while the others stand idle
    for path in sorted(paths, key=_size, reverse=True):
        sha256 = context.corpus.store.put(path.read_bytes()) if path.is_file() else ""
        if sha256 and sha256 not in done:
            to_read.append((names[path], sha256))
    supersede(context.corpus, submission_id, {sha for _, sha in to_read})
    enqueue(context.corpus, batch, submission_id, to_read, framework_id, actor)
    return len(paths), len(paths) - len(to_read)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _follow(
    context: AppContext, queued: QueuedBatch, pool: WorkerPool, progress: ProgressCallback,
    cancel: CancelToken | None, on_failure: ProgressCallback,
) -> None:  # fmt: skip
    """Report progress until every job of the batch is finished (or the workers are all gone)."""
    from corpus.jobs import job_states

    reported: set[int] = set()
    while True:
        looked = time.monotonic()
        jobs = job_states(context.corpus, queued.batch)
        # looking costs the batch at most a tenth of a core, however many jobs it holds
        interval = max(0.1, 10 * (time.monotonic() - looked))
        skipped, total = queued.already_read, queued.total
        if report_round(jobs, ("done", "failed"), reported, skipped, total, progress, on_failure):
            return
        pool.watch()
        if not pool.running():
            return
        if cancel is not None:
            cancel.raise_if_cancelled()
        pool.wait(interval)  # woken at once when a worker leaves


def report_round(
    jobs: list[JobState], final: tuple[str, ...], reported: set[int], skipped: int, total: int,
    progress: ProgressCallback, on_failure: ProgressCallback,
) -> bool:  # fmt: skip
    """One look at a batch's jobs for whoever follows it (the local pool, `ingest --queue`): a line per newly
    failed file, the progress, and whether every job is in one of the `final` states."""
    finished = [job for job in jobs if job.state in final]
    for job in finished:
        if job.error and job.id not in reported:
            reported.add(job.id)
            on_failure(ProgressEvent(len(finished) + skipped, total, f"{job.name}: {job.error}"))
    progress(ProgressEvent(len(finished) + skipped, total, finished[-1].name if finished else ""))
    return len(finished) == len(jobs)


def batch_report(
    context: AppContext, queued: QueuedBatch, items: list[BatchItem], framework_id: str | None, seconds: float
) -> BatchReport:
    """One summary per unit-year, the same shape as a single ingest's, from what each job did; the matrix of
    each unit-year rebuilt once."""
    from corpus.jobs import batch_jobs
    from service.flags import refresh_flags

    jobs = batch_jobs(context.corpus, queued.batch)
    report = BatchReport(queued.batch, seconds=seconds)
    for item in items:
        key = (item.unit, item.year)
        summary = IngestSummary(
            unit=item.unit, year=item.year, files=queued.files[key], skipped=queued.skipped[key]
        )
        for job in (j for j in jobs if (j.unit, j.year) == key):
            _add(summary, job.summary or {}, job.name, job.error if job.state == "failed" else None)
        report.units.append(summary)
        if framework_id is not None:
            refresh_flags(context, item.unit, item.year, framework_id)
    return report


def _add(summary: IngestSummary, done: dict, name: str, failed: str | None) -> None:
    for key in ("created", "updated", "unchanged", "skipped", "pages", "ocr_pages"):
        setattr(summary, key, getattr(summary, key) + int(done.get(key, 0)))
    summary.flags.update(Counter(done.get("flags", {})))
    summary.failures.extend(done.get("failures", []))
    if failed and not done.get("failures"):  # a file stopped over budget names its failure itself
        summary.failures.append({"file": name, "status": "failed", "errors": failed})
