"""Extraction benchmark: number, type and date accuracy per source against the answer keys, beside a naive
baseline (first `\\d+/[A-ZĐ]` match, first date in the text) in the same run; per-document time.

Run: `uv run python bench/extract.py [--registry N] [--no-scans] [--signed measure|tune]`. Uses ../shared/data
when present. Signed PDFs (number and day stamped in at signing) are read from the real files, with their stamps
and, for comparison, from the text layer alone.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from datetime import date, datetime
from pathlib import Path
from unittest import mock

from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract import extract_record
from extract.doctypes import TYPE_BY_ABBREVIATION
from extract.numbers import LOOKALIKES, canonical_symbol, type_from_symbol
from kiemchung.specimens.model import OfficialDocument
from model.records import ExtractRecord, Page, ReadRecord

SHARED = Path(
    os.environ.get("KIEMCHUNG_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
TODAY = date(2026, 11, 23)
FIELDS = ("number", "type", "date", "issuer", "parent", "signer")
NAIVE_NUMBER = re.compile(r"\d+/[A-ZĐÐ][\w/&.-]*")
NAIVE_DATE = re.compile(r"ngày\s+(\d{1,2})\s*(?:tháng\s+|/)(\d{1,2})\s*(?:năm\s+|/)(\d{4})")


def canonical(number: str | None) -> str | None:
    if not number:
        return None
    text = unicodedata.normalize("NFC", number).strip().translate(LOOKALIKES)
    match = re.match(r"^\s*(\d+)\s*([/-])\s*(.+)$", text)
    if not match:
        return text
    seq, sep, rest = match.groups()
    return f"{seq}{sep}{canonical_symbol(rest)[0]}"


def naive(text: str) -> tuple[str | None, str | None, date | None]:
    number_match = NAIVE_NUMBER.search(text)
    number = canonical(number_match.group(0)) if number_match else None
    kind = type_from_symbol(number.split("/", 1)[1], "/") if number and "/" in number else None
    found = None
    date_match = NAIVE_DATE.search(text)
    if date_match:
        try:
            found = date(int(date_match.group(3)), int(date_match.group(2)), int(date_match.group(1)))
        except ValueError:
            found = None
    return number, kind, found


def subject_similarity(found: str | None, key: str, cased: bool = False) -> float:
    """1 - normalised edit distance; case-insensitive by default (titles and headers differ in capitals), and
    with `cased` counting capitals too: proper nouns kept or lost when a capitalised subject is rewritten."""
    if not found:
        return 0.0
    if not cased:
        found, key = found.lower(), key.lower()
    return Levenshtein.normalized_similarity(" ".join(found.split()), " ".join(key.split()))


def mixed_case(key: str | None) -> bool:
    """A key written in running case (not all capitals) can judge capitals; its first letter cannot."""
    return bool(key) and key != key.upper()  # type: ignore[union-attr]


def naive_subject(text: str) -> str | None:
    """Baseline: the first line of more than five words."""
    return next((line for line in text.split("\n") if len(line.split()) > 5), None)


class Tally:
    def __init__(self) -> None:
        self.rows: dict[str, list[bool]] = {}
        self.similarity: list[float] = []
        self.cased: list[float] = []  # case-sensitive subject similarity where the key is in running case
        self.on_texts: list[float] = []  # subject similarity without the legal database's record pages

    def mean_similarity(self) -> str:
        return f"{statistics.mean(self.similarity):6.1%}" if self.similarity else "     —"

    def add(self, field: str, ok: bool) -> None:
        self.rows.setdefault(field, []).append(ok)

    def share(self, field: str) -> str:
        values = self.rows.get(field)
        return f"{sum(values) / len(values):6.1%}" if values else "     —"


def run(samples: list[dict], timings: list[float]) -> list[tuple[dict, ExtractRecord, tuple]]:
    """Each sample through the extractor (timed) and the naive baseline, once."""
    runs = []
    for sample in samples:
        record = ReadRecord(file=sample["id"], pages=[Page(number=1, text=sample["text"], source="text")])
        start = time.perf_counter()
        result = extract_record(record, TODAY)
        timings.append(time.perf_counter() - start)
        runs.append((sample, result, naive(sample["text"])))
    return runs


def score(name: str, runs: list[tuple[dict, ExtractRecord, tuple]], corrected: bool) -> tuple[Tally, Tally]:
    """Accuracy against the keys; `corrected` applies the reviewed key corrections (a null key: the text does
    not carry the value, so null is the right answer)."""
    ours, base = Tally(), Tally()
    fixes = CORRECTIONS if corrected else {}
    for sample, result, (b_number, b_type, b_date) in runs:
        keys = {field: sample.get(field) for field in FIELDS}
        for field in FIELDS:
            if (sample["id"], field) in fixes:
                keys[field] = fixes[sample["id"], field] or ABSENT
        for tally, values in (
            (ours, {"number": result.number, "type": result.doc_type, "date": result.issue_date,
                    "issuer": result.issuer, "parent": result.parent_issuer, "signer": result.signer}),
            (base, {"number": b_number, "type": b_type, "date": b_date, "issuer": None, "parent": None,
                    "signer": None}),
        ):  # fmt: skip
            for field, key in keys.items():
                if key is ABSENT:
                    tally.add(field, values[field] is None)
                elif key:  # a key without a value cannot score one
                    tally.add(
                        field, values[field] == key and (tally is ours or field not in ("issuer", "signer"))
                    )
        if sample.get("subject"):
            ours.similarity.append(subject_similarity(result.subject, sample["subject"]))
            if not any(flag.code == "document.record_page" for flag in result.flags):
                ours.on_texts.append(ours.similarity[-1])  # the document's own header, not a database page
            if mixed_case(sample["subject"]) and result.subject:
                key = sample["subject"][0].upper() + sample["subject"][1:]
                ours.cased.append(subject_similarity(result.subject, key, cased=True))
            base.similarity.append(subject_similarity(naive_subject(sample["text"]), sample["subject"]))
    print(f"{name:<22}{len(runs):>6}  " + "  ".join(
        f"{ours.share(f)} {base.share(f)}" for f in FIELDS
    ) + f"  {ours.mean_similarity()} {base.mean_similarity()}"
      + (f"  cased {statistics.mean(ours.cased):.1%}" if ours.cased else "")
      + (f"  on document texts {statistics.mean(ours.on_texts):.1%} (n={len(ours.on_texts)})"
         if len(ours.on_texts) < len(ours.similarity) else ""))  # fmt: skip
    return ours, base


KEYS = Path(__file__).resolve().parents[1] / "tests" / "data" / "extract"
HEADER_KEY = KEYS / "header_key_vbpl.json"
ABSENT = object()  # a corrected key saying the text does not carry the value
CORRECTIONS: dict[tuple[str, str], str | None] = {
    (entry["id"], entry["field"]): canonical(entry["corrected"])
    if entry["field"] == "number"
    else entry["corrected"]
    for entry in json.loads((KEYS / "key_corrections.json").read_text(encoding="utf-8"))["corrections"]
}


def header_labels() -> dict[str, dict]:
    """The hand-labelled sample (issuer and issue date read from the header lines), vbpl and congbao."""
    return json.loads(HEADER_KEY.read_text(encoding="utf-8"))["documents"]


def _label_date(label: dict) -> date | None:
    return date.fromisoformat(label["issue_date"]) if label.get("issue_date") else None


def vbpl() -> list[dict]:
    path = SHARED / "vbpl" / "docs_vi.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    labelled = header_labels()
    samples = []
    for row in rows:
        if not (row.get("full_text") and row.get("so_ky_hieu_from_title")):
            continue
        label = labelled.get(row["id"], {})
        samples.append(
            {
                "id": row["id"],
                "text": row["full_text"],
                "number": canonical(row["so_ky_hieu_from_title"]),
                "type": row["doc_type_from_title"],
                "subject": row.get("trich_yeu_from_title"),
                "issuer": label.get("issuer"),
                "date": _label_date(label),
            }
        )
    return samples


def congbao() -> list[dict]:
    folder = SHARED / "congbao"
    labelled = header_labels()
    samples = []
    for line in (folder / "answer_key.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        path = folder / row["txt_file"]
        if row.get("has_txt") and path.exists():
            number = canonical(row["so_ky_hieu_clean_from_title"] or row["header_so_in_text"])
            text = path.read_text(encoding="utf-8")
            label = labelled.get(row["slug"], {})
            samples.append({"id": row["slug"], "text": text, "number": number, "type": row["doc_type_from_slug"],
                            "issuer": label.get("issuer"), "date": _label_date(label)})  # fmt: skip
    return samples


def registry(limit: int) -> list[dict]:
    """Documents rendered from registry rows: their number, type and date are the answer by construction."""
    rows = list(csv.DictReader((SHARED / "registry" / "binhduong.csv").open(encoding="utf-8")))[:limit]
    samples = []
    for row in rows:
        number = canonical(row["so_ky_hieu"])
        when = datetime.strptime(row["ngay_ban_hanh"], "%d/%m/%Y").date()
        if not number or "/" not in number:
            continue
        kind = type_from_symbol(number.split("/", 1)[1], "/")
        heading = None if kind == "Công văn" else (kind or "").upper() or None
        document = OfficialDocument(
            parent_issuer="ỦY BAN NHÂN DÂN", issuer="TỈNH BÌNH DƯƠNG", number=row["so_ky_hieu"].strip(),
            place="Bình Dương", issue_date=when, doc_type=heading, subject=row["trich_yeu"],
            bases=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"],
            body=["Nội dung văn bản."], signer="Nguyễn Văn A", signer_capacity=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        )  # fmt: skip
        text = document.reference_text()
        samples.append({"id": number, "text": text, "number": number, "type": kind, "date": when,
                        "issuer": "Ủy ban nhân dân tỉnh Bình Dương", "subject": row["trich_yeu"]})  # fmt: skip
    return samples


def resolutions() -> list[dict]:
    """Resolutions (Party-style numbers too) listed in the folder's answer key (not SOURCE.md); the number is
    in the file name: `60-NQ_TW.md` is 60-NQ/TW."""
    samples = []
    labelled = header_labels()
    for line in (SHARED / "resolutions" / "answer_key.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        path = SHARED / "resolutions" / row["file"]
        if path.suffix != ".md":
            continue  # 915_CTK-CSCL.csv is a table of province codes, not a document's text
        kind = row.get("doc_type_inferred")
        label = labelled.get(row["file"], {})
        samples.append({"id": row["file"], "text": path.read_text(encoding="utf-8"),
                        "number": canonical(row["so_ky_hieu_from_filename"]),
                        "type": kind if kind in TYPE_BY_ABBREVIATION.values() else None,
                        "issuer": label.get("issuer"), "date": _label_date(label)})  # fmt: skip
    return samples


def lamdong_headers() -> list[dict]:
    """Provincial working files (lamdong DOCX and text PDFs) whose issuer (and, when dated in full, date) was
    read by hand."""
    from ingest import FileReader
    from model.settings import Settings

    labelled = {key: label for key, label in header_labels().items() if label.get("source") == "lamdong"}
    with FileReader(Settings()) as reader:
        records = list(reader.read_paths([SHARED / "lamdong" / name for name in labelled]))
    return [{"id": name, "text": "\n".join(page.text for page in read.pages), "number": None,
             "issuer": label.get("issuer"), "date": _label_date(label)}
            for (name, label), read in zip(labelled.items(), records, strict=True)]  # fmt: skip


SIGNED_KEY = KEYS / "signed_lamdong.json"
SIGNED_READ_SECONDS: dict[bool, float] = {}  # mean reading time per signed PDF, with and without the stamps


def signed_pdfs(
    split: str, timings: list[float], stamps_read: bool = True
) -> list[tuple[dict, ExtractRecord, tuple]]:
    """Signed PDFs of the provincial office (tests/data/extract/signed_lamdong.json, one `split` of it): number,
    type and date as the signed page shows them, read from the real files (extraction timed as for the texts);
    with `stamps_read` off, from the text layer alone, as the reader did before it read the stamps."""
    from ingest import FileReader
    from ingest.readers import stamps
    from model.settings import Settings

    documents = json.loads(SIGNED_KEY.read_text(encoding="utf-8"))["documents"]
    documents = [document for document in documents if document["split"] == split]
    paths = [SHARED / "lamdong" / document["files"][0] for document in documents]
    layer_alone = mock.patch.object(stamps, "draw_stamps", return_value=None)
    with (
        layer_alone if not stamps_read else contextlib.nullcontext(),
        FileReader(Settings(), keep_words=True) as reader,
    ):
        start = time.perf_counter()
        records = list(reader.read_paths(paths))
        SIGNED_READ_SECONDS[stamps_read] = (time.perf_counter() - start) / max(len(paths), 1)
    runs = []
    for document, read in zip(documents, records, strict=True):
        text = "\n".join(page.text for page in read.pages)
        sample = {"id": document["sha256"], "text": text, "number": document["number"],
                  "type": document["doc_type"], "date": date.fromisoformat(document["issue_date"])}  # fmt: skip
        start = time.perf_counter()
        result = extract_record(read, TODAY)
        timings.append(time.perf_counter() - start)
        runs.append((sample, result, naive(text)))
    return runs


CLASSES = KEYS / "classes"  # issue 14's header classes, made by tests/data/extract/classes/make_classes.py
CLASS_SETS = ("fragmented", "ocr_dates", "consolidated", "scans", "stamps", "stamped", "communes", "tones",
              "gazetteer")  # fmt: skip


def header_classes(name: str, split: str, timings: list[float]) -> list[tuple[dict, ExtractRecord, tuple]]:
    """One labelled class set (its `split` half) through the extractor (timed) and the naive baseline; an OCR
    example's page is an OCR page, so its values carry OCR confidences."""
    runs = []
    for line in (CLASSES / f"{name}.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        if row["split"] != split:
            continue
        sample = {**row, "date": date.fromisoformat(row["date"]) if row["date"] else ABSENT}
        if row.get("subject"):  # some registry subjects are stored decomposed: keys compared in NFC
            sample["subject"] = unicodedata.normalize("NFC", row["subject"])
        for field in ("issuer", "parent"):
            if field in row and row[field] is None:
                sample[field] = ABSENT  # not printed (cropped off, no parent line): null is the answer
        source = row.get("source", "text")
        confidence = row.get("ocr_confidence", 0.9) if source == "ocr" else None
        page = Page(number=1, text=row["text"], source=source, ocr_confidence=confidence)
        start = time.perf_counter()
        result = extract_record(ReadRecord(file=row["id"], pages=[page]), TODAY)
        timings.append(time.perf_counter() - start)
        runs.append((sample, result, naive(row["text"])))
    return runs


def flags_kept(runs: list[tuple[dict, ExtractRecord, tuple]]) -> str:
    """Of the examples that must carry a flag (an impossible or future date), how many do."""
    wanted = [(set(s["flags"]), {f.code for f in r.flags}) for s, r, _ in runs if s.get("flags")]
    kept = sum(want <= got for want, got in wanted)
    return f"expected flags raised {kept} of {len(wanted)}" if wanted else ""


def drafted(runs: list[tuple[dict, ExtractRecord, tuple]]) -> str:
    """How many issued documents come out as drafts (a blank number or day flagged)."""
    flagged = sum(
        any(flag.code in ("number.blank", "date.blank") for flag in result.flags) for _, result, _ in runs
    )
    return f"{flagged} of {len(runs)} flagged as drafts"


def lamdong_drafts() -> None:
    """Working DOCX of a provincial office: a draft's blank number must come out null and flagged."""
    from ingest import FileReader
    from model.settings import Settings

    rows = [json.loads(line) for line in (SHARED / "lamdong" / "manifest.jsonl").open(encoding="utf-8")]
    rows = [row for row in rows if row["ext"] == "docx" and row.get("auto_so_line")]
    blank, numbered = Tally(), Tally()
    with FileReader(Settings()) as reader:
        records = list(reader.read_paths([SHARED / "lamdong" / row["file"] for row in rows]))
    for row, read in zip(rows, records, strict=True):
        result = extract_record(read, TODAY)
        match = re.search(r"(\d+)\s*/\s*(\S+)", row["auto_so_line"])
        if match is None:  # "Số: /QĐ-UBND": a draft
            blank.add("ok", result.number is None and any(f.code == "number.blank" for f in result.flags))
        else:
            numbered.add("ok", result.number == canonical(f"{match.group(1)}/{match.group(2)}"))
    print(f"lamdong DOCX drafts: blank numbers null and flagged {blank.share('ok')} (n={len(blank.rows['ok'])}); "
          f"filled numbers read {numbered.share('ok')} (n={len(numbered.rows.get('ok', []))}, silver key)")  # fmt: skip


def scan_labels() -> list[tuple[Path, dict]]:
    labels = []
    for entry in json.loads((SHARED / "lamdong" / "hand_labels_scans.json").read_text(encoding="utf-8")):
        labels.append((SHARED / "lamdong" / entry["file"], entry))
    for entry in json.loads((SHARED / "scans" / "labels.json").read_text(encoding="utf-8")):
        files = entry["file"] if isinstance(entry["file"], list) else [entry["file"]]
        if entry.get("loai_van_ban", "").startswith("Hợp đồng"):
            continue  # a contract: not an official document
        labels.append((SHARED / "scans" / files[0], entry))
    return labels


# scans whose label misses a handwritten date, seen on the page image (tests/data/extract/key_corrections.json)
HANDWRITTEN_DATES = {
    entry["file"]
    for entry in json.loads((KEYS / "key_corrections.json").read_text(encoding="utf-8")).get("scan_notes", [])
    if entry["field"] == "date"
}


def scans() -> None:
    """Scans through the real OCR: printed numbers and dates must be read; handwritten ones null or flagged."""
    from ingest import FileReader
    from model.settings import Settings

    labels = scan_labels()
    with FileReader(Settings(), keep_words=True) as reader:
        records = list(reader.read_paths([path for path, _ in labels]))
    printed_number, printed_date, handwritten_safe = Tally(), Tally(), Tally()
    relabelled: list[bool] = []
    for (path, label), read in zip(labels, records, strict=True):
        result = extract_record(read, TODAY)
        base_number, _, base_date = naive("\n".join(p.text for p in read.pages[:1]))
        note = json.dumps(label, ensure_ascii=False)
        key_number = canonical(label.get("so_ky_hieu"))
        key_date = date.fromisoformat(label["ngay_ban_hanh"]) if label.get("ngay_ban_hanh") else None
        number_hand = (
            "so_ky_hieu_note" in label or "number and day handwritten" in note or "number handwritten" in note
        )
        date_hand = "date_note" in label or "day handwritten" in note
        if not date_hand and path.name in HANDWRITTEN_DATES:
            relabelled.append(result.issue_date == key_date)  # the label as given counts it as printed
            date_hand = True
        codes = {flag.code for flag in result.flags}
        if number_hand:  # safe: null, right, or flagged unreadable with a low confidence
            handwritten_safe.add(
                "number", result.number in (None, key_number) or "number.unreadable" in codes
            )
        else:
            printed_number.add("ours", result.number == key_number)
            printed_number.add("base", base_number == key_number)
        if date_hand:
            handwritten_safe.add("date", result.issue_date in (None, key_date) or "date.unreadable" in codes)
        elif key_date:
            printed_date.add("ours", result.issue_date == key_date)
            printed_date.add("base", base_date == key_date)
        print(f"  {path.name[:40]:<42} number {result.number!s:<20} key {key_number!s:<20} "
              f"date {result.issue_date!s:<11} key {key_date!s}")  # fmt: skip
    raw = printed_date.rows.get("ours", []) + relabelled
    print(f"scans: printed dates against the labels as given (a handwritten date counted as printed): "
          f"ours {sum(raw) / len(raw):.1%} (n={len(raw)})")  # fmt: skip
    print(f"scans: printed numbers ours {printed_number.share('ours')} base {printed_number.share('base')} "
          f"(n={len(printed_number.rows.get('ours', []))}); printed dates ours {printed_date.share('ours')} "
          f"base {printed_date.share('base')} (n={len(printed_date.rows.get('ours', []))}); handwritten never "
          f"wrong: numbers {handwritten_safe.share('number')}, dates {handwritten_safe.share('date')}")  # fmt: skip


def classes_only(split: str) -> None:
    """The header-class rows alone (no shared data read), with their time per document."""
    timings: list[float] = []
    print(
        f"{'source':<22}{'n':>6}  "
        + "".join(f"{f + ': ours  base':<16}" for f in FIELDS)
        + "subject: ours base"
    )
    for name in CLASS_SETS:
        class_run = header_classes(name, split, timings)
        score(f"{name} ({split})", class_run, corrected=False)
        if flags_kept(class_run):
            print(f"{'':<28}{flags_kept(class_run)}")
    from bench.gazetteer import gazetteer_row  # it reads its set through header_classes above

    print(gazetteer_row(split, timings))
    timings.sort()
    print(f"time per document: median {statistics.median(timings) * 1000:.2f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--registry", type=int, default=2074, help="How many registry rows to render.")
    parser.add_argument("--no-scans", action="store_true", help="Skip the scans (they run the real OCR).")
    parser.add_argument("--signed", choices=("measure", "tune"), default="measure",
                        help="Which half of the signed-PDF key to report (tune it on the other).")  # fmt: skip
    parser.add_argument("--classes", choices=("measure", "tune"), default="measure",
                        help="Which half of the header-class sets to report (tune on the other).")  # fmt: skip
    parser.add_argument("--classes-only", action="store_true", help="Only the header-class sets.")
    args = parser.parse_args()
    if args.classes_only:
        classes_only(args.classes)
        return
    if not SHARED.exists():
        print("../shared/data not found: nothing to measure")
        return
    print(
        f"{'source':<22}{'n':>6}  "
        + "".join(f"{f + ': ours  base':<16}" for f in FIELDS)
        + "subject: ours base"
    )
    timings: list[float] = []
    runs = [
        (name, run(samples, timings))
        for name, samples in (("vbpl", vbpl()), ("congbao", congbao()), ("resolutions", resolutions()),
                              ("lamdong DOCX and PDF", lamdong_headers()), ("registry-rendered", registry(args.registry)))
    ]  # fmt: skip
    runs.append((f"signed PDFs ({args.signed})", signed_pdfs(args.signed, timings)))
    class_runs = [
        (f"{name} ({args.classes})", header_classes(name, args.classes, timings)) for name in CLASS_SETS
    ]
    for corrected in (False, True):
        print("against the keys as given" if not corrected else "with the reviewed key corrections applied")
        total_ours, total_base = Tally(), Tally()
        for name, source_runs in runs:
            ours, base = score(name, source_runs, corrected)
            for field in FIELDS:
                total_ours.rows.setdefault(field, []).extend(ours.rows.get(field, []))
                total_base.rows.setdefault(field, []).extend(base.rows.get(field, []))
            total_ours.similarity += ours.similarity
            total_base.similarity += base.similarity
        print(f"{'total':<22}{'':>6}  " + "  ".join(
            f"{total_ours.share(f)} {total_base.share(f)}" for f in FIELDS
        ) + f"  {total_ours.mean_similarity()} {total_base.mean_similarity()}")  # fmt: skip
    print(
        f"issue 14 header classes ({args.classes} half; made by tests/data/extract/classes/make_classes.py):"
    )
    for name, class_run in class_runs:
        score(name, class_run, corrected=False)
        if flags_kept(class_run):
            print(f"{'':<28}{flags_kept(class_run)}")
    from bench.gazetteer import gazetteer_row

    print(gazetteer_row(args.classes, timings))
    alone = signed_pdfs(args.signed, [], stamps_read=False)
    print("signed PDFs, the same files read from the text layer alone (before the stamps were read):")
    score("signed, layer alone", alone, corrected=False)
    print(f"signed PDFs ({args.signed}): stamps read {drafted(runs[-1][1])}, text layer alone {drafted(alone)}; "
          f"reading {SIGNED_READ_SECONDS[True] * 1000:.0f} ms per file with the stamps, "
          f"{SIGNED_READ_SECONDS[False] * 1000:.0f} ms without")  # fmt: skip
    timings.sort()
    print(f"time per text document: median {statistics.median(timings) * 1000:.2f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms")  # fmt: skip
    lamdong_drafts()
    if not args.no_scans:
        scans()


if __name__ == "__main__":
    main()
