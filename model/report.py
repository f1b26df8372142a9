"""The evidence matrix of one unit for one year (`kiemchung check --json`): per criterion its status, evidence
and flags, the unit's own findings, and a summary.

Status order (DESIGN.md): `gap` (no valid evidence) before `flagged` (evidence carrying error flags) before
`covered`; `survey` and `not_applicable` come from the framework data.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from model.flags import Flag
from model.records import MatchRecord, Page


class CriterionState(StrEnum):
    covered = "covered"
    gap = "gap"
    flagged = "flagged"
    survey = "survey"
    not_applicable = "not_applicable"


# what an official reads for each status (terminal, spreadsheet, web): one table for every front end
STATE_LABELS: dict[str, str] = {
    CriterionState.covered: "Đủ tài liệu",
    CriterionState.gap: "Thiếu tài liệu",
    CriterionState.flagged: "Có cảnh báo",
    CriterionState.survey: "Điều tra xã hội học",
    CriterionState.not_applicable: "Không áp dụng",
}


# what a framework is for (matcher.framework.LEVELS), as the CLI and the admin page name it
LEVEL_LABELS: dict[str, str] = {
    "province": "Cấp tỉnh",
    "department": "Sở, ban, ngành",
    "commune": "Xã, phường, đặc khu",
    "ministry": "Bộ, ngành trung ương",
}


class EvidenceItem(BaseModel):
    file: str
    number: str | None
    score: float
    reason: str


class CriterionStatus(BaseModel):
    code: str
    title: str
    max_points: float
    claimed_points: float | None = None
    status: str
    evidence: list[EvidenceItem] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)


class Summary(BaseModel):
    criteria_total: int
    covered: int
    gaps: int
    flagged: int
    survey: int
    not_applicable: int
    points_max: float
    points_claimed: float | None
    points_at_risk: float
    flags_by_code: dict[str, int]


class CheckedDocument(MatchRecord):
    """A document of the matrix (DESIGN.md: `documents: [extract record + criteria]`): the match record, named
    as the unit's files are, without its pages' text."""

    pages: list[Page] = Field(default_factory=list, exclude=True)


class CheckReport(BaseModel):
    framework: str
    year: int
    unit: str | None
    documents: list[CheckedDocument]
    criteria: list[CriterionStatus]
    flags: list[Flag]
    summary: Summary
