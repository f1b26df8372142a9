"""The council's scoring desk: a unit-year's matrix as a tree with points, and the appraisal recorded on it.

One council member assigned to a unit-year is its appraiser of record: their points count; the others
comment. Points are never above a criterion's maximum nor below 0; "submit" locks a member's appraisal until an
administrator reopens it. Every change is audited with who, when, before and after."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from model.errors import AccessDenied, AppraisalError
from model.people import Role, UserInfo
from model.report import CheckReport, EvidenceItem
from service.context import AppContext
from service.people import require_appraisal_open, require_role, require_submission

if TYPE_CHECKING:
    from corpus.flags import StoredFlag
    from corpus.models import AuditEntry
    from corpus.people import AssignmentInfo
    from matcher.framework import Criterion


@dataclass
class CriterionRow:
    """One row of the unit page: a field, a criterion or a sub-criterion, with its points and findings."""

    code: str
    title: str
    depth: int
    max_points: float
    leaf: bool
    status: str | None = None
    claimed: float | None = None
    appraised: float | None = None  # the appraiser of record's points (sum of the leaves above a leaf)
    mine: tuple[float | None, str | None] = (None, None)  # this member's points and comment
    comments: list[tuple[str, str]] = field(default_factory=list)  # (member, comment) of every member
    evidence: list[EvidenceItem] = field(default_factory=list)
    flags: list[StoredFlag] = field(default_factory=list)
    explanations: list[tuple[str, str, datetime]] = field(default_factory=list)  # the unit's answers


@dataclass
class UnitView:
    unit: str
    year: int
    submission_id: int
    report: CheckReport | None
    rows: list[CriterionRow]
    unit_flags: list[StoredFlag]  # findings not about one criterion: duplicates, unmatched or unread files
    assignments: list[AssignmentInfo]
    appraiser: str | None
    can_score: bool  # this user is the appraiser of record and has not submitted
    can_comment: bool
    submitted_at: datetime | None
    published: bool = False  # the appraiser of record has submitted: the unit sees the appraisal
    explaining: bool = False  # the appraisal is submitted and the unit may answer (until the deadline)
    deadline: date | None = None
    can_explain: bool = False
    history: list[AuditEntry] = field(default_factory=list)

    @property
    def appraised_total(self) -> float | None:
        points = [row.appraised for row in self.rows if row.leaf and row.appraised is not None]
        return round(sum(points), 3) if points else None


def stored_report(context: AppContext, submission_id: int, unit: str, year: int) -> CheckReport | None:
    """The matrix as last built; built (and kept) now when the unit-year has a framework but no matrix yet."""
    matrix, framework_id = context.corpus.stored_matrix(submission_id)
    if matrix is not None:
        return CheckReport.model_validate({**matrix, "documents": []})
    if framework_id is None:
        return None
    from service.flags import refresh_flags

    return refresh_flags(context, unit, year)


def unit_view(context: AppContext, user: UserInfo, unit: str, year: int) -> UnitView:
    from corpus.flags import submission_flags
    from corpus.people import appraisals, assignments
    from matcher import load_framework

    submission_id = require_submission(context, user, unit, year)
    report = stored_report(context, submission_id, unit, year)
    members = assignments(context.corpus, submission_id)
    mine = next((a for a in members if a.user_id == user.id), None)
    appraiser = next((a for a in members if a.appraiser), None)
    scores = appraisals(context.corpus, submission_id)
    flags = submission_flags(context.corpus, submission_id)
    rows: list[CriterionRow] = []
    if report is not None:
        framework = load_framework(report.framework, context.settings.data_dir)
        names = {a.user_id: a.username for a in members}
        for criterion in framework.criteria:
            _rows(
                criterion,
                0,
                report,
                scores,
                appraiser.user_id if appraiser else None,
                user.id,
                names,
                flags,
                rows,
            )
    view = UnitView(
        unit=unit, year=year, submission_id=submission_id, report=report, rows=rows,
        unit_flags=[f for f in flags if not f.flag.criterion],
        assignments=members, appraiser=appraiser.username if appraiser else None,
        can_score=bool(mine and mine.appraiser and mine.submitted_at is None),
        can_comment=bool(mine and mine.submitted_at is None), submitted_at=mine.submitted_at if mine else None,
    )  # fmt: skip
    _add_explanation_round(context, user, view)
    return view


@dataclass(frozen=True)
class ExplanationRound:
    published: bool  # the appraiser of record has submitted: the unit sees the appraisal
    open: bool  # and the unit may still answer and add evidence (no deadline set, or not passed)
    deadline: date | None


def explanation_round(
    context: AppContext, submission_id: int, members: list[AssignmentInfo]
) -> ExplanationRound:
    """Where the unit-year's appraisal stands for the unit: one rule for the unit page and for uploads."""
    from corpus.people import deadline_of

    deadline = deadline_of(context.corpus, submission_id)
    published = any(member.appraiser and member.submitted_at for member in members)
    return ExplanationRound(published, published and (deadline is None or date.today() <= deadline), deadline)


def _add_explanation_round(context: AppContext, user: UserInfo, view: UnitView) -> None:
    from corpus.people import explanations, history

    answers = explanations(context.corpus, view.submission_id)
    for row in view.rows:
        row.explanations = answers.get(row.code, [])
    state = explanation_round(context, view.submission_id, view.assignments)
    view.deadline, view.published, view.explaining = state.deadline, state.published, state.open
    view.can_explain = view.explaining and (
        user.role is Role.admin or (user.role is Role.officer and view.unit in user.units)
    )
    view.history = history(context.corpus, view.submission_id)


