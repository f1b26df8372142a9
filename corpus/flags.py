"""Flags as reviewers work with them: a unit-year's own findings stored with its submission, and every flag's
status (open, accepted, dismissed) with who changed it, when and why, each change in the audit log.

Unit-level flags (gaps, duplicates, citation and claim findings) are recomputed whenever the matrix is; a flag
found again keeps the status a reviewer gave it, so a dismissed finding does not come back as new."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from corpus.models import AuditEntry, Document, FlagRow, utc_now
from corpus.repository import Corpus
from model.errors import ReviewError
from model.flags import Flag, Severity
from model.review import FlagStatus


@dataclass(frozen=True)
class StoredFlag:
    """A flag as the corpus keeps it: its id, the document it is on (None for a unit-level one) and its
    review status."""

    id: int
    document_id: int | None
    flag: Flag
    status: FlagStatus
    status_by: str | None
    status_at: datetime | None
    note: str | None


def _key(code: str, criterion: str | None, file: str | None, message: str) -> tuple[str, str, str, str]:
    return code, criterion or "", file or "", message


def replace_unit_flags(corpus: Corpus, submission_id: int, flags: list[Flag]) -> None:
    """Store the unit-year's own findings in place of the previous ones, keeping reviewers' statuses."""
    with Session(corpus.engine) as session, session.begin():
        previous = {
            _key(row.code, row.criterion, row.file, row.message): row
            for row in session.exec(
                select(FlagRow).where(
                    FlagRow.submission_id == submission_id, col(FlagRow.document_id).is_(None)
                )
            )
        }
        session.execute(
            delete(FlagRow).where(
                col(FlagRow.submission_id) == submission_id, col(FlagRow.document_id).is_(None)
            )
        )
        for flag in flags:
            kept = previous.get(_key(flag.code, flag.criterion, flag.file, flag.message))
            session.add(
                FlagRow(
                    submission_id=submission_id, code=flag.code, severity=str(flag.severity), message=flag.message,
                    page=flag.page, text=flag.text, criterion=flag.criterion, file=flag.file,
                    status=kept.status if kept else FlagStatus.open.value, status_by=kept.status_by if kept else None,
                    status_at=kept.status_at if kept else None, note=kept.note if kept else None,
                )
            )  # fmt: skip


def submission_flags(corpus: Corpus, submission_id: int) -> list[StoredFlag]:
    """Every flag of the unit-year, its own and its documents', unit-level first, with their statuses."""
    statement = (
        select(FlagRow, Document.file)
        .join(Document, col(Document.id) == FlagRow.document_id, isouter=True)
        .where(FlagRow.submission_id == submission_id)
        .order_by(col(FlagRow.document_id).is_not(None), col(FlagRow.id))
    )
    with Session(corpus.engine) as session:
        return [_stored(row, file) for row, file in session.exec(statement)]


def _stored(row: FlagRow, document_file: str | None) -> StoredFlag:
    assert row.id is not None
    flag = Flag(code=row.code, severity=Severity(row.severity), message=row.message, page=row.page, text=row.text,
                file=row.file or document_file, criterion=row.criterion)  # fmt: skip
    return StoredFlag(
        row.id, row.document_id, flag, FlagStatus(row.status), row.status_by, row.status_at, row.note
    )


def set_flag_status(
    corpus: Corpus, flag_id: int, status: str, user: str, note: str | None = None
) -> StoredFlag:
    """A reviewer's verdict on one flag, with its audit entry (the previous status kept in the entry)."""
    if status not in {s.value for s in FlagStatus}:
        raise ReviewError("review.bad_status", repr(status), stage="corpus")
    with Session(corpus.engine) as session, session.begin():
        row = session.get(FlagRow, flag_id)
        if row is None:
            raise ReviewError("review.no_flag", str(flag_id), stage="corpus")
        before = row.status
        row.status, row.status_by, row.status_at, row.note = status, user, utc_now(), note
        session.add(row)
        detail = {"code": row.code, "criterion": row.criterion, "from": before, "to": status, "note": note}
        session.add(AuditEntry(actor=user, action=f"flag.{status}", entity="flag", entity_id=str(flag_id),
                               detail=detail))  # fmt: skip
        session.flush()
        document_file = session.get(Document, row.document_id).file if row.document_id else None  # type: ignore[union-attr]
        return _stored(row, document_file)
