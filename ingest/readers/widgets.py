"""Where each signature field is drawn: its page and box, the evidence a reviewer is shown."""

from __future__ import annotations

import io
import logging

import pikepdf

log = logging.getLogger(__name__)
MAX_ANNOTATIONS = 200  # per page, as in `stamps`

Box = tuple[int, int, int, int]


def signature_boxes(data: bytes) -> dict[str, tuple[int, Box]]:
    """Field name → (page number from 1, box in PDF points measured from the top left), for every signature
    widget on the pages; empty when the file cannot be opened (the box is a help)."""
    boxes: dict[str, tuple[int, Box]] = {}
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                height = float(page.mediabox[3]) if len(page.mediabox) == 4 else 842.0
                annotations = page.obj.get("/Annots")
                if not isinstance(annotations, pikepdf.Array):
                    continue
                for widget in list(annotations)[:MAX_ANNOTATIONS]:
                    named = _signature_widget(widget)
                    if named is not None and named[0] not in boxes:
                        boxes[named[0]] = (number, _box(named[1], height))
    except Exception as error:
        log.info("signature boxes not read (%s: %s)", type(error).__name__, error)
    return boxes


def _signature_widget(widget: object) -> tuple[str, pikepdf.Array] | None:
    """The field name and rectangle of a signature widget (the field itself, or its parent's kid)."""
    if not isinstance(widget, pikepdf.Dictionary) or not isinstance(widget.get("/Rect"), pikepdf.Array):
        return None
    field = widget if "/T" in widget else widget.get("/Parent")
    if not isinstance(field, pikepdf.Dictionary) or field.get("/FT") != "/Sig" or "/T" not in field:
        return None
    rect = widget.get("/Rect")
    return (str(field.T), rect) if isinstance(rect, pikepdf.Array) else None


def _box(rect: pikepdf.Array, height: float) -> Box:
    x0, y0, x1, y1 = (float(value) for value in rect)
    left, right, bottom, top = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return round(left), round(height - top), round(right), round(height - bottom)
