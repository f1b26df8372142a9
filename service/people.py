"""Users and what each may see: signing in, creating users, and the access rule every page goes through.

The rule, in one place: an administrator sees every unit-year; a council member the unit-years assigned to them;
an agency officer the unit-years of their own unit(s). Anything else is AccessDenied, whether it exists or not,
so an id typed into a URL tells nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from model.errors import AccessDenied, AppraisalError, AuthError, UsageError
from model.people import Role, UserInfo
from service.context import AppContext

MIN_PASSWORD = 10
_hasher = PasswordHasher()
# a hash to verify against when the name is unknown, so a wrong name costs as long as a wrong password
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def create_user(
    context: AppContext,
    username: str,
    password: str,
    role: str,
    actor: str,
    display_name: str = "",
    units: list[str] | None = None,
) -> UserInfo:
    """A user who can sign in, with the password hashed (argon2id)."""
    from corpus.people import add_user

    if role not in {r.value for r in Role}:
        raise UsageError("user.bad_role", repr(role), stage="service")
    if len(password) < MIN_PASSWORD:
        raise UsageError("user.weak_password", str(MIN_PASSWORD), stage="service")
    username = username.strip()
    return add_user(
        context.corpus, username, _hasher.hash(password), Role(role), display_name, units or [], actor
    )


def authenticate(context: AppContext, username: str, password: str) -> UserInfo:
    """The user whose name and password these are; AuthError otherwise (the same for a wrong name)."""
    from corpus.people import login_record, set_password_hash

    found = login_record(context.corpus, username.strip())
    try:
        _hasher.verify(found[1] if found else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise AuthError("auth.failed", stage="service") from None
    if found is None:
        raise AuthError("auth.failed", stage="service")
    user, stored = found
    if _hasher.check_needs_rehash(stored):
        set_password_hash(context.corpus, user.id, _hasher.hash(password))
    return user


def get_user(context: AppContext, user_id: int) -> UserInfo | None:
    from corpus.people import get_user as load

    return load(context.corpus, user_id)


def list_users(context: AppContext) -> list[UserInfo]:
    from corpus.people import list_users as load

    return load(context.corpus)


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: Role


def ensure_demo_users(context: AppContext, unit: str, year: int) -> list[DemoUser]:
    """On a corpus where nobody can sign in yet: a demo council member assigned to `unit`'s year as its
    appraiser, and a demo officer of `unit`, each with a random password returned once (never stored in
    clear). An administrator is created only by `kiemchung user add --role admin`."""
    from corpus.people import users_can_sign_in

    if users_can_sign_in(context.corpus):
        return []
    council = DemoUser("hoidong", secrets.token_urlsafe(9), Role.council)
    officer = DemoUser("canbo", secrets.token_urlsafe(9), Role.officer)
    member = create_user(context, council.username, council.password, council.role, "kiemchung",
                         "Thành viên Hội đồng (mẫu)")  # fmt: skip
    create_user(
        context, officer.username, officer.password, officer.role, "kiemchung", "Cán bộ đầu mối (mẫu)", [unit]
    )
    assign(context, member, unit, year, appraiser=True, actor="kiemchung")
    return [council, officer]


def assign(context: AppContext, member: UserInfo, unit: str, year: int, appraiser: bool, actor: str) -> None:
    """Assign a council member to a unit-year (created if nothing was ingested for it yet); a new appraiser of
    record for a submitted appraisal is refused until it is reopened (it would silently unpublish it), from the
    administrator's page and the command line alike."""
    from corpus.people import assign as store
    from corpus.people import assignments

    if member.role is not Role.council:
        raise UsageError("user.bad_role", f"{member.username}: {member.role.value}", stage="service")
    submission_id = context.corpus.submission(unit, year)
    if appraiser and [a.user_id for a in assignments(context.corpus, submission_id) if a.appraiser] != [
        member.id
    ]:
        require_appraisal_open(context, submission_id, f"{unit}, năm {year}")
    store(context.corpus, member.id, submission_id, appraiser, actor)


def visible_submissions(context: AppContext, user: UserInfo, year: int) -> list[tuple[int, str, str]]:
    """The unit-years of a year this user may see: (submission id, unit, group)."""
    from corpus.people import assigned_submissions, submission_ids

    every = submission_ids(context.corpus, year)
    if user.role is Role.admin:
        return every
    if user.role is Role.council:
        mine = assigned_submissions(context.corpus, user.id)
        return [row for row in every if row[0] in mine]
    return [row for row in every if row[1] in user.units]


def require_submission(context: AppContext, user: UserInfo, unit: str, year: int) -> int:
    """The id of the unit-year if this user may see it; AccessDenied otherwise (also when it does not exist)."""
    for submission_id, name, _ in visible_submissions(context, user, year):
        if name == unit:
            return submission_id
    raise AccessDenied("access.denied", f"hồ sơ {unit}, năm {year}", stage="service")


def require_role(user: UserInfo, *roles: Role) -> None:
    if user.role not in roles:
        raise AccessDenied("access.denied", "trang này", stage="service")


def appraisal_submitted(context: AppContext, submission_id: int) -> bool:
    """Whether the unit-year's appraiser of record has submitted (and not been reopened)."""
    from corpus.people import assignments

    return any(
        member.appraiser and member.submitted_at for member in assignments(context.corpus, submission_id)
    )


def require_appraisal_open(context: AppContext, submission_id: int, what: str) -> None:
    """The one rule for every change to what the council appraised (flag verdicts, document decisions,
    corrections, points): once the appraiser of record has submitted, nothing of it changes until an
    administrator reopens the appraisal, so the published sheet always says what was appraised."""
    if appraisal_submitted(context, submission_id):
        raise AppraisalError("appraisal.published", what, stage="service")
