"""Marks of a Word document still being edited: tracked changes and comments, read from the package's XML.

An issued document is final; a file that still carries an insertion or deletion waiting for acceptance, or a
reviewer's comment, is a draft whatever its text says. A look at two parts of the package, no parsing beyond
finding the elements (the archive's sizes are checked before the reader opens it).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile

log = logging.getLogger(__name__)
# a revision element of WordprocessingML: inserted or deleted runs, moved text
TRACKED = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)\b[^>]*\bw:author=")
COMMENT = re.compile(rb"<w:comment\b")


def draft_marks(data: bytes) -> list[str] | None:
    """`tracked_changes` and/or `comments` when the package has them; None for a clean (or unreadable) one."""
    marks: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
            if "word/document.xml" in names and TRACKED.search(package.read("word/document.xml")):
                marks.append("tracked_changes")
            if "word/comments.xml" in names and COMMENT.search(package.read("word/comments.xml")):
                marks.append("comments")
    except Exception as error:  # the reader has already opened the package; a help, never an error
        log.info("draft marks not read (%s: %s)", type(error).__name__, error)
        return None
    return marks or None
