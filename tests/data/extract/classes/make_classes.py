"""Makes the labelled examples of issue 14's header classes (see README.md beside this file).

Each example is a document written by code from a real seed (numbers, types and subjects of the national legal
database, numbers and subjects of a provincial registry), so its number, type and date are the answer by
construction; then the class's damage is applied to its text the way the real sources do it. Deterministic for
a given seed. Every set is split into a `tune` half and a `measure` half here, before any extractor change.

Run: `uv run python tests/data/extract/classes/make_classes.py` (rewrites the .jsonl files beside it).
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))

from PIL import Image  # noqa: E402

from extract.numbers import type_from_symbol  # noqa: E402
from kiemchung.specimens.model import MOTTO, OfficialDocument  # noqa: E402

SHARED = Path(os.environ.get("KIEMCHUNG_SHARED_DATA") or HERE.parents[4] / "shared" / "data")
SEED = 14
PER_CLASS = 120
LAST_DAY = date(2026, 11, 20)  # the bench's "today" is 2026-11-23
ISSUERS = {  # the symbol's last part -> the header as printed
    "BTC": ["BỘ TÀI CHÍNH"], "BNV": ["BỘ NỘI VỤ"], "BCA": ["BỘ CÔNG AN"], "BXD": ["BỘ XÂY DỰNG"],
    "CP": ["CHÍNH PHỦ"], "TTg": ["THỦ TƯỚNG CHÍNH PHỦ"], "QH15": ["QUỐC HỘI"],
    "UBTVQH15": ["ỦY BAN THƯỜNG VỤ QUỐC HỘI"], "BKHCN": ["BỘ KHOA HỌC VÀ", "CÔNG NGHỆ"],
    "BCT": ["BỘ CÔNG THƯƠNG"], "BTP": ["BỘ TƯ PHÁP"], "BYT": ["BỘ Y TẾ"],
}  # fmt: skip
CONFUSIONS = {"1": "lI|", "0": "Oo", "5": "S", "8": "B"}


def _vbpl_seeds() -> list[dict]:
    seeds = []
    for line in (SHARED / "vbpl" / "docs_vi.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        number = (row.get("so_ky_hieu_from_title") or "").replace(" ", "")
        last = re.split(r"[-/]", number)[-1]
        if "/20" in number and last in ISSUERS and row.get("doc_type_from_title") != "Văn bản hợp nhất":
            seeds.append({"number": number, "type": row["doc_type_from_title"], "issuer": ISSUERS[last],
                          "subject": row.get("trich_yeu_from_title") or "Quy định chi tiết"})  # fmt: skip
    return seeds


def _registry_seeds() -> list[dict]:
    rows = csv.DictReader((SHARED / "registry" / "binhduong.csv").open(encoding="utf-8"))
    seeds = []
    for row in rows:
        number = row["so_ky_hieu"].strip()
        if re.fullmatch(r"\d+/[A-ZĐ]+-UBND|\d+/UBND-[A-Z]+", number):
            kind = type_from_symbol(number.split("/", 1)[1], "/")
            seeds.append({"number": number, "type": kind, "subject": row["trich_yeu"],
                          "issuer": ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG"]})  # fmt: skip
    return seeds


def _date(rng: random.Random) -> date:
    return LAST_DAY - timedelta(days=rng.randrange(0, 6 * 365))


def _date_words(when: date) -> tuple[str, str, str]:
    return f"{when.day:02d}", (f"{when.month:02d}" if when.month <= 2 else str(when.month)), str(when.year)


def _heading(kind: str | None) -> list[str]:
    return [] if kind in (None, "Công văn") else [kind.upper()]


def _cut(text: str, rng: random.Random) -> list[str]:
    """A number broken the way web conversions break it: before a separator, inside the year, before a
    symbol's trailing digit (`27` / `/202` / `5` / `/TT-BTC`, `/QH1` / `5`)."""
    spots = [i for i, ch in enumerate(text) if ch in "/-" and i > 0]
    spots += [m.start() + 3 for m in re.finditer(r"(?<=/)20\d\d", text)]
    spots += [m.end() - 1 for m in re.finditer(r"[A-Z]+\d{2}\b", text)]
    chosen = sorted({i for i in spots if 0 < i < len(text)} & set(rng.sample(spots, k=min(len(spots), 4))))
    pieces, start = [], 0
    for index in chosen:
        pieces.append(text[start:index])
        start = index
    return [*pieces, text[start:]]


