"""Watched processes: the primitives the batch's workers (`service.supervisor`), a Celery worker's reader child
(`service.budgeted`) and the commands' reader children (`service.guarded`) share — a child in its own process
group that dies with its parent, beats as its reading moves on, and is judged against the per-file budgets from
outside. Nothing here knows the job table."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from typing import Any

from model.errors import InputError, KiemChungError
from model.settings import Settings


@dataclass
class Slot:
    """One worker process and the two numbers it shares with the supervisor: the job it is reading (0: none)
    and when reading last moved on (`time.monotonic()`, one clock for every process of the machine)."""

    process: multiprocessing.process.BaseProcess
    job: Synchronized
    beat: Synchronized


def spawn_slot(target: Any, *args: Any) -> Slot:
    """A worker process running `target(*args, job, beat)`, in its own process group, watched through `Slot`."""
    spawner = multiprocessing.get_context("spawn")
    job = spawner.Value("q", 0, lock=False)
    beat = spawner.Value("d", time.monotonic(), lock=False)
    process = spawner.Process(target=target, args=(*args, job, beat), daemon=True)
    process.start()
    return Slot(process, job, beat)


def over_budget(slot: Slot, settings: Settings) -> KiemChungError | None:
    """The error of the file a worker reads when it went a page's budget without moving on, or holds more
    memory than a worker may."""
    stalled = time.monotonic() - float(slot.beat.value)
    if stalled > settings.read_seconds_per_page:
        return KiemChungError(
            "read.timeout", f"không đọc xong trang nào sau {settings.read_seconds_per_page:g} giây"
        )
    if resident_bytes(slot.process.pid) > settings.worker_memory_mb * 1024 * 1024:
        return InputError("input.too_large", f"cần hơn {settings.worker_memory_mb} MB bộ nhớ để đọc")
    return None


def kill_group(process: multiprocessing.process.BaseProcess) -> None:
    """The worker and what it started (a Tesseract or LibreOffice still running would outlive it)."""
    if process.pid is not None:
        with contextlib.suppress(OSError):  # already gone, group and all
            os.killpg(process.pid, signal.SIGKILL)
    process.join()


def resident_bytes(pid: int | None) -> int:
    """The process's resident memory (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def become_worker(beat: Any) -> Callable[[], None]:
    """Set up a worker process: its own process group (the supervisor stops it with what it started), dead
    with its parent, Ctrl-C left to the parent, SIGTERM unwinding (temporary folders go), and every page read
    beating on `beat`; returns the beat."""
    from ingest.heartbeat import listen
    from service.failures import exit_on_sigterm

    os.setpgid(0, 0)
    _die_with_parent()
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it died while this one was starting: no orphans
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_on_sigterm()

    def moved_on() -> None:
        beat.value = time.monotonic()

    listen(moved_on)
    return moved_on


def _die_with_parent() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: a killed batch leaves no worker
    except (OSError, AttributeError):
        pass
