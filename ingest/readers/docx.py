"""DOCX through python-docx, walking the body in order (`doc.paragraphs` misses the header table).

Official documents put their header in a two-column layout table: issuer and "Số:" on the left, national
motto and place-and-date on the right. Such layout tables are read column by column so the issuer block
stays with its number; data tables (criteria lists) are read row by row, cells joined by " | ".
Runs typed in a legacy font (TCVN3 `.VnTime`/`.VnTimeH`, `VNI-Times`: the run's, its style's or the document's
default font) are decoded to Unicode; when a document's remaining text detects as legacy it is decoded too.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from typing import Any, ClassVar

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ingest import legacy
from ingest.readers import docx_marks
from ingest.readers.base import PagesRead, ReadContext, Source
from ingest.sniff import Kind
from ingest.textquality import normalize_text
from model.errors import InputError
from model.records import Page, TextSource

LAYOUT_MARKERS = ("CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "Nơi nhận", "ĐẢNG CỘNG SẢN")
MAX_LAYOUT_ROWS = 4
MAX_LAYOUT_COLUMNS = 3
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# the run children python-docx turns into text; TCVN3 writes `ư` with the soft-hyphen code, which Word may
# store as an optional-hyphen element
RUN_TEXT_TAGS = frozenset(qn(tag) for tag in ("w:br", "w:cr", "w:noBreakHyphen", "w:ptab", "w:t", "w:tab"))
SOFT_HYPHEN = qn("w:softHyphen")
log = logging.getLogger(__name__)


class DocxReader:
    kind: ClassVar[Kind] = Kind.docx

    def read(self, source: Source, context: ReadContext) -> PagesRead:
        check_zip_sizes(source.data, context.settings.max_archive_bytes, context.settings.max_archive_ratio)
        try:
            document = docx.Document(io.BytesIO(source.data))
        except Exception as error:
            raise InputError("input.corrupt", f"DOCX: {type(error).__name__} {error}"[:200]) from error
        fonts = LegacyFonts(document)
        lines = _document_lines(document, fonts)
        fallback = legacy.detect("\n".join(fonts.undecoded))
        if fallback is not None:  # legacy text in runs whose font does not say so: read again, decoding it
            log.info("%s: text without a legacy font name detected as %s", source.name, fallback)
            lines = _document_lines(document, LegacyFonts(document, fallback))
        text = normalize_text("\n".join(lines))
        apart = _set_apart(document, fonts if fallback is None else LegacyFonts(document, fallback))
        pages = [Page(number=1, text=text, source=TextSource.docx, set_apart=apart)]
        return PagesRead(pages=pages, draft_marks=docx_marks.draft_marks(source.data))


SET_APART_PARAGRAPHS = 40  # the subject block sits under the header: the first body paragraphs are enough


def _set_apart(document: Any, fonts: LegacyFonts) -> list[str]:
    """The first body paragraphs printed apart from running text (centred, or bold in every run with text), one
    entry a line: the extractor ends a subject where the justified body starts (`Page.set_apart`)."""
    apart: list[str] = []
    for paragraph in document.paragraphs[:SET_APART_PARAGRAPHS]:
        runs = [run for run in paragraph.runs if run.text.strip()]
        bold_style = bool(paragraph.style is not None and paragraph.style.font.bold)
        bold = bool(runs) and all(run.bold or (run.bold is None and bold_style) for run in runs)
        if bold or paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER:
            text = normalize_text(fonts.paragraph_text(paragraph))
            apart.extend(line.strip() for line in text.split("\n") if line.strip())
    return apart


def _document_lines(document: Any, fonts: LegacyFonts) -> list[str]:
    lines: list[str] = []
    seen_parts: set[int] = set()
    for section in document.sections:
        for header in (section.first_page_header, section.header):
            lines.extend(_story_lines(header, seen_parts, fonts))
    lines.extend(_block_lines(document, fonts))
    for section in document.sections:
        for footer in (section.first_page_footer, section.footer):
            lines.extend(_story_lines(footer, seen_parts, fonts))
    return lines


class LegacyFonts:
    """Finds the font each run is drawn in, and gives paragraph text with legacy-font runs decoded.

    The font is the run's own, else its character style's, else its paragraph style's (with their base
    styles), else the document default: a TCVN3 document often sets `.VnTime` once, in Normal. Runs in
    other fonts keep their text, and it is collected in `undecoded` so the document can be tested for
    legacy text typed without a telling font name; `fallback` is the encoding then found.
    """

    def __init__(self, document: Any, fallback: legacy.Encoding | None = None) -> None:
        self.fallback = fallback
        self.undecoded: list[str] = []
        self._default = _font_names(
            document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
        )
        self._style_cache: dict[str, list[str]] = {}

    def paragraph_text(self, paragraph: Paragraph) -> str:
        parts: list[tuple[str, bool]] = []  # (text, already decoded)
        paragraph_fonts: list[str] | None = None  # looked up once, for the runs without fonts of their own
        for element in paragraph._p.xpath("w:r | w:hyperlink/w:r"):
            names = _font_names(element) or self._character_style_fonts(Run(element, paragraph))
            if not names:
                if paragraph_fonts is None:
                    paragraph_fonts = self._style_fonts(paragraph.style) or self._default
                names = paragraph_fonts
            encoding, capitals = _legacy_font(names)
            if encoding is None:
                parts.append((_run_text(element, legacy_font=False), False))
            else:
                text = legacy.decode_chars(_run_text(element, legacy_font=True), encoding, capitals)
                parts.append((text, True))
        if self.fallback is None:
            self.undecoded.append("".join(text for text, decoded in parts if not decoded))
            return "".join(text for text, _ in parts)
        if not any(decoded for _, decoded in parts):  # the whole line at once: its capitals tell a heading
            return legacy.decode_text("".join(text for text, _ in parts), self.fallback)
        return "".join(
            text if decoded else legacy.decode_text(text, self.fallback) for text, decoded in parts
        )

    def cell_text(self, cell: _Cell) -> str:
        return "\n".join(self.paragraph_text(paragraph) for paragraph in cell.paragraphs)

    def _character_style_fonts(self, run: Run) -> list[str]:
        properties = run._r.rPr
        if properties is None or properties.rStyle is None:
            return []
        return self._style_fonts(run.style)

    def _style_fonts(self, style: Any) -> list[str]:
        """The fonts a style sets, itself or through its base styles (cached: every run asks)."""
        if style is None:
            return []
        key = style.style_id
        if key not in self._style_cache:
            self._style_cache[key] = []  # guards against a style based on itself
            names = _font_names(style.element)
            self._style_cache[key] = names or self._style_fonts(style.base_style)
        return self._style_cache[key]


def _legacy_font(names: list[str]) -> tuple[legacy.Encoding | None, bool]:
    for name in names:
        found = legacy.font_encoding(name)
        if found[0] is not None:
            return found
    return None, False


def _font_names(element: Any) -> list[str]:
    """The fonts named in an element's run properties: `w:ascii` for ASCII, `w:hAnsi` for Latin-1 codes."""
    if element is None:
        return []
    fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is None:
        return []
    names = (fonts.get(qn("w:hAnsi")), fonts.get(qn("w:ascii")))
    return [name for name in names if name]


