"""Which cited documents a unit is expected to hold as its own evidence for a year: not a central body's legal
basis, not an old document. One rule for the self-assessment cross-check and the rules derived from a table."""

from __future__ import annotations

import re

from extract.citations import Citation

# issuer abbreviations of central bodies: their documents (decrees, laws, Party resolutions, ministry letters)
# are the legal basis a table cites in passing, not evidence the unit is expected to upload
CENTRAL_SYMBOLS = re.compile(
    r"^(?:CP|TTg|TW|VPCP|KTNN|NHNN|TTCP|QH\d*|UBTVQH\d*|BNV|BTP|BTC|BXD|BCA|BQP|BNG|BCT|BYT|BGDĐT|BKHCN|BNNMT|"
    r"BVHTTDL|BDTTG|BKHĐT|BLĐTBXH|BTNMT|BNNPTNT|BGTVT|BTTTT|UBDT)$"
)


def is_legal_basis(citation: Citation) -> bool:
    """A central body's document (`186/2025/NĐ-CP`, `19-NQ/TW`, `7795/KL-BTP`), cited as the basis or the
    trigger of the unit's work rather than as its own evidence."""
    return central_number(citation.number)


def central_number(number: str) -> bool:
    """A number whose issuer part is a central body's (`186/2025/NĐ-CP`, `58/CĐ-VPCP`, `7795/KL-BTP`)."""
    segments = [s for s in re.split(r"[/-]", number.split(" ")[0]) if s and not s.isdigit()]
    return any(CENTRAL_SYMBOLS.match(segment) for segment in segments)


def is_evidence(citation: Citation, year: int) -> bool:
    """A document the unit itself is expected to hold for the year: not a central body's legal basis, and not
    from before the previous year (the objects of an inspection, old regulations), by its date or by the year
    its number carries (`30/2020/NĐ-CP`)."""
    earliest = year - 1
    year_in_number = re.search(r"/((?:19|20)\d\d)/", citation.number)
    too_old = (citation.issue_date is not None and citation.issue_date.year < earliest) or (
        year_in_number is not None and int(year_in_number.group(1)) < earliest
    )
    return not is_legal_basis(citation) and not too_old
