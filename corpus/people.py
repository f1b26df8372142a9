"""Users, their units and assignments, and the council's appraised points, as the corpus keeps them.

Password hashing is the application layer's (service/people.py): this module stores what it is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from corpus.models import Appraisal, Assignment, AuditEntry, Submission, Unit, User, UserUnit, utc_now
from corpus.repository import Corpus
from model.errors import AccessDenied, UsageError
from model.people import Role, UserInfo


def _info(session: Session, user: User) -> UserInfo:
    assert user.id is not None
    units = session.exec(
        select(Unit.name).join(UserUnit, col(UserUnit.unit_id) == Unit.id).where(UserUnit.user_id == user.id)
    ).all()
    return UserInfo(user.id, user.username, user.display_name, Role(user.role), tuple(sorted(units)))


def add_user(
    corpus: Corpus,
    username: str,
    password_hash: str,
    role: Role,
    display_name: str,
    units: list[str],
    actor: str,
) -> UserInfo:
    """A user who can sign in; an officer's units are created on first mention. A taken name is refused."""
    with Session(corpus.engine) as session, session.begin():
        existing = session.exec(select(User).where(User.username == username)).first()
        if existing is not None and existing.password_hash:
            raise UsageError("user.exists", username, stage="corpus")
        user = existing or User(username=username)
        user.password_hash, user.role, user.display_name, user.active = (
            password_hash,
            role.value,
            display_name,
            True,
        )
        session.add(user)
        session.flush()
        for name in units:
            unit = session.exec(select(Unit).where(Unit.name == name)).first() or Unit(name=name)
            session.add(unit)
            session.flush()
            assert unit.id is not None and user.id is not None
            session.add(UserUnit(user_id=user.id, unit_id=unit.id))
        session.add(AuditEntry(actor=actor, action="user.created", entity="user", entity_id=str(user.id),
                               detail={"username": username, "role": role.value, "units": units}))  # fmt: skip
        session.flush()
        return _info(session, user)


def login_record(corpus: Corpus, username: str) -> tuple[UserInfo, str] | None:
    """The user and their password hash, for signing in; None for an unknown, inactive or password-less name."""
    with Session(corpus.engine) as session:
        user = session.exec(select(User).where(User.username == username)).first()
        if user is None or not user.active or not user.password_hash:
            return None
        return _info(session, user), user.password_hash


def set_password_hash(corpus: Corpus, user_id: int, password_hash: str) -> None:
    with Session(corpus.engine) as session, session.begin():
        user = session.get(User, user_id)
        if user is not None:
            user.password_hash = password_hash
            session.add(user)


def get_user(corpus: Corpus, user_id: int) -> UserInfo | None:
    with Session(corpus.engine) as session:
        user = session.get(User, user_id)
        return _info(session, user) if user is not None and user.active and user.password_hash else None


def users_can_sign_in(corpus: Corpus) -> bool:
    with Session(corpus.engine) as session:
        return session.exec(select(User.id).where(col(User.password_hash).is_not(None))).first() is not None


def list_users(corpus: Corpus) -> list[UserInfo]:
    with Session(corpus.engine) as session:
        users = session.exec(
            select(User)
            .where(col(User.password_hash).is_not(None), col(User.active).is_(True))
            .order_by(col(User.username))
        )
        return [_info(session, user) for user in users]


def assign(corpus: Corpus, user_id: int, submission_id: int, appraiser: bool, actor: str) -> None:
    """Assign a council member to a unit-year; the appraiser of record replaces any earlier one."""
    with Session(corpus.engine) as session, session.begin():
        if appraiser:
            for other in session.exec(select(Assignment).where(Assignment.submission_id == submission_id)):
                other.appraiser = False
                session.add(other)
        found = session.exec(
            select(Assignment).where(Assignment.user_id == user_id, Assignment.submission_id == submission_id)
        ).first()
        row = found or Assignment(user_id=user_id, submission_id=submission_id)
        row.appraiser = appraiser or (found.appraiser if found else False)
        session.add(row)
        detail = {"user_id": user_id, "appraiser": appraiser}
        session.add(AuditEntry(actor=actor, action="assignment.set", entity="submission",
                               entity_id=str(submission_id), detail=detail))  # fmt: skip


