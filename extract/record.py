"""The record `kiemchung extract` prints: a read record plus the document's metadata, each with evidence."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from kiemchung.flags import Flag
from kiemchung.records import ReadRecord


class Evidence(BaseModel):
    page: int
    text: str
    confidence: float = Field(ge=0, le=1)
    from_ocr: bool


class Reference(BaseModel):
    number: str | None = None
    doc_type: str | None = None
    issue_date: date | None = None
    issuer: str | None = None
    text: str


class ExtractRecord(ReadRecord):
    page_count: int = 0
    text_source: str | None = None
    ocr_confidence: float | None = None
    number: str | None = None
    doc_type: str | None = None
    issue_date: date | None = None
    place: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    subject: str | None = None
    references: list[Reference] = Field(default_factory=list)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    flags: list[Flag] = Field(default_factory=list)

    def extract_json(self) -> str:
        return self.model_dump_json(exclude={"pages"})
