"""A copy of bytes already read reuses the first record, and the reader keeps only the last few records for it:
a worker or a reader child reads a whole province, and keeping every record grew its memory into its budget."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest.reader
from ingest import FileReader
from model.settings import Settings


def _letters(folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"cong-van-{index}.txt"
        path.write_text(
            f"ỦY BAN NHÂN DÂN TỈNH LAI CHÂU\nSố: {index + 1}/UBND-VP\nV/v lịch công tác tuần\n", "utf-8"
        )
        paths.append(path)
    return paths


def _counting(reader: FileReader) -> list[str]:
    """The names the reader really read (not served from a copy)."""
    read: list[str] = []
    original = reader._read_document

    def counted(name: str, *args: object) -> object:
        read.append(name)
        return original(name, *args)  # type: ignore[arg-type]

    reader._read_document = counted  # type: ignore[method-assign]
    return read


def test_a_copy_reuses_the_first_record_under_its_own_name(tmp_path: Path) -> None:
    first, other = _letters(tmp_path, 2)
    copy = tmp_path / "ban-sao.txt"
    copy.write_bytes(first.read_bytes())
    with FileReader(Settings(ocr_threads=1)) as reader:
        read = _counting(reader)
        records = list(
            reader.read_paths([first, other, copy], {first: "a.txt", other: "b.txt", copy: "c.txt"})
        )
    assert read == ["a.txt", "b.txt"]
    assert [record.file for record in records] == ["a.txt", "b.txt", "c.txt"]
    assert records[2].pages[0].text == records[0].pages[0].text and records[2].sha256 == records[0].sha256


def test_only_the_last_records_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest.reader, "DONE_KEPT", 3)
    paths = _letters(tmp_path, 5)
    with FileReader(Settings(ocr_threads=1)) as reader:
        read = _counting(reader)
        list(reader.read_paths(paths))
        assert len(reader._done) == 3
        again = list(reader.read_paths([paths[0], paths[4]]))  # the first was let go, the last is kept
    assert read == [str(path) for path in paths] + [str(paths[0])]
    assert [record.status for record in again] == ["ok", "ok"]


def test_a_long_folder_is_read_a_window_ahead_not_all_at_once(tmp_path: Path) -> None:
    """The records of files already yielded are let go and at most a window of files is read ahead (before,
    every file of the folder was read into memory whatever the consumer had done with the first)."""
    paths = _letters(tmp_path, 60)
    handed: list[Path] = []

    def given() -> object:
        for path in paths:
            handed.append(path)
            yield path

    with FileReader(Settings(ocr_threads=1)) as reader:
        records = reader.read_paths(given())  # type: ignore[arg-type]
        first = next(records)
        assert first.file == str(paths[0])
        assert len(handed) <= max(ingest.reader.READ_AHEAD, 4) + 1
        rest = list(records)
    assert [record.file for record in [first, *rest]] == [str(path) for path in paths]  # in input order


def _archive(folder: Path, members: dict[str, bytes]) -> Path:
    import zipfile

    path = folder / "ho-so.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def test_an_archives_members_are_read_side_by_side(tmp_path: Path) -> None:
    """A ZIP's members go through the same window as a folder's files, one per thread at a time (an archive was
    read member after member on one thread: a dossier sent as a ZIP took twice as long as the same folder)."""
    import threading
    import time

    members = {path.name: path.read_bytes() for path in _letters(tmp_path, 6)}
    archive = _archive(tmp_path, members)
    running, most = 0, 0
    lock = threading.Lock()
    with FileReader(Settings(ocr_threads=2)) as reader:
        original = reader._read_document

        def watched(*args: object) -> object:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.2)
            with lock:
                running -= 1
            return original(*args)  # type: ignore[arg-type]

        reader._read_document = watched  # type: ignore[method-assign]
        records = list(reader.read_paths([archive]))
    assert [record.file for record in records] == [f"{archive}!{name}" for name in members]
    assert [f"Số: {n}/UBND-VP" in record.pages[0].text for n, record in enumerate(records, 1)] == [True] * 6
    assert most == 2


def test_inflated_members_waiting_to_be_read_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Members are inflated as the window asks for them, but a window of large members is held to HELD_AHEAD
    bytes beyond the one being read, whatever READ_AHEAD allows."""
    import tracemalloc

    from devkit import hostile

    size = 1024 * 1024
    archive = tmp_path / "lon.zip"
    archive.write_bytes(hostile.zip_big_members(16, size))
    monkeypatch.setattr(ingest.reader, "HELD_AHEAD", size)
    settings = Settings(ocr_threads=1, max_text_chars=20_000)
    with FileReader(settings) as reader:
        tracemalloc.start()
        try:
            records = [record.status for record in reader.read_paths([archive])]
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert len(records) == 16
    # a member waiting, one read (its bytes and its text) and the next inflating: ~7 × size; a window of
    # READ_AHEAD members held whatever their size: ~15 × size
    assert peak < 10 * size


def test_a_large_member_is_read_with_nothing_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small members side by side, a member of READ_ALONE bytes or more alone: its decoded text takes many times
    its bytes, and two such at once brought a batch worker nearer its memory budget."""
    import threading
    import time

    monkeypatch.setattr(ingest.reader, "READ_ALONE", 50_000)
    letters = [path.read_bytes() for path in _letters(tmp_path, 6)]
    letters[3] += b"\n" + "Nội dung kèm theo. ".encode() * 4000  # ~90 KB
    archive = _archive(tmp_path, {f"cong-van-{index}.txt": data for index, data in enumerate(letters)})
    running: set[str] = set()
    beside: dict[str, set[str]] = {}
    lock = threading.Lock()
    with FileReader(Settings(ocr_threads=2)) as reader:
        original = reader._read_document

        def watched(name: str, *args: object) -> object:
            with lock:
                for other in running:
                    beside.setdefault(other, set()).add(name)
                    beside.setdefault(name, set()).add(other)
                running.add(name)
            time.sleep(0.2)
            with lock:
                running.discard(name)
            return original(name, *args)  # type: ignore[arg-type]

        reader._read_document = watched  # type: ignore[method-assign]
        records = list(reader.read_paths([archive]))
    large = f"{archive}!cong-van-3.txt"
    assert [record.status for record in records] == ["ok"] * 6
    assert large not in beside
    assert any(beside.get(f"{archive}!cong-van-{index}.txt") for index in (0, 1, 2, 4, 5))