@dataclass(frozen=True)
class AssignmentInfo:
    user_id: int
    username: str
    appraiser: bool
    submitted_at: datetime | None


def assignments(corpus: Corpus, submission_id: int) -> list[AssignmentInfo]:
    with Session(corpus.engine) as session:
        rows = session.exec(
            select(Assignment, User.username)
            .join(User, col(User.id) == Assignment.user_id)
            .where(Assignment.submission_id == submission_id)
            .order_by(col(User.username))
        )
        return [AssignmentInfo(a.user_id, name, a.appraiser, a.submitted_at) for a, name in rows]


def assigned_submissions(corpus: Corpus, user_id: int) -> set[int]:
    with Session(corpus.engine) as session:
        return set(session.exec(select(Assignment.submission_id).where(Assignment.user_id == user_id)))


def officer_units(corpus: Corpus, user_id: int) -> set[int]:
    with Session(corpus.engine) as session:
        return set(session.exec(select(UserUnit.unit_id).where(UserUnit.user_id == user_id)))


def set_submitted(corpus: Corpus, user_id: int, submission_id: int, submitted: bool, actor: str) -> None:
    """Submit (lock) or reopen one member's appraisal of a unit-year, audited."""
    with Session(corpus.engine) as session, session.begin():
        row = session.exec(
            select(Assignment).where(Assignment.user_id == user_id, Assignment.submission_id == submission_id)
        ).first()
        if row is None:
            raise AccessDenied("access.denied", f"hồ sơ {submission_id}", stage="corpus")
        row.submitted_at = utc_now() if submitted else None
        session.add(row)
        action = "appraisal.submitted" if submitted else "appraisal.reopened"
        session.add(AuditEntry(actor=actor, action=action, entity="submission", entity_id=str(submission_id),
                               detail={"user_id": user_id}))  # fmt: skip


def save_appraisal(
    corpus: Corpus, submission_id: int, criterion: str, user_id: int, points: float | None, comment: str | None,
    actor: str,
) -> None:  # fmt: skip
    """One member's points and comment on one criterion (the previous ones kept in the audit entry)."""
    for _ in range(2):
        try:
            with Session(corpus.engine) as session, session.begin():
                row = session.exec(
                    select(Appraisal).where(Appraisal.submission_id == submission_id,
                                            Appraisal.criterion == criterion, Appraisal.user_id == user_id)
                ).first()  # fmt: skip
                before = {"points": row.points, "comment": row.comment} if row else None
                row = row or Appraisal(submission_id=submission_id, criterion=criterion, user_id=user_id)
                row.points, row.comment, row.updated_at = points, comment, utc_now()
                session.add(row)
                session.add(AuditEntry(actor=actor, action="appraisal.scored", entity="submission",
                                       entity_id=str(submission_id), detail={"criterion": criterion, "before": before,
                                       "after": {"points": points, "comment": comment}}))  # fmt: skip
            return
        except IntegrityError:  # two saves of a first score at once: the second updates the first's row
            continue


def appraisals(corpus: Corpus, submission_id: int) -> dict[int, dict[str, tuple[float | None, str | None]]]:
    """Every member's points and comments on the unit-year: user id → criterion → (points, comment)."""
    with Session(corpus.engine) as session:
        found: dict[int, dict[str, tuple[float | None, str | None]]] = {}
        for row in session.exec(select(Appraisal).where(Appraisal.submission_id == submission_id)):
            found.setdefault(row.user_id, {})[row.criterion] = (row.points, row.comment)
        return found


def submission_ids(corpus: Corpus, year: int) -> list[tuple[int, str, str]]:
    """Every unit-year of a year: (submission id, unit name, unit group)."""
    with Session(corpus.engine) as session:
        rows = session.exec(
            select(Submission.id, Unit.name, Unit.group)
            .join(Unit, col(Unit.id) == Submission.unit_id)
            .where(Submission.year == year)
            .order_by(col(Unit.name))
        )
        return [(int(sid), name, group) for sid, name, group in rows if sid is not None]


