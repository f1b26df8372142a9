"""The pipeline stage that judges what reading and extraction found about a document's validity as evidence."""

from __future__ import annotations

from model.records import ExtractRecord, ReadRecord
from validity.signatures import signature_flags


class ValidityStage:
    """An extract record in, the same record out with its validity flags; a record extraction did not reach
    (a file that could not be read) passes through untouched."""

    name = "validity"

    def run(self, record: ReadRecord) -> ReadRecord:
        if not isinstance(record, ExtractRecord):
            return record
        if record.signatures:
            record.flags.extend(signature_flags(record))
        return record
