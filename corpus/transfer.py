"""Export and import of one unit-year as a single ZIP: originals, records, matches, flags, decisions, history.

For moving a unit's evidence between servers and for backups. The archive holds `manifest.json`,
`documents.jsonl` (one document per line with its children) and `originals/<sha256>`. Import checks every
original against its hash before writing anything of that document, and skips documents already present.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from corpus.bulk import head_text, index_documents
from corpus.models import (
    AuditEntry,
    Document,
    DocumentVersion,
    FlagRow,
    MatchRow,
    Original,
    PageText,
    ReviewDecision,
    User,
)
from corpus.repository import Corpus, submission_row, user_id_for
from model.errors import StoreError, TransferError

FORMAT = "kiemchung-export"
FORMAT_VERSION = 1
_CHILDREN: dict[str, Any] = {
    "pages": PageText,
    "matches": MatchRow,
    "flags": FlagRow,
    "versions": DocumentVersion,
}


def export_submission(corpus: Corpus, unit: str, year: int, target: Path) -> int:
    """Write the unit-year to `target`; returns the number of documents."""
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
        partial = target.with_name(f".{target.name}.partial")
        with (
            _replaced_on_success(partial, target),
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            lines = [
                json.dumps(_document_entry(session, document), ensure_ascii=False) for document in documents
            ]
            archive.writestr("documents.jsonl", "\n".join(lines) + "\n")
            for sha256 in sorted({document.sha256 for document in documents}):
                try:
                    archive.writestr(f"originals/{sha256}", corpus.store.get(sha256))
                except StoreError as error:
                    raise TransferError(
                        "transfer.failed", f"{unit}, năm {year}: {error.message}", stage="corpus"
                    ) from error
    return len(documents)


@contextmanager
def _replaced_on_success(partial: Path, target: Path) -> Iterator[None]:
    """The archive is written beside its target and renamed into place whole; a failure leaves nothing."""
    try:
        yield
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)


def _document_entry(session: Session, document: Document) -> dict[str, Any]:
    entry = document.model_dump(mode="json", exclude={"id", "submission_id"})
    for name, table in _CHILDREN.items():
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


def import_submission(corpus: Corpus, source: Path, actor: str) -> tuple[str, int, int, int]:
    """Read an export into the corpus: (unit, year, documents added, documents already there)."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise TransferError("transfer.not_export", f"{source} ({error})", stage="corpus") from error
    with archive:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
            raise TransferError(
                "transfer.not_export", f"{source} (định dạng {manifest.get('format')!r})", stage="corpus"
            )
        unit, year = manifest["unit"], int(manifest["year"])
        submission_id = corpus.submission(unit, year, manifest.get("framework_id"))
        added = present = 0
        for line in archive.read("documents.jsonl").decode("utf-8").splitlines():
            if not line.strip():
                continue
            entry = json.loads(line)
            data = archive.read(f"originals/{entry['sha256']}")
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise TransferError(
                    "transfer.damaged",
                    f"{source}: tệp gốc của {entry['file']} không khớp mã băm",
                    stage="corpus",
                )
            corpus.store.put(data, entry["sha256"])
            if _import_document(corpus, submission_id, entry, len(data), actor):
                added += 1
            else:
                present += 1
    return unit, year, added, present


def _import_document(
    corpus: Corpus, submission_id: int, entry: dict[str, Any], size: int, actor: str
) -> bool:
    with Session(corpus.engine) as session, session.begin():
        exists = session.exec(
            select(Document.id).where(
                Document.submission_id == submission_id, Document.sha256 == entry["sha256"]
            )
        ).first()
        if exists is not None:
            return False
        if session.get(Original, entry["sha256"]) is None:
            session.add(Original(sha256=entry["sha256"], size=size, first_name=entry["file"]))
            session.flush()  # the document row refers to it
        fields = {k: v for k, v in entry.items() if k not in (*_CHILDREN, "decisions")}
        document = Document.model_validate({**fields, "submission_id": submission_id})
        session.add(document)
        session.flush()
        assert document.id is not None
        for name, table in _CHILDREN.items():
            for row in entry[name]:
                extra = {"submission_id": submission_id} if table is FlagRow else {}
                session.add(table.model_validate({**row, **extra, "document_id": document.id}))
        for decision in entry["decisions"]:
            user_id = user_id_for(session, decision.pop("username"))
            session.add(
                ReviewDecision.model_validate({**decision, "document_id": document.id, "user_id": user_id})
            )
        body = "\n".join(page["text"] for page in entry["pages"]) + "\n" + document.file
        index_documents(session.connection(), [(document.id, head_text(document.model_dump()), body)])
        session.add(AuditEntry(actor=actor, action="document.imported", entity="document",
                               entity_id=str(document.id), detail={"sha256": document.sha256}))  # fmt: skip
    return True