def add_explanation(
    corpus: Corpus, submission_id: int, criterion: str, user_id: int, text: str, actor: str
) -> None:
    from corpus.models import Explanation

    with Session(corpus.engine) as session, session.begin():
        session.add(Explanation(submission_id=submission_id, criterion=criterion, user_id=user_id, text=text))
        session.add(AuditEntry(actor=actor, action="explanation.added", entity="submission",
                               entity_id=str(submission_id), detail={"criterion": criterion, "text": text}))  # fmt: skip


def explanations(corpus: Corpus, submission_id: int) -> dict[str, list[tuple[str, str, datetime]]]:
    """criterion → [(who, text, when)], oldest first."""
    from corpus.models import Explanation

    found: dict[str, list[tuple[str, str, datetime]]] = {}
    with Session(corpus.engine) as session:
        rows = session.exec(
            select(Explanation, User.username)
            .join(User, col(User.id) == Explanation.user_id)
            .where(Explanation.submission_id == submission_id)
            .order_by(col(Explanation.id))
        )
        for row, name in rows:
            found.setdefault(row.criterion, []).append((name, row.text, row.created_at))
    return found


def set_deadline(corpus: Corpus, submission_id: int, deadline: date | None, actor: str) -> None:
    with Session(corpus.engine) as session, session.begin():
        row = session.get(Submission, submission_id)
        if row is not None:
            before, row.explanation_deadline = row.explanation_deadline, deadline
            session.add(row)
            detail = {"before": str(before), "after": str(deadline)}
            session.add(AuditEntry(actor=actor, action="explanation.deadline", entity="submission",
                                   entity_id=str(submission_id), detail=detail))  # fmt: skip


def deadline_of(corpus: Corpus, submission_id: int) -> date | None:
    with Session(corpus.engine) as session:
        row = session.get(Submission, submission_id)
        return row.explanation_deadline if row else None


def history(corpus: Corpus, submission_id: int) -> list[AuditEntry]:
    """What happened to the unit-year's appraisal, oldest first: scores, submissions, reopenings, explanations."""
    with Session(corpus.engine) as session:
        return list(session.exec(
            select(AuditEntry).where(AuditEntry.entity == "submission", AuditEntry.entity_id == str(submission_id))
            .order_by(col(AuditEntry.id))
        ))  # fmt: skip


def appraiser_of_record(corpus: Corpus, user_id: int) -> list[tuple[str, int]]:
    """The unit-years (unit, year) whose appraisal this member's points make."""
    with Session(corpus.engine) as session:
        rows = session.exec(
            select(Unit.name, Submission.year)
            .join(Submission, col(Submission.unit_id) == Unit.id)
            .join(Assignment, col(Assignment.submission_id) == Submission.id)
            .where(Assignment.user_id == user_id, col(Assignment.appraiser).is_(True))
            .order_by(col(Submission.year), col(Unit.name))
        )
        return [(name, year) for name, year in rows]


def change_user(corpus: Corpus, user_id: int, role: Role, active: bool, actor: str) -> None:
    """A user's new role, or the user removed (inactive: they can no longer sign in, their past work and the
    audit log keep their name). Someone who is no longer a council member loses their assignments; the points
    and comments they gave stay. Audited."""
    with Session(corpus.engine) as session, session.begin():
        user = session.get(User, user_id)
        if user is None:
            raise UsageError("usage.bad_value", f"không có người dùng {user_id}", stage="corpus")
        before = {"role": user.role, "active": user.active}
        user.role, user.active = role.value, active
        session.add(user)
        dropped = []
        if role is not Role.council or not active:
            for row in session.exec(select(Assignment).where(Assignment.user_id == user_id)):
                dropped.append(row.submission_id)
                session.delete(row)
        detail = {"before": before, "after": {"role": role.value, "active": active}, "unassigned": dropped}
        session.add(AuditEntry(actor=actor, action="user.changed", entity="user", entity_id=str(user_id),
                               detail=detail))  # fmt: skip
