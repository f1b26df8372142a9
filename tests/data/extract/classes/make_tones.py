"""Makes the `tones` set of issue 14's header classes (see README.md beside this file): headers and subjects typed
in the old tone placement, for underthesea's question. Deterministic; split into `tune` and `measure` halves here,
before the extractor changed.

Run: `uv run python tests/data/extract/classes/make_tones.py` (rewrites tones.jsonl beside it).
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_classes import MOTTO, PER_CLASS, SEED, _commune_names, _date, _date_words, _registry_seeds, _write

PROVINCES_OLD_STYLE = [
    ("TỈNH KHÁNH HÒA", "Khánh Hòa"),
    ("TỈNH THANH HÓA", "Thanh Hóa"),
    ("TỈNH HÒA BÌNH", "Hòa Bình"),
]


def old_style(text: str) -> str:
    """The old tone placement (`hòa` -> `hoà`, `thủy` -> `thuỷ`, `khỏe` -> `khoẻ`, `Ủy` -> `Uỷ`): in `oa`, `oe`, `uy`
    ending the syllable the tone mark sits on the second vowel. `quý` is the same in both (its `u` is the onset)."""

    def move(match: re.Match[str]) -> str:
        word = unicodedata.normalize("NFD", match.group(0))
        found = re.fullmatch(r"(.*?)([oOuU])([\u0300\u0301\u0303\u0309\u0323])([aAeEyY])", word)
        if (
            found is None
            or found.group(1).lower().endswith("q")
            or (found.group(2) in "uU") != (found.group(4) in "yY")
        ):
            return match.group(0)
        return unicodedata.normalize("NFC", found.group(1) + found.group(2) + found.group(4) + found.group(3))

    return re.sub(r"[^\W\d_]+", move, text)


def tones(rng: random.Random) -> dict:
    """Class 6: a header and a subject typed with the old tone placement (`UỶ BAN NHÂN DÂN` / `XÃ HOÀ BÌNH`, `công
    tác thuỷ lợi`), as older offices' templates still print them; the keys in the current placement. Issuers: a
    commune's committee or council (names from the registry's subjects) or a province's committee (Khánh Hòa,
    Thanh Hóa, Hòa Bình); subjects: registry subjects holding at least one word the old placement changes."""
    names = [(kind, name) for kind, name in _commune_names() if old_style(name) != name]
    subjects = [
        seed["subject"] for seed in _registry_seeds() if old_style(seed["subject"]) != seed["subject"]
    ]
    body = rng.choice(["HỘI ĐỒNG NHÂN DÂN", "ỦY BAN NHÂN DÂN"])
    if rng.random() < 0.7:
        kind, name = rng.choice(names)
        proper = " ".join(word.capitalize() for word in name.split())
        printed, issuer = f"{kind} {name}".upper(), f"{body.capitalize()} {kind} {proper}"
    else:
        printed, proper = rng.choice(PROVINCES_OLD_STYLE)
        issuer = f"{body.capitalize()} tỉnh {proper}"
    subject = rng.choice(subjects)
    subject = subject[0].upper() + subject[1:]
    when = _date(rng)
    day, month, year = _date_words(when)
    symbol = "NQ-HĐND" if body.startswith("HỘI") else "QĐ-UBND"
    number = f"{rng.randrange(1, 300)}/{symbol}"
    heading = "NGHỊ QUYẾT" if "NQ" in symbol else "QUYẾT ĐỊNH"
    lines = [body, printed, f"Số: {number}", *MOTTO, f"{proper}, ngày {day} tháng {month} năm {year}", heading,
             subject, "Căn cứ Luật Tổ chức chính quyền địa phương;", "Điều 1."]  # fmt: skip
    return {"text": old_style("\n".join(lines)), "number": number, "type": heading.capitalize(),
            "date": when.isoformat(), "issuer": issuer, "subject": unicodedata.normalize("NFC", subject),
            "how": f"old tone placement; header {old_style(body)} / {old_style(printed)}"}  # fmt: skip


if __name__ == "__main__":
    _write("tones", [tones(random.Random(f"{SEED}-tones-{index}")) for index in range(PER_CLASS)])
