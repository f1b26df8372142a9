"""The originals store: each file's bytes once, under its SHA-256, never modified.

A write goes to a temporary file in the same folder and is renamed into place, so an interrupted run leaves
either the whole file or nothing; an existing file is never rewritten. Stored files are read-only.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from model.errors import StoreError, os_reason


class OriginalStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StoreError("store.bad_hash", repr(sha256), stage="corpus")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, data: bytes, sha256: str | None = None) -> str:
        actual = hashlib.sha256(data).hexdigest()
        if sha256 is not None and sha256 != actual:
            raise StoreError("store.bad_hash", f"nội dung không khớp {sha256}", stage="corpus")
        target = self.path_for(actual)
        if target.is_file():
            return actual
        try:
            self._write(target, data)
        except OSError as error:  # a full disk, a read-only or foreign folder: said, not a traceback
            raise StoreError(
                "storage.unwritable", f"{self.root}: {os_reason(error)}", stage="corpus"
            ) from error
        return actual

    @staticmethod
    def _write(target: Path, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o444)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise StoreError("store.missing", sha256, stage="corpus") from error
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoreError("store.damaged", sha256, stage="corpus")
        return data
