"""Typed records passed between stages and printed by every front end: the JSON contract of DESIGN.md.

A record grows as it passes the stages: reading gives a `ReadRecord`, extraction an `ExtractRecord`, matching a
`MatchRecord`. Field order is the JSON key order of the contract, so it changes only on purpose."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from model.errors import KiemChungError
from model.flags import Flag


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
    # words the page shows that its text layer lacked: annotation or form content added at signing (a signed
    # PDF's number and day), merged into the text where they stand; left out of the JSON when there are none
    stamped: list[str] | None = Field(default=None, exclude_if=lambda value: value is None)
    # DOCX: the body's paragraphs set apart from running text (centred or all bold), one entry a printed line, so
    # the subject block under a type heading can be told from the justified body that follows it (like `words`,
    # a layout aid: left out of the JSON lines unless words are kept)
    set_apart: list[str] | None = Field(default=None, exclude_if=lambda value: value is None)


class ErrorRecord(BaseModel):
    stage: str
    code: str
    message: str
    page: int | None = None

    @classmethod
    def from_error(cls, error: KiemChungError) -> ErrorRecord:
        return cls(stage=error.stage, code=error.code, message=error.message, page=error.page)


class SignatureStatus(StrEnum):
    """What checking one digital signature found (its own signed revision, not the file as a whole)."""

    valid = "valid"  # the signed bytes are intact and the certificate chains to a configured trust root
    unknown_root = "unknown_root"  # intact, but the root is not among the configured ones (or none are)
    invalid = "invalid"  # the bytes of the signed revision changed, or the signature does not verify them
    resaved = "resaved"  # the whole file was written anew after signing: the signed bytes are gone
    unreadable = "unreadable"  # a signature field whose signature cannot be parsed


class SignatureChanges(StrEnum):
    """What later revisions changed in what this signature covers."""

    none = "none"  # the signature covers the whole file
    allowed = (
        "allowed"  # later signatures, stamps, form filling, annotations: the normal life of an issued file
    )
    outside_content = (
        "outside_content"  # beyond pyHanko's rules, yet every page draws exactly what was signed
    )
    modified = "modified"  # page content replaced, pages added or removed
    unknown = "unknown"  # not analysed (the signed bytes are gone or unreadable)


class SignatureRole(StrEnum):
    signer = "signer"  # the official who signs (người ký)
    clerk = "clerk"  # the issuing body's clerk who stamps number and day (văn thư)
    receiver = "receiver"  # a receiving office that signs again on receipt


class SignatureInfo(BaseModel):
    """One digital signature of a PDF, as read from the file's bytes at read time (the judgement is a later
    stage's): who signed, when, in which role, and what checking its own revision found."""

    order: int
    field: str
    role: SignatureRole
    signer: str | None = None  # the certificate's common name: a person or, for a clerk, the body
    organisation: str | None = None  # the certificate's organisation and unit
    subject: str = ""  # the certificate subject as printed, the evidence a reviewer sees
    issuer: str | None = None  # the issuing CA's common name
    signed_at: datetime | None = None  # the timestamp token's time when there is one, else the signer's claim
    timestamped: bool = False
    status: SignatureStatus
    changes: SignatureChanges = SignatureChanges.unknown
    detail: str | None = None  # why, in English (pyHanko's reason), for logs and reviewers who ask
    page: int | None = None
    bbox: tuple[int, int, int, int] | None = None  # the signature box in PDF points (72 dpi), from the top


class MarkState(StrEnum):
    """Whether a scan's page shows a seal or a handwritten signature."""

    found = "found"
    absent = "absent"  # looked for on a colour page and not there
    unknown = "unknown"  # a grey or black-and-white page where it cannot be decided (a grey seal is no red)


class PageMarks(BaseModel):
    """What the last page of a scan or photo shows of its signing (`ingest.seals`, at read time, where the page
    image is at hand): the red seal (con dấu) and the handwritten signature, each with its box in pixels at
    `dpi`, the evidence a reviewer sees. The validity stage judges them."""

    page: int
    colour: bool  # a colour image: a seal would show red
    text_layer: bool = False  # a searchable scan: one full-page image under an invisible OCR text layer
    seal: MarkState
    seal_box: tuple[int, int, int, int] | None = None
    signature: MarkState
    signature_box: tuple[int, int, int, int] | None = None
    dpi: int  # the resolution the boxes are in


