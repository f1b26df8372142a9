"""The reviewer's desk across units: the flag queue, verdicts on flags, and a document with its findings —
each behind the same access rule as the unit pages (service/people.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from model.errors import AccessDenied, AppraisalError
from model.people import Role, UserInfo
from model.records import MatchRecord
from model.review import FlagStatus
from service.context import AppContext
from service.people import require_role, visible_submissions

if TYPE_CHECKING:
    from corpus.flags import StoredFlag
    from corpus.units import Owner, StoredDocument


def _require_owner(context: AppContext, user: UserInfo, owner: Owner | None, what: str) -> Owner:
    if owner is None or not any(
        sid == owner.submission_id for sid, _, _ in visible_submissions(context, user, owner.year)
    ):
        raise AccessDenied("access.denied", what, stage="service")
    return owner


def _require_open(context: AppContext, owner: Owner) -> None:
    from service.people import require_appraisal_open

    require_appraisal_open(context, owner.submission_id, f"{owner.unit}, năm {owner.year}")


@dataclass(frozen=True)
class QueuedFlag:
    unit: str
    year: int
    stored: StoredFlag
    locked: bool = False  # the unit-year's appraisal is submitted: no verdict until it is reopened


def flag_queue(
    context: AppContext,
    user: UserInfo,
    year: int,
    unit: str | None = None,
    code: str | None = None,
    severity: str | None = None,
    status: str = FlagStatus.open.value,
) -> list[QueuedFlag]:
    """Flags of the unit-years this user may see, errors first, filtered as asked."""
    from corpus.flags import submission_flags
    from service.people import appraisal_submitted

    found = []
    for submission_id, name, _ in visible_submissions(context, user, year):
        if unit and name != unit:
            continue
        locked = appraisal_submitted(context, submission_id)
        for stored in submission_flags(context.corpus, submission_id):
            if (code and stored.flag.code != code) or (severity and stored.flag.severity != severity):
                continue
            if status and stored.status != status:
                continue
            found.append(QueuedFlag(name, year, stored, locked))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(found, key=lambda q: (order.get(str(q.stored.flag.severity), 3), q.unit, q.stored.id))


def change_flag(
    context: AppContext, user: UserInfo, flag_id: int, status: str, note: str | None
) -> StoredFlag:
    """A council member's or administrator's verdict on a flag of a unit-year they may see."""
    from corpus.units import flag_owner
    from service.flags import set_flag_status

    require_role(user, Role.council, Role.admin)
    owner = _require_owner(context, user, flag_owner(context.corpus, flag_id), f"cảnh báo {flag_id}")
    _require_open(context, owner)
    return set_flag_status(context, flag_id, status, user.username, (note or "").strip() or None)


@dataclass
class DocumentPage:
    owner: Owner
    document: StoredDocument
    record: MatchRecord
    flags: list[StoredFlag]
    versions: list[
        tuple[str, str, datetime]
    ]  # earlier readings: (extractor version, number read, replaced at)
    locked: bool = False  # the unit-year's appraisal is submitted: no decision or correction until reopened


def document_page(context: AppContext, user: UserInfo, document_id: int) -> DocumentPage:
    """A stored document with its pages, fields, evidence, matches and flags (with their statuses)."""
    from corpus.flags import submission_flags
    from corpus.units import document_owner, stored_document

    owner = _require_owner(
        context, user, document_owner(context.corpus, document_id), f"văn bản {document_id}"
    )
    document = stored_document(context.corpus, document_id)
    assert document is not None
    [record] = context.corpus.load_records(owner.submission_id, pages=True, document_id=document_id)
    from corpus.review import submission_decisions
    from service.decisions import apply_decisions

    mine = [
        d for d in submission_decisions(context.corpus, owner.submission_id) if d.document_id == document_id
    ]
    apply_decisions([record], {record.file: document_id}, mine)  # what reviewers decided shows here too
    flags = [f for f in submission_flags(context.corpus, owner.submission_id) if f.document_id == document_id]
    from corpus.units import document_versions
    from service.people import appraisal_submitted

    versions = document_versions(context.corpus, document_id)
    locked = appraisal_submitted(context, owner.submission_id)
    return DocumentPage(owner, document, record, flags, versions, locked)


def original_bytes(context: AppContext, user: UserInfo, document_id: int) -> tuple[str, bytes]:
    """The original file as submitted (name, bytes), for download."""
    from corpus.units import document_owner, stored_document

    _require_owner(context, user, document_owner(context.corpus, document_id), f"văn bản {document_id}")
    document = stored_document(context.corpus, document_id)
    assert document is not None
    return document.file, context.corpus.store.get(document.sha256)


def decide(
    context: AppContext,
    user: UserInfo,
    document_id: int,
    action: str,
    criterion: str | None,
    chosen: str | None,
) -> None:
    """A council member confirms, rejects or moves a document's proposed criterion; the unit-year's matrix is
    rebuilt at once, and the decision is kept for learning (`kiemchung framework learn`)."""
    from corpus.units import document_owner
    from service.flags import refresh_flags
    from service.review import record_decision

    require_role(user, Role.council, Role.admin)
    owner = _require_owner(
        context, user, document_owner(context.corpus, document_id), f"văn bản {document_id}"
    )
    _require_open(context, owner)
    known = {code for code, _ in leaf_criteria(context, owner)}
    for code in (criterion, chosen):
        if code and code not in known:
            raise AppraisalError("appraisal.unknown_criterion", code, stage="service")
    record_decision(context, document_id, action, criterion, user.username, chosen or None)
    refresh_flags(context, owner.unit, owner.year)


def leaf_criteria(context: AppContext, owner: Owner) -> list[tuple[str, str]]:
    """(code, title) of the criteria a document can be moved to, from the unit-year's matrix."""
    from service.appraisal import stored_report

    report = stored_report(context, owner.submission_id, owner.unit, owner.year)
    return [(item.code, item.title) for item in report.criteria] if report else []


def correct_field(context: AppContext, user: UserInfo, document_id: int, field: str, text: str) -> None:
    """A council member or administrator corrects an extracted value (the old one stays in the audit log); the
    document is re-flagged and the unit-year's matrix rebuilt with the new value."""
    from datetime import date

    from corpus.corrections import save_correction
    from corpus.units import document_owner
    from extract.corrections import correct
    from service.flags import refresh_flags

    require_role(user, Role.council, Role.admin)
    owner = _require_owner(
        context, user, document_owner(context.corpus, document_id), f"văn bản {document_id}"
    )
    _require_open(context, owner)
    [record] = context.corpus.load_records(owner.submission_id, document_id=document_id)
    before = getattr(record, field, None)
    updated = correct(record, field, text, user.username, date.today())
    save_correction(context.corpus, document_id, updated, field, before, user.username)
    refresh_flags(context, owner.unit, owner.year)
