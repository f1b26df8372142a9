"""The findings a council works through: a unit-year's flags with their review status."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from model.flags import Flag
from model.report import CheckReport
from service.check import check_submission
from service.context import AppContext

if TYPE_CHECKING:
    from corpus.flags import StoredFlag

# findings about the unit-year as a whole (the matrix makes them), as opposed to those extraction puts on one
# document, which are stored with that document
UNIT_FLAG_CODES = frozenset(
    {"evidence.gap", "evidence.unreadable", "document.duplicate", "document.version", "date.outside_period",
     "date.after_deadline", "citation.not_found", "citation.mismatch", "claim.no_evidence", "claim.over_max"}
)  # fmt: skip


def unit_flags(report: CheckReport) -> list[Flag]:
    """The report's unit-level findings, each once (a gap per criterion, a duplicate per file)."""
    found = report.flags + [flag for item in report.criteria for flag in item.flags]
    unique = {(f.code, f.criterion, f.file, f.message): f for f in found if f.code in UNIT_FLAG_CODES}
    return list(unique.values())


def refresh_flags(
    context: AppContext,
    unit: str,
    year: int,
    framework_id: str | None = None,
    self_assessment: Path | None = None,
) -> CheckReport:
    """Rebuild the unit-year's matrix from the corpus and store its unit-level findings with the submission
    (statuses reviewers gave are kept); returns the matrix."""
    from corpus.flags import replace_unit_flags

    report = check_submission(context, unit, year, framework_id, self_assessment)
    submission = context.corpus.find_submission(unit, year)
    assert submission.id is not None
    replace_unit_flags(context.corpus, submission.id, unit_flags(report))
    context.corpus.save_matrix(submission.id, report.model_dump(mode="json", exclude={"documents"}))
    return report


def list_flags(context: AppContext, unit: str, year: int) -> list[StoredFlag]:
    """Every flag of the unit-year (its own, then its documents'), with status, who set it and why."""
    from corpus.flags import submission_flags

    submission = context.corpus.find_submission(unit, year)
    assert submission.id is not None
    return submission_flags(context.corpus, submission.id)


def set_flag_status(
    context: AppContext, flag_id: int, status: str, user: str, note: str | None = None
) -> StoredFlag:
    """`user` accepts a flag (the unit must fix it), dismisses it (it does not hold: say why in `note`) or opens
    it again; the change is audited."""
    from corpus.flags import set_flag_status as store_status

    return store_status(context.corpus, flag_id, status, user, note)
