"""Cores a batch's finished workers lend: a long scan read last uses the cores of the workers that ran out of
work, one page per lent core, and gives each back; nothing is lent outside a batch or when nothing is spare."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path

import pytest
from test_corpus_cli import specimen

from ingest import FileReader
from ingest.cores import share
from ingest.ocr import OcrOutput, OcrWord
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.scan import rasterize, scan_pdf_bytes
from model.settings import Settings
from service.context import AppContext
from service.supervisor import WorkerPool


class SlowEngine:
    """Tesseract's stand-in that takes a while per page and counts how many pages it reads at once."""

    name = "slow"

    def __init__(self) -> None:
        self.active = self.most = 0
        self._lock = threading.Lock()

    def recognize(self, image_path: Path, dpi: int | None, psm: int, timeout: float) -> OcrOutput:
        with self._lock:
            self.active += 1
            self.most = max(self.most, self.active)
        time.sleep(0.3)
        with self._lock:
            self.active -= 1
        words = [
            OcrWord(w, 0.95, (10 * i, 10, 10 * i + 8, 20), (1, 1, 1)) for i, w in enumerate(["Trang", "quét"])
        ]
        return OcrOutput(words=words)

    def orientation(self, image_path: Path, timeout: float) -> tuple[int, float]:
        return 0, 0.0


@pytest.fixture
def long_scan(tmp_path: Path) -> Path:
    pages = [
        page for number in (1, 2, 3, 4, 5, 6) for page in rasterize(render_pdf(specimen(number)), dpi=100)
    ]
    path = tmp_path / "quet-dai.pdf"
    path.write_bytes(scan_pdf_bytes(pages, 100))
    return path


@pytest.mark.parametrize(("spare", "lendable", "most"), [(1, 1, 2), (0, 1, 1), (None, 0, 1), (3, 3, 4)])
def test_a_scan_reads_as_many_pages_at_once_as_its_own_and_spare_cores(
    long_scan: Path, spare: int | None, lendable: int, most: int
) -> None:
    shared = multiprocessing.get_context("spawn").Value("i", spare or 0) if spare is not None else None
    share(shared, lendable)
    engine = SlowEngine()
    try:
        with FileReader(Settings(ocr_threads=1), engine=engine) as reader:
            [record] = list(reader.read_paths([long_scan]))
    finally:
        share(None, 0)
    assert record.status.value == "ok" and len(record.pages) == 6
    assert engine.most == most
    if shared is not None:
        assert shared.value == spare  # every lent core given back


def test_a_batch_workers_cores_are_lent_once_when_it_runs_out_of_work(tmp_path: Path) -> None:
    with AppContext(Settings(data_dir=tmp_path / "data", ocr_threads=1)) as context:
        pool = WorkerPool(context, 2, "lo-khong-co-viec", ocr_threads=1)
        pool.start()
        try:
            deadline = time.monotonic() + 60
            while pool.running():
                assert time.monotonic() < deadline
                pool.watch()
                time.sleep(0.1)
            for _ in range(5):  # the supervisor looks again and again: a core is lent once
                pool.watch()
        finally:
            pool.stop()
        assert pool._spare.value == 2
