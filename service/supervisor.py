"""Worker processes over the job table, each file read within its budget.

One hostile file must not stop a province's batch: a PDF whose references loop, a decompression bomb, a stuck
page. The reading libraries cannot be interrupted from inside, so every file is read in a worker process the
supervisor watches from outside: a file that goes `read_seconds_per_page` without finishing a page, or whose
worker grows past `worker_memory_mb`, has its worker killed, is recorded as a failed document with its original
and a coded error, and a fresh worker takes the next file. The budget is per page, not per file, so a 2,000-page
scan that keeps moving is never cut off.

The pool is sized once: workers × OCR threads each ≤ cores (N processes never start N×N threads; a batch with
fewer files than cores gives the spare cores to its workers' OCR threads). Workers die with the process that
started them. The batch (`service.batch`) runs a pool over its own jobs until they are done; the web server runs one over
every queued upload for as long as it serves."""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import socket
import threading
import time
from typing import Any

from model.errors import KiemChungError
from model.settings import Settings
from service.context import AppContext
from service.processes import Slot, become_worker, kill_group, over_budget, spawn_slot

log = logging.getLogger(__name__)
MAX_RESTARTS_PER_WORKER = 5  # workers that die at start (a database gone) are not restarted for ever


class WorkerPool:
    """`size` worker processes claiming jobs (of `batch`, or any when None) until none is left (a batch) or
    until stopped (`batch` None: the web server's readers)."""

    def __init__(
        self,
        context: AppContext,
        size: int,
        batch: str | None = None,
        kind: str = "batch",
        idle_seconds: float = 0.5,
        ocr_threads: int = 1,
        gated: bool = False,
    ) -> None:
        """`ocr_threads` per worker: the pool is sized once, `size` × `ocr_threads` no more than the cores.
        `gated`: the workers get ready but claim nothing until `open()` (the batch's files are being queued)."""
        self.context, self.size, self.batch, self.kind = context, size, batch, kind
        self.idle_seconds, self.ocr_threads = idle_seconds, ocr_threads
        self.settings = context.settings
        self._slots: list[Slot] = []
        self._restarts = 0
        spawner = multiprocessing.get_context("spawn")
        # cores of workers gone for lack of work, lent to those still reading (ingest.cores)
        self._spare = spawner.Value("i", 0)
        self._lent: set[int] = set()
        self._gate = spawner.Event() if gated else None

    def start(self) -> None:
        self._slots = [self._spawn() for _ in range(self.size)]

    def open(self) -> None:
        """Let gated workers claim their jobs."""
        if self._gate is not None:
            self._gate.set()

    def wait(self, seconds: float) -> None:
        """Sleep up to `seconds`, woken as soon as a worker still at work leaves."""
        sentinels = [slot.process.sentinel for slot in self._slots if slot.process.is_alive()]
        if sentinels:
            multiprocessing.connection.wait(sentinels, seconds)

    def running(self) -> bool:
        """Whether any worker is still at work (a batch's workers leave once the queue is empty)."""
        return any(slot.process.is_alive() for slot in self._slots)

    def watch(self) -> None:
        """One round: stop the files over budget, record them, replace the workers that are gone."""
        for position, slot in enumerate(self._slots):
            if slot.process.is_alive():
                self._enforce(position, slot)
            else:
                self._replace_dead(position, slot)

    def finish(self, grace_seconds: float = 10) -> None:
        """Let a batch's workers, their queue empty, leave on their own before `stop` ends the rest."""
        deadline = time.monotonic() + grace_seconds
        for slot in self._slots:
            slot.process.join(max(0.0, deadline - time.monotonic()))

    def stop(self) -> None:
        for slot in self._slots:
            if slot.process.is_alive():
                slot.process.terminate()
        for slot in self._slots:
            slot.process.join(10)
            kill_group(slot.process)

    def _enforce(self, position: int, slot: Slot) -> None:
        job_id = int(slot.job.value)
        if not job_id:
            return
        error = over_budget(slot, self.settings)
        if error is None:
            return
        kill_group(slot.process)
        current = int(slot.job.value)
        if current == job_id:
            log.warning("job %s stopped: %s", job_id, error.code)
            fail(self.context, job_id, error)
        elif current:  # it had finished that file and begun the next one while we looked
            retry_or_fail(self.context, current, slot.process.exitcode)
        self._slots[position] = self._spawn()

    def _replace_dead(self, position: int, slot: Slot) -> None:
        """A worker that is gone: its file (if it died reading one) is tried again or, at its last try,
        failed; a new worker takes its place unless a batch worker simply ran out of jobs."""
        job_id = int(slot.job.value)
        if job_id:
            retry_or_fail(self.context, job_id, slot.process.exitcode)
        elif slot.process.exitcode == 0 and self.batch is not None:
            if position not in self._lent:  # the queue is empty: its cores go to the workers still reading
                self._lent.add(position)
                with self._spare.get_lock():
                    self._spare.value += self.ocr_threads
            return
        if self._restarts >= MAX_RESTARTS_PER_WORKER * self.size:
            return
        self._restarts += 1
        self._slots[position] = self._spawn()

    def _spawn(self) -> Slot:
        settings = {**self.settings.model_dump(mode="json"), "ocr_threads": self.ocr_threads}
        lendable = (self.size - 1) * self.ocr_threads if self.batch is not None else 0
        shared = (self._spare, lendable, self._gate)
        return spawn_slot(_worker_main, settings, self.batch, self.kind, self.idle_seconds, *shared)


