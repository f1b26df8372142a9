"""Hostile and unlucky input around the corpus (issue 16): export onto an existing file, a full disk or a
read-only folder; import of malformed archives (all or nothing); bad settings and data dirs; two ingests at
once; searches with no word in them; the CLI edge (unexpected errors, escape sequences, SIGTERM).

Every case ends in a coded Vietnamese error (exit 2 where a command is refused), never a traceback. Full disks
and read-only folders are real: small tmpfs mounts (skipped where this process cannot mount)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from test_corpus_cli import count_documents, kiemchung, specimen, write_unit

from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.scan import rasterize, to_jpeg
from model.errors import TransferError, UsageError
from model.settings import Settings
from service.archive import export_submission, import_submission, search
from service.context import AppContext
from service.ingest import ingest_bytes
from service.progress import ProgressEvent

UNIT, OTHER, YEAR = "Sở Nội vụ tỉnh Lai Châu", "UBND huyện Tam Đường", 2025
TABLES = ("units", "submissions", "originals", "documents", "pages", "matches", "flags", "review_decisions",
          "users", "audit_log")  # fmt: skip


@contextmanager
def tmpfs(folder: Path, size: str, read_only: bool = False) -> Iterator[Path]:
    """A real small filesystem at `folder` (a full disk, or a read-only one), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size}" + (",ro" if read_only else "")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def settings_for(tmp_path: Path, name: str, database_url: str | None = None) -> Settings:
    data = tmp_path / name
    return Settings(data_dir=data, database_url=database_url or f"sqlite:///{data / 'kiemchung.sqlite3'}",
                    ocr_threads=1)  # fmt: skip


def cli_env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "KIEMCHUNG_DATA_DIR": str(settings.data_dir),
            "KIEMCHUNG_DATABASE_URL": settings.effective_database_url, "KIEMCHUNG_OCR_THREADS": "1"}  # fmt: skip


def refused(result: subprocess.CompletedProcess[str], code: str) -> str:
    """The command ended 2 with the coded Vietnamese message, and no traceback; returns stderr."""
    assert result.returncode == 2, result.stderr
    assert f"({code})" in result.stderr and "Traceback" not in result.stderr, result.stderr
    return " ".join(result.stderr.split())


@pytest.fixture
def filled(tmp_path: Path) -> Settings:
    """A SQLite corpus with one unit-year: two specimen PDFs and 300 KB of noise (an export that does not
    compress below a few hundred KB)."""
    settings = settings_for(tmp_path, "source")
    uploads = [(f"ke-hoach-{i}.pdf", render_pdf(specimen(i))) for i in range(2)]
    uploads.append(("nhieu.bin", os.urandom(300_000)))
    with AppContext(settings) as context:
        ingest_bytes(context, uploads, UNIT, YEAR, None, actor="nhap")
    return settings


# --- export -------------------------------------------------------------------------------------------------


def test_export_refuses_an_existing_file_unless_force(filled: Settings, tmp_path: Path) -> None:
    target = tmp_path / "lai-chau.zip"
    target.write_bytes(b"the only copy of last year's export")
    result = kiemchung(cli_env(filled), "export", str(target), "--unit", UNIT, "--year", str(YEAR))
    assert "dùng --force" in refused(result, "output.exists")
    assert target.read_bytes() == b"the only copy of last year's export"
    forced = kiemchung(cli_env(filled), "export", str(target), "--unit", UNIT, "--year", str(YEAR), "--force")
    assert forced.returncode == 0, forced.stderr
    with zipfile.ZipFile(target) as archive:
        assert json.loads(archive.read("manifest.json"))["documents"] == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lai-chau.zip", "source"]  # no temporary file left


def test_export_to_a_folder_a_missing_folder_or_a_read_only_one_is_refused(
    filled: Settings, tmp_path: Path
) -> None:
    env = cli_env(filled)
    folder = refused(
        kiemchung(env, "export", str(tmp_path), "--unit", UNIT, "--year", "2025"), "output.unwritable"
    )
    assert "là một thư mục" in folder
    missing = kiemchung(env, "export", str(tmp_path / "khong-co" / "x.zip"), "--unit", UNIT, "--year", "2025")
    assert "không tồn tại" in refused(missing, "output.unwritable")
    with tmpfs(tmp_path / "ro", "1m", read_only=True) as read_only:
        result = kiemchung(env, "export", str(read_only / "x.zip"), "--unit", UNIT, "--year", "2025")
        assert "không có quyền ghi" in refused(result, "output.unwritable")


