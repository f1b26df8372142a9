"""What every command shares: the consoles, the error edge, progress on stderr, the acting user.

Errors become output here, once: a `KiemChungError` prints its Vietnamese message and ends the command with
the exit code its class names; Ctrl-C ends it with 130 after saying that what was saved is whole."""

from __future__ import annotations

import functools
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from model.errors import ExitCode, KiemChungError
from service.context import AppContext
from service.progress import ProgressEvent

console = Console()
err_console = Console(stderr=True)
P = ParamSpec("P")
R = TypeVar("R")


class FailOn(StrEnum):
    error = "error"
    warning = "warning"

    def severities(self) -> set[str]:
        return {"error"} if self is FailOn.error else {"error", "warning"}


def edge(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command: errors a user can act on become their message and exit code, never a traceback."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except KiemChungError as error:
            err_console.print(f"[red]{error.message}[/red]", highlight=False)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            err_console.print("Đã dừng: mọi văn bản đã lưu đều đầy đủ; chạy lại đúng lệnh này để làm tiếp.")
            raise typer.Exit(int(ExitCode.interrupted)) from None

    return run


def app_context() -> AppContext:
    return AppContext()


def unix_actor() -> str:
    """Who runs a CLI command: the login (the web UI passes its signed-in user instead)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "kiemchung"


def write_line(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


@contextmanager
def progress_bar(description: str, quiet: bool = False) -> Iterator[Callable[[ProgressEvent], None]]:
    """A progress callback drawing a bar on stderr (stdout stays clean for JSON), only for a person at a
    terminal; the bar appears once the work has run a moment."""
    show = not quiet and err_console.is_terminal
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("còn"), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=err_console, disable=not show, transient=True) as progress:
        task = progress.add_task(description, total=None)

        def update(event: ProgressEvent) -> None:
            progress.update(task, completed=event.done, total=event.total)

        yield update