def retry_or_fail(context: AppContext, job_id: int, exitcode: int | None) -> None:
    """The file of a worker that died reading it: queued again, or at its last try kept as a failed document."""
    from corpus.jobs import MAX_TRIES, abandoned, finish, get

    job = get(context.corpus, job_id)
    if job is None or job.state != "running":
        return
    log.warning("job %s: its worker stopped (exit code %s)", job_id, exitcode)
    if job.tries >= MAX_TRIES:
        fail(context, job_id, abandoned(job.tries))
    else:
        finish(context.corpus, job_id, None, failed=True)


def fail(context: AppContext, job_id: int, error: KiemChungError) -> None:
    from corpus.jobs import get
    from service.jobs import fail_job

    job = get(context.corpus, job_id)
    if job is not None:
        fail_job(context, job, error)


class JobWorker:
    """The web server's readers: a supervised worker process (`service.supervisor`, each file within its time
    and memory budget) claiming every queued job until stopped, named in the job table `kind@host:pid`, so a
    restarted server takes back the jobs its previous run left running (`recover_jobs`)."""

    def __init__(
        self, context: AppContext, kind: str = "web", idle_seconds: float = 0.5, processes: int = 1
    ) -> None:
        self.context, self.idle_seconds = context, idle_seconds
        self.pool = WorkerPool(context, processes, None, kind, idle_seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name=f"jobs-{kind}", daemon=True)

    def start(self) -> None:
        from service.jobs import STALE_AFTER, take_back

        if take_back(self.context, STALE_AFTER):
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


def _worker_main(
    settings: dict, batch: str | None, kind: str, idle_seconds: float, spare: Any, lendable: int, gate: Any,
    job: Any, beat: Any,
) -> None:  # fmt: skip
    """A worker process: its OCR threads (and cores lent by the batch's finished workers), jobs until none is
    left (a batch) or for ever (the web server). A gated worker loads the stages first, then waits for the
    batch to open."""
    from corpus.jobs import claim
    from ingest.cores import share
    from service.jobs import run_job

    moved_on = become_worker(beat)
    share(spare if lendable else None, lendable)
    with AppContext(Settings(**settings)) as context:
        name = f"{kind}@{socket.gethostname()}:{os.getpid()}"
        if gate is not None:
            _load_stages()
            gate.wait()
        while True:
            claimed = claim(context.corpus, name, batch)
            if claimed is None:
                if batch is not None:
                    break
                time.sleep(idle_seconds)
                continue
            moved_on()
            job.value = claimed.id
            run_job(context, claimed, refresh=batch is None)
            job.value = 0
        # nothing left to lose: a SIGTERM while the connections close ends the process quietly, not with
        # a traceback from inside the database driver
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _load_stages() -> None:
    """Import what reading, extracting and matching a file needs, before the first file asks for it."""
    import matcher.stage  # noqa: F401
    import service.ingest  # noqa: F401