class ReadRecord(BaseModel):
    """What the reading stage knows about one file: the `kiemchung read --json` object."""

    file: str
    sha256: str | None = None
    pages: list[Page] = Field(default_factory=list)
    status: Status = Status.ok
    errors: list[ErrorRecord] = Field(default_factory=list)
    # the digital signatures of a signed PDF, in signing order; left out of the JSON for every other file
    signatures: list[SignatureInfo] | None = Field(default=None, exclude_if=lambda value: value is None)
    # marks of a document still being edited, found in the file itself: `tracked_changes`, `comments` (DOCX)
    draft_marks: list[str] | None = Field(default=None, exclude_if=lambda value: value is None)
    # the seal and signature on the last page of a scan or photo; left out of the JSON for typed files
    marks: PageMarks | None = Field(default=None, exclude_if=lambda value: value is None)

    @classmethod
    def failed(cls, file: str, sha256: str | None, error: KiemChungError) -> ReadRecord:
        """The record of a file that could not be read at all: its name, its hash when known, and why."""
        record = cls(file=file, sha256=sha256)
        record.add_error(error)
        record.settle_status()
        return record

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
        exclude: dict = {} if words else {"pages": {"__all__": {"words", "set_apart"}}}
        return self.model_dump_json(exclude=exclude)


class Evidence(BaseModel):
    """Where an extracted value came from: the page, the text it was read from, and how sure the reading is."""

    page: int
    text: str
    confidence: float = Field(ge=0, le=1)
    from_ocr: bool
    # where on the page: a box around the source text in pixels at `dpi` (null without word boxes: DOCX, text)
    bbox: tuple[int, int, int, int] | None = None
    dpi: int | None = None
    # the words of `text` that were stamped in at signing, not in the page's original text layer (a signed
    # PDF's number and day); left out of the JSON when the value is all the page's own text
    stamped: list[str] | None = Field(default=None, exclude_if=lambda value: value is None)
    # DOCX: the body's paragraphs set apart from running text (centred or all bold), one entry a printed line, so
    # the subject block under a type heading can be told from the justified body that follows it (like `words`,
    # a layout aid: left out of the JSON lines unless words are kept)
    set_apart: list[str] | None = Field(default=None, exclude_if=lambda value: value is None)


class Reference(BaseModel):
    """A document the text cites (`Căn cứ Quyết định số 876/QĐ-BNV ngày 10/11/2022 của Bộ Nội vụ`)."""

    number: str | None = None
    doc_type: str | None = None
    issue_date: date | None = None
    issuer: str | None = None
    text: str


class CopyBlock(BaseModel):
    """A copy's own block (Nghị định 30, Điều 25–27: `SAO Y`, `SAO LỤC`, `TRÍCH SAO`): who copied, under which
    number, when; kept apart from the original's number, date and issuer, which the copy reproduces."""

    form: str  # "SAO Y", "SAO LỤC" or "TRÍCH SAO"
    number: str | None = None
    issue_date: date | None = None
    issuer: str | None = None
    page: int
    text: str  # the block's lines as read, the evidence


class ExtractRecord(ReadRecord):
    """The record `kiemchung extract` prints: a read record plus the document's metadata, each with evidence."""

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
    # the document this text is part of (`Quyết định số …/QĐ-UBND …`: a charter or name list sent with it, as its
    # first page says under the heading, extract/attachment.py); left out of the JSON for a document of its own
    attached_to: str | None = Field(default=None, exclude_if=lambda value: value is None)
    references: list[Reference] = Field(default_factory=list)
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    flags: list[Flag] = Field(default_factory=list)
    # set when the document is a copy (`validity.copies`); left out of the JSON for an original
    copy_block: CopyBlock | None = Field(default=None, exclude_if=lambda value: value is None)

    def extract_json(self) -> str:
        return self.model_dump_json(exclude={"pages"})


class CriterionMatch(BaseModel):
    """A criterion a document supports: its code, a score in 0..1 and the reason in Vietnamese words."""

    code: str
    score: float
    reason: str


class MatchRecord(ExtractRecord):
    """The record `kiemchung match` prints: the extract record plus its criteria, best first."""

    criteria: list[CriterionMatch] = Field(default_factory=list)
    # a document nothing placed that a human must place: the nearest criteria its subject told, below the match
    # threshold, for the reviewer to start from (never counted as evidence); left out of the JSON when none
    suggestions: list[CriterionMatch] = Field(default_factory=list, exclude_if=lambda value: not value)
