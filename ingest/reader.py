"""Reading files into records: sniff, pick the reader, expand archives, and never let one file sink a batch."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ingest.archive import iter_members
from ingest.heartbeat import beat
from ingest.ocr import OcrEngine, OcrService, TesseractEngine
from ingest.readers import READERS, ReadContext, Source
from ingest.readers.base import grouped
from ingest.sniff import ZIP_MAGIC, Kind, sniff
from model.errors import InputError, KiemChungError
from model.records import Page, ReadRecord, TextSource
from model.settings import Settings

log = logging.getLogger(__name__)
DONE_KEPT = 64
READ_AHEAD = 16
# the inflated archive members waiting to be read are held to this many bytes, beyond the one read now
HELD_AHEAD = 16 * 1024 * 1024
# a member this large (a text file of megabytes, never a page's scan) is read alone: its text, decoded and
# checked, takes many times its bytes (a batch worker reading a ZIP of 100 × 10 MiB: 872 MB side by side, 843 alone)
READ_ALONE = 8 * 1024 * 1024


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked in name order (hidden files and folders inside them skipped; the folder
    given may itself be reached through `..` or a hidden folder)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not any(x.startswith(".") for x in p.relative_to(path).parts)
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
        # the same bytes are not read twice in one run: a copy reuses the record of the first, while it is among
        # the DONE_KEPT read last (a worker or a reader child lives for a whole province: keeping every record
        # would grow its memory with every file it reads, into its budget)
        self._done: OrderedDict[str, ReadRecord] = OrderedDict()
        self._pending: dict[str, threading.Event] = {}
        self._done_lock = threading.Lock()

    def __enter__(self) -> FileReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.ocr.close()

    def read_paths(self, paths: Iterable[Path], names: dict[Path, str] | None = None) -> Iterator[ReadRecord]:
        """Records in input order; a ZIP yields one record per member. At most READ_AHEAD files or archive
        members (at least four per thread) are read ahead of the one yielded, and each is let go once yielded:
        a folder of thousands of files, or an archive of a hundred large ones, is not held in memory until its
        last is read, and an archive's members are read side by side as a folder's files are."""
        names = names or {}
        ahead = max(READ_AHEAD, 4 * self.settings.ocr_threads)
        with ThreadPoolExecutor(max_workers=self.settings.ocr_threads, thread_name_prefix="file") as pool:
            reading: deque[tuple[Future[list[ReadRecord]], int]] = deque()
            held = 0  # bytes of inflated members waiting in the window (a file's are read when its job runs)
            for job in self._jobs(paths, names):
                alone = job.held >= READ_ALONE
                while reading and alone:  # a large member is read with nothing beside it
                    yield from reading.popleft()[0].result()
                    held = 0
                reading.append((pool.submit(job.run), job.held))
                held += job.held
                while reading and (alone or len(reading) >= ahead or held > HELD_AHEAD):
                    future, size = reading.popleft()
                    held -= size
                    yield from future.result()
            while reading:
                yield from reading.popleft()[0].result()

    def _jobs(self, paths: Iterable[Path], names: dict[Path, str]) -> Iterator[_Job]:
        """One job per file, or per member of a file that is a ZIP (opened here, its members inflated one at a
        time as the window asks for the next)."""
        for path in paths:
            name = names.get(path, str(path))
            data = _archive_bytes(path, self.settings.max_file_bytes)
            if data is None:
                yield _Job(partial(self.read_path, path, name))
            else:
                yield from self._archive_jobs(name, data, sha256_of(data), 0)

    def read_path(self, path: Path, name: str) -> list[ReadRecord]:
        try:
            size = path.stat().st_size
            if size > self.settings.max_file_bytes:
                raise InputError("input.too_large", f"{size // (1024 * 1024)} MB")
            data = path.read_bytes()
        except KiemChungError as error:
            return [ReadRecord.failed(name, None, error)]
        except FileNotFoundError:
            return [ReadRecord.failed(name, None, InputError("input.not_found"))]
        except OSError as error:
            return [
                ReadRecord.failed(
                    name, None, InputError("input.corrupt", f"không mở được tệp: {error.strerror}")
                )
            ]
        return self.read_bytes(name, data)

    def read_bytes(self, name: str, data: bytes, depth: int = 0) -> list[ReadRecord]:
        sha256 = sha256_of(data)
        kind, description = sniff(data)
        if kind is Kind.zip:
            return self._read_archive(name, data, sha256, depth)
        if self.admit is not None and not self.admit(name, sha256, data):
            return []
        with self._done_lock:
            earlier = self._done.get(sha256)
            pending = None if earlier is not None else self._pending.get(sha256)
            first = earlier is None and pending is None
            if first:
                self._pending[sha256] = threading.Event()
        if pending is not None:  # a copy being read right now by another thread: its record, once done
            pending.wait()
            with self._done_lock:
                earlier = self._done.get(sha256)
            if earlier is None:  # let go already (DONE_KEPT): read again, on its own
                return [self._read_document(name, data, sha256, kind, description)]
        if earlier is not None:
            return [earlier.model_copy(update={"file": name})]
        try:
            record = self._read_document(name, data, sha256, kind, description)
            self._keep(sha256, record)
        finally:
            with self._done_lock:
                self._pending.pop(sha256).set()
        return [record]

    def _keep(self, sha256: str, record: ReadRecord) -> None:
        """The record kept for a copy of its bytes, the oldest let go beyond DONE_KEPT."""
        with self._done_lock:
            self._done[sha256] = record
            self._done.move_to_end(sha256)
            while len(self._done) > DONE_KEPT:
                self._done.popitem(last=False)

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
            if not any(error.code == "text.truncated" for error in outcome.errors):
                cut = cap_text(record.pages, self.settings.max_page_chars, self.settings.max_text_chars)
                if cut is not None:
                    record.add_error(cut)
            if not any(page.text.strip() for page in record.pages) and not record.errors:
                record.add_error(KiemChungError("ocr.empty"))
        except KiemChungError as error:
            record.add_error(error)
        except Exception as error:  # a reader bug must not sink the batch: record it and go on
            log.error("unexpected error reading %s: %s: %s", name, type(error).__name__, error)
            log.info("traceback of the error reading %s", name, exc_info=True)  # shown with -v (INFO)
            record.add_error(KiemChungError("read.failed", f"{type(error).__name__}: {error}"[:200]))
        record.settle_status()
        beat()  # a document read is reading moving on: an archive of many small files is never "stuck"
        return record

    def _read_archive(self, name: str, data: bytes, sha256: str, depth: int) -> list[ReadRecord]:
        """One record per member, each member inflated and read before the next is touched."""
        records: list[ReadRecord] = []
        for job in self._archive_jobs(name, data, sha256, depth):
            records += job.run()
            del job  # its member's bytes go before the next member is inflated
        return records

    def _archive_jobs(self, name: str, data: bytes, sha256: str, depth: int) -> Iterator[_Job]:
        """A job per member (a member that is itself a ZIP opened in turn), or the archive's failed record: the
        members given out before an archive turned out damaged keep their records."""
        if depth > self.settings.max_archive_depth:
            yield _done(ReadRecord.failed(name, sha256, KiemChungError("archive.too_deep", f"{depth} tầng")))
            return
        seen = 0
        try:
            for member in iter_members(data, name, self.settings):
                seen += 1
                if member.error is not None or member.data is None:
                    error = member.error or InputError("input.corrupt")
                    yield _done(ReadRecord.failed(member.name, None, error))
                elif sniff(member.data)[0] is Kind.zip:
                    yield from self._archive_jobs(member.name, member.data, sha256_of(member.data), depth + 1)
                else:
                    yield _Job(
                        partial(self.read_bytes, member.name, member.data, depth + 1), len(member.data)
                    )
                member.data = None  # held by its job only: let go once read
        except KiemChungError as error:
            yield _done(ReadRecord.failed(name, sha256, error))
            return
        except Exception as error:  # an archive damaged past what zipfile reports
            log.error("unexpected error reading %s: %s: %s", name, type(error).__name__, error)
            failed = KiemChungError("read.failed", f"{type(error).__name__}: {error}"[:200])
            yield _done(ReadRecord.failed(name, sha256, failed))
            return
        if not seen:
            yield _done(
                ReadRecord.failed(name, sha256, InputError("input.empty", "tệp nén không chứa tệp nào"))
            )


@dataclass(frozen=True)
class _Job:
    """Reading one file or archive member; `held`: the bytes it holds until it runs (an inflated member's)."""

    run: Callable[[], list[ReadRecord]]
    held: int = 0


def _done(record: ReadRecord) -> _Job:
    """A job whose record is already known (a member refused before reading, an archive's own failure)."""
    return _Job(lambda: [record])


def _archive_bytes(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of a file that is a ZIP archive (not a DOCX or XLSX, which are ZIPs too), else None: the file is
    read by its job, with its errors. Only files starting as a ZIP are read whole here."""
    try:
        if path.stat().st_size > max_bytes:
            return None
        with path.open("rb") as file:
            if not file.read(4).startswith(ZIP_MAGIC):
                return None
        data = path.read_bytes()
    except OSError:
        return None
    return data if sniff(data)[0] is Kind.zip else None


def cap_text(pages: list[Page], max_page: int, max_document: int) -> KiemChungError | None:
    """Cut page texts to the per-page and per-document caps, and say so: what a reviewer sees, what is
    stored and searched stays bounded whatever the file holds (a 5 MB one-line text layer, a 200 MB log)."""
    total = 0
    first_cut: int | None = None
    longest = 0
    for page in pages:
        # a DOCX is one page whatever its length: only pages of a PDF or a scan have a page's worth of text
        page_cap = max_page if page.source in (TextSource.text, TextSource.ocr) else max_document
        keep = max(0, min(page_cap, max_document - total))
        if len(page.text) > keep:
            longest = max(longest, len(page.text))
            first_cut = page.number if first_cut is None else first_cut
            page.text = page.text[:keep]
            if page.words is not None and len(page.words) > keep // 2:
                page.words = page.words[: keep // 2]
        total += len(page.text)
    if first_cut is None:
        return None
    detail = (
        f"trang {first_cut} dài {grouped(longest)} ký tự; giữ tối đa {grouped(max_page)} ký tự một trang, "
        f"{grouped(max_document)} cả tệp"
    )
    return KiemChungError("text.truncated", detail, page=first_cut)