def _cut_date(place: str, when: date, rng: random.Random) -> list[str]:
    day, month, year = _date_words(when)
    style = rng.choice(["three", "after_ngay", "after_place", "words", "year_apart"])
    if style == "three":
        return [f"{place}, ngày {day}", f"tháng {month}", f"năm {year}"]
    if style == "after_ngay":
        return [f"{place}, ngày", f"{day} tháng {month} năm {year}"]
    if style == "after_place":
        return [f"{place},", f"ngày {day} tháng {month} năm {year}"]
    if style == "words":
        return [f"{place}, ngày", day, "tháng", month, "năm", year]
    return [f"{place}, ngày {day} tháng {month} năm", year]


def fragmented(rng: random.Random) -> dict:
    """Class 1: the number and the date line broken into fragments, one per line, as converted web pages do."""
    seed = rng.choice(_vbpl_seeds() if rng.random() < 0.8 else _registry_seeds())
    when = _date(rng)
    label = "Luật số:" if seed["type"] == "Luật" else rng.choice(["Số:", "Số:", "Số"])
    pieces = _cut(seed["number"], rng)
    number_lines = [label, *pieces] if rng.random() < 0.7 else [f"{label} {pieces[0]}", *pieces[1:]]
    if rng.random() < 0.25:  # a blank line between fragments
        number_lines = [line for piece in number_lines for line in (piece, "")]
    place = "Hà Nội" if "UBND" not in seed["number"] else "Bình Dương"
    date_lines = _cut_date(place, when, rng)
    left = [*seed["issuer"], "---------------"]
    motto = [*MOTTO, "---------------"]
    header = (
        [*left, *number_lines, *motto, *date_lines]
        if rng.random() < 0.5
        else [*left, *motto, *number_lines, *date_lines]
    )
    cited = "/".join(["121", "2025", "QH15"])
    body = ["Căn cứ Luật Tổ chức Chính phủ", "số", *_cut(cited, rng)[:-1], _cut(cited, rng)[-1] + ";",
            "Căn cứ Nghị định số 25/2025/NĐ-CP ngày 21 tháng 02 năm 2025 của Chính phủ;", "Điều 1. Phạm vi"]  # fmt: skip
    text = "\n".join([*header, *_heading(seed["type"]), seed["subject"], *body])
    return {"text": text, "number": seed["number"], "type": seed["type"], "date": when.isoformat(),
            "how": f"number as {pieces}, date line as {date_lines}"}  # fmt: skip


def _confuse(value: str, rng: random.Random, rate: float) -> str:
    return "".join(
        rng.choice(CONFUSIONS[ch]) if ch in CONFUSIONS and rng.random() < rate else ch for ch in value
    )


def ocr_dates(rng: random.Random) -> dict:
    """Class 2: OCR reading letters for digits in the date line's number slots (l5, II, 2O25, O5); a few
    with an impossible year (3O25) or a future one, which must still be flagged."""
    seed = rng.choice(_registry_seeds())
    when = _date(rng)
    kind = rng.choices(["plain", "impossible", "future"], weights=[8, 1, 1])[0]
    if kind == "future":
        when = date(2027, when.month, min(when.day, 28))
    day, month, year = _date_words(when)
    if kind == "impossible":
        year = "3" + year[1:]
    while True:
        slots = [_confuse(part, rng, 0.6) for part in (day, month, year)]
        if slots != [day, month, year]:
            break
    date_line = f"Bình Dương, ngày {slots[0]} tháng {slots[1]} năm {slots[2]}"
    header = [*seed["issuer"], f"Số: {seed['number']}", *MOTTO, date_line, *_heading(seed["type"])]
    text = "\n".join([*header, seed["subject"], "Căn cứ Luật Tổ chức chính quyền địa phương;", "Điều 1."])
    flags = {"impossible": ["date.impossible"], "future": ["date.future"]}.get(kind, [])
    return {"text": text, "source": "ocr", "number": seed["number"], "type": seed["type"],
            "date": None if kind == "impossible" else when.isoformat(), "flags": flags,
            "how": f"date line printed as {date_line!r} ({kind})"}  # fmt: skip


