"""The per-file budgets for the commands that read without the job table (`read`, `extract`, `match`, `check`
of a folder): files are read in child processes watched from here, as the batch's workers are
(`service.supervisor`).

A reader cannot be interrupted from inside (a PDF whose references loop keeps pdfminer busy for ever, a bomb
fills memory), so a file that goes `read_seconds_per_page` without finishing a page, or whose reader grows past
`worker_memory_mb`, has its child killed and comes back as a failed record with its coded error; a fresh child
reads the next file. Children are started once per command (as many as files read at once, the OCR threads
shared among them) and kept between files; records come back in the order of the paths."""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import Any

from model.errors import KiemChungError
from model.records import ReadRecord
from model.settings import Settings
from service.processes import Slot, become_worker, kill_group, over_budget, spawn_slot

log = logging.getLogger(__name__)
LOOK_SECONDS = 0.1


@dataclass
class _Child:
    slot: Slot
    connection: Connection
    reading: tuple[int, Path, str] | None = None  # (position among the paths, path, name)


class GuardedReader:
    """`FileReader.read_paths` one process down, each file within its budget."""

    def __init__(self, settings: Settings, keep_words: bool = False) -> None:
        self.settings, self.keep_words = settings, keep_words
        self._children: list[_Child | None] = []

    def __enter__(self) -> GuardedReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def read_paths(self, paths: Iterable[Path], names: dict[Path, str] | None = None) -> Iterator[ReadRecord]:
        """Records in input order; a ZIP yields one record per member."""
        waiting = [
            (position, path, (names or {}).get(path, str(path))) for position, path in enumerate(paths)
        ]
        waiting.reverse()  # popped from the end: first path first
        size = max(1, min(self.settings.ocr_threads, len(waiting)))
        self._children = [None] * size
        threads = max(1, self.settings.ocr_threads // size)
        got: dict[int, list[ReadRecord]] = {}  # records come back one by one (an archive's members as read)
        finished: set[int] = set()
        next_out, total = 0, len(waiting)
        while next_out < total:
            for index in range(size):
                child = self._children[index]
                if waiting and (child is None or child.reading is None):
                    self._hand(index, waiting.pop(), threads)
            self._wait()
            for index in range(size):
                self._look(index, got, finished)
            while next_out < total:
                yield from got.pop(next_out, [])
                if next_out not in finished:
                    break
                finished.remove(next_out)
                next_out += 1

    def close(self) -> None:
        for child in self._children:
            if child is None:
                continue
            if child.reading is not None and child.slot.process.is_alive():
                child.slot.process.terminate()  # stopped mid-file: it unwinds, its temporary folders go
            child.connection.close()  # an idle child's recv ends: it leaves on its own
            child.slot.process.join(5)
            kill_group(child.slot.process)
        self._children = []

    def _hand(self, index: int, item: tuple[int, Path, str], threads: int) -> None:
        child = self._children[index]
        if child is None or not child.slot.process.is_alive():
            ours, theirs = multiprocessing.get_context("spawn").Pipe()
            settings = {**self.settings.model_dump(mode="json"), "ocr_threads": threads}
            level = logging.getLogger().getEffectiveLevel()
            child = _Child(spawn_slot(_reader_main, settings, self.keep_words, level, theirs), ours)
            self._children[index] = child
        child.connection.send((str(item[1]), item[2]))
        child.reading = item

    def _wait(self) -> None:
        busy = [child for child in self._children if child is not None and child.reading is not None]
        waitables: list[Any] = [child.connection for child in busy] + [
            child.slot.process.sentinel for child in busy
        ]
        multiprocessing.connection.wait(waitables, LOOK_SECONDS)

    def _look(self, index: int, got: dict[int, list[ReadRecord]], finished: set[int]) -> None:
        """The child's records so far, and whether its file is finished, its reader gone, or over its budget
        (the members of an archive read before that keep their records)."""
        child = self._children[index]
        if child is None or child.reading is None:
            return
        position, path, name = child.reading
        while child.connection.poll():
            try:
                record = child.connection.recv()
            except (EOFError, OSError):  # the child is gone mid-file: told below, once its exit is seen
                break
            if record is None:  # the file's last record was sent
                finished.add(position)
                child.reading = None
                return
            got.setdefault(position, []).append(record)
        error = None
        if not child.slot.process.is_alive():
            error = KiemChungError("read.failed", f"tiến trình đọc dừng (mã {child.slot.process.exitcode})")
        else:
            error = over_budget(child.slot, self.settings)
        if error is not None:
            log.warning("%s stopped: %s", name, error.code)
            kill_group(child.slot.process)
            self._children[index] = None
            got.setdefault(position, []).append(_failed(path, name, error))
            finished.add(position)


def _failed(path: Path, name: str, error: KiemChungError) -> ReadRecord:
    """The record of a file its reader could not finish, with the hash of its bytes when they can be read."""
    from ingest.reader import sha256_of

    try:
        sha256: str | None = sha256_of(path.read_bytes())
    except OSError:
        sha256 = None
    return ReadRecord.failed(name, sha256, error)


def _reader_main(
    settings: dict, keep_words: bool, level: int, connection: Connection, job: Any, beat: Any
) -> None:  # fmt: skip
    """The reader child: the files it is handed, one at a time, each answered with its records one by one and
    then None; it logs as the command does (one line, the traceback with -v)."""
    from ingest import FileReader

    logging.basicConfig(level=level, format="%(message)s")
    moved_on = become_worker(beat)
    with FileReader(Settings(**settings), keep_words=keep_words) as reader:
        while True:
            try:
                path, name = connection.recv()
            except (EOFError, OSError):  # the command is done (or gone)
                return
            moved_on()
            job.value = 1
            try:
                for record in reader.read_paths([Path(path)], {Path(path): name}):
                    connection.send(record)  # each let go once sent: an archive's members are not all held
                job.value = 0
                connection.send(None)  # the file is done
            except OSError:  # the command stopped waiting (Ctrl-C, SIGTERM): nothing left to answer
                return
