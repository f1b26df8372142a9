"""Progress and cancellation for long operations, without any output: a front end draws them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from model.errors import Cancelled


@dataclass(frozen=True)
class ProgressEvent:
    """After each file: how many are done of how many (the total grows when an archive opens), and the file."""

    done: int
    total: int
    file: str


ProgressCallback = Callable[[ProgressEvent], None]


def no_progress(event: ProgressEvent) -> None:
    """The default callback: nobody is watching."""


class CancelToken:
    """Set by a front end (Ctrl-C, a cancel button, a worker shutting down); checked between documents, so
    every document saved before it is whole."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self.cancelled:
            raise Cancelled("operation.cancelled", stage="service")
