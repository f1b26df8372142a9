"""The trust roots an administrator configures: a folder of certificates (PEM, or DER `.cer`/`.crt`).

None are bundled: without the folder every intact signature has an "unknown root", never "valid". The folder
is read once per change of its contents (name and modification time of each file), not once per document.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from asn1crypto import pem, x509

log = logging.getLogger(__name__)
SUFFIXES = {".pem", ".crt", ".cer", ".der"}
MAX_FILES = 500


def load_roots(folder: Path | None) -> list[x509.Certificate]:
    """The certificates in `folder` (empty when it is unset or missing); a file that is no certificate is
    skipped with a log line, never an error: a bad root only means fewer signatures are called valid."""
    if folder is None or not folder.is_dir():
        return []
    files = sorted(path for path in folder.iterdir() if path.suffix.lower() in SUFFIXES and path.is_file())
    return list(_load(tuple((str(path), path.stat().st_mtime_ns) for path in files[:MAX_FILES])))


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[str, int], ...]) -> tuple[x509.Certificate, ...]:
    roots: list[x509.Certificate] = []
    for name, _ in files:
        try:
            data = Path(name).read_bytes()
            blocks = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            roots.extend(x509.Certificate.load(block) for block in blocks)
        except Exception as error:
            log.warning("trust root %s skipped (%s: %s)", name, type(error).__name__, error)
    log.info("%d trust roots loaded", len(roots))
    return tuple(roots)
