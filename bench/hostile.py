"""Hostile-input benchmark (issue 16): each class of hostile file read by the batch under the default budgets.

Per class: wall time (worker start included), the reading worker's peak memory, and the outcome (status and
codes). Goal: every hostile file ends within its budget (60 s a page, 1 GiB a worker), so ≤ 60 s and ≤ 1 GiB for
a one-page file; a figure over it is marked. The baseline in the same run is an ordinary one-page text PDF and
an ordinary one-page scan read the same way. Last, a batch of good files with one of each hostile file beside
them: every good file must be read.
The big text file, once stored, is searched too: every search matching it must stay cheap (the issue measured
3.4 GB and 15 s a search before text was capped).
Run: `uv run python bench/hostile.py [--full]` (`--full`: the issue's sizes — a 1 GB ZIP, a 600-frame TIFF, a
200 MB text file, 20,000 pages; minutes and gigabytes of disk).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.batch import PeakMemory, variant
from devkit import hostile
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.scan import PRESETS, degrade, rasterize, to_jpeg
from model.settings import Settings
from service.archive import search
from service.batch import BatchItem, run_batch
from service.context import AppContext

UNIT, YEAR = "Sở Thử", 2025
SEARCHED = {"big text file": "cải cách hành chính"}  # class -> a query that matches its stored text


def scan_page() -> bytes:
    return to_jpeg(degrade(rasterize(render_pdf(variant(2)))[0], PRESETS["scanner-200"]), 75, 200)


def cases(full: bool) -> dict[str, tuple[str, Callable[[], bytes]]]:
    """Class → (file name, generator) at the issue's sizes (`full`) or at a tenth of the large ones."""
    scale = 1 if full else 10
    return {
        "baseline: text PDF": ("van-ban.pdf", lambda: render_pdf(variant(1))),
        "baseline: scan page": ("quet.jpg", scan_page),
        "ZIP names (bad UTF-8, cp1258)": ("ten-hong.zip", hostile.zip_bad_names),
        "G4 TIFF (fax)": ("fax.tif", lambda: hostile.g4_tiff(frames=600 // scale)),
        "16-bit grey PNG": ("xam16.png", hostile.png16),
        "UTF-16LE without BOM": ("utf16.txt", hostile.utf16le_no_bom),
        "PDF broken xref": ("xref-hong.pdf", hostile.pdf_broken_xref),
        "PDF reference cycle": ("vong-lap.pdf", lambda: hostile.pdf_reference_cycle("resources")),
        "PDF Flate bomb": ("bom.pdf", hostile.pdf_flate_bomb),
        "PDF 5 MB one-line layer": ("dong-dai.pdf", hostile.pdf_long_line),
        "PDF blank pages": ("trang-trang.pdf", lambda: hostile.pdf_blank_pages(20_000 // scale)),
        "tall PNG 800×100,000": ("anh-dai.png", hostile.tall_png),
        "ZIP of big members": ("to.zip", lambda: hostile.zip_big_members(count=100 // scale)),
        "big text file": ("to.txt", lambda: hostile.big_text(200 * 1024 * 1024 // scale)),
        "degenerate image 1×1": ("mot-diem.png", hostile.degenerate_png),
    }


def read_one(folder: Path, data_dir: Path, query: str | None = None) -> tuple[float, float, str, int]:
    """Wall seconds, peak worker MiB, outcome and pages of reading `folder` as a batch with one worker; with
    `query`, the outcome ends with that search over what was stored."""
    with AppContext(Settings(data_dir=data_dir)) as context:
        started = time.perf_counter()
        with PeakMemory() as memory:
            report = run_batch(context, [BatchItem(UNIT, YEAR, [folder])], None, "bench", workers=1)
        seconds = time.perf_counter() - started
        searched = "" if query is None else "; " + search_figures(context, query)
    [unit] = report.units
    failures = sorted(
        {code for f in unit.failures for code in re.findall(r"\b([a-z_]+\.[a-z_]+): ", f["errors"])}
    )
    outcome = f"{unit.created} stored, {unit.pages} pages" + (f"; {', '.join(failures)}" if failures else "")
    return seconds, memory.peak / 2**20, outcome + searched, unit.pages


def over_goal(seconds: float, peak: float, pages: int) -> str:
    """What a file's figures exceed of the goal: the default budgets, time counted per page read (a 500-page
    TIFF may take minutes), memory per worker."""
    budget = Settings()
    over = []
    if seconds > budget.read_seconds_per_page * max(1, pages):
        over.append(f"over {budget.read_seconds_per_page:g} s a page")
    if peak > budget.worker_memory_mb:
        over.append(f"over {budget.worker_memory_mb} MB")
    return f"  ({', '.join(over)})" if over else ""


def search_figures(context: AppContext, query: str) -> str:
    """One search over the corpus: its wall time, the Python memory it allocated at most, the hits."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = search(context, query)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return f"search '{query}': {seconds:.2f} s, {peak / 2**20:.0f} MB, {response.total} hit(s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the issue's sizes (slow, large)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiemchung-hostile-") as tmp:
        root = Path(tmp)
        print(f"{'class':32} {'time':>8} {'peak':>9}  outcome")
        mixed = root / "mixed"
        mixed.mkdir()
        for index, (label, (name, make)) in enumerate(cases(args.full).items()):
            folder = root / f"case-{index}"
            folder.mkdir()
            (folder / name).write_bytes(make())
            seconds, peak, outcome, pages = read_one(folder, root / f"data-{index}", SEARCHED.get(label))
            over = over_goal(seconds, peak, pages)
            print(f"{label:32} {seconds:7.1f}s {peak:7.0f}MB  {outcome}{over}", flush=True)
            (mixed / f"{index:02d}-{name}").symlink_to(folder / name)
        for number in range(10):
            (mixed / f"tot-{number}.pdf").write_bytes(render_pdf(variant(100 + number)))
        with AppContext(Settings(data_dir=root / "data-mixed")) as context:
            started = time.perf_counter()
            report = run_batch(context, [BatchItem(UNIT, YEAR, [mixed])], None, "bench", workers=2)
            [unit] = report.units
            submission = context.corpus.find_submission(UNIT, YEAR)
            good = [r for r in context.corpus.load_records(submission.id or 0) if r.file.startswith("tot-")]
        read_ok = sum(1 for record in good if record.status == "ok")
        seconds = time.perf_counter() - started
        cut = {failure["file"].split("!")[0] for failure in unit.failures}  # a ZIP's members are one file
        print(f"Mixed batch ({unit.files} files, 2 workers, {seconds:.0f} s): {read_ok} of 10 good files read ok, "
              f"{len(cut)} hostile files ({len(unit.failures)} records) stopped or cut with a reason")  # fmt: skip


if __name__ == "__main__":
    main()