def test_export_onto_a_full_disk_leaves_the_previous_file_whole(filled: Settings, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "usb", "128k") as usb:
        previous = os.urandom(20_000)
        (usb / "lai-chau.zip").write_bytes(previous)
        result = kiemchung(cli_env(filled), "export", str(usb / "lai-chau.zip"), "--unit", UNIT, "--year", "2025",
                           "--force")  # fmt: skip
        assert "ổ đĩa đã đầy" in refused(result, "output.unwritable")
        assert (usb / "lai-chau.zip").read_bytes() == previous
        assert [p.name for p in usb.iterdir()] == ["lai-chau.zip"]  # the partial file is gone


# --- import: the whole archive checked, then all or nothing ---------------------------------------------------


def rewrite(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def _edit_json(member: str, edit: Callable[[Any], None]) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        value = json.loads(members[member])
        edit(value)
        members[member] = json.dumps(value, ensure_ascii=False).encode()

    return change


def _edit_entry(index: int, edit: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, bytes]], None]:
    def change(members: dict[str, bytes]) -> None:
        lines = members["documents.jsonl"].decode().splitlines()
        entry = json.loads(lines[index])
        edit(entry)
        lines[index] = json.dumps(entry, ensure_ascii=False)
        members["documents.jsonl"] = ("\n".join(lines) + "\n").encode()

    return change


def _originals(members: dict[str, bytes]) -> list[str]:
    return sorted(name for name in members if name.startswith("originals/"))


def _drop_last_line(members: dict[str, bytes]) -> None:
    members["documents.jsonl"] = b"\n".join(members["documents.jsonl"].splitlines()[:-1]) + b"\n"


def _tamper_last_original(members: dict[str, bytes]) -> None:
    members[_originals(members)[-1]] += b"!"


MALFORMED: dict[str, tuple[Callable[[dict[str, bytes]], None], str]] = {
    "no manifest": (lambda m: m.pop("manifest.json"), "thiếu manifest.json"),
    "manifest not JSON": (
        lambda m: m.update({"manifest.json": b"{'unit': "}),
        "manifest.json không phải JSON",
    ),
    "manifest a list": (lambda m: m.update({"manifest.json": b"[]"}), "không phải một đối tượng JSON"),
    "year not a number": (
        _edit_json("manifest.json", lambda v: v.update(year="hai nghìn")),
        "năm 'hai nghìn'",
    ),
    "no documents file": (lambda m: m.pop("documents.jsonl"), "thiếu documents.jsonl"),
    "a line not JSON": (
        lambda m: m.update({"documents.jsonl": m["documents.jsonl"][:-40]}),
        "không phải JSON",
    ),
    "incomplete": (_drop_last_line, "manifest ghi 3 văn bản, tệp có 2"),
    "missing original": (lambda m: m.pop(_originals(m)[0]), "thiếu tệp gốc"),
    "hash that is a path": (_edit_entry(0, lambda e: e.update(sha256="../../../../etc/passwd")), "mã băm"),
    "injected document id": (_edit_entry(1, lambda e: e.update(id=1)), "trường lạ id"),
    "injected page id": (
        _edit_entry(0, lambda e: e["pages"][0].update(document_id=1)),
        "trường lạ document_id",
    ),
    "field of the wrong type": (_edit_entry(0, lambda e: e.update(page_count="nhiều")), "page_count"),
    "pages not a list": (_edit_entry(0, lambda e: e.update(pages="trang 1")), "pages không phải danh sách"),
    "tampered last original": (_tamper_last_original, "không khớp mã băm"),
}


@pytest.fixture
def exported(filled: Settings, tmp_path: Path) -> Path:
    target = tmp_path / "lai-chau.zip"
    with AppContext(filled) as context:
        assert export_submission(context, UNIT, YEAR, target) == 3
    return target


