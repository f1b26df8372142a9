"""Validity benchmark (issue 13): precision and recall per finding, each beside a naive baseline in the same run.

- Generated signed PDFs (pyHanko, a throwaway CA: `devkit/signing.py`): issued, received, annotated, then
  tampered (bytes of the signed revision changed, page content replaced), signed long before the date, signed
  by a stranger: every `signature.*` flag. Baseline: "has a digital signature, so it is fine".
- Generated scans (`devkit/sealed_scans.py`): with and without seal and signature, colour and grey, a seal far
  from the name, several scanner and phone degradations: seal and signature found, `document.unsigned`,
  `seal.far_from_signer`; the detector's time per page (CPU). Baselines: "an image on the last page", "red ink".
- Generated faint seals (`bench/validity_faint.py`): washed-out pink seals on phone photos, and pink or red ink
  that is no seal (heading, underline, logo, highlighter); its measured half (the tuning half is for looking at).
- Generated Word files: final, blank number, `DỰ THẢO` mark, `SAO Y`/`SAO LỤC`/`TRÍCH SAO` blocks, and sentences
  that only mention a draft or a copy: draft and copy recognition. Baselines: "dự thảo" / "sao y" anywhere.
- Real files (`tests/data/validity/real_key.json`, hand-labelled, split by dossier into a tuning and a test half):
  scan pages (seal, signature), Word files (draft), signed PDFs (no error flag). The test half is the number.

Run: `uv run python bench/validity.py [--half test|tune|all] [--scans]` (`--scans`: the scans only). Real files are
skipped without ../shared/data.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.validity_cases import copy_and_draft_docs, signed_pdfs
from bench.validity_faint import run as bench_faint_seals
from devkit.sealed_scans import Signing, signed_scan
from ingest import FileReader
from ingest.seals import find_marks
from kiemchung.specimens.sample import DECISION, PLAN
from kiemchung.specimens.scan import PHONE_100, SCANNER_150, SCANNER_200
from model.records import ExtractRecord, MarkState, PageMarks
from model.settings import Settings
from service.pipeline import STAGES, run_stages
from validity.seals import seal_flags

SHARED = Path(
    os.environ.get("KIEMCHUNG_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
KEY = Path(__file__).resolve().parents[1] / "tests" / "data" / "validity" / "real_key.json"
DRAFT_CODES = {"document.draft", "number.blank", "date.blank"}


@dataclass
class Score:
    """Counts of one yes/no finding against the truth."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, truth: bool, said: bool, name: str = "") -> None:
        if truth and said:
            self.tp += 1
        elif said:
            self.fp += 1
            self.misses.append(f"+{name}")
        elif truth:
            self.fn += 1
            self.misses.append(f"-{name}")
        else:
            self.tn += 1

    def line(self, label: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        accuracy = (self.tp + self.tn) / max(1, self.tp + self.tn + self.fp + self.fn)
        return (
            f"  {label:44s} n={self.tp + self.fp + self.fn + self.tn:3d} P={precision:6.1%} R={recall:6.1%} "
            f"acc={accuracy:6.1%}"
        )


def report(title: str, rows: Iterable[tuple[str, Score]]) -> None:
    print(title)
    for label, score in rows:
        print(score.line(label))
        if score.misses and not label.startswith("baseline"):
            print("    wrong:", ", ".join(score.misses[:8]))


def pipeline(paths: list[Path]) -> list[ExtractRecord]:
    with tempfile.TemporaryDirectory(prefix="bench-validity-") as folder:
        settings = Settings(data_dir=Path(folder) / "data", ocr_threads=1)
        with FileReader(settings, keep_words=True) as reader:
            records = list(reader.read_paths(paths))
    out = []
    for record in records:
        result = run_stages(record, STAGES)
        assert isinstance(result, ExtractRecord)
        out.append(result)
    return out


def codes(record: ExtractRecord) -> set[str]:
    return {flag.code for flag in record.flags}


def bench_signed() -> None:
    cases = signed_pdfs()
    with tempfile.TemporaryDirectory(prefix="bench-signed-") as folder:
        paths = []
        for index, (name, data, _) in enumerate(cases):
            path = Path(folder) / f"{index:02d}-{name.replace('/', '-')}.pdf"
            path.write_bytes(data)
            paths.append(path)
        records = pipeline(paths)
    flags = sorted({code for _, _, expected in cases for code in expected})
    scores = {code: Score() for code in flags}
    baseline, exact = Score(), 0
    for (name, _, expected), record in zip(cases, records, strict=True):
        found = {code for code in codes(record) if code.startswith("signature.")}
        exact += found == expected
        for code in flags:
            scores[code].add(code in expected, code in found, name)
        baseline.add(bool(expected - {"signature.untrusted"}), False, name)
    report(f"Generated signed PDFs ({len(cases)}): every flag exactly right on {exact}/{len(cases)}", [
        *((code, score) for code, score in scores.items()),
        ("baseline 'signed, so fine' (any finding)", baseline),
    ])  # fmt: skip


SIGNINGS = [
    Signing(),
    Signing(signature=False),
    Signing(seal=False),
    Signing(seal=False, signature=False),
    Signing(seal_offset_mm=(-75.0, 40.0)),
    Signing(colour=False),
    Signing(colour=False, seal=False),
    Signing(colour=False, seal=False, signature=False),
]


def bench_generated_scans() -> None:
    scores = {
        name: Score()
        for name in ("seal found", "signature found", "document.unsigned", "seal.far_from_signer")
    }
    red_baseline, image_baseline, unknown_right = Score(), Score(), Score()
    cpu: list[float] = []
    count = 0
    for document in (PLAN, DECISION):
        for how_index, how in enumerate((SCANNER_200, SCANNER_150, PHONE_100)):
            for signing_index, base in enumerate(SIGNINGS):
                signing = Signing(**{**base.__dict__, "how": how, "seed": how_index * 10 + signing_index})
                image = signed_scan(document, signing)
                started = time.process_time()
                marks = find_marks(image, 1)
                cpu.append(time.process_time() - started)
                name = f"{document.number}/{how.name}/{signing_index}"
                count += 1
                _score_generated(signing, marks, name, scores, unknown_right)
                red_baseline.add(signing.seal and signing.colour, _any_red(image), name)
                image_baseline.add(signing.seal, True, name)
    report(f"Generated scans ({count}: 2 documents × 3 scanners × 8 signings)", [
        *scores.items(),
        ("grey without either: 'unknown', never unsigned", unknown_right),
        ("baseline 'image on the last page' (seal)", image_baseline),
        ("baseline 'red ink on the page' (seal)", red_baseline),
    ])  # fmt: skip
    cpu_ms = sorted(1000 * value for value in cpu)
    print(
        f"  seal detector CPU time per page: median {statistics.median(cpu_ms):.1f} ms, "
        f"p95 {cpu_ms[int(0.95 * (len(cpu_ms) - 1))]:.1f} ms, max {cpu_ms[-1]:.1f} ms"
    )


def _score_generated(
    signing: Signing, marks: PageMarks, name: str, scores: dict[str, Score], unknown: Score
) -> None:
    """A grey page can only show the seal's ring: its truth is the ring's, found or not."""
    scores["seal found"].add(signing.seal, marks.seal is MarkState.found, name)
    scores["signature found"].add(signing.signature, marks.signature is MarkState.found, name)
    record = ExtractRecord(file=name, marks=marks, number="27/KH-SNV", doc_type="KẾ HOẠCH")
    found = {flag.code for flag in seal_flags(record)}
    neither = not signing.seal and not signing.signature
    scores["document.unsigned"].add(neither and signing.colour, "document.unsigned" in found, name)
    far = signing.seal and signing.seal_offset_mm != (0.0, 0.0)
    scores["seal.far_from_signer"].add(far, "seal.far_from_signer" in found, name)
    if neither and not signing.colour:
        unknown.add(True, "document.signing_unknown" in found and "document.unsigned" not in found, name)


def _any_red(image: Image.Image) -> bool:
    rgb = np.asarray(image.convert("RGB").reduce(4), dtype=np.int16)
    return int(((rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2])) > 40).sum()) >= 20


