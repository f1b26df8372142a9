"""Year-end batch throughput: documents and pages per minute for one generated batch read by `kiemchung ingest`
in the local mode with 1 and 2 worker processes, and by 2 Celery workers (`kiemchung worker`, `ingest
--queue`), each run into a fresh PostgreSQL database; with each run's peak memory per worker process.

The batch is in realistic proportions: text PDFs, DOCX, one-page scans, phone photos and one long scanned PDF.
Workers of the distributed run are started (and ready) before the clock starts, as they are in a deployment.
Run: `uv run python bench/batch_distributed.py [--scale N]` (N multiplies the batch; needs redis-server and
PostgreSQL). `bench/batch.py` measures the local mode alone: OCR overhead and memory as the batch grows.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus_fixtures import fresh_postgres_database
from test_corpus_cli import specimen

from devkit.pgserver import TemporaryPostgres
from devkit.redisserver import TemporaryRedis
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.scan import PHONE_100, SCANNER_200, degrade, rasterize, scan_pdf_bytes, to_jpeg

UNIT, YEAR = "Sở Nội vụ tỉnh Đo", 2025


def write_batch(folder: Path, scale: int) -> None:
    """Per unit of scale: 8 text PDFs, 3 DOCX, 2 one-page scans, 2 phone photos, one 6-page scanned PDF."""
    folder.mkdir(parents=True)
    for s in range(scale):
        for i in range(8):
            (folder / f"{s}-text-{i}.pdf").write_bytes(render_pdf(specimen(s * 100 + i)))
        for i in range(3):
            (folder / f"{s}-word-{i}.docx").write_bytes(render_docx(specimen(s * 100 + 20 + i)))
        for i in range(2):
            [page] = rasterize(render_pdf(specimen(s * 100 + 40 + i)))
            scan = degrade(page, SCANNER_200, seed=i)
            (folder / f"{s}-scan-{i}.pdf").write_bytes(scan_pdf_bytes([scan], SCANNER_200.dpi))
            photo = degrade(page, PHONE_100, seed=i)
            (folder / f"{s}-photo-{i}.jpg").write_bytes(to_jpeg(photo, 70, PHONE_100.dpi))
        pages = [
            degrade(page, SCANNER_200, seed=k)
            for k in range(3)
            for page in rasterize(render_pdf(specimen(60)))
        ]
        (folder / f"{s}-long-scan.pdf").write_bytes(scan_pdf_bytes(pages * 2, SCANNER_200.dpi))


def ingest(environment: dict[str, str], folder: Path, *extra: str) -> tuple[dict, float]:
    report = Path(tempfile.mkdtemp()) / "report.json"
    command = [sys.executable, "-m", "kiemchung", "ingest", str(folder), "--unit", UNIT, "--year", str(YEAR),
               "--report", str(report), *extra]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ingest failed: {done.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))["units"][0], elapsed


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def start_workers(environment: dict[str, str], count: int, logs: Path) -> list[subprocess.Popen[bytes]]:
    workers = []
    for index in range(count):
        log = logs / f"worker-{index}.log"
        workers.append(subprocess.Popen([sys.executable, "-m", "kiemchung", "worker", "--name", f"b{index}@%h"],
                                        env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT))  # fmt: skip
    deadline = time.monotonic() + 60
    while not all("ready" in (logs / f"worker-{i}.log").read_text() for i in range(count)):
        if time.monotonic() > deadline:
            raise SystemExit("workers did not start")
        time.sleep(0.2)
    return workers


def line(label: str, unit: dict, seconds: float, peak_mib: float) -> str:
    documents = unit["created"] + unit["skipped"]
    return (f"{label:<28} {seconds:7.1f} s  {documents / seconds * 60:7.1f} docs/min  "
            f"{unit['pages'] / seconds * 60:7.1f} pages/min  ({unit['ocr_pages']} OCR pages)  "
            f"peak {peak_mib:5.0f} MiB/worker")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="Multiply the batch (default 1: 16 files).")
    scale = parser.parse_args().scale
    root = Path(tempfile.mkdtemp(prefix="kiemchung-bench-batch-"))
    write_batch(root / "batch", scale)
    files = len(list((root / "batch").iterdir()))
    print(f"batch: {files} files, {os.cpu_count()} cores")
    with TemporaryPostgres() as server, TemporaryRedis() as broker:
        base = {**os.environ, "KIEMCHUNG_OCR_THREADS": "1"}
        results = {}
        for processes in (1, 2):
            environment = {**base, "KIEMCHUNG_DATABASE_URL": fresh_postgres_database(server),
                           "KIEMCHUNG_DATA_DIR": str(root / f"local-{processes}")}  # fmt: skip
            unit, seconds = ingest(environment, root / "batch", "--workers", str(processes))
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            results[f"local, {processes} process(es)"] = (unit, seconds, peak)
        environment = {**base, "KIEMCHUNG_DATABASE_URL": fresh_postgres_database(server),
                       "KIEMCHUNG_DATA_DIR": str(root / "celery"), "KIEMCHUNG_BROKER_URL": broker}  # fmt: skip
        workers = start_workers(environment, 2, root)
        try:
            unit, seconds = ingest(environment, root / "batch", "--queue")
            peak = max(peak_kib(worker.pid) for worker in workers) / 1024
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(60)
        results["celery, 2 workers"] = (unit, seconds, peak)
    for label, (unit, seconds, peak) in results.items():
        print(line(label, unit, seconds, peak))
    one, two = results["local, 1 process(es)"][1], results["celery, 2 workers"][1]
    print(f"speed-up from 1 local process to 2 Celery workers: {one / two:.2f}×")


if __name__ == "__main__":
    main()
