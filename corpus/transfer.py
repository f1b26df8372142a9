"""Export and import of one unit-year as a single ZIP: originals, records, matches, flags, decisions, history.

For moving a unit's evidence between servers and for backups. The archive holds `manifest.json`,
`documents.jsonl` (one document per line with its children) and `originals/<sha256>`. Import checks every
original against its hash and every field before writing anything (transfer_check.py), skips documents
already present, and writes the rest in one transaction. Export writes a temporary file beside its target and
renames it into place: a full disk or a stopped run leaves the previous file as it was, never half a ZIP.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError, StatementError
from sqlmodel import Session, select

from corpus.bulk import head_text, index_documents
from corpus.models import (
    AuditEntry,
    Document,
    FlagRow,
    Original,
    ReviewDecision,
    Submission,
    Unit,
    User,
)
from corpus.repository import Corpus, submission_row, user_id_for
from corpus.transfer_check import (
    CHILDREN,
    FORMAT,
    FORMAT_VERSION,
    CheckedArchive,
    ImportEntry,
    Tick,
    check_archive,
    damaged,
    no_tick,
)
from model.errors import StoreError, TransferError, UsageError, os_reason


def export_submission(corpus: Corpus, unit: str, year: int, target: Path, tick: Tick = no_tick) -> int:
    """Write the unit-year to `target`; returns the number of documents. `tick(done, total)` after each
    original (compressing a unit's scans is most of an export's time)."""
    with Session(corpus.engine) as session:
        submission = submission_row(session, unit, year)
        if submission is None:
            raise TransferError("transfer.not_found", f"{unit}, năm {year}", stage="corpus")
        documents = session.exec(select(Document).where(Document.submission_id == submission.id)).all()
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION, "unit": unit, "year": year,
            "framework_id": submission.framework_id, "documents": len(documents),
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }  # fmt: skip
        with (
            _replaced_on_success(target) as partial,
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            lines = [
                json.dumps(_document_entry(session, document), ensure_ascii=False) for document in documents
            ]
            archive.writestr("documents.jsonl", "\n".join(lines) + "\n")
            hashes = sorted({document.sha256 for document in documents})
            for done, sha256 in enumerate(hashes, start=1):
                try:
                    archive.writestr(f"originals/{sha256}", corpus.store.get(sha256))
                except StoreError as error:
                    raise TransferError(
                        "transfer.failed", f"{unit}, năm {year}: {error.message}", stage="corpus"
                    ) from error
                tick(done, len(hashes))
    return len(documents)


@contextmanager
def _replaced_on_success(target: Path) -> Iterator[Path]:
    """A temporary file beside `target`, renamed onto it once whole; any failure (a full disk, Ctrl-C)
    removes it and leaves `target` as it was. A refused write is said in Vietnamese, not as a traceback."""
    partial = target
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
        os.close(handle)
        partial = Path(name)
        os.chmod(partial, target.stat().st_mode & 0o777 if target.is_file() else 0o644)
        yield partial
        os.replace(partial, target)
    except OSError as error:
        if partial != target:
            partial.unlink(missing_ok=True)
        raise UsageError("output.unwritable", f"{target}: {os_reason(error)}", stage="corpus") from error
    except BaseException:
        if partial != target:
            partial.unlink(missing_ok=True)
        raise


def _document_entry(session: Session, document: Document) -> dict[str, Any]:
    entry = document.model_dump(mode="json", exclude={"id", "submission_id"})
    for name, table in CHILDREN.items():
        rows = session.exec(select(table).where(table.document_id == document.id)).all()
        entry[name] = [
            row.model_dump(mode="json", exclude={"id", "document_id", "submission_id"}) for row in rows
        ]
    decisions = session.exec(select(ReviewDecision).where(ReviewDecision.document_id == document.id)).all()
    entry["decisions"] = [_decision_entry(session, decision) for decision in decisions]
    return entry


def _decision_entry(session: Session, decision: ReviewDecision) -> dict[str, Any]:
    entry = decision.model_dump(mode="json", exclude={"id", "document_id", "user_id"})
    user = session.get(User, decision.user_id) if decision.user_id else None
    entry["username"] = user.username if user else None
    return entry


def import_submission(
    corpus: Corpus, source: Path, actor: str, tick: Tick = no_tick
) -> tuple[str, int, int, int]:
    """Read an export into the corpus: (unit, year, documents added, documents already there). The whole
    archive is checked first (transfer_check.py), then written in one transaction: all of it or nothing.
    `tick(done, total)` after each original checked, then after each one stored (twice the originals)."""
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as error:
        raise TransferError(
            "transfer.not_export", f"{source} (không phải tệp ZIP)", stage="corpus"
        ) from error
    except OSError as error:  # not there, a folder, not readable: the path is what the user must check
        reason = "không có quyền đọc" if error.errno in (errno.EACCES, errno.EPERM) else os_reason(error)
        raise UsageError("usage.no_input", f"{source}: {reason}", stage="corpus") from error
    with archive:
        checked = check_archive(archive, source.name, tick)
        total = 2 * len(checked.entries)
        for done, entry in enumerate(checked.entries, start=len(checked.entries) + 1):
            # content-addressed: an original already there is not written again
            corpus.store.put(archive.read(f"originals/{entry.fields['sha256']}"), entry.fields["sha256"])
            tick(done, total)
    for attempt in range(2):  # a concurrent import of the same unit-year may create it first
        try:
            added = _import_all(corpus, checked, actor)
            break
        except IntegrityError as error:
            if attempt:
                raise damaged(source.name, f"không ghi được vào kho ({error.orig})") from error
        except (DataError, StatementError) as error:
            raise damaged(source.name, f"không ghi được vào kho ({error.orig})") from error
    return checked.unit, checked.year, added, len(checked.entries) - added


def _import_all(corpus: Corpus, checked: CheckedArchive, actor: str) -> int:
    with Session(corpus.engine) as session, session.begin():
        submission_id = _submission_id(session, checked)
        present = set(
            session.exec(select(Document.sha256).where(Document.submission_id == submission_id)).all()
        )
        entries = [entry for entry in checked.entries if entry.fields["sha256"] not in present]
        for entry in entries:
            _import_document(session, submission_id, entry, actor)
    return len(entries)


def _submission_id(session: Session, checked: CheckedArchive) -> int:
    """The unit-year's row inside the import's transaction (created with it, or not at all)."""
    found = submission_row(session, checked.unit, checked.year)
    if found is None:
        unit = session.exec(select(Unit).where(Unit.name == checked.unit)).first() or Unit(name=checked.unit)
        session.add(unit)
        session.flush()
        assert unit.id is not None
        found = Submission(unit_id=unit.id, year=checked.year, framework_id=checked.framework_id)
    elif checked.framework_id and found.framework_id != checked.framework_id:
        found.framework_id = checked.framework_id
    session.add(found)
    session.flush()
    assert found.id is not None
    return found.id


def _import_document(session: Session, submission_id: int, entry: ImportEntry, actor: str) -> None:
    sha256 = entry.fields["sha256"]
    if session.get(Original, sha256) is None:
        session.add(Original(sha256=sha256, size=entry.size, first_name=entry.fields["file"]))
        session.flush()  # the document row refers to it
    document = Document.model_validate({**entry.fields, "submission_id": submission_id})
    session.add(document)
    session.flush()
    assert document.id is not None
    for name, table in CHILDREN.items():
        for row in entry.children[name]:
            extra = {"submission_id": submission_id} if table is FlagRow else {}
            session.add(table.model_validate({**row, **extra, "document_id": document.id}))
    for decision in entry.decisions:
        fields = {key: value for key, value in decision.items() if key != "username"}
        user_id = user_id_for(session, decision.get("username"))
        session.add(ReviewDecision.model_validate({**fields, "document_id": document.id, "user_id": user_id}))
    body = "\n".join(page["text"] for page in entry.children["pages"]) + "\n" + document.file
    index_documents(session.connection(), [(document.id, head_text(document.model_dump()), body)])
    session.add(AuditEntry(actor=actor, action="document.imported", entity="document",
                           entity_id=str(document.id), detail={"sha256": document.sha256}))  # fmt: skip
