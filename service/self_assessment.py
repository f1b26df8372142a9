"""The unit's self-assessment table, uploaded once and kept with its unit-year: the matrix cross-checks its
claimed points and cited documents with the files every time it is built (service/check.py reads it back)."""

from __future__ import annotations

from pathlib import Path

from service.check import table_claims_of
from service.context import AppContext


def upload_self_assessment(
    context: AppContext, unit: str, year: int, name: str, data: bytes, actor: str
) -> None:
    """Keep the unit-year's self-assessment table (DOCX or XLSX): read first, so a table that cannot be read is
    refused with the reason; then the matrix is rebuilt with its claims and citation checks."""
    from corpus.units import set_self_assessment
    from service.flags import refresh_flags
    from service.uploads import framework_for

    table_claims_of(name, data, unit)
    sha256 = context.corpus.store.put(data)
    submission_id = context.corpus.submission(unit, year)
    set_self_assessment(context.corpus, submission_id, sha256, Path(name).name, actor)
    refresh_flags(context, unit, year, framework_for(context, unit, year))
