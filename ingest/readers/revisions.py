"""Whether a later revision of a signed PDF changed what its pages draw.

pyHanko's difference analysis is strict by design: it names every object a later revision touched and accepts
only the updates its rules explain (new signatures, form filling, annotations). The signing tools in real use
go beyond those rules without changing a word of the document: VGCA's service frees objects, iText rewrites a
page's MediaBox with rounder numbers, a certification signature is followed by another signature of the same
body. So when pyHanko cannot explain a change, the question the issue asks is answered directly: does every page
of the file draw what the same page of the signed revision drew (same page count, same content streams, same
images and forms it paints, same size)? If yes, the change is outside the content; if not, it was modified.
"""

from __future__ import annotations

import hashlib
import io
import logging

import pikepdf

log = logging.getLogger(__name__)

MAX_PAGES = 2000  # a drawn-content fingerprint is cheap, but not without end
MAX_DEPTH = 8  # nested forms


def same_drawn_content(signed: bytes, current: bytes) -> bool | None:
    """Whether the file `current` draws on every page exactly what `signed` (the signed revision: the file's
    bytes up to the end of that revision) drew; None when either cannot be opened."""
    before, after = drawn_fingerprints(signed), drawn_fingerprints(current)
    if before is None or after is None:
        return None
    return len(before) == len(after) and all(
        digest == other and _same_box(box, other_box)
        for (box, digest), (other_box, other) in zip(before, after, strict=True)
    )


def _same_box(box: list[float], other: list[float]) -> bool:
    """Page sizes equal within a point: tools rewrite 595.34997559 as 595.35."""
    return len(box) == len(other) and all(abs(a - b) < BOX_TOLERANCE for a, b in zip(box, other, strict=True))


BOX_TOLERANCE = 1.0  # PDF points


def drawn_fingerprints(data: bytes) -> list[tuple[list[float], str]] | None:
    """One digest per page of everything the page paints (annotations aside: they are a later signer's)."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                return None
            return [_page_fingerprint(page) for page in pdf.pages]
    except Exception as error:  # a file pikepdf cannot open: the caller says "unknown", never "modified"
        log.info("drawn content not compared (%s: %s)", type(error).__name__, error)
        return None


def _page_fingerprint(page: pikepdf.Page) -> tuple[list[float], str]:
    """The page's size, and a digest of its rotation, content streams and the forms and images it paints."""
    digest = hashlib.sha256()
    box = page.obj.get("/MediaBox")
    size = [float(value) for value in box] if isinstance(box, pikepdf.Array) else []
    digest.update(repr(int(page.obj.get("/Rotate", 0))).encode())
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    for stream in streams:
        if isinstance(stream, pikepdf.Stream):
            digest.update(_stream_bytes(stream))
    _digest_resources(page.obj.get("/Resources"), digest, set(), 0)
    return size, digest.hexdigest()


def _digest_resources(
    resources: object, digest: hashlib._Hash, seen: set[tuple[int, int]], depth: int
) -> None:
    """The images and forms a page paints, by name, in name order; nested forms followed to MAX_DEPTH."""
    if depth > MAX_DEPTH or not isinstance(resources, pikepdf.Dictionary):
        return
    xobjects = resources.get("/XObject")
    if not isinstance(xobjects, pikepdf.Dictionary):
        return
    for name in sorted(xobjects.keys()):
        child = xobjects.get(name)
        if not isinstance(child, pikepdf.Stream):
            continue
        digest.update(name.encode())
        if child.is_indirect and child.objgen in seen:
            continue
        if child.is_indirect:
            seen.add(child.objgen)
        digest.update(_stream_bytes(child))
        if child.get("/Subtype") == "/Form":
            _digest_resources(child.get("/Resources"), digest, seen, depth + 1)


def _stream_bytes(stream: pikepdf.Stream) -> bytes:
    """The stream decoded where pikepdf can (so a re-compression is no change), raw otherwise (images)."""
    try:
        return hashlib.sha256(stream.read_bytes()).digest()
    except Exception:
        return hashlib.sha256(stream.read_raw_bytes()).digest()
