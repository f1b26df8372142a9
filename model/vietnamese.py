"""Numbers and dates as Vietnamese officials write them, for every front end (terminal, web pages)."""

from __future__ import annotations

from datetime import date, datetime


def vn_date(value: date | datetime | str | None) -> str:
    """dd/mm/yyyy, as Vietnamese officials write dates."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return value.strftime("%d/%m/%Y")


def vn_number(value: float | None, digits: int = 2) -> str:
    """2,5 rather than 2.5; no trailing zeros; a dash for nothing."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
