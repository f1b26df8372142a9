"""Issue 14's subject-end and phone-photo rows: subject similarity on DOCX, text PDFs and scans (a subject followed
directly by the body), and number, type, date, signer on phone photos (70-100 dpi, real Tesseract), each beside
the naive baseline in the same run.

The labelled sets are made by tests/data/extract/classes/make_subjects.py: DOCX and PDF examples are stored as
specs and rendered here (so the readers' layout is what is measured), scans and photos as the OCR pages read
once (text and word boxes). Run: `uv run python bench/extract_subjects.py [--split measure|tune] [--show N]`.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
import unicodedata
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.extract import FIELDS, TODAY, naive, score, subject_similarity
from extract import extract_record
from model.records import ExtractRecord, Page, ReadRecord

CLASSES = Path(__file__).resolve().parents[1] / "tests" / "data" / "extract" / "classes"
ISSUER = ("ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG")


def _document(spec: dict):
    from kiemchung.specimens.model import OfficialDocument

    return OfficialDocument(
        parent_issuer=ISSUER[0], issuer=ISSUER[1], number=spec["number"], place="Bình Dương",
        issue_date=date.fromisoformat(spec["date"]), doc_type=spec["heading"], subject=spec["subject"],
        body=spec["body"], signer=spec["signer"], signer_capacity=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    )  # fmt: skip


def _subject_parts(spec: dict) -> list[str]:
    """The subject as typed: one paragraph, or cut in 2-3 pieces at spaces (Enter or Shift+Enter)."""
    words = spec["subject"].split()
    if spec["breaks"] == "one" or len(words) < 6:
        return [spec["subject"]]
    pieces = 2 if len(words) < 20 else 3
    size = -(-len(words) // pieces)
    return [" ".join(words[start : start + size]) for start in range(0, len(words), size)]


def _render_docx(spec: dict) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from kiemchung.specimens.docx import _two_columns

    document = _document(spec)
    out = docx.Document()
    out.styles["Normal"].font.name = "Times New Roman"
    out.styles["Normal"].font.size = Pt(13)
    _two_columns(out, [document.header_left[:-1], document.header_left[-1:]],
                 [document.header_right[:2], document.header_right[2:]])  # fmt: skip
    heading = out.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(spec["heading"]).bold = True
    centred = spec["style"] != "bold_left"
    parts = _subject_parts(spec)
    paragraphs = parts if spec["breaks"] != "line_breaks" else [parts]
    for part in paragraphs:
        paragraph = out.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        for index, piece in enumerate(part if isinstance(part, list) else [part]):
            run = paragraph.add_run(piece)
            run.bold = spec["style"] != "centred"
            if index < len(part) - 1 and isinstance(part, list):
                run.add_break()
    for text in spec["body"]:
        out.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _two_columns(out, [["Nơi nhận:", *document.recipients]], [[*document.signer_capacity, document.signer]])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _render_pdf(spec: dict) -> bytes:
    """The specimen PDF layout; a subject not in bold is drawn in the regular face, centred all the same."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from kiemchung.specimens import pdf as specimen
    from kiemchung.specimens.fonts import find_font

    document = _document(spec)
    bold = spec["style"] == "bold_centred"
    if not bold:
        document.subject = ""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    writer = specimen._Writer(canvas, specimen._register(find_font()))
    specimen._header(writer, document)
    if not bold:
        width = writer.width - specimen.LEFT - specimen.RIGHT - 30 * specimen.mm
        for line in simpleSplit(spec["subject"], writer.fonts[0], 13, width):
            writer.centred(line, writer.width / 2, 13, 0)
        writer.y -= 10
    for paragraph in spec["body"]:
        writer.paragraph(paragraph)
    specimen._signature(writer, document)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_spec(spec: dict, kind: str) -> bytes:
    return _render_docx(spec) if kind == "docx" else _render_pdf(spec)


Run = tuple[dict, ExtractRecord, tuple]


def _sample(row: dict, text: str) -> dict:
    """The row as a bench sample; its subject key in NFC (some registry subjects are stored decomposed)."""
    subject = unicodedata.normalize("NFC", row["subject"]) if row.get("subject") else None
    when = date.fromisoformat(row["date"]) if row.get("date") else None
    return {**row, "text": text, "date": when, "subject": subject}


def rendered_runs(name: str, split: str, timings: list[float]) -> list[Run]:
    """A DOCX or PDF spec set rendered, read by the real readers with word boxes, then extracted (timed)."""
    from ingest import FileReader
    from model.settings import Settings

    kind = "docx" if name.endswith("docx") else "pdf"
    rows = [json.loads(line) for line in (CLASSES / f"{name}.jsonl").open(encoding="utf-8")]
    rows = [row for row in rows if row["split"] == split]
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for row in rows:
            path = Path(folder) / f"{row['id']}.{kind}"
            path.write_bytes(render_spec(row, kind))
            paths.append(path)
        with FileReader(Settings(), keep_words=True) as reader:
            records = list(reader.read_paths(paths))
    return [_extracted(row, read, timings) for row, read in zip(rows, records, strict=True)]


def ocr_runs(name: str, split: str, timings: list[float]) -> list[Run]:
    """A stored OCR set (pages with their word boxes) through the extractor (timed)."""
    runs = []
    for line in (CLASSES / f"{name}.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row["split"] == split:
            read = ReadRecord(file=row["id"], pages=[Page.model_validate(page) for page in row["pages"]])
            runs.append(_extracted(row, read, timings))
    return runs


def _extracted(row: dict, read: ReadRecord, timings: list[float]) -> Run:
    text = "\n".join(page.text for page in read.pages)
    start = time.perf_counter()
    result = extract_record(read, TODAY)
    timings.append(time.perf_counter() - start)
    return _sample(row, text), result, naive(text)


def show(runs: list[Run], count: int) -> None:
    """The worst subjects, to look at."""
    ranked = sorted(runs, key=lambda run: subject_similarity(run[1].subject, run[0]["subject"]))
    for sample, result, _ in ranked[:count]:
        similarity = subject_similarity(result.subject, sample["subject"])
        print(f"  {sample['id']} {similarity:.2f} {sample['how']}\n    key  {sample['subject']}\n"
              f"    ours {result.subject}\n    signer {result.signer!r} key {sample.get('signer')!r}")  # fmt: skip


SETS = ("subject_docx", "subject_pdf", "subject_scans", "photos", "photos_signed")
OCR_SETS = ("subject_scans", "photos", "photos_signed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("measure", "tune"), default="measure")
    parser.add_argument("--show", type=int, default=0, help="Print the N worst subjects of each set.")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    args = parser.parse_args()
    print(f"{'source':<22}{'n':>6}  " + "".join(f"{f + ': ours  base':<16}" for f in FIELDS)
          + "subject: ours base")  # fmt: skip
    timings: list[float] = []
    for name in args.sets:
        if not (CLASSES / f"{name}.jsonl").exists():
            print(f"{name}: not made (make_subjects.py --ocr)")
            continue
        runs = (ocr_runs if name in OCR_SETS else rendered_runs)(name, args.split, timings)
        score(f"{name} ({args.split})", runs, corrected=False)
        show(runs, args.show)
    timings.sort()
    print(f"time per document: median {statistics.median(timings) * 1000:.2f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
