"""Ingest benchmark: OCR error and speed against raw Tesseract, text-layer speed against raw pdfplumber.

Raw Tesseract is its fastest form here (DESIGN.md): the CLI with OMP_THREAD_LIMIT=1, default settings,
one process per core. Run: `uv run python bench/ingest.py [--quick]`. Uses ../shared/data when present.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pdfplumber

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devkit.metrics import cer, cer_unordered
from ingest import FileReader
from kiemchung.specimens.model import OfficialDocument
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import DECISION, LETTER, PLAN, REPORT
from kiemchung.specimens.scan import PRESETS, degrade, rasterize, to_jpeg
from model.settings import Settings

SHARED = Path(
    os.environ.get("KIEMCHUNG_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
CORES = os.cpu_count() or 1
PHONE_LIKE = ("phone-100", "phone-70")


def raw_tesseract(path: Path) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    done = subprocess.run(
        ["tesseract", str(path), "-", "-l", "vie"], capture_output=True, env=env, check=False, timeout=300
    )
    return done.stdout.decode("utf-8", "replace")


def run_raw(paths: list[Path]) -> tuple[list[str], float]:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CORES) as pool:
        texts = list(pool.map(raw_tesseract, paths))
    return texts, time.perf_counter() - start


def run_ours(paths: list[Path], threads: int = CORES) -> tuple[list[str], float]:
    settings = Settings(ocr_threads=threads)
    start = time.perf_counter()
    with FileReader(settings) as reader:
        records = list(reader.read_paths(paths))
    elapsed = time.perf_counter() - start
    return ["\n".join(page.text for page in record.pages) for record in records], elapsed


def generated_scans(folder: Path, documents: list[OfficialDocument]) -> list[tuple[str, Path, str]]:
    """(preset, image path, reference text) for every document under every degradation."""
    items = []
    for index, document in enumerate(documents):
        page = rasterize(render_pdf(document), 300)[0]
        for preset in PRESETS.values():
            image = degrade(page, preset, seed=index)
            path = folder / f"doc{index}-{preset.name}.jpg"
            path.write_bytes(to_jpeg(image, preset.jpeg_quality or 90))
            items.append((preset.name, path, document.reference_text()))
    return items


def real_transcriptions() -> list[tuple[str, Path, str]]:
    folder = SHARED / "scans" / "ailabteam_VietAdmin"
    items = []
    for image in sorted(folder.glob("4_*.jpg")):
        truth = image.with_name(image.stem + "_gt.txt")
        if truth.exists():
            items.append(("real-phone", image, truth.read_text(encoding="utf-8")))
    return items


def ocr_section(items: list[tuple[str, Path, str]]) -> dict[str, float]:
    paths = [path for _, path, _ in items]
    raw_texts, raw_time = run_raw(paths)
    our_texts, our_time = run_ours(paths)
    groups: dict[str, list[tuple[float, float, float, float]]] = {}
    worse = []
    for (group, path, reference), raw, ours in zip(items, raw_texts, our_texts, strict=True):
        row = (
            cer_unordered(ours, reference),
            cer_unordered(raw, reference),
            cer(ours, reference),
            cer(raw, reference),
        )
        groups.setdefault(group, []).append(row)
        if row[0] > row[1] + 0.002:
            worse.append(f"{path.name}: ours {row[0]:.3f} vs raw {row[1]:.3f}")
    print(
        f"{'pages':<12}{'n':>4}{'ours CER':>10}{'raw CER':>10}{'ratio':>8}{'ours CER*':>11}{'raw CER*':>10}"
    )
    for group, rows in groups.items():
        ours_u, raw_u = statistics.mean(r[0] for r in rows), statistics.mean(r[1] for r in rows)
        ours_o, raw_o = statistics.mean(r[2] for r in rows), statistics.mean(r[3] for r in rows)
        ratio = ours_u / raw_u if raw_u else float("nan")
        print(
            f"{group:<12}{len(rows):>4}{ours_u:>10.2%}{raw_u:>10.2%}{ratio:>8.2f}{ours_o:>11.2%}{raw_o:>10.2%}"
        )
    print(
        "CER: words in sorted order (reading order of header columns not counted); CER*: text as read, in order"
    )
    print("pages where ours is worse than raw:", "; ".join(worse) if worse else "none")
    print(
        f"time: ours {our_time:.2f} s, raw {raw_time:.2f} s for {len(paths)} pages -> {our_time / raw_time:.2f}x"
    )
    return {"ours": our_time, "raw": raw_time}


def timing_no_upscale(items: list[tuple[str, Path, str]]) -> None:
    """Alternating rounds, best of each side: this machine's timing noise is ~10% on a single run."""
    paths = [path for group, path, _ in items if group == "clean-300"]
    raw_times, our_times = [], []
    for _ in range(3):
        raw_times.append(run_raw(paths)[1])
        our_times.append(run_ours(paths)[1])
    raw_time, our_time = min(raw_times), min(our_times)
    print(f"pages needing no upscaling ({len(paths)}, best of 3): ours {our_time:.2f} s, raw {raw_time:.2f} s "
          f"-> {our_time / raw_time:.2f}x")  # fmt: skip


def scaling(items: list[tuple[str, Path, str]]) -> None:
    paths = [path for _, path, _ in items][:12]
    _, one = run_ours(paths, threads=1)
    _, both = run_ours(paths, threads=CORES)
    print(
        f"folder of {len(paths)} pages: 1 core {one:.2f} s, {CORES} cores {both:.2f} s -> speed-up {one / both:.2f}x"
    )


def text_pdfs(folder: Path) -> list[Path]:
    paths = []
    for index, document in enumerate((PLAN, DECISION, LETTER, REPORT)):
        path = folder / f"text{index}.pdf"
        path.write_bytes(render_pdf(document))
        paths.append(path)
    if SHARED.exists():
        paths += sorted((SHARED / "congbao" / "pdf_sample").glob("*.pdf"))
    return paths


def pdf_section(folder: Path) -> None:
    settings = Settings(ocr_threads=1)
    candidates = text_pdfs(folder)
    with FileReader(settings) as reader:
        # only PDFs read wholly from the text layer are comparable with pdfplumber alone
        chosen = [
            p
            for p in candidates
            if all(pg.source == "text" for r in reader.read_paths([p]) for pg in r.pages)
        ]
    start = time.perf_counter()
    pages = 0
    for path in chosen:
        with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    raw_time = time.perf_counter() - start
    start = time.perf_counter()
    with FileReader(settings) as reader:
        list(reader.read_paths(chosen))
    our_time = time.perf_counter() - start
    print(f"text-layer PDFs ({len(chosen)} files, {pages} pages): ours {our_time:.2f} s, raw pdfplumber "
          f"{raw_time:.2f} s -> {our_time / raw_time:.2f}x")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="Two generated documents instead of four.")
    args = parser.parse_args()
    documents = [REPORT, LETTER] if args.quick else [REPORT, LETTER, DECISION, PLAN]
    with tempfile.TemporaryDirectory(prefix="kiemchung-bench-") as tmp:
        folder = Path(tmp)
        items = real_transcriptions() + generated_scans(folder, documents)
        if not SHARED.exists():
            print("../shared/data not found: generated pages only")
        print(f"== OCR on {len(items)} pages, {CORES} cores")
        ocr_section(items)
        timing_no_upscale(items)
        scaling(items)
        print("== text layer")
        pdf_section(folder)


if __name__ == "__main__":
    main()
