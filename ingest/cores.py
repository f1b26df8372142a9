"""Cores a batch's finished workers lend to the ones still reading.

A batch's pool is sized once (N processes × their OCR threads ≤ the cores). Files are handed out whole, so at the
end of a batch one long scan can keep one process busy while the others, out of work, have left: their cores
stand idle. A worker that leaves for lack of work gives its threads to a count shared by the pool (the
supervisor adds them when it sees the worker gone); a reader with more pages ready than its own OCR threads
takes a core from that count for one page and gives it back when the page is read. At every moment the pages
being recognised on the machine are no more than the cores the pool was sized for. Outside a batch worker
nothing is lent and the OCR service keeps to its own threads."""

from __future__ import annotations

import threading
from typing import Any

_spare: Any = None  # a multiprocessing.Value("i") shared by the pool's workers, or None
_capacity = 0  # the most this process may ever borrow: the pool's other workers' threads


def share(spare: Any, capacity: int) -> None:
    """Install (or, with None, remove) the pool's shared count of spare cores in this worker process."""
    global _spare, _capacity
    _spare, _capacity = spare, capacity if spare is not None else 0


def lendable() -> int:
    """How many more pages this process may ever recognise at once than its own threads."""
    return _capacity


def borrow() -> bool:
    """Take one spare core for one page, if any is spare now."""
    spare = _spare
    if spare is None:
        return False
    with spare.get_lock():
        if spare.value > 0:
            spare.value -= 1
            return True
    return False


def give_back() -> None:
    spare = _spare
    if spare is not None:
        with spare.get_lock():
            spare.value += 1


class PageSlots:
    """The right to recognise a page: one of the process's own `threads`, else a borrowed core; waits for
    either (polling the shared count, pages take seconds)."""

    def __init__(self, threads: int, poll_seconds: float = 0.05) -> None:
        self._own = threading.BoundedSemaphore(max(1, threads))
        self._poll = poll_seconds

    def acquire(self) -> bool:
        """True: an own slot; False: a borrowed core (give it back with `release(False)`)."""
        while True:
            if self._own.acquire(timeout=self._poll):
                return True
            if borrow():
                return False

    def release(self, own: bool) -> None:
        if own:
            self._own.release()
        else:
            give_back()
