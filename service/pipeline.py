"""The pipeline: reading turns files into records, then one ordered list of stages enriches each record.

Every stage follows the same contract (a typed record in, the same record out, errors recorded on it,
never raised past it), so a later stage is one entry in STAGES and one failing document never stops a batch.
The application layer owns this list; the matching stage is added when a framework is asked for, with its
learned weights (`stages_for`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from extract import ExtractStage
from ingest import FileReader
from ingest.heartbeat import beat
from ingest.ocr import OcrEngine
from model.errors import KiemChungError
from model.records import ReadRecord
from model.settings import Settings
from validity import ValidityStage

if TYPE_CHECKING:
    from matcher.stage import MatchStage

log = logging.getLogger(__name__)


class Stage(Protocol):
    name: str

    def run(self, record: ReadRecord) -> ReadRecord: ...


# Stages after reading, in order (validity judges what extraction found); matching follows when a framework is
# given.
STAGES: list[Stage] = [ExtractStage(), ValidityStage()]


def run_stages(record: ReadRecord, stages: Iterable[Stage]) -> ReadRecord:
    for stage in stages:
        try:
            record = stage.run(record)
        except KiemChungError as error:
            error.stage = stage.name
            record.add_error(error)
        except Exception as error:  # a stage bug: one line on stderr, the traceback with -v (INFO)
            log.error("stage %s failed on %s: %s: %s", stage.name, record.file, type(error).__name__, error)
            log.info("traceback of stage %s on %s", stage.name, record.file, exc_info=True)
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
    with FileReader(settings, engine=engine, keep_words=keep_words, admit=admit) as reader:
        yield from through_stages(reader.read_paths(paths, names), stages)


def through_stages(records: Iterable[ReadRecord], stages: Iterable[Stage]) -> Iterator[ReadRecord]:
    """Each record through the stages as it comes, however it was read (here, or in a watched child)."""
    stage_list = list(stages)
    for record in records:
        record = run_stages(record, stage_list)
        beat()  # a record through the stages is work moving on (the budget's heartbeat, ingest.heartbeat)
        yield record


def match_stage(
    settings: Settings, framework_id: str, year: int | None, unit: str | None = None
) -> MatchStage:
    """The matching stage for a framework id, with the weights fitted from reviewers' decisions when the data
    directory holds them; an unknown or broken framework raises FrameworkError. The unit's name gives its
    province, which tells another province's documents from its own when nothing matches them."""
    from matcher import load_framework
    from matcher.feedback import load_feedback
    from matcher.selfassess import home_province
    from matcher.stage import MatchStage

    framework, scorer = load_feedback(load_framework(framework_id, settings.data_dir), settings.data_dir)
    home = home_province([], unit) if unit else None
    return MatchStage(framework, settings.match_threshold, year, scorer, home)


def stages_for(settings: Settings, framework_id: str | None, year: int | None) -> list[Stage]:
    """Extraction, and matching when a framework is given."""
    return [*STAGES, match_stage(settings, framework_id, year)] if framework_id else list(STAGES)