def consolidated(rng: random.Random) -> dict:
    """Class 3: a consolidated text: the consolidated document's heading on top, its own VBHN number either in
    the header or beside the authentication block at the end."""
    seed = rng.choice(
        [s for s in _vbpl_seeds() if s["type"] in ("Thông tư", "Nghị định", "Luật", "Quyết định")]
    )
    agency = "VPQH" if seed["type"] == "Luật" else re.split(r"[-/]", seed["number"])[-1]
    agency = {"CP": "BTC", "TTg": "BNV", "QH15": "VPQH"}.get(agency, agency)
    own = f"{rng.randrange(1, 60):02d}/VBHN-{agency}"
    when = _date(rng)
    day, month, year = _date_words(when)
    date_line = f"Hà Nội, ngày {day} tháng {month} năm {year}"
    style = rng.choice(["header", "header", "block"])
    original = seed["number"]
    number_line = f"Số: {own}" if style == "header" else f"Số: {original}"
    top = [
        *seed["issuer"],
        number_line,
        *MOTTO,
        date_line if style == "header" else "Hà Nội, ngày 10 tháng 3 năm 2024",
    ]
    intro = (f"{seed['type']} số {original} ngày 15 tháng 5 năm 2024 của {seed['issuer'][0].title()}, có hiệu lực "
             "kể từ ngày 01 tháng 7 năm 2024, được sửa đổi, bổ sung bởi:")  # fmt: skip
    end = ["XÁC THỰC VĂN BẢN HỢP NHẤT", "BỘ TRƯỞNG" if agency != "VPQH" else "CHỦ NHIỆM", "Nguyễn Văn An"]
    if style == "block":
        end = [*seed["issuer"], f"Số: {own}", "XÁC THỰC VĂN BẢN HỢP NHẤT", date_line, *end[1:]]
    body = [
        intro,
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật;",
        "Điều 1. Phạm vi điều chỉnh",
        "Nội dung.",
    ]
    text = "\n".join([*top, *_heading(seed["type"]), seed["subject"], *body, *end])
    return {"text": text, "number": own, "type": "Văn bản hợp nhất", "date": when.isoformat(),
            "how": f"consolidates {original}; own number in the {style}"}  # fmt: skip


# (parent line, issuer line) as printed -> the issuer a reader must give; a place for the date line
BODIES = [
    ("ỦY BAN NHÂN DÂN", "TỈNH BÌNH DƯƠNG", "Ủy ban nhân dân tỉnh Bình Dương", "Bình Dương"),
    ("UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ", "Sở Nội vụ tỉnh Lai Châu", "Lai Châu"),
    ("", "BỘ TÀI CHÍNH", "Bộ Tài chính", "Hà Nội"),
    ("", "CHÍNH PHỦ", "Chính phủ", "Hà Nội"),
]
SCAN_HEADINGS = ["GIẤY MỜI", "NGHỊ ĐỊNH", "QUYẾT ĐỊNH", "KẾ HOẠCH", "TỜ TRÌNH", "BÁO CÁO"]
SIGNERS = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Minh Đức", "Phạm Quốc Tuấn", "Hoàng Thị Lan"]
SCANS_PER_SET = 40
STAMPED_SCANS = 80  # `--stamped`: every page stamped in the header's left column
DAMAGES = ("plain", "stamp", "stamp", "cropped")


PARENTS = {"UBND TỈNH LAI CHÂU": "Ủy ban nhân dân tỉnh Lai Châu"}  # the parent a reader must give, as printed


