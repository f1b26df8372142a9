"""The ingest job: read, extract (and match) each file, keep its original and its record in the corpus.

Files already read by the same versions are skipped by content hash before any reading, so a run stopped at any
point (Ctrl-C, kill -9, a cancel button) is finished by running it again, reading nothing twice."""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.records import ReadRecord
from service.context import AppContext
from service.documents import filed_name, relative_names
from service.pipeline import process_paths, stages_for
from service.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress


@dataclass
class IngestSummary:
    """What one ingest did, per file outcome, with the failures and the flags by code."""

    unit: str
    year: int
    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    records: int = 0
    pages: int = 0
    ocr_pages: int = 0
    flags: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, str]] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.records + self.skipped

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit, "year": self.year, "files": self.files, "created": self.created,
            "updated": self.updated, "unchanged": self.unchanged, "skipped": self.skipped, "pages": self.pages,
            "ocr_pages": self.ocr_pages, "flags": dict(sorted(self.flags.items())), "failures": self.failures,
        }  # fmt: skip

    def count(self, record: ReadRecord) -> None:
        self.records += 1
        self.pages += len(record.pages)
        self.ocr_pages += sum(1 for page in record.pages if page.source == "ocr")
        self.flags.update(flag.code for flag in getattr(record, "flags", []))
        if record.errors:
            reasons = "; ".join(f"{error.code}: {error.message}" for error in record.errors)
            self.failures.append({"file": record.file, "status": record.status, "errors": reasons})


def ingest_paths(
    context: AppContext,
    paths: list[Path],
    unit: str,
    year: int,
    framework_id: str | None,
    actor: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    on_record: Any = None,
) -> IngestSummary:
    """Files, folders or ZIPs of one unit-year into the corpus, filed under names relative to the folder
    given; `actor` is who asked (the audit log's user). `on_record` sees each record read."""
    files, names = relative_names(paths)
    return _ingest(context, files, names, unit, year, framework_id, actor, progress, cancel, on_record)


def ingest_bytes(
    context: AppContext,
    uploads: list[tuple[str, bytes]],
    unit: str,
    year: int,
    framework_id: str | None,
    actor: str,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    refresh: bool = True,
) -> IngestSummary:
    """Uploaded files (name, bytes), as the web UI receives them, into the corpus under their own names;
    `refresh` False leaves rebuilding the unit-year's matrix to the caller (a batch does it once per unit)."""
    with tempfile.TemporaryDirectory(prefix="kiemchung-upload-") as folder:
        files, names = [], {}
        for index, (name, data) in enumerate(uploads):
            path = Path(folder) / f"{index:05d}"
            path.write_bytes(data)
            files.append(path)
            names[path] = filed_name(name, index)
        return _ingest(
            context, files, names, unit, year, framework_id, actor, progress, cancel, None, refresh
        )


def _ingest(
    context: AppContext,
    files: list[Path],
    names: dict[Path, str],
    unit: str,
    year: int,
    framework_id: str | None,
    actor: str,
    progress: ProgressCallback,
    cancel: CancelToken | None,
    on_record: Any,
    refresh: bool = True,
) -> IngestSummary:
    from corpus.versions import Versions
    from extract.extractor import EXTRACTOR_VERSION

    stages = stages_for(context.settings, framework_id, year)
    corpus = context.corpus
    versions = Versions(extractor=EXTRACTOR_VERSION, framework_id=framework_id)
    submission_id = corpus.submission(unit, year, framework_id)
    done = corpus.current_hashes(submission_id, versions)
    summary = IngestSummary(unit=unit, year=year, files=len(files))
    sizes: dict[str, int] = {}

    def admit(name: str, sha256: str, data: bytes) -> bool:
        if sha256 in done:
            summary.skipped += 1
            return False
        corpus.store.put(data, sha256)
        sizes[sha256] = len(data)
        return True

    settings = context.settings
    for record in process_paths(files, settings, stages, keep_words=True, names=names, admit=admit):
        summary.count(record)
        if record.sha256 is not None and record.sha256 in sizes:
            outcome = corpus.save(submission_id, record, sizes[record.sha256], versions, actor)
            setattr(summary, outcome.value, getattr(summary, outcome.value) + 1)
        if on_record is not None:
            on_record(record)
        progress(ProgressEvent(summary.handled, max(len(files), summary.handled), record.file))
        if cancel is not None:
            cancel.raise_if_cancelled()
    progress(ProgressEvent(summary.handled, summary.handled, ""))
    if framework_id is not None and refresh:
        from service.flags import refresh_flags  # the unit-year's own findings follow its documents

        refresh_flags(context, unit, year, framework_id)
    return summary
