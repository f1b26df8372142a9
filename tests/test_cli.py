"""The `kiemchung read --json` contract (DESIGN.md) and the demo, through the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kiemchung.cli import app
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import PLAN, REPORT
from kiemchung.specimens.scan import SCANNER_200, degrade, rasterize, to_jpeg

PAGE_KEYS = {"number", "text", "source", "ocr_confidence", "dpi"}


def test_read_json_lines_contract(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(render_pdf(PLAN))
    (tmp_path / "b.jpg").write_bytes(
        to_jpeg(degrade(rasterize(render_pdf(REPORT), 200)[0], SCANNER_200, 200))
    )
    result = CliRunner().invoke(app, ["read", "--json", str(tmp_path / "a.pdf"), str(tmp_path / "b.jpg")])
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(o["file"]).name for o in objects] == ["a.pdf", "b.jpg"]
    for obj in objects:
        # a scan also carries its last page's seal and signature (`marks`); a typed file does not
        extra = {"marks"} if obj["file"].endswith(".jpg") else set()
        assert set(obj) == {"file", "sha256", "pages", "status", "errors"} | extra
        assert len(obj["sha256"]) == 64 and obj["status"] == "ok" and obj["errors"] == []
        for page in obj["pages"]:
            assert set(page) == PAGE_KEYS  # no word boxes unless asked
    text_page, ocr_page = objects[0]["pages"][0], objects[1]["pages"][0]
    assert (text_page["source"], text_page["ocr_confidence"], text_page["dpi"]) == ("text", None, None)
    assert ocr_page["source"] == "ocr" and 0.5 < ocr_page["ocr_confidence"] <= 1
    assert "Số: 42/BC-SNV" in ocr_page["text"]


def test_read_words_option(tmp_path: Path) -> None:
    (tmp_path / "b.jpg").write_bytes(to_jpeg(rasterize(render_pdf(REPORT), 150)[0]))
    result = CliRunner().invoke(app, ["read", "--json", "--words", str(tmp_path / "b.jpg")])
    [page] = json.loads(result.stdout)["pages"]
    assert page["words"], "word boxes requested"
    word = page["words"][0]
    assert set(word) == {"text", "confidence", "bbox"} and len(word["bbox"]) == 4


def test_human_output_names_source_and_confidence(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(render_pdf(PLAN))
    result = CliRunner().invoke(app, ["read", str(tmp_path / "a.pdf")])
    assert result.exit_code == 0
    assert "trang 1 (lớp chữ PDF)" in result.stdout  # how the text was read, in Vietnamese
    assert "Số: 27/KH-SNV" in result.stdout


def test_the_progress_bar_on_a_terminal_leaves_every_json_line_on_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`extract --json > out.jsonl` at a terminal: the bar is drawn on stderr, the JSON is not taken into it."""
    import io

    from rich.console import Console

    from kiemchung import cli_common

    screen = io.StringIO()
    monkeypatch.setattr(cli_common, "err_console", Console(file=screen, force_terminal=True, width=100))
    (tmp_path / "a.pdf").write_bytes(render_pdf(PLAN))
    (tmp_path / "b.pdf").write_bytes(render_pdf(REPORT))
    result = CliRunner().invoke(app, ["extract", "--json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["number"] for line in result.stdout.splitlines()] == ["27/KH-SNV", "42/BC-SNV"]
    assert "Đang đọc" in screen.getvalue()  # the bar was drawn, on stderr
    assert "27/KH-SNV" not in screen.getvalue()


def test_plain_extract_shows_every_field_and_the_cited_documents(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(render_pdf(PLAN))
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "a.pdf")])
    assert result.exit_code == 0, result.output
    for label in ("Số, ký hiệu", "Cơ quan ban hành", "Trích yếu", "Thẩm quyền ký", "Người ký"):
        assert label in result.stdout
    assert "Sở Nội vụ tỉnh Lai Châu" in result.stdout and "Nguyễn Văn Hùng" in result.stdout
    assert "Văn bản viện dẫn: Quyết định 1726/QĐ-UBND ngày 29/12/2022" in result.stdout


