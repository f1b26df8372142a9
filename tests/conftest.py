from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_fixtures import database_url, postgres_server  # noqa: F401  (shared fixtures)

from ingest import FileReader
from ingest.ocr import OcrOutput, OcrWord
from model.settings import Settings

DATA = Path(__file__).parent / "data"


def _shared_data() -> Path:
    """../shared/data beside the checkout, or where KIEMCHUNG_SHARED_DATA points (CI checks out elsewhere)."""
    candidates = [
        os.environ.get("KIEMCHUNG_SHARED_DATA", ""),
        Path(__file__).resolve().parents[2] / "shared" / "data",
    ]
    candidates.append("/work/shared/data")
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), Path("../shared/data"))


SHARED_DATA = _shared_data()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true", help="Rewrite golden files from current output.")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", ocr_threads=2)


class FakeOcrEngine:
    """Stands in for Tesseract in tests of the stages around OCR: returns a fixed text, counts calls."""

    name = "fake"

    def __init__(self, text: str = "Trang quét giả lập", confidence: float = 0.9) -> None:
        self.text, self.confidence = text, confidence
        self.calls: list[tuple[int | None, int]] = []

    def recognize(self, image_path: Path, dpi: int | None, psm: int, timeout: float) -> OcrOutput:
        self.calls.append((dpi, psm))
        words = [
            OcrWord(word, self.confidence, (10 * i, 10, 10 * i + 8, 20), (1, 1, line))
            for line, text_line in enumerate(self.text.split("\n"))
            for i, word in enumerate(text_line.split())
        ]
        return OcrOutput(words=words)

    def orientation(self, image_path: Path, timeout: float) -> tuple[int, float]:
        return 0, 0.0


@pytest.fixture
def fake_engine() -> FakeOcrEngine:
    return FakeOcrEngine("Ủy ban nhân dân tỉnh Lai Châu\nSố: 1726/QĐ-UBND\nQuyết định về cải cách hành chính")


@pytest.fixture
def fake_reader(settings: Settings, fake_engine: FakeOcrEngine) -> Iterator[FileReader]:
    with FileReader(settings, engine=fake_engine, keep_words=True) as reader:
        yield reader


@pytest.fixture
def real_reader(settings: Settings) -> Iterator[FileReader]:
    with FileReader(settings, keep_words=True) as reader:
        yield reader


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare a JSON-able value with tests/data/<kind>/<name>.json; --regen-golden rewrites the file."""
    regen = request.config.getoption("--regen-golden")

    def check(kind: str, name: str, value: object) -> None:
        path = DATA / kind / f"{name}.json"
        text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if regen or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not regen:
                pytest.fail(f"golden file {path} was missing and has been written; check it and rerun")
        assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))

    return check


@pytest.fixture
def environment(database_url: str, tmp_path: Path) -> dict[str, str]:  # noqa: F811
    return {
        **os.environ,
        "KIEMCHUNG_DATABASE_URL": database_url,
        "KIEMCHUNG_DATA_DIR": str(tmp_path / "data"),
        "KIEMCHUNG_OCR_THREADS": "2",
    }
