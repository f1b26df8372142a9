"""DOCX through python-docx, walking the body in order (`doc.paragraphs` misses the header table).

Official documents put their header in a two-column layout table: issuer and "Số:" on the left, national
motto and place-and-date on the right. Such layout tables are read column by column so the issuer block
stays with its number; data tables (criteria lists) are read row by row, cells joined by " | ".
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any, ClassVar

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ingest.readers.base import PagesRead, ReadContext, Source
from ingest.sniff import Kind
from ingest.textquality import normalize_text
from kiemchung.errors import InputError
from kiemchung.records import Page, TextSource

LAYOUT_MARKERS = ("CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "Nơi nhận", "ĐẢNG CỘNG SẢN")
MAX_LAYOUT_ROWS = 4
MAX_LAYOUT_COLUMNS = 3
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


class DocxReader:
    kind: ClassVar[Kind] = Kind.docx

    def read(self, source: Source, context: ReadContext) -> PagesRead:
        check_zip_sizes(source.data, context.settings.max_archive_bytes, context.settings.max_archive_ratio)
        try:
            document = docx.Document(io.BytesIO(source.data))
        except Exception as error:
            raise InputError("input.corrupt", f"DOCX: {type(error).__name__} {error}"[:200]) from error
        lines: list[str] = []
        seen_parts: set[int] = set()
        for section in document.sections:
            for header in (section.first_page_header, section.header):
                lines.extend(_story_lines(header, seen_parts))
        lines.extend(_block_lines(document))
        for section in document.sections:
            for footer in (section.first_page_footer, section.footer):
                lines.extend(_story_lines(footer, seen_parts))
        text = normalize_text("\n".join(lines))
        return PagesRead(pages=[Page(number=1, text=text, source=TextSource.docx)])


def check_zip_sizes(data: bytes, max_bytes: int, max_ratio: float) -> None:
    """Refuse an Office file whose parts would inflate past the limits (python-docx reads parts whole)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise InputError("input.corrupt", f"ZIP/DOCX: {error}") from error
    if total > max_bytes or (total > max_ratio * max(len(data), 1) and total > 50 * 1024 * 1024):
        raise InputError("input.bomb", f"giải nén ra {total // (1024 * 1024)} MB từ {len(data) // 1024} KB")


def _story_lines(part: Any, seen_parts: set[int]) -> list[str]:
    """Lines of a header or footer, once per distinct part (linked sections share one)."""
    if part.is_linked_to_previous and seen_parts:
        return []
    element_id = id(part._element)
    if element_id in seen_parts:
        return []
    seen_parts.add(element_id)
    return list(_block_lines(part))


def _block_lines(container: Any) -> Iterator[str]:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield from _paragraph_lines(block)
        elif isinstance(block, Table):
            yield from _table_lines(block)


def _paragraph_lines(paragraph: Paragraph) -> Iterator[str]:
    yield paragraph.text
    for box in paragraph._p.iter(qn("w:txbxContent")):
        if any(ancestor.tag == MC_FALLBACK for ancestor in box.iterancestors()):
            continue  # the VML copy of a text box already read from mc:Choice
        for inner in box.iter(qn("w:p")):
            yield Paragraph(inner, paragraph._parent).text


def _unique_cells(cells: list[_Cell]) -> list[_Cell]:
    """Merged cells repeat in python-docx's rows; keep each underlying cell once."""
    seen: set[int] = set()
    unique = []
    for cell in cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            unique.append(cell)
    return unique


def _is_layout_table(table: Table) -> bool:
    """A header or signature table: few rows, few distinct cells a row (grids may have spare columns)."""
    rows = table.rows
    if len(rows) > MAX_LAYOUT_ROWS or not rows:
        return False
    if max(len(_unique_cells(row.cells)) for row in rows) > MAX_LAYOUT_COLUMNS:
        return False
    text = " ".join(cell.text for row in rows for cell in row.cells)
    return any(marker in text for marker in LAYOUT_MARKERS)


def _table_lines(table: Table) -> Iterator[str]:
    if _is_layout_table(table):
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
                yield from _block_lines(cell)
        return
    for row in table.rows:
        cells = _unique_cells(row.cells)
        if any(cell.tables for cell in cells):
            for cell in cells:
                yield from _block_lines(cell)
        else:
            yield " | ".join(" ".join(cell.text.split()) for cell in cells)
