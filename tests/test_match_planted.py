"""A generated unit with planted faults (bench/faults.py) checked end to end: every planted flag is found and
nothing else of those codes fires (the bench measures the same on five units)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.faults import plant
from ingest import FileReader
from matcher import load_framework
from matcher.matrix import build_report
from matcher.stage import MatchStage
from model.records import MatchRecord
from model.settings import Settings
from service.pipeline import STAGES, run_stages


@pytest.mark.parametrize(
    ("every", "start", "medium"),
    [(4, 1, "docx"), pytest.param(9, 2, "scan", marks=pytest.mark.slow),
     pytest.param(11, 5, "photo", marks=pytest.mark.slow)],
)  # fmt: skip
def test_planted_faults_are_found_and_nothing_else(
    tmp_path: Path, every: int, start: int, medium: str
) -> None:
    """Filed as scans or phone photos the same faults must be found through OCR (a re-scan as the duplicate)."""
    framework, settings = load_framework("tinh-2025"), Settings(ocr_threads=1)
    expected = plant(tmp_path, framework, 2025, every, start, medium)
    with FileReader(settings) as reader:
        read = list(reader.read_paths(sorted(tmp_path.iterdir())))
    stages = [*STAGES, MatchStage(framework, settings.match_threshold, 2025)]
    records = [record for record in (run_stages(r, stages) for r in read) if isinstance(record, MatchRecord)]
    report = build_report(records, framework, 2025, None)
    found: dict[str, set[str]] = {code: set() for code in expected}
    flags = report.flags + [flag for item in report.criteria for flag in item.flags]
    for flag in flags:
        if flag.code in found:
            found[flag.code].add(
                flag.criterion if flag.code == "evidence.gap" else Path(flag.file or "").name
            )
    for record in records:
        for flag in record.flags:
            if flag.code in found:
                found[flag.code].add(Path(record.file).name)
    assert found == expected
