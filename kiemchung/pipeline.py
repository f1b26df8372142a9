"""The pipeline: reading turns files into records, then one ordered list of stages enriches each record.

Every stage follows the same contract (a typed record in, the same record out, errors recorded on it,
never raised past it), so a later stage is one entry in STAGES and one failing document never stops a batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from extract import ExtractStage
from ingest import FileReader
from ingest.ocr import OcrEngine
from kiemchung.errors import KiemChungError
from kiemchung.records import ReadRecord
from kiemchung.settings import Settings

log = logging.getLogger(__name__)


class Stage(Protocol):
    name: str

    def run(self, record: ReadRecord) -> ReadRecord: ...


# Stages after reading, in order. `matcher/` adds its stage here.
STAGES: list[Stage] = [ExtractStage()]


def run_stages(record: ReadRecord, stages: Iterable[Stage]) -> ReadRecord:
    for stage in stages:
        try:
            record = stage.run(record)
        except KiemChungError as error:
            error.stage = stage.name
            record.add_error(error)
        except Exception as error:
            log.exception("stage %s failed on %s", stage.name, record.file)
            record.add_error(
                KiemChungError("read.failed", f"{type(error).__name__}: {error}"[:200], stage=stage.name)
            )
        record.settle_status()
    return record


def process_paths(
    paths: Iterable[Path],
    settings: Settings,
    stages: Iterable[Stage] = (),
    engine: OcrEngine | None = None,
    keep_words: bool = False,
    names: dict[Path, str] | None = None,
    admit: Callable[[str, str, bytes], bool] | None = None,
) -> Iterator[ReadRecord]:
    """Each file through reading and the stages; `names` maps paths to the names records carry, `admit`
    sees each file's bytes first (see FileReader)."""
    stage_list = list(stages)
    with FileReader(settings, engine=engine, keep_words=keep_words, admit=admit) as reader:
        for record in reader.read_paths(paths, names):
            yield run_stages(record, stage_list)
