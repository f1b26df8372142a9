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
    framework_id: str | None = None


def overview(context: AppContext, admin: UserInfo, year: int) -> tuple[list[UserInfo], list[UnitYear]]:
    from corpus.people import assignments, submission_ids
    from corpus.units import frameworks_in_use, unit_facts

    require_role(admin, Role.admin)
    every = submission_ids(context.corpus, year)
    frameworks = {sid: framework for sid, _, _, framework in frameworks_in_use(context.corpus, year)}
    all_facts = unit_facts(context.corpus, [submission_id for submission_id, _, _ in every])
    unit_years = []
    for submission_id, unit, group in every:
        facts = all_facts[submission_id]
        members = [(a.username, a.appraiser) for a in assignments(context.corpus, submission_id)]
        unit_years.append(
            UnitYear(
                submission_id,
                unit,
                group,
                facts.survey_points,
                facts.ministry_points,
                members,
                frameworks.get(submission_id),
            )
        )
    return list_users(context), unit_years


def add_user(
    context: AppContext, admin: UserInfo, username: str, password: str, role: str, name: str, units: list[str]
) -> UserInfo:
    require_role(admin, Role.admin)
    return create_user(context, username, password, role, admin.username, name, units)


def add_unit_year(
    context: AppContext, admin: UserInfo, unit: str, year: int, group: str, new: bool = False
) -> None:
    """A unit to be assessed for a year (before any file is uploaded), in its ranking group. A name the corpus
    does not know yet is taken only when the administrator says the unit is new (`new`): a typo must not make a
    second unit-year beside the real one; a name that differs from a known one only in case, diacritics or
    spaces is refused outright."""
    from corpus.units import set_unit_group

    require_role(admin, Role.admin)
    if group not in {g.value for g in UnitGroup}:
        raise UsageError("usage.bad_value", f"nhóm {group!r}", stage="service")
    unit = " ".join(unit.split())
    if not unit:
        raise UsageError("usage.bad_value", "tên đơn vị trống", stage="service")
    _check_new_name(context, unit, new)
    context.corpus.submission(unit, year)
    set_unit_group(context.corpus, unit, group, admin.username)


def _check_new_name(context: AppContext, unit: str, new: bool) -> None:
    import difflib

    from corpus.fold import fold
    from corpus.units import unit_names

    known = unit_names(context.corpus)
    if unit in known:
        return
    folded = {" ".join(fold(name).split()): name for name in known}
    same = folded.get(" ".join(fold(unit).split()))
    if same is not None:
        raise UsageError("unit.same_name", f"“{same}”", stage="service")
    if not new:
        close = [folded[f] for f in difflib.get_close_matches(fold(unit), list(folded), n=3, cutoff=0.8)]
        hint = f" (gần giống: {', '.join(close)})" if close else ""
        raise UsageError("unit.unknown", f"“{unit}”{hint}", stage="service")


def known_units(context: AppContext, admin: UserInfo) -> list[str]:
    """Every unit of any year, for the administrator's pick lists."""
    from corpus.units import unit_names

    require_role(admin, Role.admin)
    return unit_names(context.corpus)


def unit_year_id(context: AppContext, unit: str, year: int) -> int:
    """The existing unit-year: the administrator's other forms never create one (a typo would)."""
    from model.errors import NotFoundError

    try:
        submission = context.corpus.find_submission(unit, year)
    except NotFoundError:
        raise UsageError("unit.not_in_year", f"“{unit}”, năm {year}", stage="service") from None
    assert submission.id is not None
    return submission.id


def assign_member(
    context: AppContext, admin: UserInfo, username: str, unit: str, year: int, appraiser: bool
) -> None:
    require_role(admin, Role.admin)
    member = _user(context, username)
    unit_year_id(context, unit, year)  # the page never creates a unit-year (the command line may, at set-up)
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
    set_external_points(context.corpus, unit_year_id(context, unit, year), survey, ministry, admin.username)


def set_deadline(context: AppContext, admin: UserInfo, unit: str, year: int, deadline: date | None) -> None:
    """The last day of the unit-year's explanation round."""
    from corpus.people import set_deadline as store

    require_role(admin, Role.admin)
    store(context.corpus, unit_year_id(context, unit, year), deadline, admin.username)


def _user(context: AppContext, username: str) -> UserInfo:
    member = next((u for u in list_users(context) if u.username == username), None)
    if member is None:
        raise UsageError("usage.bad_value", f"không có người dùng {username}", stage="service")
    return member


def change_user(context: AppContext, admin: UserInfo, username: str, role: str | None, remove: bool) -> None:
    """A user's new role, or the user removed. A council member who is the appraiser of record of a unit-year
    keeps that role until the administrator names another appraiser there: otherwise the unit-year's points
    would belong to nobody. Other assignments of someone who stops being a council member are dropped."""
    from corpus.people import appraiser_of_record
    from corpus.people import change_user as store

    require_role(admin, Role.admin)
    user = _user(context, username)
    if user.id == admin.id:
        raise UsageError("user.self", stage="service")
    if role is not None and role not in {r.value for r in Role}:
        raise UsageError("user.bad_role", repr(role), stage="service")
    new_role = Role(role) if role else user.role
    if user.role is Role.council and (remove or new_role is not Role.council):
        held = appraiser_of_record(context.corpus, user.id)
        if held:
            where = "; ".join(f"{unit}, năm {year}" for unit, year in held)
            raise UsageError(
                "user.appraiser_of_record",
                f"{username} là thành viên thẩm định chính của {where}",
                stage="service",
            )
    store(context.corpus, user.id, new_role, not remove, admin.username)
