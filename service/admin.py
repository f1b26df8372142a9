"""The secretariat's settings of an assessment year: users, units and their groups, assignments, and the
survey and ministry points that complete the published index. Administrators only; every change audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from model.errors import UsageError
from model.people import Role, UnitGroup, UserInfo
from service.context import AppContext
from service.people import assign, create_user, list_users, require_role


@dataclass(frozen=True)
class UnitYear:
    submission_id: int
    unit: str
    group: str
    survey_points: float | None
    ministry_points: float | None
    members: list[tuple[str, bool]]  # (council member, appraiser of record?)


def overview(context: AppContext, admin: UserInfo, year: int) -> tuple[list[UserInfo], list[UnitYear]]:
    from corpus.people import assignments, submission_ids
    from corpus.units import unit_facts

    require_role(admin, Role.admin)
    every = submission_ids(context.corpus, year)
    all_facts = unit_facts(context.corpus, [submission_id for submission_id, _, _ in every])
    unit_years = []
    for submission_id, unit, group in every:
        facts = all_facts[submission_id]
        members = [(a.username, a.appraiser) for a in assignments(context.corpus, submission_id)]
        unit_years.append(
            UnitYear(submission_id, unit, group, facts.survey_points, facts.ministry_points, members)
        )
    return list_users(context), unit_years


def add_user(
    context: AppContext, admin: UserInfo, username: str, password: str, role: str, name: str, units: list[str]
) -> UserInfo:
    require_role(admin, Role.admin)
    return create_user(context, username, password, role, admin.username, name, units)


def add_unit_year(context: AppContext, admin: UserInfo, unit: str, year: int, group: str) -> None:
    """A unit to be assessed for a year (before any file is uploaded), in its ranking group."""
    from corpus.units import set_unit_group

    require_role(admin, Role.admin)
    if group not in {g.value for g in UnitGroup}:
        raise UsageError("usage.bad_value", f"nhóm {group!r}", stage="service")
    unit = unit.strip()
    if not unit:
        raise UsageError("usage.bad_value", "tên đơn vị trống", stage="service")
    context.corpus.submission(unit, year)
    set_unit_group(context.corpus, unit, group, admin.username)


def assign_member(
    context: AppContext, admin: UserInfo, username: str, unit: str, year: int, appraiser: bool
) -> None:
    require_role(admin, Role.admin)
    member = next((u for u in list_users(context) if u.username == username), None)
    if member is None:
        raise UsageError("usage.bad_value", f"không có người dùng {username}", stage="service")
    if appraiser:  # a new appraiser of record would silently unpublish the submitted appraisal
        from corpus.people import assignments
        from service.appraisal import require_appraisal_open

        submission_id = context.corpus.submission(unit, year)
        current = [a.user_id for a in assignments(context.corpus, submission_id) if a.appraiser]
        if current != [member.id]:
            require_appraisal_open(context, submission_id, f"{unit}, năm {year}")
    assign(context, member, unit, year, appraiser, admin.username)


def set_points(
    context: AppContext, admin: UserInfo, unit: str, year: int, survey: float | None, ministry: float | None
) -> None:
    """Points from surveys (SIPAS and the like) and from ministries, entered per unit-year."""
    from corpus.units import set_external_points

    require_role(admin, Role.admin)
    for value in (survey, ministry):
        if value is not None and value < 0:
            raise UsageError("usage.bad_value", f"điểm {value:g} âm", stage="service")
    set_external_points(
        context.corpus, context.corpus.submission(unit, year), survey, ministry, admin.username
    )


def set_deadline(context: AppContext, admin: UserInfo, unit: str, year: int, deadline: date | None) -> None:
    """The last day of the unit-year's explanation round."""
    from corpus.people import set_deadline as store

    require_role(admin, Role.admin)
    store(context.corpus, context.corpus.submission(unit, year), deadline, admin.username)
