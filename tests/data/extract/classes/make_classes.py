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

from extract.numbers import type_from_symbol  # noqa: E402
from kiemchung.specimens.model import MOTTO  # noqa: E402

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
    seed = rng.choice([s for s in _vbpl_seeds() if s["type"] in ("Thông tư", "Nghị định", "Luật", "Quyết định")])
    agency = "VPQH" if seed["type"] == "Luật" else re.split(r"[-/]", seed["number"])[-1]
    agency = {"CP": "BTC", "TTg": "BNV", "QH15": "VPQH"}.get(agency, agency)
    own = f"{rng.randrange(1, 60):02d}/VBHN-{agency}"
    when = _date(rng)
    day, month, year = _date_words(when)
    date_line = f"Hà Nội, ngày {day} tháng {month} năm {year}"
    style = rng.choice(["header", "header", "block"])
    original = seed["number"]
    number_line = f"Số: {own}" if style == "header" else f"Số: {original}"
    top = [*seed["issuer"], number_line, *MOTTO, date_line if style == "header" else "Hà Nội, ngày 10 tháng 3 năm 2024"]
    intro = (f"{seed['type']} số {original} ngày 15 tháng 5 năm 2024 của {seed['issuer'][0].title()}, có hiệu lực "
             "kể từ ngày 01 tháng 7 năm 2024, được sửa đổi, bổ sung bởi:")  # fmt: skip
    end = ["XÁC THỰC VĂN BẢN HỢP NHẤT", "BỘ TRƯỞNG" if agency != "VPQH" else "CHỦ NHIỆM", "Nguyễn Văn An"]
    if style == "block":
        end = [*seed["issuer"], f"Số: {own}", "XÁC THỰC VĂN BẢN HỢP NHẤT", date_line, *end[1:]]
    body = [intro, "Căn cứ Luật Ban hành văn bản quy phạm pháp luật;", "Điều 1. Phạm vi điều chỉnh", "Nội dung."]
    text = "\n".join([*top, *_heading(seed["type"]), seed["subject"], *body, *end])
    return {"text": text, "number": own, "type": "Văn bản hợp nhất", "date": when.isoformat(),
            "how": f"consolidates {original}; own number in the {style}"}  # fmt: skip


CLASSES = {"fragmented": fragmented, "ocr_dates": ocr_dates, "consolidated": consolidated}


def main() -> None:
    for name, make in CLASSES.items():
        rng = random.Random(f"{SEED}-{name}")
        rows = [make(rng) for _ in range(PER_CLASS)]
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for index, row in enumerate(rows):
                row = {"id": f"{name}-{index:03d}", "split": ("tune", "measure")[index % 2], **row}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{name}: {len(rows)} examples")


if __name__ == "__main__":
    main()
