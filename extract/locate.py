"""Where on the page a value was read: the box around the words that spell its source text, so the review UI
can highlight it on the page image. Word boxes come from OCR or from a PDF's text layer, in pixels at the page's
dpi; a page without them (DOCX, plain text) has no boxes, and a value is then shown by its text alone."""

from __future__ import annotations

import unicodedata

from model.records import Page

Box = tuple[int, int, int, int]
PUNCTUATION = ".,;:()[]\"'“”‘’"


def _norm(token: str) -> str:
    return unicodedata.normalize("NFC", token).strip(PUNCTUATION).casefold()


def _run_at(folded: list[str], tokens: list[str], start: int) -> int | None:
    """Where the first run of consecutive words from `start` spells the tokens (case and edge punctuation aside)."""
    for index in range(start, len(folded) - len(tokens) + 1):
        if all(folded[index + i] == token for i, token in enumerate(tokens)):
            return index
    return None


def locate(page: Page, text: str) -> Box | None:
    """The box around the words of `text` on the page (parts joined by " / " are lines, found in order one after
    the other); None when the page has no word boxes or a part is not spelled by consecutive words."""
    if not page.words:
        return None
    folded = [_norm(word.text) for word in page.words]
    boxes: list[Box] = []
    start = 0
    for part in text.split(" / "):
        tokens = [token for token in (_norm(t) for t in part.split()) if token]
        if not tokens:
            continue
        found = _run_at(folded, tokens, start)
        if found is None:
            return None
        boxes.extend(word.bbox for word in page.words[found : found + len(tokens)])
        start = found + len(tokens)
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def locate_lines(page: Page, lines: list[str]) -> list[Box | None]:
    """The box of each line, found in order one after the other; None for a line not spelled by consecutive
    words (the search goes on after the last line found)."""
    words = page.words or []
    folded = [_norm(word.text) for word in words]
    boxes: list[Box | None] = []
    start = 0
    for line in lines:
        tokens = [token for token in (_norm(t) for t in line.split()) if token]
        found = _run_at(folded, tokens, start) if tokens else None
        if found is None:
            boxes.append(None)
            continue
        run = [word.bbox for word in words[found : found + len(tokens)]]
        boxes.append(
            (min(b[0] for b in run), min(b[1] for b in run), max(b[2] for b in run), max(b[3] for b in run))
        )
        start = found + len(tokens)
    return boxes
