"""Makes the `gazetteer` set of issue 14's header classes (see README.md beside this file): commune-level headers
(`ỦY BAN NHÂN DÂN` / `XÃ <NAME>`, `HỘI ĐỒNG NHÂN DÂN` / `PHƯỜNG <NAME>`, `UBND XÃ <NAME>`, under `UBND TỈNH
<PROVINCE>`) rendered as scans and phone photos and read by the real OCR, for mending OCR's tone-mark slips in
the name from the gazetteer of post-2025 units. Made before the extractor's mending; split here.

Names: 240 drawn (seeded) from the gazetteer (underthesea's post-merger list, `extract/communes.py`), dated after
1 July 2025; and 80 that must stay as printed: pre-merger communes whose name is also a post-2025 unit's elsewhere
(`old_shared`) or no unit's at all (`old_gone`), and pre-merger districts (`district`), dated before 1 July 2025;
made-up names no unit has (`made_up`), dated after. The key is the unit's official name. A page is kept only when
OCR read a line naming the unit's kind (`printed` records that line: what OCR printed); the others are counted.

Run: `uv run python tests/data/extract/classes/make_gazetteer_scans.py` (slow: real OCR; rewrites gazetteer.jsonl).
"""

from __future__ import annotations

import json
import random
import re
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_classes import SEED, SIGNERS, _registry_seeds, _write

from extract.communes import data_path, fold, units
from extract.merger import CITIES
from kiemchung.specimens.model import OfficialDocument

IN_GAZETTEER, OLD_SHARED, OLD_GONE, DISTRICTS, MADE_UP = 240, 30, 15, 15, 20
MERGER = date(2025, 7, 1)
BODIES = [("HỘI ĐỒNG NHÂN DÂN", "HĐND", "NGHỊ QUYẾT", "NQ-HĐND"), ("ỦY BAN NHÂN DÂN", "UBND", "QUYẾT ĐỊNH", "QĐ-UBND"),
          ("ỦY BAN NHÂN DÂN", "UBND", "KẾ HOẠCH", "KH-UBND")]  # fmt: skip


def _old_units() -> list[tuple[str, str, str, str]]:
    """(kind, name, province, district) of every pre-merger commune and ward in the same data file."""
    data = json.loads(data_path().read_text(encoding="utf-8"))  # type: ignore[union-attr]
    found = set()
    for row in data["ward_mapping"]:
        match = re.match(r"(Xã|Phường|Thị trấn) (.+)$", row["old_ward"])
        province = re.sub(r"^(Tỉnh|Thành phố) ", "", row["old_province"])
        if match:
            found.add((match.group(1).lower(), match.group(2), province, row["old_district"]))
    return sorted(found)


def _names(rng: random.Random) -> list[dict]:
    """Each header's unit: kind, name, province, group, and whether it is dated before the merger."""
    new = units()
    folded = {fold(unit.name) for unit in new}
    old = [unit for unit in _old_units() if unit[0] != "thị trấn"]
    shared = [unit for unit in old if fold(unit[1]) in folded]
    gone = [unit for unit in old if fold(unit[1]) not in folded]
    districts = sorted({unit[3] for unit in old if re.match(r"(Huyện|Thị xã) ", unit[3])})
    words = sorted({word for unit in new for word in unit.name.split() if word.isalpha()})
    picked = [{"kind": u.kind, "name": u.name, "province": u.province, "group": "gazetteer", "before": False}
              for u in rng.sample(new, IN_GAZETTEER)]  # fmt: skip
    for group, pool in (
        ("old_shared", rng.sample(shared, OLD_SHARED)),
        ("old_gone", rng.sample(gone, OLD_GONE)),
    ):
        picked += [
            {"kind": k, "name": n, "province": p, "group": group, "before": True} for k, n, p, _ in pool
        ]
    for district in rng.sample(districts, DISTRICTS):
        kind, name = district.split(" ", 1) if district.startswith("Huyện") else ("Thị xã", district[7:])
        picked.append(
            {"kind": kind.lower(), "name": name, "province": None, "group": "district", "before": True}
        )
    while sum(p["group"] == "made_up" for p in picked) < MADE_UP:
        name = f"{rng.choice(words)} {rng.choice(words)}"
        if fold(name) not in folded and len(set(name.split())) == 2:
            picked.append({"kind": "xã", "name": name, "province": None, "group": "made_up", "before": False})
    rng.shuffle(picked)
    return picked


