"""The archive: search it, and move a unit-year between corpora (export, import)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from model.errors import UsageError
from service.context import AppContext
from service.progress import ProgressCallback, ProgressEvent, no_progress

if TYPE_CHECKING:
    from corpus.search import SearchFilters, SearchResponse


def search(context: AppContext, query: str, filters: SearchFilters | None = None) -> SearchResponse:
    """Documents by words (with or without diacritics), phrases or numbers, best first, with filters. A query
    typed without a single word or number in it (`"`, `*`, an emoji) is a usage error that says so, rather than
    an empty list the user cannot tell from "nothing found"."""
    from corpus.query import parse_query
    from corpus.search import search as run_search

    if query.strip() and not parse_query(query).searchable:
        raise UsageError("search.no_words", repr(query), stage="service")

    with context.corpus.engine.connect() as connection:
        return run_search(connection, query, filters)


def export_submission(
    context: AppContext,
    unit: str,
    year: int,
    target: Path,
    force: bool = False,
    progress: ProgressCallback = no_progress,
) -> int:
    """One unit-year (originals, records, matches, flags, decisions, history) as one ZIP; the number of
    documents written, `progress` after each original. The target's folder must exist before any work is
    done, and a file already there is replaced only when asked (`force`): an export is often the only copy of
    a unit's evidence."""
    from corpus.transfer import export_submission as write_export

    check_output_path(target)
    if target.exists() and not force:
        raise UsageError("output.exists", str(target), stage="service")
    return write_export(context.corpus, unit, year, target, _ticks(progress, target))


def import_submission(
    context: AppContext, source: Path, actor: str, progress: ProgressCallback = no_progress
) -> tuple[str, int, int, int]:
    """A unit-year written by export: (unit, year, documents added, documents already there); `progress`
    after each original checked, then stored. An archive that is not there is a path to check, not a file
    that is "not an export"."""
    from corpus.transfer import import_submission as read_export

    if not source.is_file():
        raise UsageError("usage.no_input", str(source), stage="service")
    return read_export(context.corpus, source, actor, _ticks(progress, source))


def _ticks(progress: ProgressCallback, archive: Path) -> Callable[[int, int], None]:
    return lambda done, total: progress(ProgressEvent(done, total, archive.name))


def check_output_path(target: Path) -> None:
    """An output file must go to an existing, writable folder: said before the work, not after it."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError("output.unwritable", f"{target}: thư mục {folder} không tồn tại", stage="service")
    if target.is_dir():
        raise UsageError("output.unwritable", f"{target} là một thư mục", stage="service")
    if not os.access(folder, os.W_OK):
        raise UsageError("output.unwritable", f"{target}: không có quyền ghi vào {folder}", stage="service")
