"""Every unit of a year at a glance, as the council and the secretariat read it: completeness, open flags,
points, and the ranking within each group as provinces publish it (special agencies ranked among themselves).

Read from the matrices the corpus keeps (built after each ingest), so a province of a hundred units lists
without rebuilding a hundred matrices."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from model.people import Role, UnitGroup, UserInfo
from service.context import AppContext
from service.people import visible_submissions

if TYPE_CHECKING:
    from corpus.units import UnitFacts


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
    """The unit-years of `year` this user may see, ranked within their group by the published total among
    all the province's units (a council member seeing two units sees their places in the whole ranking).
    Officers see appraised points, totals and ranks only once the appraisal is submitted."""
    from corpus.people import submission_ids
    from corpus.units import submitted_appraisals, unit_facts

    every = submission_ids(context.corpus, year)
    facts = unit_facts(context.corpus, [submission_id for submission_id, _, _ in every])
    rows = {sid: _row(unit, group, year, facts[sid]) for sid, unit, group in every}
    for group in UnitGroup:
        ranked = sorted((r for r in rows.values() if r.group == group and r.total is not None),
                        key=lambda r: -(r.total or 0))  # fmt: skip
        for position, row in enumerate(ranked, start=1):
            row.rank = position
    visible = [sid for sid, _, _ in visible_submissions(context, user, year)]
    if user.role is Role.officer:
        published = submitted_appraisals(context.corpus, visible)
        for sid in visible:
            if sid not in published:
                rows[sid].appraised = rows[sid].rank = None
    return [rows[sid] for sid in visible]


def _row(unit: str, group: str, year: int, facts: UnitFacts) -> UnitRow:
    row = UnitRow(unit=unit, group=group, year=year, documents=facts.documents, framework=facts.framework,
                  survey_points=facts.survey_points, ministry_points=facts.ministry_points, appraised=facts.appraised,
                  open_flags=Counter(facts.open_flags or {}))  # fmt: skip
    summary = facts.summary
    if summary is not None:
        row.covered = int(summary["covered"])
        row.assessed = (
            int(summary["criteria_total"]) - int(summary["survey"]) - int(summary["not_applicable"])
        )
        row.points_max, row.points_claimed = summary["points_max"], summary["points_claimed"]
        row.points_at_risk = summary["points_at_risk"]
    return row
