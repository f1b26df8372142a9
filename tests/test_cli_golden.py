"""Golden files of every command's `--json` output on the bundled sample submission, compared byte for byte.

They pin the JSON contracts of DESIGN.md ("Contracts other parts rely on") across refactors: the text a command
prints is compared with `tests/data/cli/<name>.json` (one document) or `.jsonl` (JSON Lines) exactly, so a
changed value, key order, float formatting, escaping or whitespace fails. The only normalisation is the
temporary folder the sample is written to, replaced by `<folder>`; everything else was checked to be the same
from run to run (no timing or time-stamp fields). `pytest --regen-golden` rewrites the files; a missing one is
written and the test fails. The contract checks beside each comparison hold whatever the golden says, so a
regenerated file cannot quietly accept a broken shape.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from kiemchung.cli import app
from kiemchung.specimens.sample import write_sample_submission

GOLDEN = Path(__file__).parent / "data" / "cli"
PLACEHOLDER = "<folder>"
UNIT = "Sở Nội vụ tỉnh Lai Châu"
FRAMEWORK = ["--framework", "tinh-2025", "--year", "2025"]

PDF, DOCX, JPG, ZIP = (
    "01-ke-hoach-cchc-2025.pdf",
    "02-quyet-dinh-1726.docx",
    "03-bao-cao-quy-1-ban-quet.jpg",
    "04-ho-so-bo-sung.zip",
)
# every file of the sample, as per-file commands name it (ZIP members as `archive.zip!member`)
SAMPLE_FILES = [PDF, DOCX, JPG, f"{ZIP}!bo-sung/cong-van-123-SNV.docx", f"{ZIP}!bo-sung/ghi-chu.txt"]
NUMBERS = ["27/KH-SNV", "1726/QĐ-UBND", "42/BC-SNV", "123/SNV-CCHC", None]

# --- the contract (DESIGN.md) ---------------------------------------------------------------------------------
READ_KEYS = {"file", "sha256", "pages", "status", "errors"}
# left out of the JSON when empty: a scan's seal and signature on its last page (`marks`)
READ_OPTIONAL = {"marks"}
PAGE_KEYS = {"number", "text", "source", "ocr_confidence", "dpi"}
WORD_KEYS = {"text", "confidence", "bbox"}
ERROR_KEYS = {"stage", "code", "message", "page"}
EXTRACT_KEYS = READ_KEYS - {"pages"} | {
    "page_count", "text_source", "ocr_confidence", "number", "doc_type", "issue_date", "place", "issuer",
    "parent_issuer", "signer", "signer_title", "subject", "references", "evidence", "flags",
}  # fmt: skip
REFERENCE_KEYS = {"number", "doc_type", "issue_date", "issuer", "text"}
EVIDENCE_KEYS = {"page", "text", "confidence", "from_ocr", "bbox", "dpi"}
FLAG_REQUIRED = {"code", "severity", "message"}
FLAG_OPTIONAL = {"page", "text", "file", "criterion"}
CRITERION_MATCH_KEYS = {"code", "score", "reason"}
CHECK_KEYS = {"framework", "year", "unit", "documents", "criteria", "flags", "summary"}
CHECK_CRITERION_KEYS = {"code", "title", "max_points", "claimed_points", "status", "evidence", "flags"}
CHECK_EVIDENCE_KEYS = {"file", "number", "score", "reason"}
SUMMARY_KEYS = {"criteria_total", "covered", "gaps", "flagged", "survey", "not_applicable", "points_max",
                "points_claimed", "points_at_risk", "flags_by_code"}  # fmt: skip
STATUSES = {"gap", "flagged", "covered", "survey", "not_applicable"}
INGEST_KEYS = {"unit", "year", "files", "created", "updated", "unchanged", "skipped", "pages", "ocr_pages",
               "flags", "failures"}  # fmt: skip
SEARCH_KEYS = {"query", "total", "results"}
RESULT_KEYS = {"number", "doc_type", "issue_date", "issuer", "subject", "unit", "year", "file", "sha256", "score",
               "snippet"}  # fmt: skip
MATCH_THRESHOLD = 0.6  # the documented default (Settings.match_threshold); the tests unset KIEMCHUNG_*
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SHA256 = re.compile(r"[0-9a-f]{64}")


# --- running the commands -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-golden")


@pytest.fixture(scope="module")
def sample(root: Path) -> Path:
    folder = root / "sample"
    assert [path.name for path in write_sample_submission(folder)] == [PDF, DOCX, JPG, ZIP]
    return folder


@pytest.fixture(scope="module")
def env(root: Path) -> dict[str, str | None]:
    """A fresh data dir (SQLite in it) and no other KIEMCHUNG_ setting from the caller's environment, so the
    defaults (match threshold, OCR languages and resolution) are what the golden files record."""
    settings: dict[str, str | None] = {name: None for name in os.environ if name.startswith("KIEMCHUNG_")}
    return {**settings, "KIEMCHUNG_DATA_DIR": str(root / "data"), "KIEMCHUNG_DATABASE_URL": None}


def run(env: dict[str, str | None], *args: str, exit_code: int = 0) -> str:
    """Run the real command in-process; its standard output exactly (`Result.stdout` would turn \\r\\n into \\n)."""
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == exit_code, f"exit {result.exit_code}, expected {exit_code}:\n{result.output}"
    return result.stdout_bytes.decode("utf-8")


def normalise(text: str, root: Path, sample: Path) -> str:
    """The sample folder becomes `<folder>`; no other trace of the temporary directory may remain."""
    text = text.replace(str(sample), PLACEHOLDER)
    assert str(root) not in text, "a temporary path other than the sample folder leaked into the output"
    return text


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare a command's normalised output with tests/data/cli/<name> byte for byte."""
    regen = request.config.getoption("--regen-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if regen or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            if not regen:
                pytest.fail(f"golden file {path} was missing and has been written; check it and rerun")
        expected = path.read_bytes().decode("utf-8")
        if text != expected:
            pytest.fail(
                f"{name} differs from the golden file:\n{first_difference(expected, text)}", pytrace=False
            )

    return check


def first_difference(expected: str, actual: str, context: int = 120) -> str:
    """Where two long one-line JSON texts part, with a little of each around it."""
    at = next((i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
              min(len(expected), len(actual)))  # fmt: skip
    line = expected.count("\n", 0, at) + 1
    start = max(0, at - context)
    return (
        f"first difference at character {at} (line {line}); lengths {len(expected)} vs {len(actual)}\n"
        f"golden: …{expected[start : at + context]!r}\n"
        f"actual: …{actual[start : at + context]!r}"
    )


def json_lines(text: str) -> list[dict[str, Any]]:
    assert text.endswith("\n") and "\n\n" not in text
    return [json.loads(line) for line in text.splitlines()]


def json_document(text: str) -> dict[str, Any]:
    assert text.endswith("\n") and text.count("\n") == 1, "one JSON document on one line"
    value = json.loads(text)
    assert isinstance(value, dict)
    return value


# --- contract checks ------------------------------------------------------------------------------------------


def assert_error(error: dict[str, Any]) -> None:
    assert set(error) == ERROR_KEYS and error["code"] and error["message"]


def assert_flag(flag: dict[str, Any]) -> None:
    assert FLAG_REQUIRED <= set(flag) <= FLAG_REQUIRED | FLAG_OPTIONAL, sorted(flag)
    assert flag["severity"] in {"error", "warning", "info"} and flag["message"]


def assert_read_record(record: dict[str, Any], words: bool = False) -> None:
    assert READ_KEYS <= set(record) <= READ_KEYS | READ_OPTIONAL, sorted(record)
    assert record["status"] in {"ok", "partial", "failed"}
    for error in record["errors"]:
        assert_error(error)
    if record["status"] == "ok":
        assert SHA256.fullmatch(record["sha256"]) and record["pages"] and not record["errors"]
    for number, page in enumerate(record["pages"], 1):
        assert set(page) == PAGE_KEYS | ({"words"} if words else set()), sorted(page)
        assert page["number"] == number and page["source"] in {"text", "ocr", "docx", "plain"}
        if page["source"] == "ocr":
            assert 0 < page["ocr_confidence"] <= 1 and page["dpi"] > 0
        else:
            assert page["ocr_confidence"] is None
        for word in page.get("words", []):
            assert set(word) == WORD_KEYS and 0 <= word["confidence"] <= 1
            x0, y0, x1, y1 = word["bbox"]
            assert all(isinstance(v, int) for v in word["bbox"]) and 0 <= x0 <= x1 and 0 <= y0 <= y1


def assert_extract_record(record: dict[str, Any], extra: frozenset[str] = frozenset()) -> None:
    keys = set(record) - READ_OPTIONAL
    assert keys == EXTRACT_KEYS | extra, sorted(keys ^ (EXTRACT_KEYS | extra))
    assert record["status"] in {"ok", "partial", "failed"}
    assert record["text_source"] in {"text", "ocr", "docx", "plain", "mixed"}
    assert record["issue_date"] is None or ISO_DATE.fullmatch(record["issue_date"])
    for reference in record["references"]:
        assert set(reference) == REFERENCE_KEYS
    for field, evidence in record["evidence"].items():
        assert field in EXTRACT_KEYS and set(evidence) == EVIDENCE_KEYS
    for flag in record["flags"]:
        assert_flag(flag)
    for error in record["errors"]:
        assert_error(error)


def assert_search(response: dict[str, Any], query: str) -> list[dict[str, Any]]:
    assert set(response) == SEARCH_KEYS and response["query"] == query
    results = response["results"]
    assert response["total"] >= len(results) > 0
    for result in results:
        assert set(result) == RESULT_KEYS and SHA256.fullmatch(result["sha256"])
        assert result["unit"] == UNIT and result["year"] == 2025 and not result["file"].startswith("/")
    scores = [result["score"] for result in results]
    assert scores == sorted(scores, reverse=True), "best first"
    return results


def files_named(records: list[dict[str, Any]]) -> list[str]:
    return [record["file"].removeprefix(f"{PLACEHOLDER}/") for record in records]


# --- read -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file", "sources"),
    [
        pytest.param("read-pdf", PDF, [["text"]], id="pdf"),
        pytest.param("read-docx", DOCX, [["docx"]], id="docx"),
        pytest.param("read-jpg", JPG, [["ocr"]], id="jpg", marks=pytest.mark.slow),
        pytest.param("read-zip", ZIP, [["docx"], ["plain"]], id="zip"),
    ],
)
def test_read(name: str, file: str, sources: list[list[str]], root: Path, sample: Path, env, golden) -> None:
    text = normalise(run(env, "read", "--json", str(sample / file)), root, sample)
    records = json_lines(text)
    for record in records:
        assert_read_record(record)
        assert record["status"] == "ok"
    assert [[page["source"] for page in record["pages"]] for record in records] == sources
    assert files_named(records) == [name for name in SAMPLE_FILES if name.split("!")[0] == file]
    golden(f"{name}.jsonl", text)


@pytest.mark.slow
def test_read_words(root: Path, sample: Path, env, golden) -> None:
    text = normalise(run(env, "read", "--json", "--words", str(sample / JPG)), root, sample)
    [record] = json_lines(text)
    assert_read_record(record, words=True)
    [page] = record["pages"]
    assert page["source"] == "ocr" and len(page["words"]) > 20
    assert "42/BC-SNV" in page["text"]
    golden("read-jpg-words.jsonl", text)


def test_read_missing_path_is_bad_usage(root: Path, sample: Path, env, golden) -> None:
    """Nothing could be read: exit 2, the file still reported on stdout as failed (stderr wording is free)."""
    text = normalise(run(env, "read", "--json", str(sample / "khong-co.pdf"), exit_code=2), root, sample)
    [record] = json_lines(text)
    assert_read_record(record)
    assert record["status"] == "failed" and record["sha256"] is None and record["pages"] == []
    assert [error["code"] for error in record["errors"]] == ["input.not_found"]
    golden("read-missing.jsonl", text)


def test_read_missing_path_beside_a_good_one(root: Path, sample: Path, env, golden) -> None:
    """Some input was read: the command ran (exit 0) and the missing file is in the output as failed."""
    args = ["read", "--json", str(sample / "khong-co.pdf"), str(sample / DOCX)]
    records = json_lines(text := normalise(run(env, *args), root, sample))
    assert [record["status"] for record in records] == ["failed", "ok"]
    golden("read-missing-and-docx.jsonl", text)


# --- extract, match, check ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_extract(root: Path, sample: Path, env, golden) -> None:
    text = normalise(run(env, "extract", "--json", str(sample)), root, sample)
    records = json_lines(text)
    assert files_named(records) == SAMPLE_FILES
    for record in records:
        assert_extract_record(record)
        assert record["status"] == "ok"
    assert [record["number"] for record in records] == NUMBERS
    golden("extract.jsonl", text)


@pytest.mark.slow
def test_match(root: Path, sample: Path, env, golden) -> None:
    text = normalise(run(env, "match", *FRAMEWORK, "--json", str(sample)), root, sample)
    records = json_lines(text)
    assert files_named(records) == SAMPLE_FILES
    for record in records:
        assert_extract_record(record, extra=frozenset({"criteria"}))
        scores = [criterion["score"] for criterion in record["criteria"]]
        assert scores == sorted(scores, reverse=True) and all(MATCH_THRESHOLD <= s <= 1 for s in scores)
        for criterion in record["criteria"]:
            assert set(criterion) == CRITERION_MATCH_KEYS and criterion["reason"]
        unmatched = "document.unmatched" in [flag["code"] for flag in record["flags"]]
        assert unmatched == (not record["criteria"])
    assert records[0]["criteria"][0]["code"] == "1.1" and records[2]["criteria"][0]["code"] == "1.2"
    golden("match.jsonl", text)


def assert_check_report(report: dict[str, Any]) -> None:
    assert set(report) == CHECK_KEYS
    assert (report["framework"], report["year"], report["unit"]) == ("tinh-2025", 2025, UNIT)
    assert [document["file"] for document in report["documents"]] == SAMPLE_FILES  # relative to FOLDER
    for document in report["documents"]:
        assert_extract_record(document, extra=frozenset({"criteria"}))
    every_flag = list(report["flags"])
    for criterion in report["criteria"]:
        assert set(criterion) == CHECK_CRITERION_KEYS and criterion["status"] in STATUSES
        for evidence in criterion["evidence"]:
            assert set(evidence) == CHECK_EVIDENCE_KEYS and evidence["file"] in SAMPLE_FILES
        if criterion["status"] == "covered":
            assert criterion["evidence"]
        every_flag += criterion["flags"]
    for flag in every_flag:
        assert_flag(flag)
    summary = report["summary"]
    assert set(summary) == SUMMARY_KEYS
    statuses = [criterion["status"] for criterion in report["criteria"]]
    assert summary["criteria_total"] == len(statuses)
    assert [summary[key] for key in ("covered", "gaps", "flagged", "survey", "not_applicable")] == [
        statuses.count(status) for status in ("covered", "gap", "flagged", "survey", "not_applicable")
    ]
    assert sum(summary["flags_by_code"].values()) == len(every_flag)
    assert 0 <= summary["points_at_risk"] <= summary["points_max"]
    by_code = {criterion["code"]: criterion for criterion in report["criteria"]}
    # the plan first; the decision on determining the departments' PAR index and the letter collecting its
    # evidence are about directing CCHC work (QĐ 1187 III.1: "xác định Chỉ số CCHC"), the 2022 decision flagged;
    # the letter stays where the self-assessment table cites it when there is one
    numbers = [e["number"] for e in by_code["1.1"]["evidence"]]
    assert numbers[:2] == ["27/KH-SNV", "1726/QĐ-UBND"] and set(numbers) <= {*numbers[:2], "123/SNV-CCHC"}
    assert [e["number"] for e in by_code["1.2"]["evidence"]] == ["42/BC-SNV"]


@pytest.mark.slow
def test_check(root: Path, sample: Path, env, golden) -> None:
    text = normalise(run(env, "check", str(sample), *FRAMEWORK, "--unit", UNIT, "--json"), root, sample)
    report = json_document(text)
    assert_check_report(report)
    assert report["summary"]["points_claimed"] is None
    assert all(criterion["claimed_points"] is None for criterion in report["criteria"])
    golden("check.json", text)


# a self-assessment table in the real layout (a title row, the header, then TT | criterion | maximum | claimed |
# evidence), citing the sample's documents with one planted fault per row from 1.2 on
TABLE_HEADER = ["TT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm chuẩn", "Điểm tự đánh giá",
                "Tài liệu kiểm chứng\n(Số, ký hiệu và ngày ban hành của văn bản, Phụ lục giải trình)"]  # fmt: skip
TABLE_ROWS = [
    ("1", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CCHC", 8.0, 5.5, ""),
    ("1.1", "Thực hiện kế hoạch CCHC", 1.5, 1.5, "- Kế hoạch số 27/KH-SNV ngày 15/01/2025 của Sở Nội vụ."),
    ("1.2", "Thực hiện chế độ báo cáo CCHC định kỳ", 0.5, 0.5,  # the report is dated 19/3, not 20/3
     "- Báo cáo số 42/BC-SNV ngày 20/3/2025 của Sở Nội vụ về công tác cải cách hành chính quý I năm 2025;"),
    ("1.3", "Công tác kiểm tra CCHC", 2.0, 1.0, ""),
    ("1.3.1", "Tỷ lệ cơ quan được kiểm tra", 1.0, 1.0,  # not in the submission
     "Thông báo số 27/TB-SNV ngày 12/9/2025 của Sở Nội vụ về kết quả kiểm tra"),
    ("1.3.2", "Tỷ lệ xử lý các vấn đề phát hiện qua kiểm tra", 1.0, 0.0, ""),
    ("1.4", "Công tác tuyên truyền CCHC", 1.5, 1.5, "Đã tuyên truyền đầy đủ trên báo, đài."),  # no document cited
    ("1.5", "Sáng kiến, mô hình mới trong CCHC", 1.5, 2.0,  # more than the maximum
     "Công văn số 123/SNV-CCHC ngày 02/6/2025 của Sở Nội vụ"),
]  # fmt: skip
CLAIM_FLAGS = {"citation.mismatch": ["1.2"], "citation.not_found": ["1.3.1"], "claim.no_evidence": ["1.4"],
               "claim.over_max": ["1.5"]}  # fmt: skip


@pytest.fixture(scope="module")
def self_assessment(root: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"])
    sheet.append(TABLE_HEADER)
    for row in TABLE_ROWS:
        sheet.append(list(row))
    path = root / "bang-tu-danh-gia.xlsx"  # beside the folder, not in it
    workbook.save(str(path))
    return path


@pytest.mark.slow
def test_check_self_assessment(root: Path, sample: Path, self_assessment: Path, env, golden) -> None:
    args = [
        "check",
        str(sample),
        *FRAMEWORK,
        "--unit",
        UNIT,
        "--self-assessment",
        str(self_assessment),
        "--json",
    ]
    report = json_document(text := normalise(run(env, *args), root, sample))
    assert_check_report(report)
    every_flag = report["flags"] + [flag for criterion in report["criteria"] for flag in criterion["flags"]]
    where = {
        code: sorted(flag["criterion"] for flag in every_flag if flag["code"] == code) for code in CLAIM_FLAGS
    }
    assert where == CLAIM_FLAGS
    by_code = {criterion["code"]: criterion for criterion in report["criteria"]}
    assert [by_code[row[0]]["claimed_points"] for row in TABLE_ROWS if row[0] in by_code] == [
        row[3] for row in TABLE_ROWS if row[0] in by_code
    ]
    assert report["summary"]["points_claimed"] is not None
    golden("check-self-assessment.json", text)


# --- ingest and search ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ingested(root: Path, sample: Path, env) -> Iterator[str]:
    """`ingest` once into the module's fresh data dir: its output, for the test of it; the corpus, for search."""
    args = ["ingest", str(sample), "--unit", UNIT, "--year", "2025", "--framework", "tinh-2025", "--json"]
    yield normalise(run(env, *args), root, sample)


@pytest.mark.slow
def test_ingest(ingested: str, golden) -> None:
    summary = json_document(ingested)
    assert set(summary) == INGEST_KEYS
    assert (summary["unit"], summary["year"], summary["files"]) == (UNIT, 2025, 4)
    assert (summary["created"], summary["updated"], summary["unchanged"], summary["skipped"]) == (5, 0, 0, 0)
    assert (summary["pages"], summary["ocr_pages"], summary["failures"]) == (5, 1, [])
    assert list(summary["flags"]) == sorted(summary["flags"])
    golden("ingest.json", ingested)


SEARCHES = {
    # name: (arguments, the numbers found first, best first; the one document type a --type filter lets through)
    "search-phrase": (['"cải cách hành chính"'], [], None),
    "search-number": (["27/KH-SNV"], ["27/KH-SNV"], None),
    "search-number-unaccented": (["1726/QD-UBND"], ["1726/QĐ-UBND"], None),
    "search-no-diacritics": (["cai cach hanh chinh"], [], None),
    "search-type": (["cải cách", "--type", "Kế hoạch"], ["27/KH-SNV"], "Kế hoạch"),
    "search-type-no-diacritics": (["bao cao", "--type", "bao cao"], ["42/BC-SNV"], "Báo cáo"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SEARCHES))
def test_search(name: str, ingested: str, root: Path, sample: Path, env, golden) -> None:
    args, first, doc_type = SEARCHES[name]
    text = normalise(run(env, "search", *args, "--json"), root, sample)
    results = assert_search(json_document(text), args[0])
    assert [result["number"] for result in results[: len(first)]] == first
    if doc_type is not None:
        assert {result["doc_type"] for result in results} == {doc_type}
    golden(f"{name}.json", text)


@pytest.mark.slow
def test_search_ignores_diacritics(ingested: str, env) -> None:
    """Beyond the golden files: the same documents with and without diacritics."""
    found = [
        [result["sha256"] for result in json.loads(run(env, "search", query, "--json"))["results"]]
        for query in ("cải cách hành chính", "cai cach hanh chinh", "CẢI CÁCH HÀNH CHÍNH")
    ]
    assert found[0] and found[0] == found[1] == found[2]


# --- frameworks -----------------------------------------------------------------------------------------------


def test_framework_list(root: Path, sample: Path, env, golden) -> None:
    text = normalise(run(env, "framework", "list", "--json"), root, sample)
    document = json_document(text)
    assert list(document) == ["frameworks"]
    [framework] = [item for item in document["frameworks"] if item["id"] == "tinh-2025"]
    assert framework["decision"] == "1187/QĐ-BNV" and framework["years"] == [2025] and framework["partial"]
    assert framework["criteria"] == 99 and framework["problems"] == []
    golden("framework-list.json", text)


def test_framework_show(root: Path, sample: Path, env, golden) -> None:
    text = normalise(run(env, "framework", "show", "tinh-2025", "--json"), root, sample)
    framework = json_document(text)
    assert (framework["id"], framework["level"], framework["decision"]) == (
        "tinh-2025",
        "province",
        "1187/QĐ-BNV",
    )

    def walk(criteria: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for criterion in criteria:
            yield criterion
            yield from walk(criterion.get("children", []))

    rows = list(walk(framework["criteria"]))
    assert len(rows) == 99 and len([row for row in rows if "." not in row["code"]]) == 8
    assert sum(row["max_points"] for row in framework["criteria"]) == pytest.approx(61.5)
    golden("framework-show-tinh-2025.json", text)


def test_unknown_framework_is_bad_usage(sample: Path, env) -> None:
    """An unknown framework id is bad usage (exit 2) before any file is read: nothing on stdout."""
    assert run(env, "match", "--framework", "no-such-framework", "--json", str(sample), exit_code=2) == ""
    assert run(env, "framework", "show", "no-such-framework", "--json", exit_code=2) == ""


# --- the same bytes from a real process -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("framework-list.json", ["framework", "list", "--json"]),
        ("framework-show-tinh-2025.json", ["framework", "show", "tinh-2025", "--json"]),
        ("read-pdf.jsonl", ["read", "--json", f"{PLACEHOLDER}/{PDF}"]),
        ("read-missing.jsonl", ["read", "--json", f"{PLACEHOLDER}/khong-co.pdf"]),
    ],
    ids=lambda value: value.split(".")[0] if isinstance(value, str) else None,
)
def test_python_m_kiemchung_prints_the_same_bytes(
    name: str, args: list[str], root: Path, sample: Path, env: dict[str, str | None]
) -> None:
    """`python -m kiemchung` writing to a pipe (no terminal, default width) prints what the in-process runs
    compare with the golden files; the golden files themselves are written by the tests above."""
    path = GOLDEN / name
    if not path.exists():
        pytest.skip(f"{path} is written by its own test first")
    environment = {key: value for key, value in {**os.environ, **env}.items() if value is not None}
    args = [arg.replace(PLACEHOLDER, str(sample)) for arg in args]
    done = subprocess.run([sys.executable, "-m", "kiemchung", *args], capture_output=True, env=environment)
    assert done.returncode == (2 if "missing" in name else 0), done.stderr.decode("utf-8", "replace")
    assert normalise(done.stdout.decode("utf-8"), root, sample) == path.read_bytes().decode("utf-8")
