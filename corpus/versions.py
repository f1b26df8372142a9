"""What produced a stored record: a document is read again only when one of these changes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from model import PIPELINE_VERSION


@dataclass(frozen=True)
class Versions:
    extractor: str
    pipeline: str = PIPELINE_VERSION
    framework_id: str | None = None


class SaveOutcome(StrEnum):
    created = "created"
    updated = "updated"
    unchanged = "unchanged"
