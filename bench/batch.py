"""Batch benchmark (issue 12): throughput of the year-end batch, OCR overhead over raw Tesseract, memory per worker.

On a generated batch in realistic proportions (text PDFs, DOCX, one-page scans, phone photos, one long scanned
PDF): documents and pages per minute in local mode with 1 and 2 worker processes; on the OCR pages alone, the
batch's wall time over raw Tesseract on the same images (raw = the Tesseract CLI, one thread per process, one
process per core), for 300-dpi pages that need no upscaling and overall (phone photos included); the peak
resident memory of a worker over 100 and 400 text documents (flat is the goal). Numbers depend on the machine:
run it idle. Run: `uv run python bench/batch.py [--scale N] [--full]`.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import FileReader
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.model import OfficialDocument
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import DECISION, LETTER, PLAN, REPORT
from kiemchung.specimens.scan import PRESETS, degrade, rasterize, scan_pdf_bytes, to_jpeg
from model.settings import Settings
from service.batch import BatchItem, run_batch
from service.context import AppContext
from service.supervisor import resident_bytes

CORES = os.cpu_count() or 1
BASES = (PLAN, DECISION, REPORT, LETTER)


def variant(index: int) -> OfficialDocument:
    """A distinct document (its own number and subject, so its own hash) from the bundled sample's four."""
    base = BASES[index % len(BASES)]
    symbol = (base.number or "1/KH-UBND").split("/", 1)[1]
    return dataclasses.replace(
        base, number=f"{100 + index}/{symbol}", subject=f"{base.subject} (lần {index})"
    )


def page_images(index: int, preset: str) -> list:
    rendered = rasterize(render_pdf(variant(index)), dpi=300)
    return [degrade(page, PRESETS[preset], seed=index) for page in rendered]


def make_batch(folder: Path, scale: int) -> None:
    """Per scale unit: 6 text PDFs, 3 DOCX, 2 one-page scans, 1 phone photo; one long scan of 10×scale pages."""
    folder.mkdir(parents=True)
    index = 0
    for _ in range(scale):
        for _ in range(6):
            (folder / f"van-ban-{index}.pdf").write_bytes(render_pdf(variant(index)))
            index += 1
        for _ in range(3):
            (folder / f"van-ban-{index}.docx").write_bytes(render_docx(variant(index)))
            index += 1
        for _ in range(2):
            (folder / f"quet-{index}.pdf").write_bytes(scan_pdf_bytes(page_images(index, "scanner-200"), 200))
            index += 1
        (folder / f"anh-{index}.jpg").write_bytes(to_jpeg(page_images(index, "phone-100")[0], 60, dpi=100))
        index += 1
    long_pages = [page_images(index + n, "scanner-200")[0] for n in range(10 * scale)]
    (folder / "quet-dai.pdf").write_bytes(scan_pdf_bytes(long_pages, 200))


class PeakMemory:
    """The largest resident size seen in any child process of this one, sampled every 0.2 s."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            for pid in _children(os.getpid()):
                self.peak = max(self.peak, resident_bytes(pid))


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def run_local(folder: Path, workers: int, ocr_threads: int = CORES) -> dict:
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="kiemchung-bench-")), ocr_threads=ocr_threads)
    with AppContext(settings) as context:
        started = time.perf_counter()
        with PeakMemory() as memory:
            report = run_batch(context, [BatchItem("Sở Thử", 2025, [folder])], "tinh-2025", "bench", workers)
        seconds = time.perf_counter() - started
    [unit] = report.units
    return {"seconds": seconds, "docs": unit.created, "pages": unit.pages, "ocr_pages": unit.ocr_pages,
            "failures": len(unit.failures), "peak_mb": memory.peak / 2**20}  # fmt: skip


def raw_tesseract(paths: list[Path]) -> float:
    def one(path: Path) -> None:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        subprocess.run(["tesseract", str(path), "-", "-l", "vie"], capture_output=True, env=env, check=False)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CORES) as pool:
        list(pool.map(one, paths))
    return time.perf_counter() - started


def read_only(paths: list[Path]) -> float:
    """The reading stage alone over the same images: one OCR thread per core, as the batch sizes its pool."""
    started = time.perf_counter()
    with FileReader(Settings(ocr_threads=CORES)) as reader:
        list(reader.read_paths(paths))
    return time.perf_counter() - started


def ocr_overhead(root: Path, scale: int) -> None:
    """Raw Tesseract against the reading stage (page preparation, layout, boxes) and against the whole batch
    (worker start, extraction, matching, storing) on the same page images."""
    clean = root / "clean"
    clean.mkdir()
    for n in range(8 * scale):
        page_images(n, "clean-300")[0].save(clean / f"trang-{n}.png", dpi=(300, 300))
    phones = root / "phones"
    phones.mkdir()
    for n in range(4 * scale):
        (phones / f"anh-{n}.jpg").write_bytes(to_jpeg(page_images(50 + n, "phone-100")[0], 60, dpi=100))
    for label, folders, goal in (("300 dpi, no upscaling", [clean], 1.15), ("overall", [clean, phones], 1.3)):
        images = sorted(p for folder in folders for p in folder.iterdir())
        raw = raw_tesseract(images)
        reading = read_only(images)
        joined = root / f"ocr-{len(folders)}"
        joined.mkdir()
        for image in images:
            (joined / image.name).symlink_to(image)
        batch = run_local(joined, CORES)["seconds"]
        print(f"  {label:22} {len(images):3} pages: raw Tesseract {raw:5.1f} s; reading {reading:5.1f} s = "
              f"{reading / raw:.2f}× (goal ≤ {goal}×); whole batch {batch:5.1f} s = {batch / raw:.2f}×")  # fmt: skip


def memory_flat(root: Path, sizes: list[int]) -> None:
    for size in sizes:
        folder = root / f"text-{size}"
        folder.mkdir()
        for n in range(size):
            (folder / f"van-ban-{n}.pdf").write_bytes(render_pdf(variant(1000 + n)))
        result = run_local(folder, 2)
        print(f"  {size:5} text documents, 2 workers: peak worker {result['peak_mb']:6.0f} MB, "
              f"{result['seconds']:6.1f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--scale", type=int, default=2, help="batch size: 12 documents per unit + a long scan"
    )
    parser.add_argument("--full", action="store_true", help="memory check up to 1,000 documents")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_batch(root / "batch", args.scale)
        print(f"Batch: {len(list((root / 'batch').iterdir()))} files ({CORES} cores)")
        # each worker one process with one OCR thread, as the throughput goal counts them
        results = {workers: run_local(root / "batch", workers, ocr_threads=1) for workers in (1, 2)}
        for workers, result in results.items():
            minutes = result["seconds"] / 60
            print(f"  local, {workers} process(es): {result['seconds']:6.1f} s, "
                  f"{result['docs'] / minutes:6.1f} documents/min, {result['pages'] / minutes:6.1f} pages/min "
                  f"({result['ocr_pages']} OCR pages, {result['failures']} failures), "
                  f"peak worker {result['peak_mb']:.0f} MB")  # fmt: skip
        print(
            f"  speed-up 1 → 2 processes: {results[1]['seconds'] / results[2]['seconds']:.2f}× (goal ≥ 1.8×)"
        )
        print("OCR pages alone, batch over raw Tesseract:")
        ocr_overhead(root, args.scale)
        print("Peak memory per worker as the batch grows:")
        memory_flat(root, [100, 1000] if args.full else [100, 400])


if __name__ == "__main__":
    main()
