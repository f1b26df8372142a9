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
