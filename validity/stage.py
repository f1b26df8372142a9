"""The pipeline stage that judges what reading and extraction found about a document's validity as evidence."""

from __future__ import annotations

from model.flags import Flag, make_flag
from model.records import ExtractRecord, ReadRecord
from validity.copies import find_copy
from validity.drafts import draft_reasons
from validity.evidence import unsigned_electronic
from validity.seals import seal_flags
from validity.signatures import signature_flags

# findings of extraction that already tell the unit to upload another file: not repeated as "not signed"
NOT_THE_DOCUMENT = {"document.record_page"}


class ValidityStage:
    """An extract record in, the same record out with its validity flags; a record extraction did not reach
    (a file that could not be read) passes through untouched."""

    name = "validity"

    def run(self, record: ReadRecord) -> ReadRecord:
        if not isinstance(record, ExtractRecord):
            return record
        if record.signatures:
            record.flags.extend(signature_flags(record))
        record.copy_block = find_copy(record)
        record.flags.extend(_evidence_flags(record))
        record.flags.extend(seal_flags(record))
        return record


def _evidence_flags(record: ExtractRecord) -> list[Flag]:
    """A draft, an unsigned copy, or an unsigned electronic file: one flag, the most telling."""
    flags: list[Flag] = []
    reasons = draft_reasons(record)
    if reasons:
        flags.append(make_flag("document.draft", "; ".join(reasons), page=1))
    unsigned = unsigned_electronic(record)
    if record.copy_block is not None and unsigned:
        block = record.copy_block
        flags.append(make_flag("copy.unsigned", block.form, page=block.page, text=block.text))
    elif unsigned and not {flag.code for flag in record.flags} & NOT_THE_DOCUMENT:
        flags.append(make_flag("evidence.not_signed", _kind(record)))
    return flags


def _kind(record: ExtractRecord) -> str:
    return "tệp Word" if record.text_source == "docx" else "tệp PDF không có chữ ký số"
