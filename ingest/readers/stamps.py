"""What a signed page shows beyond its text layer: the number and day stamped in at signing.

The government signing service (VGCA's sign client, eSignature, iText-based tools) writes a document's number
and day into the page when it is issued, as annotation or form-field appearances added in an incremental
update; the page's own text layer keeps the blanks of the draft (`Số:      /BNV-TCPCP`, `ngày   tháng 12`).
What the page shows is the truth, so for a page with annotations that draw text, the annotations alone are
drawn onto an emptied copy of the page (qpdf's flattening, through pikepdf) and parsed (a few characters, cheap),
and those characters are merged into the original line they sit on: they replace the blanks they cover and take
that line's height, so the text reads `Số: 11902 /BNV-TCPCP` and the word boxes stay in reading order.

Everything here is a help: any failure (pdfplumber's own `page.annots` recurses without end on some signed
files, and is never called; a broken annotation; qpdf refusing a file) leaves the page as its text layer reads.
"""

from __future__ import annotations

import io
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

import pdfplumber.page
import pdfplumber.utils
import pikepdf
from pdfminer.pdftypes import resolve1

log = logging.getLogger(__name__)

Char = dict[str, Any]
# annotation flags (PDF 32000 §12.5.3): Hidden and NoView pages are not shown on screen
HIDDEN, NO_VIEW = 1 << 1, 1 << 5
NOT_DRAWN = {"/Link", "/Popup"}
MAX_ANNOTATIONS = 200  # per page: more is not a signed official document but something else
MAX_DEPTH = 8  # nested appearance forms (VGCA draws /FRM, which draws /n0 and /n2)
PLACEHOLDERS = {".", "…", "_"}
TEXT_OPERATOR = re.compile(rb"(?<![A-Za-z])BT(?![A-Za-z])")


def has_annotations(plumber_page: pdfplumber.page.Page) -> bool:
    """Whether the page lists any annotation: a dictionary look-up, no parsing, never an error."""
    try:
        annotations = resolve1(plumber_page.page_obj.attrs.get("Annots"))
        return isinstance(annotations, list) and len(annotations) > 0
    except Exception as error:  # a malformed /Annots (or a reference loop): read the text layer as it is
        log.info("page %s: annotations not listed (%s)", getattr(plumber_page, "page_number", "?"), error)
        return False


def draw_stamps(data: bytes, indexes: Iterable[int]) -> tuple[bytes, list[int]] | None:
    """A copy of the PDF in which each of the pages `indexes` (0-based) whose annotations draw text shows those
    annotations alone, drawn into its content (qpdf's flattening) over an emptied page, so that parsing it costs
    only the stamps; and which pages those are. None when no listed page has such an annotation, or when the
    file cannot be drawn."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            drawn = [index for index in indexes if index < len(pdf.pages) and _draws_text(pdf.pages[index])]
            if not drawn:
                return None
            for page in pdf.pages:  # every page emptied: the stamps are drawn on blank pages of the same size
                page.obj.Contents = pdf.make_stream(b"")
            pdf.flatten_annotations(mode="screen")
            out = io.BytesIO()
            pdf.save(out, encryption=False)
            return out.getvalue(), drawn
    except Exception as error:
        log.warning("stamps not drawn (%s: %s); reading the text layer alone", type(error).__name__, error)
        return None


def _draws_text(page: pikepdf.Page) -> bool:
    annotations = page.obj.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        return False
    for annotation in list(annotations)[:MAX_ANNOTATIONS]:
        try:
            if _appearance_draws_text(annotation):
                return True
        except Exception as error:  # one broken annotation does not hide the others
            log.info("annotation skipped (%s)", error)
    return False


def _appearance_draws_text(annotation: pikepdf.Object) -> bool:
    if not isinstance(annotation, pikepdf.Dictionary):
        return False
    if str(annotation.get("/Subtype", "")) in NOT_DRAWN or int(annotation.get("/F", 0)) & (HIDDEN | NO_VIEW):
        return False
    appearances = annotation.get("/AP")
    normal = appearances.get("/N") if isinstance(appearances, pikepdf.Dictionary) else None
    if isinstance(normal, pikepdf.Dictionary) and not isinstance(normal, pikepdf.Stream):
        normal = normal.get(str(annotation.get("/AS", "/Off")))  # a state dictionary (check boxes)
    return isinstance(normal, pikepdf.Stream) and _form_draws_text(normal, set(), 0)


def _form_draws_text(form: pikepdf.Stream, seen: set[tuple[int, int]], depth: int) -> bool:
    """Whether a form XObject, or one it draws, shows text; loops and deep nesting are cut off."""
    if depth > MAX_DEPTH or (form.is_indirect and form.objgen in seen):
        return False
    if form.is_indirect:
        seen.add(form.objgen)
    if TEXT_OPERATOR.search(form.read_bytes()):
        return True
    resources = form.get("/Resources")
    xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
    if not isinstance(xobjects, pikepdf.Dictionary):
        return False
    for name in list(xobjects.keys())[:MAX_ANNOTATIONS]:
        child = xobjects.get(name)
        is_form = isinstance(child, pikepdf.Stream) and child.get("/Subtype") == "/Form"
        if is_form and _form_draws_text(child, seen, depth + 1):  # type: ignore[arg-type]
            return True
    return False


class TextLayer(Protocol):
    """What the reader needs of a page's text layer: a pdfplumber page, or a `StampedLayer`."""

    @property
    def chars(self) -> list[Char]: ...

    @property
    def page_number(self) -> int: ...

    def extract_text(self) -> str: ...

    def extract_words(self, **kwargs: Any) -> list[Char]: ...


