"""Batch benchmark (issue 12): throughput of the year-end batch, OCR overhead over raw Tesseract, memory per worker.

On a generated batch in realistic proportions (text PDFs, DOCX, one-page scans, phone photos, one long scanned
PDF): documents and pages per minute in local mode with 1 and 2 worker processes; on the OCR pages alone, the
batch's wall time over raw Tesseract on the same images (raw = the Tesseract CLI, one thread per process, one
process per core), for 300-dpi pages that need no upscaling and overall (phone photos included); the peak
resident memory of a worker over 100 and 400 text documents (flat is the goal). Wall-clock numbers depend on
the machine: run it idle. Beside each wall time, CPU time (user + system, ours and Tesseract's apart) says where
the time goes even on a busy machine. Run: `uv run python bench/batch.py [--scale N] [--full]`.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
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
from service.processes import resident_bytes

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
        self.cpu = 0.0  # the sampler's own CPU, not the batch's
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
        self.cpu = time.thread_time()


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


def cpu_seconds() -> tuple[float, float]:
    """(this process, its finished children: workers with their Tesseracts, or Tesseract CLIs) user + system."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def run_local(folder: Path, workers: int, ocr_threads: int = CORES) -> dict:
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="kiemchung-bench-")), ocr_threads=ocr_threads)
    with AppContext(settings) as context:
        own, children = cpu_seconds()
        started = time.perf_counter()
        with PeakMemory() as memory:
            report = run_batch(context, [BatchItem("Sở Thử", 2025, [folder])], "tinh-2025", "bench", workers)
        seconds = time.perf_counter() - started
        own_after, children_after = cpu_seconds()
        longest = longest_job(context)
    own_after -= memory.cpu
    [unit] = report.units
    return {"seconds": seconds, "docs": unit.created, "pages": unit.pages, "ocr_pages": unit.ocr_pages,
            "failures": len(unit.failures), "peak_mb": memory.peak / 2**20, "parent_cpu": own_after - own,
            "workers_cpu": children_after - children, "longest": longest}  # fmt: skip


def longest_job(context: AppContext) -> tuple[str, float, float]:
    """The file that kept its worker longest, for how long, and all files' reading time together (wall): however
    many workers read whole files, the batch takes at least the longest, so the speed-up from one worker is at most
    all / longest."""
    from sqlmodel import Session, select

    from corpus.models import Job

    with Session(context.corpus.engine) as session:
        jobs = [job for job in session.exec(select(Job)) if job.started_at and job.finished_at]
    if not jobs:
        return "", 0.0, 0.0
    seconds = {job.name: (job.finished_at - job.started_at).total_seconds() for job in jobs}  # type: ignore[operator]
    name = max(seconds, key=lambda key: seconds[key])
    return name, seconds[name], sum(seconds.values())


def raw_tesseract(paths: list[Path]) -> tuple[float, float]:
    """(wall, Tesseract CPU) seconds."""

    def one(path: Path) -> None:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        subprocess.run(["tesseract", str(path), "-", "-l", "vie"], capture_output=True, env=env, check=False)

    _, children = cpu_seconds()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CORES) as pool:
        list(pool.map(one, paths))
    return time.perf_counter() - started, cpu_seconds()[1] - children


def read_only(paths: list[Path]) -> tuple[float, float, float]:
    """The reading stage alone over the same images, one OCR thread per core as the batch sizes its pool:
    (wall, our Python's CPU, Tesseract's CPU) seconds."""
    with FileReader(Settings(ocr_threads=CORES)) as reader:
        reader.read_bytes("warm.png", paths[0].read_bytes())  # imports and Tesseract's first start, once
    own, children = cpu_seconds()
    started = time.perf_counter()
    with FileReader(Settings(ocr_threads=CORES)) as reader:
        list(reader.read_paths(paths))
    own_after, children_after = cpu_seconds()
    return time.perf_counter() - started, own_after - own, children_after - children


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
        raw, raw_cpu = raw_tesseract(images)
        reading, python_cpu, tesseract_cpu = read_only(images)
        joined = root / f"ocr-{len(folders)}"
        joined.mkdir()
        for image in images:
            (joined / image.name).symlink_to(image)
        batch = run_local(joined, CORES)
        batch_cpu = batch["parent_cpu"] + batch["workers_cpu"]
        print(f"  {label:22} {len(images):3} pages: raw Tesseract {raw:5.1f} s; reading {reading:5.1f} s = "
              f"{reading / raw:.2f}× (goal ≤ {goal}×); whole batch {batch['seconds']:5.1f} s = "
              f"{batch['seconds'] / raw:.2f}×")  # fmt: skip
        print(f"  {'':22} CPU: raw Tesseract {raw_cpu:5.1f} s; reading {python_cpu + tesseract_cpu:5.1f} s "
              f"(our Python {python_cpu:4.1f} s = {1000 * python_cpu / len(images):3.0f} ms a page, Tesseract "
              f"{tesseract_cpu:5.1f} s) = {(python_cpu + tesseract_cpu) / raw_cpu:.2f}×; whole batch "
              f"{batch_cpu:5.1f} s = {batch_cpu / raw_cpu:.2f}×")  # fmt: skip


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
            name, longest, busy = result["longest"]
            print(f"    CPU: workers with their Tesseracts {result['workers_cpu']:6.1f} s, batch process "
                  f"{result['parent_cpu']:4.1f} s; longest file {name} {longest:5.1f} s of {busy:5.1f} s of "
                  f"reading")  # fmt: skip
        print(f"  speed-up 1 → 2 processes: {results[1]['seconds'] / results[2]['seconds']:.2f}× (goal ≥ 1.8×); "
              f"CPU of 2 workers over 1: {results[2]['workers_cpu'] / results[1]['workers_cpu']:.2f}× "
              f"(above 1: work each worker repeats)")  # fmt: skip
        _, longest, busy = results[1]["longest"]
        print(f"  the longest file is {longest / busy:.0%} of the reading: whole files alone would allow at most "
              f"{busy / max(longest, busy / 2):.2f}×; the cores of workers out of files are lent to its pages")  # fmt: skip
        print("OCR pages alone, batch over raw Tesseract:")
        ocr_overhead(root, args.scale)
        print("Peak memory per worker as the batch grows:")
        memory_flat(root, [100, 1000] if args.full else [100, 400])


if __name__ == "__main__":
    main()