@pytest.fixture
def target(database_url: str, tmp_path: Path) -> Iterator[AppContext]:
    """The importing corpus (SQLite and PostgreSQL), already holding another unit's document."""
    with AppContext(settings_for(tmp_path, "target", database_url)) as context:
        ingest_bytes(context, [("kh.pdf", render_pdf(specimen(7)))], OTHER, YEAR, None, actor="nhap")
        yield context


def snapshot(context: AppContext) -> tuple[dict[str, int], list[str]]:
    with context.corpus.engine.connect() as connection:
        counts = {t: int(connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES}
    stored = sorted(
        str(p.relative_to(context.corpus.store.root)) for p in context.corpus.store.root.rglob("*")
    )
    return counts, stored


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_archive_is_refused_whole_and_changes_nothing(
    case: str, exported: Path, target: AppContext, tmp_path: Path
) -> None:
    change, says = MALFORMED[case]
    archive = rewrite(exported, tmp_path / "sua.zip", change)
    before = snapshot(target)
    with pytest.raises(TransferError) as error:
        import_submission(target, archive, "nhap")
    assert error.value.code == "transfer.damaged" and error.value.exit_code == 2
    assert says in error.value.message and "sua.zip" in error.value.message
    assert snapshot(target) == before


def test_a_sound_archive_is_imported_and_an_unreadable_one_is_not_an_export(
    exported: Path, target: AppContext, tmp_path: Path
) -> None:
    before = snapshot(target)
    assert import_submission(target, exported, "nhap") == (UNIT, YEAR, 3, 0)
    assert snapshot(target)[0]["documents"] == before[0]["documents"] + 3  # the snapshot sees an import
    (tmp_path / "rac.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TransferError) as error:
        import_submission(target, tmp_path / "rac.zip", "nhap")
    assert error.value.code == "transfer.not_export" and "(không phải tệp ZIP)" in error.value.message
    with pytest.raises(UsageError) as missing:  # a path typed wrong is not "a file that is not an export"
        import_submission(target, tmp_path / "khong-co.zip", "nhap")
    assert missing.value.code == "usage.no_input" and "khong-co.zip" in missing.value.message
    assert snapshot(target)[0]["documents"] == before[0]["documents"] + 3


def test_export_and_import_report_their_progress(
    filled: Settings, target: AppContext, tmp_path: Path
) -> None:
    """A unit's scans take a while to compress and to check: each original is a step a front end can draw."""
    archive = tmp_path / "tien-do.zip"
    written: list[ProgressEvent] = []
    with AppContext(filled) as context:
        export_submission(context, UNIT, YEAR, archive, progress=written.append)
    assert [(event.done, event.total, event.file) for event in written] == [
        (done, 3, "tien-do.zip") for done in (1, 2, 3)
    ]
    read: list[ProgressEvent] = []
    assert import_submission(target, archive, "nhap", read.append) == (UNIT, YEAR, 3, 0)
    # each original checked, then each stored
    assert [(event.done, event.total) for event in read] == [(done, 6) for done in range(1, 7)]


def test_import_of_a_tampered_archive_on_the_command_line_is_one_line(
    exported: Path, filled: Settings, tmp_path: Path
) -> None:
    archive = rewrite(exported, tmp_path / "sua.zip", _tamper_last_original)
    result = kiemchung(cli_env(settings_for(tmp_path, "fresh")), "import", str(archive))
    assert "không khớp mã băm" in refused(result, "transfer.damaged")


# --- settings and the data dir --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "code", "says"),
    [
        ("notaurl", "settings.invalid", "không phải địa chỉ cơ sở dữ liệu"),
        ("mysql://kiem:mat-khau-1@db/kiemchung", "settings.invalid", "'mysql' không được hỗ trợ"),
        ("postgresql://kiem:mat-khau-1@db:cong/kiemchung", "settings.invalid", "không phải địa chỉ"),
        (
            "postgresql://kiem:mat-khau-1@127.0.0.1:1/kiemchung",
            "database.unavailable",
            "postgresql://kiem:***@",
        ),
    ],
)
def test_a_bad_database_url_is_said_with_its_password_masked(
    url: str, code: str, says: str, tmp_path: Path
) -> None:
    env = {**cli_env(settings_for(tmp_path, "data")), "KIEMCHUNG_DATABASE_URL": url}
    message = refused(kiemchung(env, "search", "kế hoạch"), code)
    assert says in message and "mat-khau-1" not in message


def test_a_data_dir_that_is_a_file_or_read_only_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder")
    env = {**os.environ, "KIEMCHUNG_DATA_DIR": str(tmp_path / "data")}
    env.pop("KIEMCHUNG_DATABASE_URL", None)
    assert "là một tệp" in refused(kiemchung(env, "search", "kế hoạch"), "storage.unwritable")
    with tmpfs(tmp_path / "ro", "1m", read_only=True) as read_only:
        env["KIEMCHUNG_DATA_DIR"] = str(read_only)
        assert "chỉ cho đọc" in refused(kiemchung(env, "search", "kế hoạch"), "storage.unwritable")


def test_a_disk_that_fills_up_during_ingest_is_said(tmp_path: Path) -> None:
    folder = tmp_path / "hoso"
    folder.mkdir()
    for index in range(4):
        (folder / f"quet-{index}.bin").write_bytes(os.urandom(400_000))
    with tmpfs(tmp_path / "data", "1m") as data:
        env = cli_env(settings_for(tmp_path, "data"))
        env["KIEMCHUNG_DATABASE_URL"] = f"sqlite:///{data / 'kiemchung.sqlite3'}"
        result = kiemchung(env, "ingest", str(folder), "--unit", UNIT, "--year", "2025", "--workers", "1")
        assert "ổ đĩa đã đầy" in refused(result, "storage.unwritable")


def test_masking_covers_urls_that_do_not_parse() -> None:
    from corpus.db import mask_passwords, mask_secrets, mask_url

    assert mask_url("postgresql://u:p4ss@h:x/d") == "postgresql://u:***@h:x/d"
    assert "p4ss" not in mask_secrets("FATAL for postgresql://u:p4ss@h/d: p4ss", "postgresql://u:p4ss@h/d")
    assert mask_passwords("a postgresql+psycopg://u:p@ss@h/d b") == "a postgresql+psycopg://u:***@ss@h/d b"


# --- concurrent writers ---------------------------------------------------------------------------------------


def _together(env: dict[str, str], *runs: list[str]) -> list[subprocess.CompletedProcess[str]]:
    processes = [subprocess.Popen([sys.executable, "-m", "kiemchung", *args], env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for args in runs]  # fmt: skip
    results = []
    for process, args in zip(processes, runs, strict=True):
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(args, process.returncode, out, err))
    return results


@pytest.mark.parametrize("second_unit", [UNIT, OTHER], ids=["same-unit-twice", "two-units-sharing-files"])
def test_two_ingests_at_once_both_finish_and_store_each_document_once(
    second_unit: str, environment: dict[str, str], database_url: str, tmp_path: Path
) -> None:
    folder = write_unit(tmp_path / "hoso", 4)
    common = ["--year", "2025", "--workers", "1", "--json"]
    results = _together(environment, ["ingest", str(folder), "--unit", UNIT, *common],
                        ["ingest", str(folder), "--unit", second_unit, *common])  # fmt: skip
    for result in results:
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert json.loads(result.stdout)["failures"] == []
    assert count_documents(database_url) == ((4, 4) if second_unit == UNIT else (8, 4))


def test_processes_opening_a_new_database_at_once_take_turns_migrating(
    environment: dict[str, str], database_url: str
) -> None:
    opener = "from service.context import AppContext; AppContext().corpus.close()"
    processes = [subprocess.Popen([sys.executable, "-c", opener], env=environment, stderr=subprocess.PIPE,
                                  text=True) for _ in range(4)]  # fmt: skip
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0], errors
    from sqlalchemy import create_engine

    from corpus.db import head_revision

    engine = create_engine(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [
            head_revision()
        ]
    engine.dispose()


# --- search ---------------------------------------------------------------------------------------------------


@pytest.fixture
def searched(database_url: str, tmp_path: Path) -> Iterator[AppContext]:
    with AppContext(settings_for(tmp_path, "data", database_url)) as context:
        uploads = [(f"ke-hoach-{i}.pdf", render_pdf(specimen(i))) for i in range(3)]
        ingest_bytes(context, uploads, UNIT, YEAR, None, actor="nhap")
        yield context


@pytest.mark.parametrize("query", ['"', "*", "😀", '""', " * ? "])
def test_a_query_without_a_word_does_not_list_the_archive(query: str, searched: AppContext) -> None:
    from corpus.search import search as corpus_search

    with pytest.raises(UsageError) as error:
        search(searched, query)
    assert error.value.code == "search.no_words" and "không có từ" in error.value.message
    with searched.corpus.engine.connect() as connection:  # the corpus layer itself answers nothing
        response = corpus_search(connection, query)
    assert (response.total, response.results) == (0, [])
    assert search(searched, "").total == 3  # an empty query (a filter form) still browses
    assert search(searched, "kế hoạch").total == 3


def test_a_query_without_a_word_on_the_command_line(tmp_path: Path) -> None:
    result = kiemchung(cli_env(settings_for(tmp_path, "data")), "search", "😀")
    assert "không có từ" in refused(result, "search.no_words")


# --- the CLI edge ---------------------------------------------------------------------------------------------


def test_an_unexpected_error_is_one_coded_line_and_its_traceback_needs_verbose(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import typer

    from kiemchung.cli_common import edge, set_verbose

    @edge
    def buggy() -> None:
        {}["trang"]

    for verbose in (False, True):
        set_verbose(verbose)
        try:
            with pytest.raises(typer.Exit) as ended:
                buggy()
        finally:
            set_verbose(False)
        assert ended.value.exit_code == 2
        err = capsys.readouterr().err
        assert "Lỗi không mong đợi (KeyError: 'trang')" in " ".join(err.split()) and "(internal.error)" in err
        assert ("Traceback" in err) is verbose


def test_escape_sequences_in_file_and_member_names_never_reach_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "hoso"
    folder.mkdir()
    body = "Công văn số 5/SNV-VP gửi các phòng về việc báo cáo cải cách hành chính."
    (folder / "\x1b[2J\x1b]0;chiem\x07.txt").write_text(body, encoding="utf-8")
    with zipfile.ZipFile(folder / "nen.zip", "w") as archive:
        archive.writestr("\x1b[31mdo\u202etxt.exe\x1b[0m.txt", body)
    env = {**cli_env(settings_for(tmp_path, "data")), "COLUMNS": "400"}  # whole names on the rule lines
    result = kiemchung(env, "read", str(folder))
    assert result.returncode == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "\u202e" not in stream
    assert "\\x1b[2J" in result.stdout  # a file's own name: shown, not obeyed
    assert "nen.zip!dotxt.exe.txt" in result.stdout  # a member's name: cleaned when the archive is read


def test_terminal_text_shows_controls_and_keeps_lines_only_when_asked() -> None:
    from kiemchung.cli_common import shown, terminal_text

    assert terminal_text("a\x1b[31mb\rc\x9b") == "a\\x1b[31mb\\x0dc\\x9b"
    assert terminal_text("dòng 1\ndòng 2\t!\x00", lines=True) == "dòng 1\ndòng 2\t!\\x00"
    assert terminal_text("x\ny") == "x\\x0ay" and shown("[bold]tệp[/]") == "\\[bold]tệp\\[/]"


@pytest.mark.parametrize("command", ["read", "ingest"])
def test_sigterm_removes_temporary_folders(command: str, tmp_path: Path) -> None:
    """A scan being OCRed (a temporary folder per page) when SIGTERM arrives: the command unwinds, says so,
    ends 143, and leaves its temporary folder (and, for a batch, its workers') empty."""
    folder = tmp_path / "hoso"
    folder.mkdir()
    for index in range(2):
        (folder / f"quet-{index}.jpg").write_bytes(to_jpeg(rasterize(render_pdf(specimen(index)), 300)[0]))
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**cli_env(settings_for(tmp_path, "data")), "TMPDIR": str(scratch)}
    args = [str(folder)] + (
        ["--unit", UNIT, "--year", "2025", "--workers", "1"] if command == "ingest" else []
    )
    process = subprocess.Popen([sys.executable, "-m", "kiemchung", command, *args], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 120
    while not any(scratch.glob("kiemchung-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(scratch.glob("kiemchung-*")), "OCR never started"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "SIGTERM" in err and "Traceback" not in err
    assert list(scratch.iterdir()) == []
