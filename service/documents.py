"""Per-file operations (`read`, `extract`, `match`): each file through the pipeline, one record at a time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from model.errors import UsageError
from model.records import ExtractRecord, ReadRecord
from model.settings import Settings
from service.context import AppContext
from service.pipeline import STAGES, Stage, match_stage, process_paths, through_stages
from service.progress import ProgressCallback, ProgressEvent, no_progress


def expand_inputs(paths: list[Path]) -> list[Path]:
    """The files under the paths given (folders walked); none at all is a usage error."""
    from ingest.reader import expand_paths

    files = expand_paths(paths)
    if not files:
        raise UsageError("usage.no_input", ", ".join(str(path) for path in paths), stage="service")
    return files


def require_paths(paths: list[Path]) -> None:
    """Every path given must exist: what is filed into a unit-year is said before any work, and a path typed
    wrong is never counted as a file "already there"."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError("usage.no_input", ", ".join(missing), stage="service")


def filed_name(name: str, index: int = 0) -> str:
    """The name a file is filed under, from the name it came with: a path relative to the folder given
    (`bo-sung/bao-cao.pdf`), kept so, or a browser's file name; `\\` read as `/`, and a root, a drive, `.` and
    `..` dropped (`C:\\hoso\\a.pdf` -> `hoso/a.pdf`). Nothing left: `tep-N`, N counted from 1."""
    parts = [part for part in name.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    if parts and len(parts[0]) == 2 and parts[0][1] == ":":  # a Windows drive
        parts = parts[1:]
    return "/".join(parts) or f"tep-{index + 1}"


def filing_order(name: str) -> tuple[str, ...]:
    """Where a filed name stands among a unit's files: folders walked in name order, an archive's members
    after the archive (`bo-sung/a.pdf`, `ho-so.zip!thu-muc/b.docx`), however the files were read or stored."""
    return tuple(re.split(r"[/!]", name))


def relative_names(paths: list[Path]) -> tuple[list[Path], dict[Path, str]]:
    """Files under the paths (every one must exist) and the names they are filed under: relative to the
    folder given, or the file's own name. With `filed_name` the one rule for naming a unit's files (ingest,
    check, the batch and its jobs, the web upload)."""
    from ingest.reader import expand_paths

    require_paths(paths)
    files: list[Path] = []
    names: dict[Path, str] = {}
    for path in paths:
        found = expand_paths([path])
        for file in found:
            names[file] = filed_name(file.relative_to(path).as_posix() if path.is_dir() else file.name)
        files.extend(found)
    if not files:
        raise UsageError("usage.no_input", ", ".join(str(path) for path in paths), stage="service")
    return files, names


def run_paths(
    context: AppContext,
    paths: list[Path],
    stages: list[Stage],
    keep_words: bool = False,
    names: dict[Path, str] | None = None,
    progress: ProgressCallback = no_progress,
) -> Iterator[ReadRecord]:
    """Each file under the paths through reading and the stages, as it is done; `progress` hears how many
    files there are before the first is read (a long first scan shows 0 of N, not an unknown total)."""
    files = expand_inputs(paths)
    progress(ProgressEvent(0, len(files), ""))
    if context.settings.guarded_reads:
        records = _guarded(files, context.settings, stages, keep_words, names)
    else:
        records = process_paths(files, context.settings, stages, keep_words=keep_words, names=names)
    for done, record in enumerate(records, start=1):
        progress(ProgressEvent(done, max(done, len(files)), record.file))
        yield record


def _guarded(
    files: list[Path],
    settings: Settings,
    stages: list[Stage],
    keep_words: bool,
    names: dict[Path, str] | None,
) -> Iterator[ReadRecord]:
    """Each file read within its budget in a watched child process (service.guarded), then the stages here."""
    from service.guarded import GuardedReader

    with GuardedReader(settings, keep_words) as reader:
        yield from through_stages(reader.read_paths(files, names), stages)


def read_paths(
    context: AppContext, paths: list[Path], words: bool = False, progress: ProgressCallback = no_progress
) -> Iterator[ReadRecord]:
    """Pages of text of each file (`kiemchung read`)."""
    return run_paths(context, paths, [], keep_words=words, progress=progress)


def extract_paths(
    context: AppContext, paths: list[Path], progress: ProgressCallback = no_progress
) -> Iterator[ExtractRecord]:
    """Each document's metadata with its evidence and flags (`kiemchung extract`). Word confidences tell a
    handwritten number from a printed one, so OCR words are kept for extraction; a file whose extraction
    failed comes as an extract record with nothing found and its error, like every other file."""
    for record in run_paths(context, paths, list(STAGES), keep_words=True, progress=progress):
        yield record if isinstance(record, ExtractRecord) else ExtractRecord(**record.model_dump())


def match_paths(
    context: AppContext,
    paths: list[Path],
    framework_id: str,
    year: int | None,
    progress: ProgressCallback = no_progress,
) -> Iterator[ReadRecord]:
    """Each document's criteria, best first, with reasons (`kiemchung match`); the framework is loaded first,
    so an unknown one fails before any file is read."""
    stage = match_stage(context.settings, framework_id, year)
    return run_paths(context, paths, [*STAGES, stage], keep_words=True, progress=progress)


def nothing_found(records: list[ReadRecord]) -> bool:
    """No input existed at all (DESIGN.md: exit 2)."""
    return bool(records) and all(any(e.code == "input.not_found" for e in r.errors) for r in records)
