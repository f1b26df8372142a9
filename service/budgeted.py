"""The per-file budgets for a Celery worker: its task hands each file to a reader child process it keeps
between files and watches, as the local pool watches its workers (`service.supervisor`).

A Celery task cannot be interrupted from inside any more than a batch worker can (a PDF whose references loop
keeps pdfminer busy for ever, a bomb fills memory), and Celery's own time limits are per task, which would cut
off a long scan that keeps moving: so the reading happens one process down, and a file over its budget is
kept as a failed document while the Celery worker goes on with the next message."""

from __future__ import annotations

import logging
import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from model.settings import Settings
from service.context import AppContext
from service.processes import Slot, become_worker, kill_group, over_budget, spawn_slot
from service.supervisor import fail, retry_or_fail

log = logging.getLogger(__name__)


class BudgetedRunner:
    """One reader child, started on the first file and again after one is stopped."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._slot: Slot | None = None
        self._connection: Connection | None = None

    def run(self, context: AppContext, job_id: int, refresh: bool, worker: str) -> None:
        """Read the claimed job `job_id` in the child; returns when it is finished, failed or stopped."""
        slot, connection = self._ensure()
        connection.send((job_id, refresh, worker))
        while not connection.poll(0.2):
            if not slot.process.is_alive():
                retry_or_fail(context, job_id, slot.process.exitcode)
                self._slot = None
                return
            error = over_budget(slot, self.settings)
            if error is not None and int(slot.job.value) == job_id:
                kill_group(slot.process)
                log.warning("job %s stopped: %s", job_id, error.code)
                fail(context, job_id, error)
                self._slot = None
                return
        connection.recv()

    def close(self) -> None:
        if self._slot is not None:
            kill_group(self._slot.process)
            self._slot = None

    def _ensure(self) -> tuple[Slot, Connection]:
        if self._slot is None or not self._slot.process.is_alive() or self._connection is None:
            ours, theirs = multiprocessing.get_context("spawn").Pipe()
            self._slot = spawn_slot(_reader_main, self.settings.model_dump(mode="json"), theirs)
            self._connection = ours
        return self._slot, self._connection


def _reader_main(settings: dict, connection: Connection, job: Any, beat: Any) -> None:
    """The reader child: the jobs it is handed, one at a time, each answered when done."""
    from corpus.jobs import get
    from service.jobs import run_job

    moved_on = become_worker(beat)
    with AppContext(Settings(**{**settings, "ocr_threads": 1})) as context:
        while True:
            try:
                job_id, refresh, worker = connection.recv()
            except EOFError:  # the Celery worker is gone
                return
            moved_on()
            job.value = job_id
            claimed = get(context.corpus, job_id)
            if claimed is not None:
                run_job(context, claimed, refresh=refresh, worker=worker)
            job.value = 0
            connection.send("done")
