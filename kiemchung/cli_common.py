"""What every command shares: the consoles, the error edge, progress on stderr, the acting user.

Errors become output here, once: a `KiemChungError` prints its Vietnamese message and ends the command with
the exit code its class names; Ctrl-C ends it with 130 after saying that what was saved is whole; SIGTERM
unwinds the same way (temporary folders removed) and ends with 143; anything else (a bug) is one coded line,
its traceback shown only with -v. Text that came from a file (names, page text, messages quoting them) goes
through `terminal_text` first: an escape sequence in a ZIP member's name must not drive the terminal."""

from __future__ import annotations

import functools
import getpass
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
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
from service.failures import Terminated, user_error
from service.progress import ProgressEvent

console = Console()
err_console = Console(stderr=True)
P = ParamSpec("P")
R = TypeVar("R")
# C0 and C1 controls (ESC, BEL, CR, DEL...) and the bidirectional overrides that reorder what is shown
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_state = {"verbose": False}


def set_verbose(verbose: bool) -> None:
    _state["verbose"] = verbose


def terminal_text(text: str, lines: bool = False) -> str:
    """`text` safe to print: control characters shown as `\\x1b`, `\\u202e` (new lines kept when `lines`)."""
    pattern = _KEEP_LINES if lines else _UNSAFE
    return pattern.sub(
        lambda hit: f"\\x{ord(hit[0]):02x}" if ord(hit[0]) < 256 else f"\\u{ord(hit[0]):04x}", text
    )


def shown(text: object) -> str:
    """Text from a file placed in Rich markup: controls made visible and `[` escaped."""
    return escape(terminal_text(str(text)))


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
            _fail(error)
        except KeyboardInterrupt:
            err_console.print("Đã dừng: mọi văn bản đã lưu đều đầy đủ; chạy lại đúng lệnh này để làm tiếp.")
            raise typer.Exit(int(ExitCode.interrupted)) from None
        except Terminated as stop:
            err_console.print("Đã dừng (SIGTERM): mọi văn bản đã lưu đều đầy đủ; chạy lại lệnh để làm tiếp.")
            raise typer.Exit(int(stop.code or 1)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:  # a bug, or a failure nobody guarded: one coded line, the detail with -v
            if _state["verbose"]:
                err_console.print(terminal_text("".join(traceback.format_exception(error)), lines=True),
                                  markup=False, highlight=False)  # fmt: skip
            _fail(user_error(error))

    return run


def _fail(error: KiemChungError) -> NoReturn:
    err_console.print(f"[red]{shown(error.message)}[/red] [dim]({error.code})[/dim]", highlight=False)
    raise typer.Exit(int(error.exit_code)) from None


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
def progress_bar(description: str) -> Iterator[Callable[[ProgressEvent], None]]:
    """A progress callback drawing a bar on stderr, only for a person at a terminal. What a command prints
    while the bar is drawn goes above the bar only when stdout is that terminal too: stdout sent to a file or
    a pipe (`--json > out.jsonl`, `| jq`) keeps every byte, never taken into the bar's stderr."""
    show = err_console.is_terminal
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("còn"), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=err_console, disable=not show, transient=True,
                  redirect_stdout=console.is_terminal) as progress:  # fmt: skip
        task = progress.add_task(description, total=None)

        def update(event: ProgressEvent) -> None:
            progress.update(task, completed=event.done, total=event.total)

        yield update