def _province_unit(province: str | None) -> str:
    """`TỈNH LÂM ĐỒNG`, `TP. HỒ CHÍ MINH` (the six centrally run cities)."""
    return f"{'TP.' if province in CITIES else 'TỈNH'} {(province or '').upper()}"


def _document(unit: dict, rng: random.Random) -> tuple[OfficialDocument, str, str]:
    """The specimen document, the issuer a reader must give, and how its header is printed."""
    body, abbreviation, heading, symbol = rng.choice(BODIES)
    printed = f"{unit['kind']} {unit['name']}".upper()
    style = rng.choice(
        ["two_lines", "two_lines", "one_line"] + (["under_province"] if unit["province"] else [])
    )
    parent, issuer = {"two_lines": (body, printed), "one_line": (None, f"{abbreviation} {printed}"),
                      "under_province": (f"UBND {_province_unit(unit['province'])}",
                                         f"{abbreviation} {printed}")}[style]  # fmt: skip
    if unit["before"]:
        when = MERGER - timedelta(days=rng.randrange(1, 4 * 365))
    else:
        when = MERGER + timedelta(days=rng.randrange(0, 500))
    subject = rng.choice(_registry_seeds())["subject"]
    document = OfficialDocument(
        parent_issuer=parent, issuer=issuer, number=f"{rng.randrange(1, 300)}/{symbol}", place=unit["name"],
        issue_date=when, doc_type=heading, subject=subject[0].upper() + subject[1:],
        bases=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"],
        body=["Điều 1. Nội dung thực hiện theo kế hoạch đã ban hành.", "Điều 2. Văn bản có hiệu lực kể từ ngày ký."],
        signer=rng.choice(SIGNERS), signer_capacity=["TM. " + body, "CHỦ TỊCH"],
    )  # fmt: skip
    # the key in the name's own capitals (the old list spells one pre-merger commune `Ya ly`: a key fix found on
    # the tune half; the page still prints the name as the list has it)
    proper = " ".join(word[:1].upper() + word[1:] for word in unit["name"].split(" "))
    return document, f"{body.capitalize()} {unit['kind']} {proper}", style


def _printed_line(text: str, kind: str) -> str | None:
    """The OCR lines from the one naming the unit's kind to the number line (a long name wraps): what OCR printed."""
    pattern = re.compile(rf"(?:^|\s){fold(kind).upper()}\s+\S")
    found: list[str] = []
    for line in text.split("\n"):
        if re.match(r"\s*S[oố]\s*[:.]", line):
            break
        if found or pattern.search(fold(line).upper()):
            found += [line.strip()] if line.strip() else []
    return " / ".join(found) or None


def make(folder: Path) -> list[dict]:
    from ingest import FileReader
    from kiemchung.specimens.pdf import render_pdf
    from kiemchung.specimens.scan import (
        PHONE_70,
        PHONE_100,
        SCANNER_150,
        SCANNER_200,
        degrade,
        rasterize,
        to_jpeg,
    )
    from model.settings import Settings

    rng = random.Random(f"{SEED}-gazetteer")
    rows, paths = [], []
    for index, unit in enumerate(_names(rng)):
        document, key, style = _document(unit, rng)
        preset = rng.choice([SCANNER_200, SCANNER_150, PHONE_100, PHONE_70])
        image = degrade(rasterize(render_pdf(document))[0], preset, seed=index)
        path = folder / f"gazetteer-{index:03d}.jpg"
        path.write_bytes(to_jpeg(image, quality=preset.jpeg_quality or 80, dpi=preset.dpi))
        paths.append(path)
        when, heading = document.issue_date, document.doc_type or ""
        rows.append({"number": document.number, "type": heading.capitalize(),
                     "date": when.isoformat() if when else None, "issuer": key, "signer": document.signer, "source": "ocr",
                     "kind": unit["kind"], "group": unit["group"], "in_gazetteer": unit["group"] == "gazetteer",
                     "province": unit["province"], "how": f"{style}; {preset.name}"})  # fmt: skip
    kept = []
    with FileReader(Settings()) as reader:
        for row, read in zip(rows, reader.read_paths(paths), strict=True):
            row["text"] = "\n".join(page.text for page in read.pages)
            row["ocr_confidence"] = read.pages[0].ocr_confidence if read.pages else None
            row["printed"] = _printed_line(row["text"], row["kind"])
            if row["printed"]:
                kept.append(row)
    print(f"kept {len(kept)} of {len(rows)} pages (the others: OCR read no line naming the unit)")
    return kept


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        _write("gazetteer", make(Path(tmp)))
