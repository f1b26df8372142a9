"""Every unit of a year at a glance, as the council and the secretariat read it: completeness, open flags,
points, and the ranking within each group as provinces publish it (special agencies ranked among themselves).

Read from the matrices the corpus keeps (built after each ingest), so a province of a hundred units lists
without rebuilding a hundred matrices."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from model.people import UnitGroup, UserInfo
from model.report import CheckReport
from model.review import FlagStatus
from service.context import AppContext
from service.people import visible_submissions


@dataclass
class UnitRow:
    unit: str
    group: str
    year: int
    framework: str | None = None
    documents: int = 0
    covered: int = 0
    assessed: int = 0  # criteria assessed from evidence (not survey, not n/a)
    open_flags: Counter[str] = field(default_factory=Counter)  # by severity
    points_max: float | None = None
    points_claimed: float | None = None
    points_at_risk: float | None = None
    appraised: float | None = None
    survey_points: float | None = None
    ministry_points: float | None = None
    rank: int | None = None

    @property
    def completeness(self) -> float | None:
        return self.covered / self.assessed if self.assessed else None

    @property
    def total(self) -> float | None:
        """The published index: appraised self-assessment plus survey and ministry points."""
        if self.appraised is None:
            return None
        return round(self.appraised + (self.survey_points or 0) + (self.ministry_points or 0), 3)

    @property
    def survey_missing(self) -> bool:
        return self.survey_points is None


def dashboard(context: AppContext, user: UserInfo, year: int) -> list[UnitRow]:
    """The unit-years of `year` this user may see, ranked within their group by the published total."""
    rows = [_row(context, submission_id, unit, group, year)
            for submission_id, unit, group in visible_submissions(context, user, year)]  # fmt: skip
    for group in UnitGroup:
        ranked = sorted(
            (r for r in rows if r.group == group and r.total is not None), key=lambda r: -(r.total or 0)
        )
        for position, row in enumerate(ranked, start=1):
            row.rank = position
    return rows


def _row(context: AppContext, submission_id: int, unit: str, group: str, year: int) -> UnitRow:
    from corpus.flags import submission_flags
    from corpus.people import appraisals, assignments
    from corpus.units import submission_facts

    row = UnitRow(unit=unit, group=group, year=year)
    facts = submission_facts(context.corpus, submission_id)
    row.documents, row.survey_points, row.ministry_points = (
        facts.documents,
        facts.survey_points,
        facts.ministry_points,
    )
    matrix, row.framework = context.corpus.stored_matrix(submission_id)
    if matrix is not None:
        report = CheckReport.model_validate({**matrix, "documents": []})
        summary = report.summary
        row.covered = summary.covered
        row.assessed = summary.criteria_total - summary.survey - summary.not_applicable
        row.points_max, row.points_claimed, row.points_at_risk = (
            summary.points_max, summary.points_claimed, summary.points_at_risk,
        )  # fmt: skip
    row.open_flags = Counter(
        str(stored.flag.severity) for stored in submission_flags(context.corpus, submission_id)
        if stored.status is FlagStatus.open
    )  # fmt: skip
    appraiser = next((a for a in assignments(context.corpus, submission_id) if a.appraiser), None)
    if appraiser is not None:
        points = [p for p, _ in appraisals(context.corpus, submission_id).get(appraiser.user_id, {}).values()
                  if p is not None]  # fmt: skip
        row.appraised = round(sum(points), 3) if points else None
    return row