def bench_generated_documents() -> None:
    cases = copy_and_draft_docs()
    with tempfile.TemporaryDirectory(prefix="bench-drafts-") as folder:
        paths = []
        for index, (name, data, _, _) in enumerate(cases):
            path = Path(folder) / f"{index:02d}-{name.replace('/', '-')}.docx"
            path.write_bytes(data)
            paths.append(path)
        records = pipeline(paths)
    draft, copy, draft_base, copy_base = Score(), Score(), Score(), Score()
    for (name, _data, is_draft, is_copy), record in zip(cases, records, strict=True):
        draft.add(is_draft, bool(codes(record) & DRAFT_CODES), name)
        copy.add(is_copy, record.copy_block is not None, name)
        text = fold("\n".join(page.text for page in record.pages))
        draft_base.add(is_draft, "du thao" in text, name)
        copy_base.add(is_copy, "sao y" in text or "sao luc" in text or "trich sao" in text, name)
    report(f"Generated Word files ({len(cases)})", [
        ("draft recognised", draft), ("copy recognised", copy),
        ("baseline 'dự thảo' in the text", draft_base), ("baseline 'sao y/sao lục/trích sao' in the text", copy_base),
    ])  # fmt: skip


def fold(text: str) -> str:
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in stripped if not unicodedata.combining(char)).casefold()