def explain(context: AppContext, user: UserInfo, unit: str, year: int, criterion: str, text: str) -> None:
    """The unit's answer to the council's comment on a criterion, in the explanation round only."""
    from corpus.people import add_explanation

    view = unit_view(context, user, unit, year)
    if not view.can_explain:
        raise AppraisalError("explanation.closed", f"{unit}, năm {year}", stage="service")
    if not any(row.code == criterion and row.leaf and row.comments for row in view.rows):
        raise AppraisalError(
            "appraisal.unknown_criterion", f"{criterion} (chưa có ý kiến của Hội đồng)", stage="service"
        )
    if text.strip():
        add_explanation(context.corpus, view.submission_id, criterion, user.id, text.strip(), user.username)


def _rows(
    criterion: Criterion,
    depth: int,
    report: CheckReport,
    scores: dict[int, dict[str, tuple[float | None, str | None]]],
    appraiser_id: int | None,
    user_id: int,
    names: dict[int, str],
    flags: list[StoredFlag],
    rows: list[CriterionRow],
) -> CriterionRow:
    """The criterion's row and its children's, in order; an upper row's points are its leaves' sums."""
    row = CriterionRow(criterion.code, criterion.title, depth, criterion.max_points, not criterion.children)
    rows.append(row)
    row.mine = scores.get(user_id, {}).get(criterion.code, (None, None))
    row.comments = [(names.get(uid, "?"), given[criterion.code][1] or "") for uid, given in scores.items()
                    if criterion.code in given and given[criterion.code][1]]  # fmt: skip
    if row.leaf:
        status = next((item for item in report.criteria if item.code == criterion.code), None)
        if status is not None:
            row.status, row.claimed, row.evidence = status.status, status.claimed_points, status.evidence
        row.appraised = scores.get(appraiser_id or -1, {}).get(criterion.code, (None, None))[0]
        row.flags = [f for f in flags if f.flag.criterion == criterion.code]
        return row
    children = [_rows(child, depth + 1, report, scores, appraiser_id, user_id, names, flags, rows)
                for child in criterion.children]  # fmt: skip
    claimed = [child.claimed for child in children if child.claimed is not None]
    appraised = [child.appraised for child in children if child.appraised is not None]
    row.claimed = round(sum(claimed), 3) if claimed else None
    row.appraised = round(sum(appraised), 3) if appraised else None
    return row


def score(
    context: AppContext,
    user: UserInfo,
    unit: str,
    year: int,
    criterion: str,
    points: float | None,
    comment: str | None,
) -> None:
    """Record this council member's points (appraiser of record only) and comment on one criterion."""
    from corpus.people import save_appraisal

    require_role(user, Role.council)
    view = unit_view(context, user, unit, year)
    if not view.can_comment:
        if view.submitted_at is not None:
            raise AppraisalError("appraisal.locked", f"{unit}, năm {year}", stage="service")
        raise AccessDenied("access.denied", f"kết quả thẩm định {unit}, năm {year}", stage="service")
    row = next((r for r in view.rows if r.code == criterion and r.leaf), None)
    if row is None:
        raise AppraisalError("appraisal.unknown_criterion", criterion, stage="service")
    if points is not None and not view.can_score:
        raise AppraisalError("appraisal.not_appraiser", f"{unit}, năm {year}", stage="service")
    if points is not None:
        require_appraisal_open(context, view.submission_id, f"{unit}, năm {year}")
    if points is not None and not 0 <= points <= row.max_points:
        raise AppraisalError("appraisal.over_max", f"{points:g} (tối đa {row.max_points:g})", stage="service")
    comment = (comment or "").strip() or None
    save_appraisal(context.corpus, view.submission_id, criterion, user.id, points, comment, user.username)


def submit_appraisal(context: AppContext, user: UserInfo, unit: str, year: int) -> None:
    from corpus.people import set_submitted

    require_role(user, Role.council)
    submission_id = require_submission(context, user, unit, year)
    set_submitted(context.corpus, user.id, submission_id, True, user.username)


def reopen_appraisal(context: AppContext, admin: UserInfo, unit: str, year: int, member_id: int) -> None:
    from corpus.people import set_submitted

    require_role(admin, Role.admin)
    submission_id = require_submission(context, admin, unit, year)
    set_submitted(context.corpus, member_id, submission_id, False, admin.username)


def appraisal_sheet(context: AppContext, user: UserInfo, unit: str, year: int) -> bytes:
    """The unit-year's matrix as the council's XLSX appraisal sheet."""
    import tempfile
    from pathlib import Path

    from matcher import load_framework
    from matcher.xlsx import write_xlsx
    from model.errors import NotFoundError

    submission_id = require_submission(context, user, unit, year)
    report = stored_report(context, submission_id, unit, year)
    if report is None:
        raise NotFoundError("submission.not_found", f"{unit}, năm {year}", stage="service")
    framework = load_framework(report.framework, context.settings.data_dir)
    with tempfile.TemporaryDirectory(prefix="kiemchung-sheet-") as folder:
        path = Path(folder) / "sheet.xlsx"
        write_xlsx(report, framework, path)
        return path.read_bytes()


def require_uploads_open(context: AppContext, user: UserInfo, unit: str, year: int) -> None:
    """Once the appraisal is submitted, the unit adds evidence only during the explanation round (until the
    deadline): the council must not find the matrix it appraised changed afterwards. Administrators may."""
    from corpus.people import assignments
    from model.errors import NotFoundError

    if user.role is Role.admin:
        return
    try:
        submission = context.corpus.find_submission(unit, year)
    except NotFoundError:
        return  # nothing filed yet: the first upload opens the unit-year
    assert submission.id is not None
    state = explanation_round(context, submission.id, assignments(context.corpus, submission.id))
    if state.published and not state.open:
        raise AppraisalError("explanation.closed", f"{unit}, năm {year}", stage="service")
