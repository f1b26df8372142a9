"""Reads the metadata of an official document from its pages: rules first, each explained and tested.

Number and symbol, type, place and issue date, issuer and parent, subject, signer and capacity, and the
documents cited; a value not found stays null, never guessed."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from extract.attachment import find_attachment
from extract.communes import mend_issuer
from extract.consolidation import find_authentication
from extract.dates import EARLIEST_PLAUSIBLE, DateFound, find_issue_date, format_warning
from extract.doctypes import find_heading
from extract.fragments import rebuild_header
from extract.issuer import find_issuer
from extract.layout import restore_header_order
from extract.locate import locate
from extract.merger import merged_province
from extract.names import mend_name
from extract.numbers import NumberFound, find_number
from extract.record_page import find_record_page
from extract.references import find_references
from extract.signature import find_signature
from extract.subject import find_subject, find_title
from model.flags import make_flag
from model.records import Evidence, ExtractRecord, Page, ReadRecord, TextSource

EXTRACTOR_VERSION = "0.1"
TEXT_LAYER_CONFIDENCE = 0.97
REPAIRED_FACTOR = 0.8
MENDED_FACTOR = 0.9  # a commune's name respelled from the gazetteer, a signer's from the name syllables
# OCR words below this confidence in a number or a date are treated as unreadable (handwriting, stamps):
# measured on real scans, printed numbers read at 0.84-0.96, handwritten ones at 0.26-0.68
UNREADABLE_BELOW = 0.75
CONSOLIDATED = "Văn bản hợp nhất"


class ExtractStage:
    """The pipeline stage: a read record in, an extract record out."""

    name = "extract"

    def __init__(self, today: date | None = None) -> None:
        self.today = today

    def run(self, record: ReadRecord) -> ExtractRecord:
        return extract_record(record, self.today or date.today())


def extract_record(record: ReadRecord, today: date) -> ExtractRecord:
    result = ExtractRecord(**record.model_dump())
    result.page_count = len(record.pages)
    sources = {page.source.value for page in record.pages if page.text.strip()}
    result.text_source = sources.pop() if len(sources) == 1 else ("mixed" if sources else None)
    confidences = [p.ocr_confidence for p in record.pages if p.ocr_confidence is not None]
    result.ocr_confidence = round(sum(confidences) / len(confidences), 3) if confidences else None
    # each page with text, split into NFC lines once (records from elsewhere may be NFD)
    pages = [(p, unicodedata.normalize("NFC", p.text).split("\n")) for p in record.pages if p.text.strip()]
    if not pages:
        return result
    page, lines = pages[0][0], restore_header_order(rebuild_header(pages[0][1]))
    pages[0] = (page, lines)
    number_index, heading_index = _read_number_and_type(result, page, lines)
    _read_date(result, page, lines, today)
    _read_issuer_and_subject(result, page, lines, number_index, heading_index)
    _read_attachment(result, page, lines)
    _read_consolidation(result, pages, today)
    _read_record_page(result, page, lines, today)
    _read_signature(result, *pages[-1])
    _read_references(result, pages)
    _flag_missing_issuer(result, page)
    _mend_commune(result, page)
    merged = merged_province([result.issuer, result.parent_issuer], result.issue_date)
    if merged:
        result.flags.append(make_flag("issuer.province_merged", merged, page.number))
    return result


PageLines = list[tuple[Page, list[str]]]


def _mend_commune(result: ExtractRecord, page: Page) -> None:
    """OCR's tone-mark slips in a commune's name mended from the gazetteer (`extract/communes.py`); the evidence
    keeps the printed lines, the confidence a little lower."""
    evidence = result.evidence.get("issuer")
    if result.issuer is None or evidence is None or not evidence.from_ocr:
        return
    header = " / ".join(filter(None, [evidence.text, result.parent_issuer]))
    mended = mend_issuer(result.issuer, header, page.text, result.issue_date)
    if mended:
        result.issuer = mended
        evidence.confidence = round(evidence.confidence * MENDED_FACTOR, 3)


def _flag_missing_issuer(result: ExtractRecord, page: Page) -> None:
    """No issuer is said, never made up (from a stamp, a table's header row, the body); only on a document with
    a header (a number line or a place-and-date line): a file without one already says it is no such document."""
    header_found = not {"number.missing", "date.missing"} <= {flag.code for flag in result.flags}
    if result.issuer is None and header_found:
        result.flags.append(make_flag("issuer.missing", page=page.number))


def _read_signature(result: ExtractRecord, last_page: Page, lines: list[str]) -> None:
    found = find_signature(lines)
    if found is None:
        return
    result.signer, result.signer_title = found.signer, found.title
    if found.signer:
        evidence = result.evidence["signer"] = _evidence(last_page, found.lines[-1])
        mended = mend_name(found.signer) if evidence.from_ocr else None
        if mended:  # OCR's mark slip in the name (`Đúc` for `Đức`): the evidence keeps the printed line
            result.signer = mended
            evidence.confidence = round(evidence.confidence * MENDED_FACTOR, 3)
    result.evidence["signer_title"] = _evidence(
        last_page, " / ".join(found.lines[: -1 if found.signer else None])
    )


def _read_references(result: ExtractRecord, pages: PageLines) -> None:
    for page, lines in pages:
        for citation in find_references(lines):
            reference = citation.reference
            if reference.number == result.number:
                continue  # the document naming itself
            result.references.append(reference)
            cited_on = reference.issue_date
            if result.issue_date and cited_on and result.issue_date < cited_on:
                detail = f"{reference.doc_type} {reference.number} ngày {cited_on:%d/%m/%Y}"
                result.flags.append(make_flag("date.before_reference", detail, page.number, reference.text))


def _read_issuer_and_subject(
    result: ExtractRecord, page: Page, lines: list[str], number_index: int | None, heading_index: int | None
) -> None:
    issuer = find_issuer(lines, number_index)
    if issuer is not None:
        result.issuer, result.parent_issuer = issuer.issuer, issuer.parent
        if issuer.issuer:
            result.evidence["issuer"] = _evidence(page, " / ".join(issuer.lines))
        if issuer.parent:
            result.evidence["parent_issuer"] = _evidence(page, issuer.lines[0])
    printed = {line.strip() for line in lines[: number_index or 0]}
    subject = find_subject(lines, heading_index, printed, page)
    if subject is None and issuer is None and number_index is None and heading_index is None:
        subject = find_title(lines)  # no header at all: the title it opens with
    if subject is not None:
        result.subject = subject.value
        result.evidence["subject"] = _evidence(page, " / ".join(subject.lines))


def _read_attachment(result: ExtractRecord, page: Page, lines: list[str]) -> None:
    found = find_attachment(lines)
    if found is not None:
        result.attached_to = found.parent
        result.evidence["attached_to"] = _evidence(page, " / ".join(found.lines))


def _confidence(page: Page, repaired: bool = False) -> float:
    base = (
        page.ocr_confidence
        if page.source == TextSource.ocr and page.ocr_confidence
        else TEXT_LAYER_CONFIDENCE
    )
    return round(base * (REPAIRED_FACTOR if repaired else 1.0), 3)


def _evidence(
    page: Page, text: str, repaired: bool = False, stamped: list[str] | None = None, value_text: str = ""
) -> Evidence:
    """`value_text`: the value's own words in `text`, boxed when the whole text is not (a number line that the
    text layer merged with the date column)."""
    box = locate(page, text) or (locate(page, value_text) if value_text else None)
    return Evidence(page=page.number, text=text.strip(), confidence=_confidence(page, repaired),
                    from_ocr=page.source == TextSource.ocr, bbox=box, dpi=page.dpi if box else None,
                    stamped=stamped or None)  # fmt: skip


def _stamped(page: Page, parts: list[str]) -> list[str]:
    """Which parts of a value (the number's tokens, the day, month and year) the page shows only because they
    were stamped in at signing (a signed PDF: annotation or form content over the draft's blanks)."""
    if not page.stamped:
        return []
    stamped = set(page.stamped)
    return [part for part in parts if part in stamped]


def _words_confidence(page: Page, fragment: str) -> float | None:
    """Lowest OCR confidence of the words that spell `fragment` on the page; None without word boxes."""
    tokens = fragment.split()
    words = page.words or []
    if page.source != TextSource.ocr or not tokens or not words:
        return None
    for start in range(len(words) - len(tokens) + 1):
        run = words[start : start + len(tokens)]
        if all(word.text == token for word, token in zip(run, tokens, strict=True)):
            return min(word.confidence for word in run)
    return None


def _mark_unreadable(
    result: ExtractRecord, page: Page, field: str, fragment: str, code: str, line: str
) -> None:
    confidence = _words_confidence(page, fragment)
    if confidence is not None and confidence < UNREADABLE_BELOW:
        result.evidence[field].confidence = round(confidence, 3)
        result.flags.append(make_flag(code, page=page.number, text=line.strip()))


def _read_number_and_type(
    result: ExtractRecord, page: Page, lines: list[str]
) -> tuple[int | None, int | None]:
    """Reads number and type; returns the line indexes of the `Số:` line and of the type heading."""
    found: NumberFound | None = find_number(lines)
    heading_index, heading = find_heading(lines)
    if found is None:
        result.flags.append(make_flag("number.missing", page=page.number))
    elif found.blank:
        result.flags.append(make_flag("number.blank", page=page.number, text=found.line.strip()))
        result.evidence["number"] = _evidence(page, found.line)
    else:
        result.number = found.value
        tokens = dict.fromkeys([*found.raw.split(), *re.split(r"[\s/-]+", found.raw)])  # 11902 /BNV-TCPCP
        stamped = _stamped(page, [token for token in tokens if token])
        result.evidence["number"] = _evidence(page, found.line, found.repaired, stamped, found.raw)
        _mark_unreadable(result, page, "number", found.raw, "number.unreadable", found.line)
    symbol_type = found.abbreviation_type if found else None
    if symbol_type == CONSOLIDATED:
        # a consolidated text prints the heading of the text it consolidates: its own VBHN number decides
        heading = CONSOLIDATED
    if heading and symbol_type and symbol_type != "Công văn" and heading != symbol_type:
        detail = f"{heading} / {found.value or found.line.strip() if found else ''}"
        result.flags.append(make_flag("number.type_mismatch", detail, page.number, lines[heading_index or 0]))
    if heading:
        result.doc_type = heading
        result.evidence["doc_type"] = _evidence(page, lines[heading_index or 0])
    elif symbol_type:
        result.doc_type = symbol_type
        result.evidence["doc_type"] = _evidence(page, found.line if found else "")
    return (found.line_index if found else None), heading_index


def _read_consolidation(result: ExtractRecord, pages: PageLines, today: date) -> None:
    """A consolidated text's authentication block decides its number, type, issuer and date."""
    for page, lines in reversed(pages):
        found = find_authentication(lines)
        if found is None:
            continue
        number = found.number
        result.number, result.doc_type = number.value, CONSOLIDATED
        result.evidence["number"] = _evidence(page, number.line, number.repaired)
        result.evidence["doc_type"] = _evidence(page, found.mark_line)
        result.flags = [flag for flag in result.flags if not flag.code.startswith("number.")]
        if found.issuer and found.issuer.issuer:
            result.issuer, result.parent_issuer = found.issuer.issuer, found.issuer.parent
            result.evidence["issuer"] = _evidence(page, " / ".join(found.issuer.lines))
        if found.date:
            result.flags = [flag for flag in result.flags if not flag.code.startswith("date.")]
            result.issue_date = None
            result.evidence.pop("issue_date", None)
            _apply_date(result, page, found.date, today)
        return


def _read_record_page(result: ExtractRecord, page: Page, lines: list[str], today: date) -> None:
    """A legal database's record page: its labelled fields replace the (empty) header readings, flagged."""
    found = find_record_page(lines)
    if found is None:
        return
    for field, value in found.fields.items():
        if field != "issue_date":
            setattr(result, field, value)
            result.evidence[field] = _evidence(page, found.sources[field])
    result.issue_date = found.issue_date
    if found.issue_date:
        result.evidence["issue_date"] = _evidence(page, found.sources["issue_date"])
    result.flags = [flag for flag in result.flags if flag.code not in ("number.missing", "date.missing")]
    if found.issue_date and found.issue_date > today:
        result.flags.append(make_flag("date.future", f"{found.issue_date:%d/%m/%Y}", page.number))
    result.flags.append(make_flag("document.record_page", page=page.number, text=found.sources["number"]))


def _read_date(result: ExtractRecord, page: Page, lines: list[str], today: date) -> None:
    found: DateFound | None = find_issue_date(lines)
    if found is None:
        result.flags.append(make_flag("date.missing", page=page.number))
        return
    _apply_date(result, page, found, today)


def _apply_date(result: ExtractRecord, page: Page, found: DateFound, today: date) -> None:
    """The place and issue date from a place-and-date line, with the flags its form earns."""
    if found.place:
        result.place = found.place
        result.evidence["place"] = _evidence(page, found.text)
    if found.problem == "blank":
        result.flags.append(make_flag("date.blank", page=page.number, text=found.text))
        return
    if found.problem == "illegible":
        result.flags.append(make_flag("date.unreadable", page=page.number, text=found.text))
        return
    if found.problem == "impossible" or found.value is None:
        detail = f"{found.day}/{found.month}/{found.year}"
        result.flags.append(make_flag("date.impossible", detail, page.number, found.text))
        return
    result.issue_date = found.value
    stamped = _stamped(page, [found.day, found.month, found.year])
    # letters OCR read for digits were repaired: the value is kept, with a lowered confidence and the printed line
    result.evidence["issue_date"] = _evidence(page, found.text, found.repaired, stamped=stamped)
    date_words = found.text.split("ngày", 1)[-1]
    _mark_unreadable(result, page, "issue_date", date_words, "date.unreadable", found.text)
    shown = found.value.strftime("%d/%m/%Y")
    if found.value > today:
        result.flags.append(make_flag("date.future", shown, page.number, found.text))
    elif found.value < EARLIEST_PLAUSIBLE:
        result.flags.append(make_flag("date.implausible", shown, page.number, found.text))
    if format_warning(found):
        detail = f"ngày {found.day} tháng {found.month}"
        result.flags.append(make_flag("date.format", detail, page.number, found.text))