def test_ingest_json_at_a_terminal_draws_its_progress_and_keeps_stdout_for_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's batch with `--json > report.json` takes an hour: the bar on stderr, the JSON whole."""
    import io

    from rich.console import Console

    from kiemchung import cli_common

    monkeypatch.setenv("KIEMCHUNG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIEMCHUNG_DATABASE_URL", raising=False)
    screen = io.StringIO()
    monkeypatch.setattr(cli_common, "err_console", Console(file=screen, force_terminal=True, width=100))
    folder = tmp_path / "hoso"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(render_pdf(PLAN))
    result = CliRunner().invoke(
        app, ["ingest", str(folder), "--unit", "Sở Thử", "--year", "2025", "--workers", "1", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert (json.loads(result.stdout)["unit"], json.loads(result.stdout)["created"]) == ("Sở Thử", 1)
    assert "Đang xử lý" in screen.getvalue()


def test_reading_a_folder_reports_its_size_first_then_each_file(tmp_path: Path) -> None:
    from model.settings import Settings
    from service.context import AppContext
    from service.documents import read_paths
    from service.progress import ProgressEvent

    folder = tmp_path / "hoso"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(render_pdf(PLAN))
    (folder / "b.pdf").write_bytes(render_pdf(REPORT))
    events: list[ProgressEvent] = []
    with AppContext(Settings(data_dir=tmp_path / "data")) as context:
        records = list(read_paths(context, [folder], progress=events.append))
    assert [(event.done, event.total) for event in events] == [(0, 2), (1, 2), (2, 2)]
    assert [event.file for event in events[1:]] == [record.file for record in records]


def test_unknown_setting_choice_lists_valid_ones(tmp_path: Path) -> None:
    env = {"KIEMCHUNG_OCR_LANGUAGES": "fra", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "kiemchung", "read", str(tmp_path)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2
    assert "vie, eng, vie+eng" in done.stderr


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("OCR_LANGUAGES", "fra", "không phải ngôn ngữ OCR có sẵn; chọn một trong: vie, eng, vie+eng"),
        ("OCR_DPI", "abc", "phải là số nguyên"),
        ("OCR_DPI", "0", "phải từ 72 trở lên"),
        ("MATCH_THRESHOLD", "2", "không được lớn hơn 1"),
        ("SECURE_COOKIES", "co", "phải là true hoặc false"),
    ],
)
def test_a_bad_setting_says_in_vietnamese_what_its_value_must_be(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    from model.errors import SettingsError
    from service.context import load_settings

    monkeypatch.setenv(f"KIEMCHUNG_{name}", value)
    with pytest.raises(SettingsError) as bad:
        load_settings()
    assert bad.value.code == "settings.invalid" and bad.value.exit_code == 2
    assert f"KIEMCHUNG_{name}={value!r} {says}" in bad.value.message
    assert "Input should" not in bad.value.message and "Value error" not in bad.value.message


def test_demo_ingests_the_sample_submission_prints_its_matrix_and_searches_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiemchung.cli_common import console

    monkeypatch.setenv("KIEMCHUNG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("KIEMCHUNG_DATABASE_URL", raising=False)
    monkeypatch.setattr(console, "width", 240)  # a wide terminal: table cells keep file names whole
    result = CliRunner().invoke(app, ["demo", "--folder", str(tmp_path / "sample")])
    assert result.exit_code == 0, result.output
    assert "1726/QĐ-UBND" in result.stdout
    assert "04-ho-so-bo-sung.zip!bo-sung/cong-van-123-SNV.docx" in result.stdout
    assert "không đọc được" not in result.stdout and "failed" not in result.stdout
    assert "Thông tin văn bản" in result.stdout and "42/BC-SNV" in result.stdout  # read from the scan
    assert (tmp_path / "data" / "kiemchung.sqlite3").is_file()
    # the main job: the sample unit's matrix as a council member reads it, in Vietnamese
    assert "Ma trận tài liệu kiểm chứng — Sở Nội vụ tỉnh Lai Châu (hồ sơ mẫu), năm 2025" in result.stdout
    assert "Thiếu tài liệu" in result.stdout and "điểm có nguy cơ mất" in result.stdout
    assert "Kế hoạch 27/KH-SNV" in result.stdout  # the search example finds the plan
    # it ends with the main job, then the line that starts the review UI
    assert result.stdout.index("$ kiemchung search") < result.stdout.index("Ma trận tài liệu kiểm chứng")
    *_, summary, ui = [line for line in result.stdout.splitlines() if line.strip()]
    assert "điểm có nguy cơ mất" in summary and ui.startswith("Giao diện thẩm định")
    again = CliRunner().invoke(app, ["demo", "--folder", str(tmp_path / "sample")])
    assert "đã có trong kho từ lần chạy trước" in again.stdout and "Kế hoạch 27/KH-SNV" in again.stdout
    assert "Ma trận tài liệu kiểm chứng" in again.stdout


def test_extract_json_contract_and_fail_on(tmp_path: Path) -> None:
    from kiemchung.specimens.docx import render_docx
    from kiemchung.specimens.model import OfficialDocument

    draft = OfficialDocument(
        parent_issuer="UBND TỈNH LÂM ĐỒNG", issuer="SỞ NỘI VỤ", number=None, place="Lâm Đồng", issue_date=None,
        doc_type="BÁO CÁO", subject="Kết quả cải cách hành chính", body=["Nội dung."], signer="Trần Văn B",
        signer_capacity=["GIÁM ĐỐC"], blank_symbol="BC-SNV",
    )  # fmt: skip
    (tmp_path / "a.pdf").write_bytes(render_pdf(PLAN))
    (tmp_path / "b.docx").write_bytes(render_docx(draft))
    result = CliRunner().invoke(app, ["extract", "--json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    plan, report = (json.loads(line) for line in result.stdout.splitlines())
    assert set(plan) == {
        "file", "sha256", "page_count", "text_source", "ocr_confidence", "number", "doc_type", "issue_date", "place",
        "issuer", "parent_issuer", "signer", "signer_title", "subject", "references", "evidence", "flags", "status",
        "errors",
    }  # fmt: skip
    assert (plan["number"], plan["issue_date"], plan["issuer"]) == (
        "27/KH-SNV",
        "2025-01-15",
        "Sở Nội vụ tỉnh Lai Châu",
    )
    number = plan["evidence"]["number"]
    assert {key: number[key] for key in ("page", "text", "confidence", "from_ocr", "dpi")} == {
        "page": 1,
        "text": "Số: 27/KH-SNV",
        "confidence": 0.97,
        "from_ocr": False,
        "dpi": 72,  # the text layer's boxes are in points
    }
    x0, y0, x1, y1 = number["bbox"]
    assert 0 <= x0 < x1 < 300 and 0 <= y0 < y1 < 200  # the number line, top left of an A4 page (595 x 842 pt)
    # an unsigned Word file is also not evidence (a warning, issue 13); the blanks are the errors
    codes = {f["code"] for f in report["flags"]}
    assert report["number"] is None and codes == {"number.blank", "date.blank", "evidence.not_signed"}
    assert all(
        f["message"] and (f["severity"] == "error") == f["code"].endswith("blank") for f in report["flags"]
    )
    failing = CliRunner().invoke(app, ["extract", "--json", "--fail-on", "error", str(tmp_path)])
    assert failing.exit_code == 1
