"""OCR of page images: the engine (Tesseract, or a fake in unit tests) behind one small Protocol,
and a service that prepares images, runs pages on every core and maps word boxes back.

Tesseract's OpenMP threads are pathological on small machines (DESIGN.md: ~4 s a page instead of 0.37 s),
so every call runs with OMP_THREAD_LIMIT=1 and parallelism comes from one process per core.
"""

from __future__ import annotations

import logging
import os
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pytesseract
from PIL import Image

from ingest.cores import PageSlots, lendable
from ingest.heartbeat import beat
from ingest.layout import Composition, compose
from ingest.preprocess import MAX_UPSCALE, Prepared, enlarge, prepare, unturn_box, upscale_room
from ingest.textquality import normalize_text
from model.errors import OcrError
from model.records import Page, TextSource, Word

os.environ["OMP_THREAD_LIMIT"] = "1"
log = logging.getLogger(__name__)

# a first pass weaker than this is retried with other settings and the best pass is kept
WEAK_CONFIDENCE = 0.55
WEAK_WORDS = 8
MIN_ORIENTATION_CONFIDENCE = 2.0


@dataclass
class OcrWord:
    text: str
    confidence: float  # 0..1
    box: tuple[int, int, int, int]
    line: tuple[int, int, int]  # block, paragraph, line


@dataclass
class OcrOutput:
    words: list[OcrWord] = field(default_factory=list)

    @property
    def text(self) -> str:
        lines: list[str] = []
        current: tuple[int, int, int] | None = None
        for word in self.words:
            if word.line != current:
                if current is not None and word.line[:2] != current[:2]:
                    lines.append("")
                lines.append(word.text)
                current = word.line
            else:
                lines[-1] += " " + word.text
        return "\n".join(lines)

    @property
    def mean_confidence(self) -> float | None:
        if not self.words:
            return None
        return sum(word.confidence for word in self.words) / len(self.words)

    @property
    def quality(self) -> float:
        """Characters read with some confidence: how we pick the better of two passes."""
        return sum(len(word.text) * word.confidence for word in self.words if word.confidence > 0.3)


@dataclass
class _Attempt:
    """One reading of a page: boxes stay on `image` (composed, prepared, maybe turned) until mapped back."""

    output: OcrOutput
    prepared: Prepared
    image: Image.Image
    composition: Composition | None
    turn: int

    def map_boxes_to(self, size: tuple[int, int]) -> None:
        for word in self.output.words:
            box = self.composition.to_page(word.box) if self.composition else word.box
            word.box = unturn_box(self.prepared.to_original(box), self.turn, size)


class OcrEngine(Protocol):
    name: str

    def recognize(self, image_path: Path, dpi: int | None, psm: int, timeout: float) -> OcrOutput: ...

    def orientation(self, image_path: Path, timeout: float) -> tuple[int, float]:
        """Degrees to turn the page clockwise to make it upright, and the engine's confidence."""
        ...


class TesseractEngine:
    """The real engine: Tesseract through pytesseract, on an image file we wrote (fast PNM, no PNG encode)."""

    name = "tesseract"

    def __init__(self, languages: str = "vie") -> None:
        self.languages = languages

    def recognize(self, image_path: Path, dpi: int | None, psm: int, timeout: float) -> OcrOutput:
        """`dpi` None lets Tesseract estimate it (faster by ~7% here; right on pages we did not upscale)."""
        config = f"--psm {psm}" + (f" --dpi {dpi}" if dpi else "")
        try:
            data = pytesseract.image_to_data(
                str(image_path),
                lang=self.languages,
                config=config,
                output_type=pytesseract.Output.DICT,
                timeout=timeout,
            )
        except RuntimeError as error:  # pytesseract signals its timeout as a bare RuntimeError
            if "timeout" in str(error).lower():
                raise OcrError("ocr.timeout", f"quá {timeout:.0f} giây") from error
            raise OcrError("ocr.failed", str(error)[:200]) from error
        except (pytesseract.TesseractError, OSError) as error:
            raise OcrError("ocr.failed", str(error)[:200]) from error
        return _words_from_data(data)

    def orientation(self, image_path: Path, timeout: float) -> tuple[int, float]:
        try:
            report = pytesseract.image_to_osd(str(image_path), config="--psm 0", timeout=timeout)
        except (RuntimeError, pytesseract.TesseractError, OSError) as error:
            log.info("orientation detection failed: %s", error)  # too little text: keep the page as it is
            return 0, 0.0
        values = dict(line.split(":", 1) for line in report.splitlines() if ":" in line)
        try:
            return int(values["Rotate"]), float(values["Orientation confidence"])
        except (KeyError, ValueError):
            return 0, 0.0


def _words_from_data(data: dict[str, list]) -> OcrOutput:
    output = OcrOutput()
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        confidence = float(data["conf"][i])
        if not text or confidence < 0:
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        box = (left, top, left + int(data["width"][i]), top + int(data["height"][i]))
        line = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        output.words.append(OcrWord(text, min(max(confidence / 100, 0.0), 1.0), box, line))
    return output


