"""Build `matcher/frameworks/tinh-2025.yaml` from the real 2025 provincial self-assessment table.

Run by a developer when ../shared/data is present (`uv run python tools/build_framework_tinh_2025.py`); the
YAML it writes is committed and is what the product reads. Criteria, codes and points come from the table; the
evidence rules are derived from the criterion titles and from the documents the province cited for each one,
and a council can correct them in the YAML.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.references import find_references  # noqa: E402

SHARED = Path(os.environ.get("KIEMCHUNG_SHARED_DATA") or ROOT.parent / "shared" / "data")
TABLE = SHARED / "framework" / "lamdong_2025_PAR_selfassessment_table.json"
OUTPUT = ROOT / "matcher" / "frameworks" / "tinh-2025.yaml"
YEAR = 2025
EXPANSIONS = {
    "CCHC": "cải cách hành chính",
    "TTHC": "thủ tục hành chính",
    "VBQPPL": "văn bản quy phạm pháp luật",
    "PAKN": "phản ánh, kiến nghị",
    "CQCM": "cơ quan chuyên môn",
    "ĐVHC": "đơn vị hành chính",
    "DVC": "dịch vụ công",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "CQNN": "cơ quan nhà nước",
}
TITLE_TYPES = [
    ("báo cáo", "Báo cáo"), ("kế hoạch", "Kế hoạch"), ("kiểm tra", "Kết luận"), ("công bố", "Quyết định"),
    ("tuyên truyền", "Kế hoạch"), ("đối thoại", "Thông báo"), ("quy chế", "Quyết định"), ("quy định", "Quyết định"),
]  # fmt: skip


def phrases(title: str) -> list[str]:
    clean = re.sub(r"\s*\([^)]*\)", "", title).strip().rstrip(".")
    found = [clean.lower()]
    for short, long in EXPANSIONS.items():
        if re.search(rf"\b{short}\b", title):
            found.append(long)
            found[0] = re.sub(rf"\b{short.lower()}\b", long, found[0])
    return list(dict.fromkeys(found))


def window(cited: list[date]) -> dict[str, str]:
    """The assessment year, widened to the months around it the province's evidence actually used (legal bases
    cited from years before do not count)."""
    cited = [day for day in cited if abs(day.year - YEAR) <= 1]
    start, end = "Y-01-01", "Y-12-31"
    if cited and min(cited).year < YEAR:
        earliest = min(cited)
        start = f"Y{earliest.year - YEAR:+d}-{earliest.month:02d}-01"
    if cited and max(cited).year > YEAR:
        latest = max(cited)
        end = f"Y{latest.year - YEAR:+d}-{latest.month:02d}-28"
    return {"from": start, "to": end}


def evidence_rule(title: str, cited_text: str) -> dict:
    references = [found.reference for found in find_references(cited_text.split("\n"))]
    types = [kind for kind, _ in Counter(r.doc_type for r in references if r.doc_type).most_common()]
    if not types:
        types = [kind for word, kind in TITLE_TYPES if word in title.lower()] or [
            "Quyết định",
            "Kế hoạch",
            "Báo cáo",
        ]
    issuers = Counter(r.issuer for r in references if r.issuer)
    rule: dict = {"doc_types": list(dict.fromkeys(types)), "phrases": phrases(title)}
    if issuers:
        rule["issuers"] = [name for name, _ in issuers.most_common(3)]
    rule["window"] = window([r.issue_date for r in references if r.issue_date])
    if "báo cáo" in title.lower() and "định kỳ" in title.lower():
        rule["deadlines"] = [{"period": p, "due_day": 20} for p in ("quarter", "half_year", "year")]
    return rule


def build() -> dict:
    rows = json.loads(TABLE.read_text(encoding="utf-8"))["rows"]
    nodes: dict[str, dict] = {}
    roots: list[dict] = []
    for row in rows:
        code = row["tt"].strip().rstrip(".")
        node = {
            "code": code,
            "title": " ".join(row["linh_vuc_tieu_chi"].split()),
            "max_points": float(row["diem_chuan"]),
        }
        parent = code.rsplit(".", 1)[0] if "." in code else None
        if parent is None:
            words = node["title"].split()
            node["title"] = " ".join(w if w in EXPANSIONS else w.lower() for w in words)
            node["title"] = node["title"][0].upper() + node["title"][1:]
            roots.append(node)
        else:
            nodes[parent].setdefault("children", []).append(node)
        nodes[code] = node
    for row in rows:
        code = row["tt"].strip().rstrip(".")
        if "." in code and "children" not in nodes[code]:
            nodes[code]["assessment"] = "self"
            nodes[code]["evidence"] = evidence_rule(nodes[code]["title"], row["tai_lieu_kiem_chung"])
    return {
        "id": "tinh-2025",
        "title": "Chỉ số cải cách hành chính cấp tỉnh năm 2025 (phần tự đánh giá)",
        "decision": "1187/QĐ-BNV",
        "level": "province",
        "years": [2025],
        "partial": True,
        "notes": (
            "Quyết định 1187/QĐ-BNV ngày 15/10/2025: 8 lĩnh vực, 38 tiêu chí, 88 tiêu chí thành phần. Tệp này chỉ có phần "
            "tự đánh giá theo bảng chấm điểm thực tế của một tỉnh (99 dòng); các tiêu chí đánh giá qua điều tra xã hội học "
            "hoặc do bộ đánh giá chưa có trong bản công khai nào nên chưa có ở đây. Quy tắc tài liệu kiểm chứng được suy ra "
            "từ tên tiêu chí và các văn bản tỉnh đã viện dẫn; Hội đồng có thể sửa trực tiếp trong tệp này."
        ),
        "criteria": roots,
    }


def main() -> None:
    framework = build()
    text = yaml.safe_dump(framework, allow_unicode=True, sort_keys=False, width=110)
    header = (
        "# Generated by tools/build_framework_tinh_2025.py from the real 2025 table; edit the rules freely.\n"
    )
    OUTPUT.write_text(header + text, encoding="utf-8")
    print(f"wrote {OUTPUT} ({sum(1 for _ in re.finditer(r'- code:', text))} rows)")


if __name__ == "__main__":
    main()
