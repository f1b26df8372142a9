"""Typed records passed between stages and printed by the CLI (the JSON contract of DESIGN.md)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from kiemchung.errors import KiemChungError


class Status(StrEnum):
    ok = "ok"
    partial = "partial"
    failed = "failed"


class TextSource(StrEnum):
    text = "text"
    ocr = "ocr"
    docx = "docx"
    plain = "plain"


class Word(BaseModel):
    text: str
    confidence: float = Field(ge=0, le=1)
    bbox: tuple[int, int, int, int]


class Page(BaseModel):
    number: int
    text: str
    source: TextSource
    ocr_confidence: float | None = None
    dpi: int | None = None
    words: list[Word] | None = None


class ErrorRecord(BaseModel):
    stage: str
    code: str
    message: str
    page: int | None = None

    @classmethod
    def from_error(cls, error: KiemChungError) -> ErrorRecord:
        return cls(stage=error.stage, code=error.code, message=error.message, page=error.page)


class ReadRecord(BaseModel):
    """What the reading stage knows about one file: the `kiemchung read --json` object."""

    file: str
    sha256: str | None = None
    pages: list[Page] = Field(default_factory=list)
    status: Status = Status.ok
    errors: list[ErrorRecord] = Field(default_factory=list)

    def add_error(self, error: KiemChungError) -> None:
        self.errors.append(ErrorRecord.from_error(error))

    def settle_status(self) -> None:
        """A document with errors is never ok: failed if nothing was read, partial otherwise."""
        if not self.errors:
            self.status = Status.ok
        elif any(page.text.strip() for page in self.pages):
            self.status = Status.partial
        else:
            self.status = Status.failed

    def json_line(self, words: bool = False) -> str:
        exclude: dict = {} if words else {"pages": {"__all__": {"words"}}}
        return self.model_dump_json(exclude=exclude)