def bench_real(half: str, typed: bool = True) -> None:
    if not (SHARED / "lamdong").exists():
        print("Real files: ../shared/data not here, skipped")
        return
    key = json.loads(KEY.read_text(encoding="utf-8"))
    wanted: Callable[[dict], bool] = lambda entry: half == "all" or entry["half"] == half  # noqa: E731
    seal, signature, red_base, image_base = Score(), Score(), Score(), Score()
    pages, sealed, signed = 0, 0, 0
    for entry in filter(wanted, key["scans"]):
        for labelled in entry["pages"]:
            image = _page_image(SHARED / entry["file"], labelled["page"])
            marks = find_marks(image, labelled["page"])
            name = f"{Path(entry['file']).name}#{labelled['page']}"
            pages += 1
            sealed += labelled["seal"]
            signed += labelled["signature"]
            seal.add(labelled["seal"], marks.seal is MarkState.found, name)
            signature.add(labelled["signature"], marks.signature is MarkState.found, name)
            red_base.add(labelled["seal"], _any_red(image), name)
            image_base.add(labelled["seal"], True, name)
    files = len(list(filter(wanted, key["scans"])))
    report(f"Real scans, {half} half ({files} files, {pages} pages: {sealed} sealed, {signed} signed)", [
        ("seal found", seal), ("signature found", signature),
        ("baseline 'image on the page' (seal)", image_base), ("baseline 'red ink on the page' (seal)", red_base),
    ])  # fmt: skip
    if typed:
        _real_typed(key, wanted, half)


def _real_typed(key: dict, wanted: Callable[[dict], bool], half: str) -> None:
    docx = list(filter(wanted, key["docx"]))
    pdfs = list(filter(wanted, key["pdfs"]))
    records = pipeline([SHARED / entry["file"] for entry in docx + pdfs])
    draft, copy, draft_base, errors = Score(), Score(), Score(), Score()
    for entry, record in zip(docx + pdfs, records, strict=True):
        name = Path(entry["file"]).name[:40]
        draft.add(entry["draft"], bool(codes(record) & DRAFT_CODES), name)
        copy.add(entry["copy"], record.copy_block is not None, name)
        draft_base.add(entry["draft"], "du thao" in fold(Path(entry["file"]).name), name)
        if entry in pdfs:
            error_flags = {flag.code for flag in record.flags if flag.severity == "error"}
            errors.add(False, bool(error_flags), f"{name}: {sorted(error_flags)}")
    report(f"Real typed files, {half} half ({len(docx)} Word, {len(pdfs)} signed PDFs)", [
        ("draft recognised", draft), ("copy recognised (none are copies)", copy),
        ("error flag on a genuine signed PDF (should be none)", errors),
        ("baseline 'dự thảo' in the file name", draft_base),
    ])  # fmt: skip


def _page_image(path: Path, page: int) -> Image.Image:
    if path.suffix.lower() != ".pdf":
        return Image.open(path)
    document = pypdfium2.PdfDocument(path)
    try:
        pdf_page = document[page - 1]
        return pdf_page.render(scale=840 / pdf_page.get_width()).to_pil()
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("test", "tune", "all"), default="test")
    parser.add_argument(
        "--scans", action="store_true", help="only the scans: generated and real, no typed files"
    )
    args = parser.parse_args()
    if not args.scans:
        bench_signed()
    bench_generated_scans()
    bench_faint_seals("measure")
    if not args.scans:
        bench_generated_documents()
    bench_real(args.half, typed=not args.scans)


if __name__ == "__main__":
    main()