class OcrService:
    """Runs page OCR on a pool as wide as the OCR thread setting (plus, in a batch worker, the cores the pool's
    finished workers lend: `ingest.cores`); each call is one Tesseract process."""

    def __init__(self, engine: OcrEngine, threads: int, timeout: float) -> None:
        self.engine = engine
        self.timeout = timeout
        self.capacity = max(1, threads) + lendable()  # the most pages recognised at once
        self._slots = PageSlots(threads)
        self._pool = ThreadPoolExecutor(max_workers=self.capacity, thread_name_prefix="ocr")

    def submit(self, image: Image.Image, dpi: int | None, page_number: int, keep_words: bool) -> Future[Page]:
        return self._pool.submit(self.recognize_page, image, dpi, page_number, keep_words)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def recognize_page(self, image: Image.Image, dpi: int | None, page_number: int, keep_words: bool) -> Page:
        """OCR one page image on one of this process's threads or a lent core; raises OcrError with the page
        number when it cannot."""
        own = self._slots.acquire()
        try:
            return self._recognize(image, dpi, page_number, keep_words)
        finally:
            self._slots.release(own)

    def _recognize(self, image: Image.Image, dpi: int | None, page_number: int, keep_words: bool) -> Page:
        try:
            prepared = prepare(image, dpi)
            attempt = self._first_pass(prepared)
            if _is_weak(attempt.output):
                attempt = self._improve(image, dpi, attempt)
            attempt.map_boxes_to(image.size)
        except OcrError as error:
            error.page = page_number
            raise
        except (OSError, ValueError, MemoryError) as error:
            raise OcrError(
                "ocr.failed", f"{type(error).__name__}: {error}"[:200], page=page_number
            ) from error
        beat()
        output, prepared = attempt.output, attempt.prepared
        words = None
        if keep_words:
            words = [Word(text=w.text, confidence=round(w.confidence, 3), bbox=w.box) for w in output.words]
        confidence = output.mean_confidence
        return Page(
            number=page_number,
            text=normalize_text(output.text),
            source=TextSource.ocr,
            ocr_confidence=None if confidence is None else round(confidence, 3),
            dpi=round(prepared.dpi / prepared.scale),
            words=words,
        )

    def _first_pass(self, prepared: Prepared, turn: int = 0) -> _Attempt:
        """One Tesseract run with the header columns apart (see ingest.layout)."""
        composition = compose(prepared.image, prepared.mask)
        image = composition.image if composition else prepared.image
        # Tesseract's own estimate is faster than --dpi, and as good unless we know better
        dpi = prepared.dpi if prepared.dpi_known else None
        return _Attempt(self._run(image, dpi, psm=3), prepared, image, composition, turn)

    def _improve(self, image: Image.Image, dpi: int | None, attempt: _Attempt) -> _Attempt:
        """A weak page: turn it upright if it is sideways, else retry with other settings; keep the best."""
        turn = self._upright_turn(attempt.prepared)
        if turn:
            turned = self._first_pass(prepare(image.rotate(-turn, expand=True), dpi), turn)
            if turned.output.quality > attempt.output.quality * 1.1:
                attempt = turned
        if not _is_weak(attempt.output):
            return attempt
        # sparse-text mode finds what page segmentation missed; a further upscale rescues tiny text
        log.info("weak OCR pass (%d words), retried", len(attempt.output.words))
        candidates = [self._run(attempt.image, attempt.prepared.dpi, psm=11)]
        if attempt.prepared.scale * 2 <= MAX_UPSCALE and upscale_room(attempt.image.size) >= 2:
            big = enlarge(attempt.image, 2)
            candidate = self._run(big, attempt.prepared.dpi * 2, psm=3)
            for word in candidate.words:
                word.box = (word.box[0] // 2, word.box[1] // 2, word.box[2] // 2, word.box[3] // 2)
            candidates.append(candidate)
        for candidate in candidates:
            if candidate.quality > attempt.output.quality * 1.1:
                attempt.output = candidate
        return attempt

    def _upright_turn(self, prepared: Prepared) -> int:
        """Clockwise degrees that make a weakly read page upright (0 when unsure); run on a small copy."""
        factor = max(1, prepared.dpi // 150)
        small = prepared.image.reduce(factor) if factor > 1 else prepared.image
        with tempfile.TemporaryDirectory(prefix="kiemchung-osd-") as folder:
            path = Path(folder) / "page.tif"
            small.save(path, format="TIFF", compression="raw")
            degrees, confidence = self.engine.orientation(path, self.timeout)
        return degrees if degrees in (90, 180, 270) and confidence >= MIN_ORIENTATION_CONFIDENCE else 0

    def _run(self, image: Image.Image, dpi: int | None, psm: int) -> OcrOutput:
        with tempfile.TemporaryDirectory(prefix="kiemchung-ocr-") as folder:
            path = Path(folder) / "page.tif"  # uncompressed: fastest to write and for Tesseract to read
            image.save(path, format="TIFF", compression="raw")  # never a setting the source carried
            return self.engine.recognize(path, dpi, psm, self.timeout)


def _is_weak(output: OcrOutput) -> bool:
    confidence = output.mean_confidence
    return len(output.words) < WEAK_WORDS or confidence is None or confidence < WEAK_CONFIDENCE