def _scan_document(rng: random.Random) -> tuple[OfficialDocument, str | None]:
    """A specimen document for a scan and the issuer a reader must give."""
    parent, issuer, key_issuer, place = rng.choice(BODIES)
    heading = rng.choice(SCAN_HEADINGS)
    abbreviation = {"GIẤY MỜI": "GM", "NGHỊ ĐỊNH": "NĐ", "QUYẾT ĐỊNH": "QĐ", "KẾ HOẠCH": "KH",
                    "TỜ TRÌNH": "TTr", "BÁO CÁO": "BC"}[heading]  # fmt: skip
    agency = {"CHÍNH PHỦ": "CP", "BỘ TÀI CHÍNH": "BTC", "SỞ NỘI VỤ": "SNV"}.get(issuer, "UBND")
    number = f"{rng.randrange(1, 3000)}/{abbreviation}-{agency}"
    if heading == "NGHỊ ĐỊNH":
        number, key_issuer, place = f"{rng.randrange(1, 400)}/2025/NĐ-CP", "Chính phủ", "Hà Nội"
        parent, issuer = "", "CHÍNH PHỦ"
    subject = rng.choice(_registry_seeds())["subject"]
    subject = subject[0].upper() + subject[1:]
    document = OfficialDocument(
        parent_issuer=parent or None, issuer=issuer, number=number, place=place, issue_date=_date(rng),
        doc_type=heading, subject=subject, bases=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"],
        body=["Điều 1. Nội dung thực hiện theo kế hoạch đã ban hành.", "Điều 2. Văn bản có hiệu lực kể từ ngày ký."],
        signer=rng.choice(SIGNERS), signer_capacity=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    )  # fmt: skip
    return document, key_issuer


def _stamp(image: Image.Image, rng: random.Random, top: bool = False) -> str:
    """An incoming stamp (`ĐẾN`, `Số: … Ngày: …`) drawn in the header's left column, as offices stamp mail; with
    `top`, in the margin above the issuer (OCR then reads it first, above the issuer and the number)."""
    from devkit.stamped_scans import draw_stamp, stamp_lines

    # below the number line, left of the centred heading: where the printed text leaves room (a stamp over the
    # number makes it unreadable, and then the number is not printed-and-readable any more)
    x, y = 110 + rng.randrange(0, 40), 470 + rng.randrange(0, 30)
    if top:  # the page's top margin ends at about 230 pixels at 300 dpi
        x, y = 150 + rng.randrange(0, 200), 25 + rng.randrange(0, 15)
    lines = stamp_lines(rng.randrange(100, 999), rng.randrange(1, 28))
    draw_stamp(image, x, y, lines, top)
    return " / ".join(lines)


def scans(
    rng: random.Random, folder: Path, damages: tuple[str, ...] = DAMAGES, count: int = SCANS_PER_SET
) -> list[dict]:
    """Class 4: specimen documents rasterized, some stamped `ĐẾN` in the header or cropped above the number (no
    issuer left to read), degraded like a scanner, and read by the real OCR (the text is what is stored)."""
    from ingest import FileReader
    from kiemchung.specimens.pdf import render_pdf
    from kiemchung.specimens.scan import SCANNER_150, SCANNER_200, degrade, rasterize, to_jpeg
    from model.settings import Settings

    rows, paths = [], []
    for index in range(count):
        document, key_issuer = _scan_document(rng)
        damage = rng.choice(damages)
        if damage == "cropped":  # the top cut off with the issuer lines: the page starts at the number line
            document.parent_issuer, document.issuer, key_issuer = None, "", None
        page = rasterize(render_pdf(document))[0]
        how = (
            f"{damage} {_stamp(page, rng, damage == 'stamp_top')!r}" if damage.startswith("stamp") else damage
        )
        preset = rng.choice([SCANNER_200, SCANNER_150])
        image = degrade(page, preset, seed=index)
        path = folder / f"scan-{index:03d}.jpg"
        path.write_bytes(to_jpeg(image, quality=preset.jpeg_quality or 80, dpi=preset.dpi))
        paths.append(path)
        kind = document.doc_type.capitalize() if document.doc_type else None
        parent = PARENTS.get(document.parent_issuer or "")
        rows.append({"number": document.number, "type": kind, "date": document.issue_date.isoformat(),
                     "issuer": key_issuer, "parent": parent, "signer": document.signer, "subject": document.subject,
                     "source": "ocr", "how": f"{how}; {preset.name}"})  # fmt: skip
    with FileReader(Settings()) as reader:
        for row, read in zip(rows, reader.read_paths(paths), strict=True):
            row["text"] = "\n".join(page.text for page in read.pages)
            row["ocr_confidence"] = read.pages[0].ocr_confidence
    return rows


