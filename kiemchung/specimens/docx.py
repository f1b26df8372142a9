"""Render an official document to DOCX as agencies write them: header and signature in layout tables."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from kiemchung.specimens.model import OfficialDocument


def render_docx(document: OfficialDocument, running_header: str | None = None) -> bytes:
    out = docx.Document()
    style = out.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    if running_header:
        out.sections[0].header.paragraphs[0].text = running_header
    _two_columns(
        out,
        [document.header_left[:-1], document.header_left[-1:]],
        [document.header_right[:2], document.header_right[2:]],
    )
    if document.doc_type is not None:
        for index, line in enumerate(document.subject_lines):
            paragraph = out.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(line)
            run.bold = True
            run.font.size = Pt(14 if index == 0 else 13)
    for base in document.bases:
        out.add_paragraph().add_run(base).italic = True
    for text in document.body:
        out.add_paragraph(text)
    signature = [*document.signer_capacity, document.signer]
    _two_columns(out, [["Nơi nhận:", *document.recipients]], [signature])
    buffer = io.BytesIO()
    out.save(buffer)
    return fixed_zip_times(buffer.getvalue())


def fixed_zip_times(data: bytes) -> bytes:
    """The same document renders to the same bytes (ZIP members carry no clock time), so a rendered sample
    has one content hash however often it is written."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return target_buffer.getvalue()


def _two_columns(
    out: docx.document.Document, left_rows: list[list[str]], right_rows: list[list[str]]
) -> None:
    table = out.add_table(rows=len(left_rows), cols=2)
    for row, (left, right) in enumerate(zip(left_rows, right_rows, strict=True)):
        for cell, lines in ((table.cell(row, 0), left), (table.cell(row, 1), right)):
            cell.paragraphs[0].text = lines[0]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            for line in lines[1:]:
                cell.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
