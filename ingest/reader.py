"""Reading files into records: sniff, pick the reader, expand archives, and never let one file sink a batch."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ingest.archive import iter_members
from ingest.ocr import OcrEngine, OcrService, TesseractEngine
from ingest.readers import READERS, ReadContext, Source
from ingest.sniff import Kind, sniff
from model.errors import InputError, KiemChungError
from model.records import ReadRecord
from model.settings import Settings

log = logging.getLogger(__name__)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked in name order (hidden files skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p for p in path.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.parts)
                )
            )
        else:
            files.append(path)
    return files


class FileReader:
    """Reads many files at once (one file per core at a time; OCR pages share a pool as wide)."""

    def __init__(
        self,
        settings: Settings,
        engine: OcrEngine | None = None,
        keep_words: bool = False,
        admit: Callable[[str, str, bytes], bool] | None = None,
    ) -> None:
        """`admit(name, sha256, data)` sees every file's bytes before reading (the corpus stores the original
        there) and returns False to skip a file already read."""
        self.settings = settings
        self.admit = admit
        engine = engine or TesseractEngine(settings.ocr_languages)
        self.ocr = OcrService(engine, settings.ocr_threads, settings.ocr_timeout_seconds)
        self.context = ReadContext(settings=settings, ocr=self.ocr, keep_words=keep_words)
        # the same bytes are never read twice in one run: a second copy reuses the first record
        self._done: dict[str, ReadRecord] = {}
        self._pending: dict[str, threading.Event] = {}
        self._done_lock = threading.Lock()

    def __enter__(self) -> FileReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.ocr.close()

    def read_paths(self, paths: Iterable[Path], names: dict[Path, str] | None = None) -> Iterator[ReadRecord]:
        """Records in input order; a ZIP yields one record per member."""
        with ThreadPoolExecutor(max_workers=self.settings.ocr_threads, thread_name_prefix="file") as pool:
            futures: list[Future[list[ReadRecord]]] = [
                pool.submit(self.read_path, path, (names or {}).get(path, str(path))) for path in paths
            ]
            for future in futures:
                yield from future.result()

    def read_path(self, path: Path, name: str) -> list[ReadRecord]:
        try:
            size = path.stat().st_size
            if size > self.settings.max_file_bytes:
                raise InputError("input.too_large", f"{size // (1024 * 1024)} MB")
            data = path.read_bytes()
        except KiemChungError as error:
            return [_failed(name, None, error)]
        except FileNotFoundError:
            return [_failed(name, None, InputError("input.not_found"))]
        except OSError as error:
            return [_failed(name, None, InputError("input.corrupt", f"không mở được tệp: {error.strerror}"))]
        return self.read_bytes(name, data)

    def read_bytes(self, name: str, data: bytes, depth: int = 0) -> list[ReadRecord]:
        sha256 = sha256_of(data)
        kind, description = sniff(data)
        if kind is Kind.zip:
            return self._read_archive(name, data, sha256, depth)
        if self.admit is not None and not self.admit(name, sha256, data):
            return []
        with self._done_lock:
            pending = self._pending.get(sha256)
            first = pending is None
            if first:
                self._pending[sha256] = threading.Event()
        if not first:
            assert pending is not None
            pending.wait()
            return [self._done[sha256].model_copy(update={"file": name})]
        try:
            record = self._read_document(name, data, sha256, kind, description)
            self._done[sha256] = record
        finally:
            self._pending[sha256].set()
        return [record]

    def _read_document(self, name: str, data: bytes, sha256: str, kind: Kind, description: str) -> ReadRecord:
        record = ReadRecord(file=name, sha256=sha256)
        try:
            if kind is Kind.empty:
                raise InputError("input.empty")
            reader = READERS.get(kind)
            if reader is None:
                raise InputError("input.unsupported", description)
            outcome = reader.read(Source(name, data, sha256), self.context)
            record.pages = outcome.pages
            record.signatures = outcome.signatures
            record.draft_marks = outcome.draft_marks
            record.marks = outcome.marks
            for error in outcome.errors:
                record.add_error(error)
            if not any(page.text.strip() for page in record.pages) and not record.errors:
                record.add_error(KiemChungError("ocr.empty"))
        except KiemChungError as error:
            record.add_error(error)
        except Exception as error:  # a reader bug must not sink the batch: record it and go on
            log.exception("unexpected error reading %s", name)
            record.add_error(KiemChungError("read.failed", f"{type(error).__name__}: {error}"[:200]))
        record.settle_status()
        return record

    def _read_archive(self, name: str, data: bytes, sha256: str, depth: int) -> list[ReadRecord]:
        if depth > self.settings.max_archive_depth:
            return [_failed(name, sha256, KiemChungError("archive.too_deep", f"{depth} tầng"))]
        try:
            members = list(iter_members(data, name, self.settings))
        except KiemChungError as error:
            return [_failed(name, sha256, error)]
        if not members:
            return [_failed(name, sha256, InputError("input.empty", "tệp nén không chứa tệp nào"))]
        records: list[ReadRecord] = []
        for member in members:
            if member.error is not None or member.data is None:
                records.append(_failed(member.name, None, member.error or InputError("input.corrupt")))
            else:
                records.extend(self.read_bytes(member.name, member.data, depth + 1))
        return records


def _failed(name: str, sha256: str | None, error: KiemChungError) -> ReadRecord:
    record = ReadRecord(file=name, sha256=sha256)
    record.add_error(error)
    record.settle_status()
    return record