def _run_text(run: Any, legacy_font: bool) -> str:
    """The run's text as python-docx gives it; in a legacy font an optional hyphen is the letter it codes."""
    parts = []
    for child in run:
        if child.tag in RUN_TEXT_TAGS:
            parts.append(str(child))
        elif legacy_font and child.tag == SOFT_HYPHEN:
            parts.append("\u00ad")
    return "".join(parts)


def check_zip_sizes(data: bytes, max_bytes: int, max_ratio: float) -> None:
    """Refuse an Office file whose parts would inflate past the limits (python-docx reads parts whole)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise InputError("input.corrupt", f"ZIP/DOCX: {error}") from error
    if total > max_bytes or (total > max_ratio * max(len(data), 1) and total > 50 * 1024 * 1024):
        raise InputError("input.bomb", f"giải nén ra {total // (1024 * 1024)} MB từ {len(data) // 1024} KB")


def _story_lines(part: Any, seen_parts: set[int], fonts: LegacyFonts) -> list[str]:
    """Lines of a header or footer, once per distinct part (linked sections share one)."""
    if part.is_linked_to_previous and seen_parts:
        return []
    element_id = id(part._element)
    if element_id in seen_parts:
        return []
    seen_parts.add(element_id)
    return list(_block_lines(part, fonts))


def _block_lines(container: Any, fonts: LegacyFonts) -> Iterator[str]:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield from _paragraph_lines(block, fonts)
        elif isinstance(block, Table):
            yield from _table_lines(block, fonts)


def _paragraph_lines(paragraph: Paragraph, fonts: LegacyFonts) -> Iterator[str]:
    yield fonts.paragraph_text(paragraph)
    for box in paragraph._p.iter(qn("w:txbxContent")):
        if any(ancestor.tag == MC_FALLBACK for ancestor in box.iterancestors()):
            continue  # the VML copy of a text box already read from mc:Choice
        for inner in box.iter(qn("w:p")):
            yield fonts.paragraph_text(Paragraph(inner, paragraph._parent))


def _unique_cells(cells: list[_Cell]) -> list[_Cell]:
    """Merged cells repeat in python-docx's rows; keep each underlying cell once."""
    seen: set[int] = set()
    unique = []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            unique.append(cell)
    return unique


def _is_layout_table(table: Table, fonts: LegacyFonts) -> bool:
    """A header or signature table: few rows, few distinct cells a row (grids may have spare columns)."""
    rows = table.rows
    if len(rows) > MAX_LAYOUT_ROWS or not rows:
        return False
    if max(len(_unique_cells(row.cells)) for row in rows) > MAX_LAYOUT_COLUMNS:
        return False
    text = " ".join(fonts.cell_text(cell) for row in rows for cell in _unique_cells(row.cells))
    return any(marker in text for marker in LAYOUT_MARKERS)


def _table_lines(table: Table, fonts: LegacyFonts) -> Iterator[str]:
    if _is_layout_table(table, fonts):
        # column by column, a merged cell in the column where it starts
        columns: list[list[_Cell]] = [[] for _ in table.columns]
        seen: set[int] = set()
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    columns[index].append(cell)
        for column in columns:
            for cell in column:
                yield from _block_lines(cell, fonts)
        return
    for row in table.rows:
        cells = _unique_cells(row.cells)
        if any(cell.tables for cell in cells):
            for cell in cells:
                yield from _block_lines(cell, fonts)
        else:
            yield " | ".join(" ".join(fonts.cell_text(cell).split()) for cell in cells)
