"""Makes the labelled examples of the subject's end and of phone photos (issue 14; see README.md beside this file).

Subjects: a document under a type heading whose subject (1 to 3 printed lines, a real registry or legal database
subject) is followed directly by the body, with no blank line or rule in the text: the body opens with "Căn cứ
…", "Thực hiện …", "Theo đề nghị …", a list marker or a plain sentence; the subject is bold and centred, centred
only, or (DOCX) bold on the left. Written as DOCX and text PDFs (the spec is stored and rendered again by the
bench, so the readers' layout is what is measured) and as scans (rasterized, degraded like a scanner and read by
the real OCR with word boxes: the OCR page is stored).

Phone photos: specimen documents photographed at 70 to 100 dpi (`PHONE_70`, `PHONE_100`), read by the real OCR
with word boxes (stored); number, date and signer are printed.

Every set is split by position (even `tune`, odd `measure`) here, before any extractor change.
Run: `uv run python tests/data/extract/classes/make_subjects.py [--ocr]` (`--ocr`: the scan and photo sets, slow).
"""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))

from tests.data.extract.classes.make_classes import (  # noqa: E402
    SIGNERS,
    _date,
    _registry_seeds,
    _scan_document,
    _vbpl_seeds,
    _write,
)

SEED = 1414
PER_FORMAT = 80
OCR_PER_SET = 40
HEADINGS = ["BÁO CÁO", "KẾ HOẠCH", "QUYẾT ĐỊNH", "TỜ TRÌNH", "THÔNG BÁO", "CHƯƠNG TRÌNH"]
ABBREVIATIONS = {
    "BÁO CÁO": "BC",
    "KẾ HOẠCH": "KH",
    "QUYẾT ĐỊNH": "QĐ",
    "TỜ TRÌNH": "TTr",
    "THÔNG BÁO": "TB",
    "CHƯƠNG TRÌNH": "CTr",
}
# how the body starts right under the subject: (kind, first paragraph)
OPENINGS = [
    ("can_cu", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"),
    (
        "thuc_hien",
        "Thực hiện Văn bản số 1234/UBND-VX ngày 12/5/2025 của Ủy ban nhân dân tỉnh về việc triển "
        "khai nhiệm vụ năm 2025, Sở Nội vụ báo cáo kết quả như sau:",
    ),
    (
        "theo_de_nghi",
        "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 02 tháng 6 năm 2025.",
    ),
    ("marker", "I. MỤC ĐÍCH, YÊU CẦU"),
    ("marker", "1. Kết quả thực hiện nhiệm vụ trong kỳ báo cáo"),
    ("marker", "- Tổng số hồ sơ tiếp nhận trong kỳ là 1.245 hồ sơ, đã giải quyết đúng hạn 1.240 hồ sơ."),
    (
        "plain",
        "Năm 2025, Ủy ban nhân dân tỉnh đã chỉ đạo các sở, ban, ngành triển khai thực hiện đồng bộ các "
        "nhiệm vụ được giao, kết quả cụ thể như sau:",
    ),
    (
        "plain",
        "Nhằm nâng cao chất lượng phục vụ người dân và doanh nghiệp, Ủy ban nhân dân tỉnh ban hành kế "
        "hoạch với các nội dung sau:",
    ),
    ("plain", "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, quyết định."),
    (
        "plain",
        "Để triển khai có hiệu quả các nhiệm vụ trọng tâm, các cơ quan, đơn vị thực hiện tốt các nội dung "
        "sau đây.",
    ),
]
STYLES = ("bold_centred", "bold_centred", "centred", "bold_left")
FOLLOW = [
    "Các cơ quan, đơn vị tổ chức thực hiện nghiêm túc, báo cáo kết quả về Sở Nội vụ trước ngày 15 hằng tháng.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh kịp thời để tổng hợp.",
]


def _subjects() -> list[str]:
    seeds = [seed["subject"] for seed in _registry_seeds() + _vbpl_seeds() if len(seed["subject"]) > 20]
    return [subject[0].upper() + subject[1:] for subject in seeds if len(subject) < 300]


def subject_spec(rng: random.Random, subjects: list[str], docx: bool) -> dict:
    """One document's spec: what the bench renders (DOCX or PDF) and the subject the reader must give."""
    heading = rng.choice(HEADINGS)
    kind, opening = rng.choice(OPENINGS)
    subject = rng.choice(subjects)
    styles = STYLES if docx else STYLES[:3]
    # DOCX: one paragraph, or the subject typed over 2-3 paragraphs (Enter) or lines (Shift+Enter)
    breaks = rng.choice(["one", "one", "paragraphs", "line_breaks"]) if docx else "one"
    return {
        "heading": heading,
        "number": f"{rng.randrange(1, 3000)}/{ABBREVIATIONS[heading]}-UBND",
        "date": _date(rng).isoformat(),
        "subject": subject,
        "opening": kind,
        "body": [opening, *FOLLOW],
        "style": rng.choice(styles),
        "breaks": breaks,
        "signer": rng.choice(SIGNERS),
        "type": heading.capitalize(),
        "how": f"{heading}; body opens {kind}",
    }


def _ocr_rows(rng: random.Random, folder: Path, presets: list, subjects: list[str] | None) -> list[dict]:
    """Specimens rasterized, degraded by one of `presets` and read by the real OCR with word boxes."""
    from bench.extract_subjects import render_spec
    from kiemchung.specimens.scan import degrade, rasterize, to_jpeg

    rows, paths = [], []
    for index in range(OCR_PER_SET):
        if subjects is not None:
            spec = subject_spec(rng, subjects, docx=False)
            row = {key: spec[key] for key in ("number", "type", "date", "subject", "signer", "how")}
            pdf = render_spec(spec, "pdf")
        else:
            from kiemchung.specimens.pdf import render_pdf

            document, issuer = _scan_document(rng)
            row = _document_key(document, issuer, document.doc_type or "")
            pdf = render_pdf(document)
        preset = rng.choice(presets)
        image = degrade(rasterize(pdf)[0], preset, seed=index)
        path = folder / f"page-{index:03d}.jpg"
        path.write_bytes(to_jpeg(image, quality=preset.jpeg_quality or 80, dpi=preset.dpi))
        paths.append(path)
        rows.append({**row, "source": "ocr", "how": f"{row['how']}; {preset.name}"})
    _add_pages(rows, paths)
    return rows


def _sign_and_seal(pdf: bytes, image, rng: random.Random, signer: str) -> str:
    """A hand signature stroked between the capacity lines and the printed name, and a seal's ring (red ink, grey
    in the photo) over the capacity's left half, as on a signed paper document; drawn on the 300 dpi raster at
    the words' places in the PDF."""
    import pdfplumber
    from PIL import ImageDraw

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        words = document.pages[0].extract_words()
    scale = 300 / 72
    name = [word for word in words if word["text"] == signer.split()[-1]][-1]
    x, y = name["x1"] * scale, name["top"] * scale
    draw = ImageDraw.Draw(image)
    points = [(x - 380 + step * 26, y - 150 + rng.randrange(-45, 45)) for step in range(18)]
    draw.line(points, fill=30, width=5, joint="curve")
    kind = rng.choice(["signature", "signature_seal", "signature_seal"])
    if kind == "signature_seal":
        centre_x, centre_y, radius = x - 470 + rng.randrange(-40, 40), y - 240 + rng.randrange(-30, 30), 170
        for ring in (radius, radius - 14, radius - 70):
            draw.ellipse(
                (centre_x - ring, centre_y - ring, centre_x + ring, centre_y + ring), outline=120, width=6
            )
        draw.text((centre_x - 40, centre_y - 20), "★", fill=120)
    return kind


def _signed_photos(rng: random.Random, folder: Path) -> list[dict]:
    """The photos set's documents signed and sealed by hand, photographed at 100 or 72 dpi."""
    from kiemchung.specimens.pdf import render_pdf
    from kiemchung.specimens.scan import PHONE_70, PHONE_100, degrade, rasterize, to_jpeg

    rows, paths = [], []
    for index in range(OCR_PER_SET):
        document, issuer = _scan_document(rng)
        pdf = render_pdf(document)
        page = rasterize(pdf)[0]
        kind = _sign_and_seal(pdf, page, rng, document.signer)
        preset = rng.choice([PHONE_100, PHONE_70])
        path = folder / f"signed-{index:03d}.jpg"
        path.write_bytes(
            to_jpeg(degrade(page, preset, seed=index), quality=preset.jpeg_quality or 80, dpi=preset.dpi)
        )
        paths.append(path)
        rows.append(
            {
                **_document_key(document, issuer, f"{document.doc_type}; {kind}; {preset.name}"),
                "source": "ocr",
            }
        )
    _add_pages(rows, paths)
    return rows


def _document_key(document, issuer: str | None, how: str) -> dict:
    """What extraction should find in a rendered specimen: the key of one row."""
    return {
        "number": document.number,
        "type": (document.doc_type or "").capitalize() or None,
        "date": document.issue_date.isoformat() if document.issue_date else None,
        "issuer": issuer,
        "signer": document.signer,
        "subject": document.subject,
        "how": how,
    }


def _add_pages(rows: list[dict], paths: list[Path]) -> None:
    """Each row's file read by the real OCR, its pages (with word boxes) kept in the row."""
    from ingest import FileReader
    from model.settings import Settings

    with FileReader(Settings(), keep_words=True) as reader:
        for row, read in zip(rows, reader.read_paths(paths), strict=True):
            row["pages"] = [page.model_dump(mode="json", exclude_none=True) for page in read.pages]


def main() -> None:
    subjects = _subjects()
    if "--signed-photos" in sys.argv:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            _write("photos_signed", _signed_photos(random.Random(f"{SEED}-signed"), Path(folder)))
        return
    if "--ocr" in sys.argv:
        import tempfile

        from kiemchung.specimens.scan import PHONE_70, PHONE_100, SCANNER_150, SCANNER_200

        with tempfile.TemporaryDirectory() as folder:
            scans = _ocr_rows(
                random.Random(f"{SEED}-scans"), Path(folder), [SCANNER_200, SCANNER_150], subjects
            )
            _write("subject_scans", scans)
            photos = _ocr_rows(random.Random(f"{SEED}-photos"), Path(folder), [PHONE_100, PHONE_70], None)
            _write("photos", photos)
        return
    for name, docx in (("subject_docx", True), ("subject_pdf", False)):
        rng = random.Random(f"{SEED}-{name}")
        _write(name, [subject_spec(rng, subjects, docx) for _ in range(PER_FORMAT)])


if __name__ == "__main__":
    main()