NOT_A_NAME_WORD = "huyện|thị|thành|tỉnh|và|tại|của|cho|theo|về|để|đến|năm|trên"
LOCAL_NAME = re.compile(rf"\b(xã|phường|thị trấn) ((?:(?!(?:{NOT_A_NAME_WORD})\b)[a-zà-ỹđ]+ ?){{1,3}})")


def _commune_names() -> list[tuple[str, str]]:
    """(kind, name) of communes, wards and towns named in the registry's subjects (`… tại xã tân mỹ, huyện …`)."""
    found = set()
    for seed in _registry_seeds():
        for kind, name in LOCAL_NAME.findall(seed["subject"]):
            words = name.split()[:2]  # most names are two syllables; a third word is the subject's text
            if len(words) == 2 and words[0] not in (
                "hội",
                "phù",
                "trong",
                "thuộc",
            ):  # "xã hội hóa", "phường thuộc tp"
                found.add((kind, " ".join(words)))
    return sorted(found)


def communes(rng: random.Random) -> dict:
    """Class 5: a commune's council or committee printing its name in capitals over two lines (`HỘI ĐỒNG NHÂN DÂN`
    / `XÃ TÂN MỸ`) or on one (`UBND XÃ TÂN MỸ`), sometimes under the province; the name seeded from the registry's
    subjects, written in its own case by construction (each syllable capitalised)."""
    kind, name = rng.choice(_commune_names())
    proper = " ".join(word.capitalize() for word in name.split())
    body, abbreviation, symbol = rng.choice(
        [("HỘI ĐỒNG NHÂN DÂN", "HĐND", "NQ-HĐND"), ("ỦY BAN NHÂN DÂN", "UBND", "QĐ-UBND")]
    )
    printed = f"{kind} {name}".upper()
    style = rng.choice(["two_lines", "one_line", "under_province"])
    header = {"two_lines": [body, printed], "one_line": [f"{abbreviation} {printed}"],
              "under_province": ["UBND TỈNH BÌNH DƯƠNG", f"{abbreviation} {printed}"]}[style]  # fmt: skip
    when = _date(rng)
    day, month, year = _date_words(when)
    number = f"{rng.randrange(1, 300)}/{symbol}"
    heading = "NGHỊ QUYẾT" if "NQ" in symbol else "QUYẾT ĐỊNH"
    date_line = f"{proper}, ngày {day} tháng {month} năm {year}"
    lines = [*header, f"Số: {number}", *MOTTO, date_line, heading, "Về việc giao chỉ tiêu kế hoạch năm 2025",
             "Căn cứ Luật Tổ chức chính quyền địa phương;", "Điều 1."]  # fmt: skip
    issuer = f"{body.capitalize()} {kind} {proper}"
    return {"text": "\n".join(lines), "number": number, "type": heading.capitalize(), "date": when.isoformat(),
            "issuer": issuer, "how": f"header {header}"}  # fmt: skip


CLASSES = {
    "fragmented": fragmented,
    "ocr_dates": ocr_dates,
    "consolidated": consolidated,
    "communes": communes,
}


def _write(name: str, rows: list[dict]) -> None:
    with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as out:
        for index, row in enumerate(rows):
            row = {"id": f"{name}-{index:03d}", "split": ("tune", "measure")[index % 2], **row}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{name}: {len(rows)} examples")


def main() -> None:
    """The text sets always; the scans (real OCR, slow) with `--scans`."""
    if "--stamped" in sys.argv:  # made after the scans row's misses were seen (stamp text before the heading)
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            rng = random.Random(f"{SEED}-stamped")
            _write("stamped", scans(rng, Path(folder), ("stamp",), count=STAMPED_SCANS))
        return
    if "--scans" in sys.argv:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            _write("scans", scans(random.Random(f"{SEED}-scans"), Path(folder)))
            _write("stamps", scans(random.Random(f"{SEED}-stamps"), Path(folder), ("stamp_top",)))
        return
    for name, make in CLASSES.items():
        rng = random.Random(f"{SEED}-{name}")
        _write(name, [make(rng) for _ in range(PER_CLASS)])


if __name__ == "__main__":
    main()
