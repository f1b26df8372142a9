"""Documents the text cites (`Căn cứ Quyết định số 876/QĐ-BNV ngày 10/11/2022 của Bộ Nội vụ`), each with
its number, type, date and issuer.

Read by the one citation parser (`extract/citations.py`, which also reads a self-assessment table's evidence
cells), line by line; in a document's own text only a number named by its type (`Quyết định số …`) counts as a
citation, so the header's `Số:` line, a table's codes and the like are not taken for cited documents."""

from __future__ import annotations

from dataclasses import dataclass

from extract.citations import TYPE_BEFORE, parse_citations
from model.records import Reference


@dataclass(frozen=True)
class CitationFound:
    reference: Reference
    line_index: int


def find_references(lines: list[str]) -> list[CitationFound]:
    found: list[CitationFound] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        for citation in parse_citations(_with_next(lines, index)):
            if citation.offset >= len(line):
                continue  # the next line's own: read there
            named = TYPE_BEFORE.search(line[: citation.offset][-60:])
            if named is None or citation.number in seen:
                continue
            seen.add(citation.number)
            reference = Reference(number=citation.number, doc_type=citation.doc_type, issue_date=citation.issue_date,
                                  issuer=citation.issuer, text=line.strip())  # fmt: skip
            found.append(CitationFound(reference, index))
    return found


def _with_next(lines: list[str], index: int) -> str:
    """The line, and the next one when it goes on there: an issuer or a date cut at the line's end (`… của Ủy` /
    `ban nhân dân tỉnh`) is read whole."""
    line = lines[index]
    if index + 1 < len(lines) and lines[index + 1].strip() and not line.rstrip().endswith((".", ";", ":")):
        return f"{line.rstrip()} {lines[index + 1].strip()}"
    return line
