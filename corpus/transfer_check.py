"""Checking an export archive whole before anything of it is written: `kiemchung import` is all or nothing.

An archive can arrive damaged (a copy cut short, a disk error), edited by hand, or crafted: a manifest
missing or not JSON, a year that is not a number, an original missing or changed after export, a hash that is
really a path, ids planted to collide with rows already in the corpus. Each is a `transfer.damaged` (or
`transfer.not_export`) error naming what is wrong, found before the first row or original is written.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlmodel import SQLModel

from corpus.models import Document, DocumentVersion, FlagRow, MatchRow, PageText, ReviewDecision
from model.errors import TransferError

FORMAT = "kiemchung-export"
Tick = Callable[[int, int], None]  # progress of an export or import: (done, total)
FORMAT_VERSION = 1
CHILDREN: dict[str, Any] = {
    "pages": PageText,
    "matches": MatchRow,
    "flags": FlagRow,
    "versions": DocumentVersion,
}
# row ids are the importing corpus's own: an archive that carries them was not written by export
FOREIGN_KEYS = {"id", "submission_id", "document_id", "user_id"}
DOCUMENT_KEYS = set(Document.model_fields) - FOREIGN_KEYS
SHA256 = re.compile(r"[0-9a-f]{64}")
YEARS = range(1900, 2201)


@dataclass
class ImportEntry:
    """One document of the archive, checked: its row's fields and its children's, ids not yet given."""

    fields: dict[str, Any]
    children: dict[str, list[dict[str, Any]]]
    decisions: list[dict[str, Any]]
    size: int = 0


@dataclass
class CheckedArchive:
    unit: str
    year: int
    framework_id: str | None
    entries: list[ImportEntry] = field(default_factory=list)


def damaged(name: str, what: str) -> TransferError:
    return TransferError("transfer.damaged", f"{name}: {what}", stage="corpus")


def no_tick(done: int, total: int) -> None:
    """The default progress callback of an export or import: nobody is watching."""


def check_archive(archive: zipfile.ZipFile, name: str, tick: Tick = no_tick) -> CheckedArchive:
    """The archive's manifest, documents and originals, every one checked; the first problem is raised.
    `tick(done, total)` after each original, of twice the originals (an import then stores each)."""
    manifest = _json_member(archive, name, "manifest.json")
    if not isinstance(manifest, dict):
        raise damaged(name, "manifest.json không phải một đối tượng JSON")
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise TransferError(
            "transfer.not_export", f"{name} (định dạng {manifest.get('format')!r})", stage="corpus"
        )
    checked = CheckedArchive(*_identity(manifest, name))
    seen: set[str] = set()
    for number, entry in enumerate(_document_lines(archive, name), start=1):
        where = f"văn bản thứ {number} trong documents.jsonl"
        checked.entries.append(_entry(entry, name, where, seen))
    if manifest.get("documents") != len(checked.entries):
        raise damaged(
            name, f"manifest ghi {manifest.get('documents')!r} văn bản, tệp có {len(checked.entries)}"
        )
    for done, entry in enumerate(checked.entries, start=1):
        entry.size = _check_original(archive, name, entry.fields["sha256"], entry.fields["file"])
        tick(done, 2 * len(checked.entries))
    return checked


def _json_member(archive: zipfile.ZipFile, name: str, member: str) -> Any:
    try:
        return json.loads(_read(archive, name, member))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise damaged(name, f"{member} không phải JSON hợp lệ ({error})") from error


def _read(archive: zipfile.ZipFile, name: str, member: str) -> bytes:
    try:
        return archive.read(member)
    except KeyError:
        raise damaged(name, f"thiếu {member}") from None
    except (zipfile.BadZipFile, OSError, EOFError) as error:  # a CRC error, a member cut short
        raise damaged(name, f"{member} không giải nén được ({error})") from error


def _identity(manifest: dict[str, Any], name: str) -> tuple[str, int, str | None]:
    unit, year, framework_id = manifest.get("unit"), manifest.get("year"), manifest.get("framework_id")
    if not isinstance(unit, str) or not unit.strip():
        raise damaged(name, f"tên đơn vị {unit!r} không hợp lệ")
    if isinstance(year, bool) or not isinstance(year, int) or year not in YEARS:
        raise damaged(name, f"năm {year!r} không phải một năm hợp lệ")
    if framework_id is not None and not isinstance(framework_id, str):
        raise damaged(name, f"mã bộ tiêu chí {framework_id!r} không hợp lệ")
    return unit, year, framework_id


def _document_lines(archive: zipfile.ZipFile, name: str) -> list[Any]:
    text = _read(archive, name, "documents.jsonl")
    lines = []
    for number, line in enumerate(io.TextIOWrapper(io.BytesIO(text), encoding="utf-8"), start=1):
        if not line.strip():
            continue
        try:
            lines.append(json.loads(line))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise damaged(
                name, f"dòng {number} của documents.jsonl không phải JSON hợp lệ ({error})"
            ) from error
    return lines


def _entry(entry: Any, name: str, where: str, seen: set[str]) -> ImportEntry:
    if not isinstance(entry, dict):
        raise damaged(name, f"{where} không phải một đối tượng JSON")
    extra = set(entry) - DOCUMENT_KEYS - set(CHILDREN) - {"decisions"}
    if extra:
        raise damaged(name, f"{where} có trường lạ {', '.join(sorted(map(str, extra)))}")
    sha256 = entry.get("sha256")
    if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
        raise damaged(name, f"{where}: mã băm {str(sha256)[:80]!r} không hợp lệ")
    if sha256 in seen:
        raise damaged(name, f"{where}: văn bản {sha256[:12]}… có hai lần")
    seen.add(sha256)
    fields = {key: value for key, value in entry.items() if key in DOCUMENT_KEYS}
    _validated(Document, {**fields, "submission_id": 0}, name, where)
    children = {
        key: _rows(entry.get(key, []), table, name, f"{where}, {key}") for key, table in CHILDREN.items()
    }
    numbers = [row["number"] for row in children["pages"]]
    if len(numbers) != len(set(numbers)):
        raise damaged(name, f"{where}: số trang trùng nhau")
    decisions = _rows(
        entry.get("decisions", []), ReviewDecision, name, f"{where}, decisions", frozenset({"username"})
    )
    for decision in decisions:
        if decision.get("username") is not None and not isinstance(decision["username"], str):
            raise damaged(name, f"{where}: tên người duyệt {decision['username']!r} không hợp lệ")
    return ImportEntry(fields, children, decisions)


def _rows(
    rows: Any, table: type[SQLModel], name: str, where: str, allowed: frozenset[str] = frozenset()
) -> list[dict[str, Any]]:
    """Child rows as the table would take them, with no ids of their own or of their document."""
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise damaged(name, f"{where} không phải danh sách đối tượng")
    for row in rows:
        extra = set(row) - (set(table.model_fields) - FOREIGN_KEYS) - allowed
        if extra:
            raise damaged(name, f"{where} có trường lạ {', '.join(sorted(map(str, extra)))}")
        placeholders = {"document_id": 0, "submission_id": 0}
        _validated(table, {**{k: v for k, v in row.items() if k not in allowed}, **placeholders}, name, where)
    return rows


def _validated(table: type[SQLModel], values: dict[str, Any], name: str, where: str) -> None:
    try:
        table.model_validate(values)
    except ValidationError as error:
        problem = error.errors()[0]
        field_name = ".".join(str(part) for part in problem["loc"])
        raise damaged(name, f"{where}: trường {field_name} không hợp lệ ({problem['type']})") from error


def _check_original(archive: zipfile.ZipFile, name: str, sha256: str, file: str) -> int:
    """The original's bytes hash to its name (read a block at a time: originals can be large)."""
    member = f"originals/{sha256}"
    digest, size = hashlib.sha256(), 0
    try:
        with archive.open(member) as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
                size += len(block)
    except KeyError:
        raise damaged(name, f"thiếu tệp gốc của {file}") from None
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise damaged(name, f"tệp gốc của {file} không giải nén được ({error})") from error
    if digest.hexdigest() != sha256:
        raise damaged(name, f"tệp gốc của {file} không khớp mã băm")
    return size
