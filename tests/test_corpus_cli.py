"""`kiemchung ingest` and `kiemchung search` as a user runs them, on SQLite and on PostgreSQL:
bad files kept with their errors, re-runs that add nothing, and a run killed half-way then finished."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from corpus.store import OriginalStore
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.model import OfficialDocument
from kiemchung.specimens.pdf import render_pdf

SUBJECTS = ["Cải cách hành chính năm 2025", "Tuyên truyền cải cách hành chính", "Kiểm tra công vụ năm 2025"]


def specimen(index: int) -> OfficialDocument:
    return OfficialDocument(
        issuer="SỞ NỘI VỤ", parent_issuer="UBND TỈNH LAI CHÂU", number=f"{100 + index}/KH-SNV",
        place="Lai Châu", issue_date=date(2025, 1 + index % 12, 1 + index % 27),
        subject=f"{SUBJECTS[index % 3]} (đợt {index})", doc_type="KẾ HOẠCH",
        body=["Thực hiện nhiệm vụ cải cách hành chính của tỉnh, Sở Nội vụ ban hành kế hoạch như sau."],
        signer="Nguyễn Văn An", signer_capacity=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    )  # fmt: skip


def write_unit(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        if index % 2:
            (folder / f"{index:03d}-ke-hoach.docx").write_bytes(render_docx(specimen(index)))
        else:
            (folder / f"{index:03d}-ke-hoach.pdf").write_bytes(render_pdf(specimen(index)))
    return folder


def kiemchung(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiemchung", *args], capture_output=True, text=True, env=env, timeout=300
    )


def count_documents(database_url: str) -> tuple[int, int]:
    """(documents, distinct originals among them)."""
    engine = create_engine(database_url)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT count(*), count(DISTINCT sha256) FROM documents")).one()
    engine.dispose()
    return int(row[0]), int(row[1])


def test_ingest_keeps_bad_files_with_their_errors_and_a_rerun_adds_nothing(
    environment: dict[str, str], database_url: str, tmp_path: Path
) -> None:
    folder = write_unit(tmp_path / "hoso", 4)
    (folder / "hong.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (folder / "ghi-chu.txt").write_text(
        "Công văn số 5/SNV-VP gửi các phòng về việc báo cáo.", encoding="utf-8"
    )
    first = kiemchung(environment, "ingest", str(folder), "--unit", "Sở Nội vụ tỉnh Lai Châu", "--year",
                      "2025", "--framework", "tinh-2025", "--json")  # fmt: skip
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert (summary["files"], summary["created"], summary["skipped"]) == (6, 6, 0)
    assert [f["file"] for f in summary["failures"]] == ["hong.pdf"]
    assert "input.corrupt" in summary["failures"][0]["errors"]
    broken = (folder / "hong.pdf").read_bytes()
    store = OriginalStore(Path(environment["KIEMCHUNG_DATA_DIR"]) / "originals")
    assert store.get(hashlib.sha256(broken).hexdigest()) == broken  # the original is kept, unchanged
    again = kiemchung(environment, "ingest", str(folder), "--unit", "Sở Nội vụ tỉnh Lai Châu", "--year", "2025",
                      "--framework", "tinh-2025", "--json")  # fmt: skip
    assert json.loads(again.stdout)["skipped"] == 6
    assert count_documents(database_url) == (6, 6)

    found = kiemchung(environment, "search", "102 kh snv", "--json")
    response = json.loads(found.stdout)
    assert response["results"][0]["number"] == "102/KH-SNV"
    assert response["results"][0]["file"] == "002-ke-hoach.pdf"
    plain = kiemchung(environment, "search", "tuyen truyen cai cach", "--type", "ke hoach")
    assert plain.returncode == 0 and "Tuyên truyền cải cách hành chính" in plain.stdout

    archive = tmp_path / "backup.zip"
    exported = kiemchung(
        environment, "export", str(archive), "--unit", "Sở Nội vụ tỉnh Lai Châu", "--year", "2025"
    )
    assert exported.returncode == 0, exported.stderr
    elsewhere = {**environment, "KIEMCHUNG_DATABASE_URL": f"sqlite:///{tmp_path / 'b.sqlite3'}",
                 "KIEMCHUNG_DATA_DIR": str(tmp_path / "b")}  # fmt: skip
    imported = kiemchung(elsewhere, "import", str(archive))
    assert imported.returncode == 0 and "6 văn bản mới" in imported.stdout
    assert count_documents(elsewhere["KIEMCHUNG_DATABASE_URL"]) == (6, 6)
    missing = kiemchung(
        environment, "export", str(tmp_path / "x.zip"), "--unit", "Không có", "--year", "2025"
    )
    assert missing.returncode == 2 and "không có văn bản nào của Không có, năm 2025" in " ".join(
        missing.stderr.split()
    )


def test_a_bad_date_filter_is_bad_usage(environment: dict[str, str]) -> None:
    result = kiemchung(environment, "search", "ke hoach", "--from", "19/3/2025")
    assert result.returncode == 2 and "2025-03-19" in result.stderr


@pytest.mark.slow
def test_a_run_killed_half_way_is_finished_by_the_next_without_duplicates(
    environment: dict[str, str], database_url: str, tmp_path: Path
) -> None:
    folder = write_unit(tmp_path / "hoso", 40)
    command = [
        sys.executable,
        "-m",
        "kiemchung",
        "ingest",
        str(folder),
        "--unit",
        "Sở Nội vụ",
        "--year",
        "2025",
    ]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        try:
            if count_documents(database_url)[0] >= 5:
                break
        except Exception:  # the schema may not exist yet
            continue
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGKILL)
    process.wait()
    saved, _ = count_documents(database_url)
    assert 5 <= saved < 40
    _assert_consistent(database_url)
    finish = kiemchung(environment, "ingest", str(folder), "--unit", "Sở Nội vụ", "--year", "2025", "--json")
    summary = json.loads(finish.stdout)
    assert summary["skipped"] == saved and summary["created"] == 40 - saved
    assert count_documents(database_url) == (40, 40)
    _assert_consistent(database_url)


def _assert_consistent(database_url: str) -> None:
    """Every document has its pages and its search entry; nothing points at what is not there."""
    engine = create_engine(database_url)
    sqlite = database_url.startswith("sqlite")
    indexes = (
        [("document_head_fts", "rowid"), ("document_body_fts", "rowid")]
        if sqlite
        else [("document_head_search", "document_id"), ("document_body_search", "document_id")]
    )
    with engine.connect() as connection:
        without_pages = connection.execute(
            text(
                "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM pages p WHERE p.document_id = d.id)"
            )
        ).scalar_one()
        documents = connection.execute(text("SELECT count(*) FROM documents")).scalar_one()
        for index, key in indexes:
            indexed = connection.execute(text(f"SELECT count(*) FROM {index}")).scalar_one()
            orphans = connection.execute(
                text(
                    f"SELECT count(*) FROM {index} i WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = i.{key})"
                )
            ).scalar_one()
            assert (orphans, indexed) == (0, documents), index
        if sqlite:
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    engine.dispose()
    assert without_pages == 0
