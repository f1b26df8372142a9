"""Writes `classes.json` beside this file: generated examples of the matching classes of issue 15, each with its
expected answer, which `bench/matcher_classes.py` scores against a baseline.

How they are made (no real document is copied; re-run with `uv run python tests/data/matcher/make_classes.py`,
seed fixed): the bundled framework's leaf criteria (`tinh-2025`) give the subjects, worded as a unit's document
would word them (`bench.faults.subject_for`), for the assessment year 2025; then per class:

- other_year: each subject in twelve period forms (next year's plan issued in December, this year's plan issued
  the December before, last year's own plan, last year's results reported in January, a range, a target, a
  year inside a document number, …); expected: flagged or not, by the rule DESIGN.md's window implies.
- reasons: each subject as a Kế hoạch, a Báo cáo, a Giấy mời and a Thông báo kết luận; expected: no quoted
  phrase cuts a word, and no reason calls a non-report a periodic report.
- unmatched: documents nothing in the framework is about (a subject from a pool of everyday office topics)
  from each central body of the gazetteer, from bodies of provinces other than the unit's (Lâm Đồng), from the
  unit's own and its 2025-merged provinces' bodies, with a central number and no issuer, and without a
  subject; expected: the reason, and whether a human must place it.
- versions: per criterion a body of generated sentences, then a draft and its issued text, two finals with
  small edits (words changed, a clause added), the Q1 and Q2 reports, two documents with different issued
  numbers, two with different dates; expected: versions or not.
- slips: per criterion a submitted file and citations of it with one digit changed, one symbol part changed
  (positives), two digits changed, another criterion's subject, another quarter (negatives).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from bench.faults import subject_for
from extract.issuer import gazetteer
from matcher import load_framework

YEAR = 2025
HOME = "Lâm Đồng"
OUT = Path(__file__).with_name("classes.json")
PERIODS = [  # (subject form, issued (y, m, d) or None, flagged)
    ("{s} năm {next}", (YEAR, 12, 20), True),
    ("{s} năm {year}", (YEAR - 1, 12, 20), False),
    ("{s} năm {last}", (YEAR - 1, 12, 15), True),
    ("{s} năm {last}", (YEAR, 1, 10), False),
    ("{s} năm {last}", None, True),
    ("{s} năm {back2}", (YEAR, 2, 1), True),
    ("{s} giai đoạn 2021-2025", (2021, 3, 1), False),
    ("{s} giai đoạn 2016-2020", (YEAR, 3, 1), True),
    ("{s} đến năm 2030, tầm nhìn đến năm 2045", (YEAR, 4, 1), False),
    ("{s} theo Quyết định số 12/{last}/QĐ-UBND", (YEAR, 4, 1), False),
    ("Tổng kết năm {last}, phương hướng năm {year}: {s}", (YEAR, 1, 5), False),
    ("{s} quý I năm {next}", (YEAR, 12, 25), True),
]
OFFICE_TOPICS = [
    "Gia hạn thời gian tổ chức đại hội hiệp hội", "Tiêm chủng mở rộng cho trẻ em", "Phòng chống dịch bệnh trên cây trồng",
    "Tổ chức giải chạy việt dã", "Cấp phép khai thác khoáng sản", "Phê duyệt điều lệ hội nghề nghiệp",
    "Mức thu phí thẩm định dự án", "Bảo vệ rừng mùa khô", "Lễ hội văn hóa các dân tộc", "Hỗ trợ học sinh vùng khó khăn",
]  # fmt: skip
BODIES = ["Ủy ban nhân dân tỉnh Lâm Đồng", "Sở Nội vụ tỉnh Lâm Đồng", "Sở Tư pháp tỉnh Lâm Đồng"]
SENTENCES = [
    "Căn cứ chức năng, nhiệm vụ được giao, {body} triển khai {s}.", "Mục đích: nâng cao hiệu quả {s}.",
    "Giao các sở, ban, ngành theo dõi, đôn đốc việc thực hiện {s}.", "Kinh phí thực hiện từ ngân sách nhà nước.",
    "Định kỳ báo cáo kết quả về Sở Nội vụ để tổng hợp.", "Tổ chức kiểm tra, đánh giá việc thực hiện {s}.",
    "Khen thưởng kịp thời tập thể, cá nhân có thành tích trong {s}.", "Trong quá trình thực hiện, nếu có vướng mắc, "
    "phản ánh về Sở Nội vụ để hướng dẫn.",
]  # fmt: skip


def _subjects() -> list[tuple[str, str]]:
    framework = load_framework("tinh-2025")
    return [(c.code, subject_for(c, "Kế hoạch", YEAR).rsplit(" năm ", 1)[0]) for c in framework.walk()
            if not c.children and c.evidence]  # fmt: skip


def other_year(subjects: list[tuple[str, str]]) -> list[dict]:
    years = {"year": YEAR, "next": YEAR + 1, "last": YEAR - 1, "back2": YEAR - 2}
    cases = []
    for i, (_, subject) in enumerate(subjects):
        for form, issued, flagged in (PERIODS[i % len(PERIODS)], PERIODS[(i + 5) % len(PERIODS)]):
            cases.append({"subject": form.format(s=subject, **years), "issued": issued, "flagged": flagged})
    return cases


def reasons(subjects: list[tuple[str, str]]) -> list[dict]:
    framework = load_framework("tinh-2025")
    cases = []
    for code, _ in subjects:
        criterion = framework.find(code)
        assert criterion is not None
        for doc_type in ("Kế hoạch", "Báo cáo", "Giấy mời", "Thông báo"):
            cases.append(
                {"code": code, "doc_type": doc_type, "subject": subject_for(criterion, doc_type, YEAR)}
            )
    return cases


def unmatched(rng: random.Random) -> list[dict]:
    places = gazetteer()["provinces_2025"]
    outside = [p for p in places if p not in (HOME, "Bình Thuận", "Đắk Nông")][:12]
    cases = [{"issuer": body, "number": None, "kind": "central"} for body in gazetteer()["central"]]
    cases += [
        {"issuer": None, "number": n, "kind": "central"}
        for n in ("123/BNV-CCHC", "45/2025/NĐ-CP", "9/CĐ-TTg")
    ]
    cases += [{"issuer": f"{rng.choice(['Sở Tư pháp', 'Ủy ban nhân dân', 'Sở Y tế'])} tỉnh {p}", "number": None,
               "kind": "other_province"} for p in outside]  # fmt: skip
    cases += [{"issuer": body, "number": None, "kind": "unit"} for body in BODIES]
    cases += [
        {"issuer": f"Ủy ban nhân dân tỉnh {p}", "number": None, "kind": "unit"}
        for p in ("Bình Thuận", "Đắk Nông")
    ]
    for case in cases:
        case["subject"] = rng.choice(OFFICE_TOPICS)
    cases += [
        {"issuer": body, "number": "5/UBND-VP", "kind": "no_subject", "subject": None} for body in BODIES
    ]
    return cases


def _body(rng: random.Random, subject: str, body: str) -> str:
    return " ".join(rng.sample(SENTENCES, 5)).format(s=subject.lower(), body=body)


def _edited(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(2):
        words[rng.randrange(len(words))] = rng.choice(["kịp thời", "đầy đủ", "nghiêm túc"])
    return " ".join(words) + " Bổ sung: thực hiện đúng tiến độ."


def versions(rng: random.Random, subjects: list[tuple[str, str]], texts: list[str]) -> list[dict]:
    """Pairs of documents; their texts go to `texts`, each named by its index there."""
    pairs = []
    for i, (_, subject) in enumerate(subjects[::3]):
        text = _body(rng, subject, "Ủy ban nhân dân tỉnh")
        texts += [text, _edited(rng, text)]
        issued = {"number": f"{10 + i}/KH-UBND", "issued": (YEAR, 3, 1 + i % 27), "subject": f"{subject} năm {YEAR}",
                  "text": len(texts) - 2, "draft": False}  # fmt: skip
        draft = {**issued, "number": None, "issued": None, "draft": True}
        final = {**draft, "draft": False}
        report = {**draft, "subject": f"Kết quả {subject.lower()} quý I năm {YEAR}", "draft": False}
        pairs += [
            {"a": draft, "b": issued, "same": True},
            {"a": final, "b": {**final, "text": len(texts) - 1}, "same": True},
            {
                "a": report,
                "b": {**report, "subject": report["subject"].replace("quý I ", "quý II ")},
                "same": False,
            },
            {"a": issued, "b": {**issued, "number": f"{200 + i}/KH-UBND"}, "same": False},
            {"a": {**final, "issued": (YEAR, 3, 2)}, "b": {**final, "issued": (YEAR, 5, 9)}, "same": False},
        ]
    return pairs


def slips(subjects: list[tuple[str, str]]) -> list[dict]:
    cases = []
    for i, (_, subject) in enumerate(subjects[::2]):
        number = 120 + i
        slip = number - number % 10 + (number + 1) % 10  # the last digit changed, no carry: one digit
        other = subjects[(2 * i + 7) % len(subjects)][1]
        record = {"number": f"{number}/KH-UBND", "subject": f"{subject} quý I năm {YEAR}"}
        base = {"record": record, "doc_type": "Kế hoạch", "subject": record["subject"]}
        cases += [
            {**base, "cited": f"{slip}/KH-UBND", "mismatch": True},
            {**base, "cited": f"{number}/BC-UBND", "mismatch": True},
            {**base, "cited": f"{number + 11}/KH-UBND", "mismatch": False},
            {**base, "cited": f"{slip}/KH-UBND", "subject": f"{other} năm {YEAR}", "mismatch": False},
            {**base, "cited": f"{slip}/KH-UBND", "subject": record["subject"].replace("quý I", "quý II"),
             "mismatch": False},
        ]  # fmt: skip
    return cases


def build() -> dict:
    """Every class's examples, the same on every run (seeded)."""
    rng = random.Random(15)
    subjects = _subjects()
    texts: list[str] = []
    data = {"year": YEAR, "home": HOME, "other_year": other_year(subjects), "reasons": reasons(subjects),
            "unmatched": unmatched(rng), "versions": versions(rng, subjects, texts), "texts": texts,
            "slips": slips(subjects)}  # fmt: skip
    return json.loads(json.dumps(data))


def main() -> None:
    data = build()
    lines = [json.dumps({key: value}, ensure_ascii=False) for key, value in data.items()]
    OUT.write_text("{\n" + ",\n".join(line[1:-1] for line in lines) + "\n}\n", encoding="utf-8")
    shown = ", ".join(f"{key} {len(value)}" for key, value in data.items() if isinstance(value, list))
    print(f"wrote {OUT}: {shown}")


if __name__ == "__main__":
    main()