@dataclass
class StampedLayer:
    """A page's text layer with the stamped characters merged in; reads like a pdfplumber page."""

    chars: list[Char]
    page_number: int
    stamped: list[str] = field(default_factory=list)  # the words the stamps draw, in reading order

    def extract_text(self) -> str:
        return pdfplumber.utils.extract_text(self.chars)

    def extract_words(self, **kwargs: Any) -> list[Char]:
        return pdfplumber.utils.extract_words(self.chars, **kwargs)


def stamped_layer(original: TextLayer, drawn: TextLayer) -> StampedLayer | None:
    """The original layer with the characters of `drawn` (the same page showing its stamps alone) merged into
    its lines; None when the stamps add no visible character. A stamp that repeats the page's own text where
    it stands adds nothing."""
    present = {_place(char) for char in original.chars}
    added = [char for char in drawn.chars if _place(char) not in present]
    if not any(char["text"].strip() for char in added):
        return None
    chars = _merge(list(original.chars), added)
    words = pdfplumber.utils.extract_words([char for char in chars if char.get("stamped")])
    return StampedLayer(chars, original.page_number, [word["text"] for word in words])


def _place(char: Char) -> tuple[str, int, int]:
    return char["text"], round(char["x0"]), round(char["top"])


def _same_line(char: Char, other: Char) -> bool:
    middle = (char["top"] + char["bottom"]) / 2
    return other["top"] <= middle <= other["bottom"]


def _placeholder(char: Char) -> bool:
    """A character of a draft's blank: a space, or a dot, ellipsis or underscore of a dotted one."""
    return not char["text"].strip() or char["text"] in PLACEHOLDERS


def _width(char: Char) -> float:
    return float(char["x1"] - char["x0"])


def _overlap(char: Char, blank: Char) -> float:
    return max(0.0, min(char["x1"], blank["x1"]) - max(char["x0"], blank["x0"]))


def _merge(kept: list[Char], added: list[Char]) -> list[Char]:
    """The original characters in their order, with each stamped one placed right after the character before
    it on its line (so words in text-flow order spell `Số: 11902 /BNV-TCPCP`), set on that line's height, and
    the blanks it covers (spaces, the dots of `Số: ....../`) dropped. A stamp on no original line (a banner
    above the header) goes last."""
    after: dict[int | None, list[Char]] = defaultdict(list)
    covered: dict[int, float] = defaultdict(float)  # how much of each original blank stamped characters cover
    by_band: dict[tuple[int, int], list[int]] = {}
    for char in added:
        band = (round(char["top"]), round(char["bottom"]))
        if band not in by_band:
            by_band[band] = [index for index, other in enumerate(kept) if _same_line(char, other)]
        line = by_band[band]
        anchor = None
        for index in line:  # in stream order: the last one starting left of the stamped character wins
            other = kept[index]
            if other["x0"] <= char["x0"] + 0.5 and (anchor is None or other["x0"] >= kept[anchor]["x0"]):
                anchor = index
        if char["text"].strip():
            for index in line:
                if _placeholder(kept[index]):
                    covered[index] += _overlap(char, kept[index])
        placed = {**char, "stamped": True}
        if anchor is not None:
            for name in ("top", "bottom", "doctop", "y0", "y1"):
                placed[name] = kept[anchor][name]
        after[anchor].append(placed)
    # a blank (or a dot of a dotted blank) more than half covered by stamped characters is where the stamp was
    # written in
    dropped = {index for index, width in covered.items() if width > _width(kept[index]) / 2}
    for index in list(dropped):  # the rest of a dotted blank goes with the part the stamp covers
        for step in (-1, 1):
            near = index + step
            while (
                0 <= near < len(kept)
                and kept[near]["text"] in PLACEHOLDERS
                and _same_line(kept[near], kept[index])
            ):
                dropped.add(near)
                near += step
    merged: list[Char] = []
    for index, char in enumerate(kept):
        if index not in dropped:
            merged.append(char)
        merged.extend(after.get(index, ()))
    merged.extend(after.get(None, ()))
    return merged
