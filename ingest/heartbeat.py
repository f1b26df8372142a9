"""A beat each time reading moves on (a page read, a page recognised), for whoever watches a reader's budget.

The batch's supervisor gives every file a time budget per page, not per file, so a 2,000-page scan is never cut
off while one stuck page is: it needs to hear from the reader as pages finish. Readers call `beat()`; a worker
process installs the listener. Outside a worker nothing listens and a beat costs one function call."""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[], None] | None = None


def listen(listener: Callable[[], None] | None) -> None:
    """Install (or, with None, remove) the one listener of this process."""
    global _listener
    _listener = listener


def beat() -> None:
    if _listener is not None:
        _listener()
