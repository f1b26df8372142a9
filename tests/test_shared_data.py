"""Real documents from ../shared/data (skipped when it is absent): phone photos and scanned PDFs."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from devkit.metrics import cer
from ingest import FileReader
from model.records import Status
from tests.conftest import SHARED_DATA

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared/data is not here"),
]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["4_1", "4_2"])
def test_real_phone_photo_beats_raw_tesseract(real_reader: FileReader, name: str) -> None:
    image = SHARED_DATA / "scans" / "ailabteam_VietAdmin" / f"{name}.jpg"
    truth = image.with_name(f"{name}_gt.txt").read_text(encoding="utf-8")
    [record] = real_reader.read_paths([image])
    raw = subprocess.run(
        ["tesseract", str(image), "-", "-l", "vie"],
        capture_output=True, text=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"), check=True,
    ).stdout  # fmt: skip
    ours = record.pages[0].text
    assert cer(ours, truth) <= 0.8 * cer(raw, truth)
    if name == "4_1":
        assert "1906" in ours and "SGDĐT-CTrTT" in ours.replace(" ", "")


@pytest.mark.slow
def test_real_scanned_pdfs_are_read(real_reader: FileReader) -> None:
    labels = json.loads((SHARED_DATA / "lamdong" / "hand_labels_scans.json").read_text(encoding="utf-8"))
    printed = [
        label
        for label in labels
        if label.get("so_ky_hieu") and "handwritten" not in json.dumps(label) and label.get("pages", 9) <= 3
    ]
    first = printed[:3]
    assert first
    for label in first:
        [record] = real_reader.read_paths([SHARED_DATA / "lamdong" / label["file"]])
        assert record.status is Status.ok, record.errors
        assert all(page.source == "ocr" for page in record.pages)
        digits = label["so_ky_hieu"].split("/")[0]
        assert digits in record.pages[0].text, (label["file"], record.pages[0].text[:500])
