"""A reviewer's correction of one extracted value: the record takes the new value, the flags that came from
reading the old one go, and the checks that apply to the new one run again (a corrected date in the future is
still flagged). The old value is the audit log's to keep (the corpus writes it)."""

from __future__ import annotations

from datetime import date

from extract.dates import EARLIEST_PLAUSIBLE
from model.errors import UsageError
from model.flags import make_flag
from model.records import Evidence, ExtractRecord

CORRECTABLE = ("number", "doc_type", "issue_date", "place", "issuer", "parent_issuer", "subject", "signer")
# flags that judged the value as read: gone once a person has given the value
FIELD_FLAGS = {
    "number": {"number.blank", "number.missing", "number.unreadable", "number.type_mismatch"},
    "doc_type": {"number.type_mismatch"},
    "issue_date": {"date.blank", "date.missing", "date.unreadable", "date.impossible", "date.future",
                   "date.implausible", "date.format", "date.before_reference"},
}  # fmt: skip


def parse_day(text: str) -> date:
    """dd/mm/yyyy as officials write it (ISO accepted too)."""
    text = text.strip()
    try:
        if "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError("usage.bad_date", repr(text), stage="extract") from None


def correct(record: ExtractRecord, field: str, text: str, who: str, today: date) -> ExtractRecord:
    """The record with `field` set to what the reviewer typed, re-flagged for that field."""
    if field not in CORRECTABLE:
        raise UsageError("usage.bad_value", f"trường {field!r}", stage="extract")
    value: str | date | None = (
        (parse_day(text) if field == "issue_date" else text.strip()) if text.strip() else None
    )
    updated = record.model_copy(deep=True)
    setattr(updated, field, value)
    old = record.evidence.get(field)
    updated.evidence[field] = Evidence(page=old.page if old else 1, text=f"sửa tay: {text.strip()} ({who})",
                                       confidence=1.0, from_ocr=False)  # fmt: skip
    dropped = FIELD_FLAGS.get(field, set())
    updated.flags = [flag for flag in updated.flags if flag.code not in dropped]
    if field == "issue_date" and isinstance(value, date):
        updated.flags += _date_flags(updated, value, today)
    return updated


def _date_flags(record: ExtractRecord, value: date, today: date) -> list:
    shown = f"{value:%d/%m/%Y}"
    flags = []
    if value > today:
        flags.append(make_flag("date.future", shown))
    elif value < EARLIEST_PLAUSIBLE:
        flags.append(make_flag("date.implausible", shown))
    for reference in record.references:
        if reference.issue_date and value < reference.issue_date:
            detail = f"{reference.doc_type} {reference.number} ngày {reference.issue_date:%d/%m/%Y}"
            flags.append(make_flag("date.before_reference", detail, text=reference.text))
    return flags
