"""Errors nobody planned for, said in one Vietnamese line: the front ends' last resort.

A bug in a reader, a disk that fills up during a write the code did not guard, a database that drops the
connection: each still ends as a `KiemChungError` with a code (the traceback is for `-v` and the log), and
a password in a database message is masked before anyone sees it.
"""

from __future__ import annotations

import errno
import signal
import types

from model.errors import DatabaseError, KiemChungError, StoreError, os_reason

# the operating system's refusals that mean "the disk", whichever file it was
_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
_DISK_MESSAGES = ("database or disk is full", "readonly database", "disk i/o error")


class Terminated(SystemExit):
    """SIGTERM (a service manager, `kill`): unwinds like Ctrl-C, so `finally` blocks and temporary folders
    are cleaned up, then the process ends with 128 + 15."""

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)


def _raise_terminated(signum: int, frame: types.FrameType | None) -> None:
    raise Terminated()


def exit_on_sigterm() -> None:
    """Install the SIGTERM handler in this process (the CLI, and each batch worker in its own)."""
    signal.signal(signal.SIGTERM, _raise_terminated)


def user_error(error: BaseException) -> KiemChungError:
    """The coded error an unexpected exception is shown as."""
    from sqlalchemy.exc import DBAPIError

    from corpus.db import mask_passwords

    text = mask_passwords(" ".join(str(error).split()))[:300]
    if isinstance(error, OSError) and error.errno in _DISK_ERRNOS:
        return StoreError("storage.unwritable", f"{error.filename or ''}: {os_reason(error)}".lstrip(": "))
    if isinstance(error, DBAPIError):
        if any(marker in text.lower() for marker in _DISK_MESSAGES):
            return StoreError("storage.unwritable", f"cơ sở dữ liệu: {text}")
        return DatabaseError("database.unavailable", text, stage="corpus")
    return KiemChungError(
        "internal.error", f"{type(error).__name__}: {text}" if text else type(error).__name__
    )
