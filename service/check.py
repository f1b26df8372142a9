"""The evidence matrix of a unit for a year, from a folder on disk or from what the corpus holds."""

from __future__ import annotations

from pathlib import Path

from model.errors import UsageError
from model.records import MatchRecord
from model.report import CheckReport
from service.context import AppContext
from service.documents import filing_order, nothing_found, relative_names, run_paths
from service.pipeline import STAGES, match_stage
from service.progress import ProgressCallback, no_progress


def read_table_claims(self_assessment: Path | None, unit: str | None) -> list | None:
    """The unit's self-assessment table read into claims (a bad table raises FrameworkError)."""
    from matcher.selfassess import read_claims

    if self_assessment is None:
        return None
    if not self_assessment.is_file():
        raise UsageError("usage.no_input", str(self_assessment), stage="service")
    return read_claims(self_assessment, unit)


def check_folder(
    context: AppContext,
    folder: Path,
    framework_id: str,
    year: int,
    unit: str | None = None,
    self_assessment: Path | None = None,
    progress: ProgressCallback = no_progress,
) -> CheckReport:
    """Read and match every file of a unit's folder (or ZIP) and build its matrix; files are named as ingest
    names them (`relative_names`), so the folder's matrix and the stored unit-year's are the same. The
    framework and the table are read first, so a mistake there costs no reading."""
    from matcher.matrix import build_report

    stage = match_stage(context.settings, framework_id, year, unit)
    claims = read_table_claims(self_assessment, unit)
    files, names = relative_names([folder])
    records = list(run_paths(context, files, [*STAGES, stage], True, names, progress))
    if nothing_found(records):
        raise UsageError("usage.no_input", str(folder), stage="service")
    matched = [record for record in records if isinstance(record, MatchRecord)]
    matched.sort(key=lambda record: filing_order(record.file))
    return build_report(matched, stage.framework, year, unit, claims)


def write_check_sheet(context: AppContext, report: CheckReport, target: Path) -> None:
    """The matrix as the council's XLSX appraisal sheet at `target` (checked with `check_output_path` before
    the work); a write the disk refuses even so (full, made read-only meanwhile) is said, not a traceback."""
    from matcher.xlsx import write_xlsx
    from model.errors import os_reason
    from service.frameworks import show_framework

    try:
        write_xlsx(report, show_framework(context, report.framework), target)
    except OSError as error:
        raise UsageError("output.unwritable", f"{target}: {os_reason(error)}", stage="service") from error


def check_submission(
    context: AppContext,
    unit: str,
    year: int,
    framework_id: str | None = None,
    self_assessment: Path | None = None,
) -> CheckReport:
    """The matrix of a unit-year the corpus holds, rebuilt from the stored records (matched afresh with the
    framework's current weights, no file read again): what the web UI and the council see. The framework is
    the one given, else the one the unit-year was ingested with."""
    from matcher.matrix import build_report

    submission = context.corpus.find_submission(unit, year)
    framework_id = framework_id or submission.framework_id
    if framework_id is None:
        raise UsageError("usage.bad_value", f"{unit}, năm {year} chưa gắn bộ tiêu chí: hãy chọn --framework")
    stage = match_stage(context.settings, framework_id, year, unit)
    assert submission.id is not None
    claims = (
        read_table_claims(self_assessment, unit)
        if self_assessment
        else _stored_claims(context, submission.id, unit)
    )
    # in the folder's order, whatever order the files were stored in (a batch reads the largest first)
    records = sorted(context.corpus.load_records(submission.id), key=lambda record: filing_order(record.file))
    matched = [stage.run(record) for record in records]
    _apply_decisions(context, submission.id, matched)
    return build_report(matched, stage.framework, year, unit, claims)


def _apply_decisions(context: AppContext, submission_id: int, records: list[MatchRecord]) -> None:
    """Reviewers' moves, rejections and confirmations count in the stored unit-year's matrix."""
    from corpus.review import submission_decisions
    from corpus.units import document_ids
    from service.decisions import apply_decisions

    decisions = submission_decisions(context.corpus, submission_id)
    if decisions:
        apply_decisions(records, document_ids(context.corpus, submission_id), decisions)


def _stored_claims(context: AppContext, submission_id: int, unit: str) -> list | None:
    """The claims of the table the unit uploaded, read from its stored original (None when there is none)."""
    from corpus.units import self_assessment_of

    stored = self_assessment_of(context.corpus, submission_id)
    if stored is None:
        return None
    name, sha256 = stored
    return table_claims_of(name, context.corpus.store.get(sha256), unit)


def table_claims_of(name: str, data: bytes, unit: str) -> list | None:
    """The claims of a self-assessment table given as bytes (an upload, a stored original). The table readers
    take a path: the bytes go to a temporary file named by the table's suffix only, never the client's name."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kiemchung-table-") as folder:
        path = Path(folder) / ("bang-tu-danh-gia" + Path(name).suffix.lower()[:6])
        path.write_bytes(data)
        return read_table_claims(path, unit)
