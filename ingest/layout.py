"""The two-column header of an official document, read as two columns.

Nghị định 30 puts the issuer block and `Số:` at top left and the national motto and the place-and-date line at
top right. Tesseract often merges the two into one line and then drops or garbles `Số: 42/BC-SNV`, the value
that matters most. Cropping the columns apart fixes it, but every extra Tesseract call costs a model load, so
the page is rearranged instead: left header column, then right header column, then the rest of the page,
stacked into one image and read in one call. Word boxes are mapped back through the same regions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from ingest.preprocess import MASK_WIDTH, ink_mask

GUTTER_RANGE = (0.22, 0.62)  # where the gap between the header columns may lie, as a share of the width
MIN_GUTTER = 0.012  # narrowest gap accepted, as a share of the width
MAX_HEADER_SHARE = 0.4  # the header band lies in the top part of the page
SPACING = 40  # white pixels between stacked regions


@dataclass(frozen=True)
class Region:
    source: tuple[int, int, int, int]  # box on the page
    top: int  # where its top lands in the composed image


@dataclass(frozen=True)
class Composition:
    image: Image.Image
    regions: tuple[Region, ...]

    def to_page(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """Map a box on the composed image back onto the page."""
        x0, y0, x1, y1 = box
        for region in self.regions:
            left, top, _right, bottom = region.source
            height = bottom - top
            if region.top - SPACING // 2 <= y0 < region.top + height + SPACING // 2:
                dy = top - region.top
                return x0 + left, y0 + dy, x1 + left, y1 + dy
        return box


def _line_runs(rows: np.ndarray) -> list[tuple[int, int]]:
    padded = np.concatenate(([False], rows, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[0::2].tolist(), edges[1::2].tolist(), strict=True))


def find_header_split(gray: Image.Image, mask: np.ndarray | None = None) -> tuple[int, int] | None:
    """(gutter x, band bottom y) in page pixels, or None when the page has no two-column header; `mask`: the
    page's ink mask at MASK_WIDTH when already made."""
    if mask is None:
        mask = ink_mask(gray, min(gray.width, MASK_WIDTH))
    height, width = mask.shape
    factor = gray.width / width
    lines = [run for run in _line_runs(mask.sum(axis=1) >= 2) if run[1] - run[0] >= 3]
    lines = [run for run in lines if run[0] < height * MAX_HEADER_SHARE][:10]
    if len(lines) < 3:
        return None
    # the gap must be clear in the first two lines (issuer | motto) and have ink on both sides
    band = mask[lines[0][0] : lines[1][1]]
    gutter = _widest_gap(band.sum(axis=0) == 0, int(width * GUTTER_RANGE[0]), int(width * GUTTER_RANGE[1]))
    if gutter is None or gutter[1] - gutter[0] < MIN_GUTTER * width:
        return None
    if band[:, : gutter[0]].sum() == 0 or band[:, gutter[1] :].sum() == 0:
        return None
    last = 1
    for index in range(2, len(lines)):
        top, end = lines[index]
        narrowed = _widest_gap(mask[top:end].sum(axis=0) == 0, *gutter)
        if narrowed is None or narrowed[1] - narrowed[0] < MIN_GUTTER * width:
            break  # a line across the gutter (the type heading, the body) ends the header band
        gutter, last = narrowed, index
    if last + 1 < len(lines):
        bottom = (lines[last][1] + lines[last + 1][0]) // 2  # cut in the white between two lines
    else:
        bottom = min(lines[last][1] + (lines[last][1] - lines[last][0]), height)
    middle = (gutter[0] + gutter[1]) // 2
    return round(middle * factor), round(bottom * factor)


def _widest_gap(empty: np.ndarray, low: int, high: int) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for start, end in _line_runs(empty[low:high]):
        if best is None or end - start > best[1] - best[0]:
            best = (start + low, end + low)
    return best


def compose(gray: Image.Image, mask: np.ndarray | None = None) -> Composition | None:
    split = find_header_split(gray, mask)
    if split is None:
        return None
    gutter, band_bottom = split
    boxes = [
        (0, 0, gutter, band_bottom),
        (gutter, 0, gray.width, band_bottom),
        (0, band_bottom, gray.width, gray.height),
    ]
    total = sum(box[3] - box[1] for box in boxes) + SPACING * (len(boxes) - 1)
    composed = Image.new("L", (gray.width, total), 255)
    regions = []
    top = 0
    for box in boxes:
        composed.paste(gray.crop(box), (0, top))
        regions.append(Region(box, top))
        top += box[3] - box[1] + SPACING
    return Composition(composed, tuple(regions))
