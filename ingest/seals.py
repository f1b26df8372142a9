"""The seal (con dấu) and the handwritten signature on a scan's page, found by colour and shape (OpenCV), with no
trained model: the page image is at hand only while reading, so this runs at read time and leaves a small typed
summary (`PageMarks`) for the validity stage to judge.

Every page is looked at on a copy about 100 dpi wide (an A4 page 840 pixels across), so sizes are in
millimetres and the detector stays far under 50 ms a page:
- a colour page: the seal is a red, round, ring-shaped blob 20–55 mm across that the page edge does not cut
  (the red `ĐẾN` box of a receiving office is a rectangle; a seal across two sheets, giáp lai, is cut);
- a faint seal (a dry pad; a phone photo's white balance, uneven light and JPEG wash pink out) is looked for when
  no seal shows in plain red: on the page's colours divided by the paper's own around them, pale red ink is
  found as a circle of a seal's size (the Hough transform joins the arcs it breaks into) that is a ring: inked
  in most directions, paper just inside and outside its band, not a filled disc (a logo, in any red);
- a grey page cannot show red: the seal is a ring (a circle of ink found by the Hough transform, inked all
  round a thin band, refitted to its ink and widened to its outer ring); where none is found, the seal is
  "unknown", never "absent";
- the signature: a stroke of non-red ink taller and wider than printed letters (5–45 mm by 12–100 mm), sparse
  like handwriting, in the right part of the page where the signer's block stands (the red seal is no dark ink,
  and a grey ring's disc is masked out first: Nghị định 30 puts the seal over the signature's left third, so
  what is left of a signature beside that disc may be half as wide).
Ink is found with hysteresis: a faint pen or a thin ring at 100 dpi breaks up under a fixed threshold.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image

from ingest.rings import (
    Box,
    Circle,
    band_share,
    band_shares,
    circle_box,
    disc,
    longest_gap,
    refit,
    ring_coverage,
    ring_hits,
    roundness,
    thin_ring,
)
from model.records import MarkState, PageMarks

A4_WIDTH_MM = 210
WORK_WIDTH = 840  # pixels across the page while looking: 4 pixels a millimetre on A4
GREY_MODES = {"1", "L", "LA", "I", "I;16", "F", "P"}
COLOUR_SHARE = (
    0.002  # pixels with some chroma on a colour scan (paper tint, scanner noise) even without a seal
)
SEAL_MM = (20.0, 55.0)  # a seal's diameter: 30–42 mm by the rules, printed and scanned with some slack
SIGNATURE_HEIGHT_MM = (5.0, 45.0)
SIGNATURE_WIDTH_MM = (12.0, 100.0)
SIGNATURE_MAX_DENSITY = 0.3  # ink share of a signature's box: strokes, not a filled shape (nor merged print)
PEN_MAX_DENSITY = 0.3  # a coloured pen is never print: only a filled shape is refused
SIGNER_SIDE = 0.35  # the signer's block stands right of this share of the page width
RING_COVERAGE = 0.6  # share of directions in which a red seal's ring shows (a faded arc loses some)
DARK = 150  # grey level of ink outright
INK_CONTRAST = 50  # a lighter pixel is ink when this much darker than the paper around it, joined to dark ink
RING_MASK = 1.15  # a grey seal's disc masked out before looking for the signature, as a share of its radius
SEAL_MAX_FILL = (
    0.7  # share of a seal's inner disc (0.75 of its radius) its ink may fill: a filled logo is no ring
)
FAINT_RED = (
    3  # on the paper-balanced page at half size: red above green and blue by this much is faint seal ink
)
FAINT_SHARE = 3  # ... and by at least a third of the pixel's darkness (printed text's colour fringe is not)
FAINT_COVERAGE = 0.5  # share of directions in which a faint seal's ring shows
FAINT_MAX_GAP = (
    150  # degrees: the longest arc a faint ring may lack (a pad pressed unevenly), not one side only
)
FAINT_RING_CONTRAST = (3.0, 4.0)  # the ring's band inked this many times more than just inside, just outside
GREY_RING_COVERAGE = 0.9  # a grey ring must be stricter: text lines also cross a circle in most directions


def find_marks(image: Image.Image, page: int, text_layer: bool = False) -> PageMarks:
    """The seal and signature the page shows, boxes in pixels of the working copy (its dpi given)."""
    grey, rgb = _working_copy(image)
    mm = grey.shape[1] / A4_WIDTH_MM
    # channel arithmetic in OpenCV on bytes (saturating): numpy's reductions over the colour axis cost 10×
    r, g, b = cv2.split(rgb) if rgb is not None else (grey, grey, grey)
    red = (cv2.subtract(r, cv2.max(g, b)) > 25) & (r > 110)
    seal_box, stamps = _red_seal(red, mm) if rgb is not None and image.mode not in GREY_MODES else (None, [])
    if seal_box is None and rgb is not None and image.mode not in GREY_MODES:
        seal_box = _faint_seal(rgb, mm)
    chroma = cv2.subtract(cv2.max(r, cv2.max(g, b)), cv2.min(r, cv2.min(g, b)))
    colour = seal_box is not None or (
        image.mode not in GREY_MODES
        and cv2.countNonZero((chroma > 8).view(np.uint8)) >= COLOUR_SHARE * chroma.size
    )
    dark = _ink(grey, cv2.subtract(r, cv2.max(g, b)) > 15)
    parts = _components(dark)
    ring = None if colour else _grey_ring(dark, parts, mm)
    if ring is not None:
        # with the ring's blurred edge, and some slack: a photo's perspective makes the ring an ellipse
        dark &= ~disc(dark.shape, (ring[0], ring[1], ring[2] + mm), RING_MASK)
        seal_box = circle_box(ring)
        parts = _components(dark)
    # coloured ink that is not the seal's red: a blue or violet pen, its strokes joined (a faint pen breaks up)
    pen = (cv2.subtract(b, cv2.max(r, g)) > 12) & ~red if colour else None
    signature_box = _signature(dark, parts, pen, mm, (seal_box, ring), stamps)
    absent = MarkState.absent if colour else MarkState.unknown
    return PageMarks(
        page=page,
        colour=colour,
        text_layer=text_layer,
        seal=MarkState.found if seal_box else absent,
        seal_box=seal_box,
        signature=MarkState.found if signature_box else absent,
        signature_box=signature_box,
        dpi=round(mm * 25.4),
    )


def _faint_seal(rgb: np.ndarray, mm: float) -> Box | None:
    """A washed-out pink or pale red seal (a dry pad, a phone photo's white balance and JPEG), looked for when no
    seal shows in plain red: at half size, circles of a seal's size are found in how much redder than the paper
    each pixel is (the Hough transform, which joins the arcs a faint ring breaks into), and the first that is a
    ring is the seal: inked in most directions, not lacking one whole side, paper just inside and outside its
    band, not a filled disc (a logo), not cut by the page edge."""
    half = cv2.resize(rgb, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    redness = _faint_redness(half)
    ink = redness >= FAINT_RED
    mm /= 2
    if cv2.countNonZero(ink.view(np.uint8)) < FAINT_COVERAGE * math.pi * SEAL_MM[0] * mm:
        return None  # not even half a ring of the least seal's size: most pages, at no more cost
    redness[~ink] = 0
    circles = cv2.HoughCircles(
        cv2.GaussianBlur(cv2.convertScaleAbs(redness, alpha=16), (3, 3), 0), cv2.HOUGH_GRADIENT, dp=1,
        minDist=SEAL_MM[0] * mm / 2, param1=60, param2=12,
        minRadius=int(SEAL_MM[0] * mm / 2), maxRadius=int(SEAL_MM[1] * mm / 2),
    )  # fmt: skip
    if circles is None:
        return None
    for cx, cy, radius in circles[0][:6]:
        circle = refit(ink, (float(cx), float(cy), float(radius)), mm)
        # the circle found may be the ring inside the seal's edge (around its letters): the edge is 1.25 times wider
        wider = refit(ink, (circle[0], circle[1], 1.25 * circle[2]), mm)
        for ring in (wider, circle) if wider[2] >= 1.1 * circle[2] else (circle,):
            if _faint_ring(ink, ring, mm):
                return circle_box((2 * ring[0], 2 * ring[1], 2 * ring[2]))
    return None


def _faint_redness(rgb: np.ndarray) -> np.ndarray:
    """How much redder than green and blue each pixel is, once each channel is divided by the paper's own colour
    around it (a lamp's warm or cool cast, a corner in shadow), smoothed over its neighbours (JPEG keeps colour
    at half size); zero where the pixel is darker than FAINT_SHARE times that: printed text is dark with a
    colour fringe, a seal's ink is pale and wholly coloured."""
    height, width = rgb.shape[:2]
    small = cv2.resize(rgb, (max(1, width // 8), max(1, height // 8)), interpolation=cv2.INTER_AREA)
    paper = cv2.resize(cv2.dilate(small, np.ones((3, 3), np.uint8)), (width, height))
    r, g, b = cv2.split(cv2.divide(rgb, paper, scale=255))
    redness = cv2.subtract(r, cv2.max(g, b))
    darkness = cv2.subtract(np.full_like(r, 255), cv2.min(r, cv2.min(g, b)))
    redness[redness.astype(np.int16) * FAINT_SHARE < darkness] = 0
    return cv2.blur(redness, (3, 3))


def _faint_ring(ink: np.ndarray, circle: Circle, mm: float) -> bool:
    """Whether a circle found in faint red ink is a seal's ring (see `_faint_seal`)."""
    cx, cy, radius = circle
    height, width = ink.shape
    if not SEAL_MM[0] * mm <= 2 * radius <= SEAL_MM[1] * mm:
        return False
    if cx - radius <= 1 or cy - radius <= 1 or cx + radius >= width - 1 or cy + radius >= height - 1:
        return False
    hits = ring_hits(ink, circle, 0.9, 1.1)
    if hits.mean() < FAINT_COVERAGE or longest_gap(hits) * 360 / len(hits) > FAINT_MAX_GAP:
        return False
    on, inside, outside, disc = band_shares(
        ink, circle, [(0.9, 1.1), (0.55, 0.75), (1.15, 1.35), (0.0, 0.75)]
    )
    return (
        on >= FAINT_RING_CONTRAST[0] * inside
        and on >= FAINT_RING_CONTRAST[1] * outside
        and disc <= SEAL_MAX_FILL
    )


def _ink(grey: np.ndarray, reddish: np.ndarray) -> np.ndarray:
    """Dark non-red ink, a thin or light stroke kept whole: pixels clearly darker than the paper around them
    (a faint pen, a thin ring at 100 dpi) count where they join a pixel that is dark outright (hysteresis), so
    paper texture and shadows never start a stroke of their own."""
    height, width = grey.shape
    paper = cv2.resize(grey, (max(1, width // 16), max(1, height // 16)), interpolation=cv2.INTER_AREA)
    paper = cv2.resize(cv2.dilate(paper, np.ones((3, 3), np.uint8)), (width, height))
    weak = (cv2.subtract(paper, grey) > INK_CONTRAST) & ~reddish
    count, labels = cv2.connectedComponents(weak.view(np.uint8), connectivity=8)
    keep = np.zeros(count, bool)
    keep[labels[(grey < DARK) & weak]] = True
    keep[0] = False
    return keep[labels]


def _working_copy(image: Image.Image) -> tuple[np.ndarray, np.ndarray | None]:
    """The page about 100 dpi wide, grey and (for a page not grey by its mode) RGB: a large photo is first
    reduced by a whole factor (a fast box filter), then resized in OpenCV (PIL's resize costs 10× more)."""
    whole = image.width // WORK_WIDTH
    if whole >= 2:
        image = image.reduce(whole)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    size = (WORK_WIDTH, max(1, round(image.height * WORK_WIDTH / image.width)))
    pixels = np.asarray(image)
    if pixels.shape[1] != WORK_WIDTH:  # at most halved after the reduction: bilinear is enough
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_LINEAR)
    if pixels.ndim == 2:
        return np.ascontiguousarray(pixels), None
    return cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY), pixels


Components = tuple[int, np.ndarray, np.ndarray]  # count, labels, stats (x, y, w, h, area) of a mask's blobs


def _components(mask: np.ndarray) -> Components:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.view(np.uint8), connectivity=8)
    return count, labels, stats


def _red_seal(red: np.ndarray, mm: float) -> tuple[Box | None, list[Box]]:
    """The most ring-like red blob of a seal's size, round and whole (None when the page shows none), and the
    other big red marks: a receiving office's `ĐẾN` box, whose handwritten number and day are no signature.
    A filled round shape (a logo) is no seal: a seal is a ring, its letters and emblem leave paper inside."""
    joined = cv2.dilate(red.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=max(1, round(mm)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    height, width = red.shape
    best: tuple[float, Box] | None = None
    marks: list[Box] = []
    for label in range(1, count):
        x, y, w, h, _area = (int(value) for value in stats[label])
        if max(w, h) >= SEAL_MM[0] * mm:
            marks.append((x, y, x + w, y + h))
        if not SEAL_MM[0] * mm <= max(w, h) <= SEAL_MM[1] * mm or not 0.6 <= w / h <= 1.6:
            continue
        if x <= 1 or y <= 1 or x + w >= width - 1 or y + h >= height - 1:
            continue  # cut by the page edge: a seal across two sheets, or not a seal
        ys, xs = np.nonzero((labels[y : y + h, x : x + w] == label) & red[y : y + h, x : x + w])
        if len(xs) < 20:
            continue
        (cx, cy), radius = cv2.minEnclosingCircle(np.column_stack([xs + x, ys + y]).astype(np.float32))
        circle = (float(cx), float(cy), float(radius))
        if 2 * radius > SEAL_MM[1] * mm:
            continue
        round_share = roundness(xs + x, ys + y, circle)
        if round_share < RING_COVERAGE or band_share(red, circle, 0.0, 0.75) > SEAL_MAX_FILL:
            continue  # a rectangle's frame, or a filled disc (a logo)
        if best is None or round_share > best[0]:
            best = (round_share, circle_box(circle))
    if best is None:
        return None, marks
    return best[1], [box for box in marks if _gap(box, best[1]) > 0]


def _grey_ring(dark: np.ndarray, parts: Components, mm: float) -> Circle | None:
    """A seal's ring on a grey page: a circle of the right size, in the signer's side, inked all round. The
    Hough transform looks only at big strokes (printed letters are dropped first), at half the working size:
    fast, and text lines make no circles."""
    count, labels, stats = parts
    big = np.zeros(count, np.uint8)
    big[1:] = (np.maximum(stats[1:count, 2], stats[1:count, 3]) >= 8 * mm) * 255
    left = int(dark.shape[1] * SIGNER_SIDE * 0.5)
    strokes = np.ascontiguousarray(big[labels[:, left:]])
    region = cv2.GaussianBlur(
        cv2.resize(strokes, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA), (3, 3), 0
    )
    circles = cv2.HoughCircles(
        region, cv2.HOUGH_GRADIENT, dp=1, minDist=SEAL_MM[0] * mm / 2, param1=100, param2=20,
        minRadius=int(SEAL_MM[0] * mm / 4), maxRadius=int(SEAL_MM[1] * mm / 4),
    )  # fmt: skip
    if circles is None:
        return None
    for cx, cy, radius in circles[0][:8]:
        circle = (2 * float(cx) + left, 2 * float(cy), 2 * float(radius))
        if ring_coverage(dark, circle, 0.93, 1.07, bins=72) >= GREY_RING_COVERAGE and thin_ring(dark, circle):
            return _outermost(dark, refit(dark, circle, mm), mm)
    return None


def _outermost(dark: np.ndarray, circle: Circle, mm: float) -> Circle:
    """A seal has rings inside rings (the inner one around its emblem): the Hough transform may find an inner
    one, so the widest concentric ring inked all round, within a seal's size, is the seal's edge (refitted to
    its own ink: a photo's perspective shifts the rings' centres apart)."""
    cx, cy, radius = circle
    for scale in (1.4, 1.3, 1.2):
        wider = refit(dark, (cx, cy, radius * scale), mm)
        if not 1.08 * radius <= wider[2] <= SEAL_MM[1] * mm / 2:
            continue
        if ring_coverage(dark, wider, 0.95, 1.05, bins=72) >= GREY_RING_COVERAGE and thin_ring(dark, wider):
            return wider
    return circle


def _signature(
    dark: np.ndarray,
    parts: Components,
    pen: np.ndarray | None,
    mm: float,
    seals: tuple[Box | None, Circle | None],
    stamps: list[Box],
) -> Box | None:
    """The stroke most like a handwritten signature, nearest the seal when there is one: dark strokes as they
    are (printed letters stay apart), coloured pen strokes joined over a millimetre first."""
    seal, ring = seals
    found = _strokes(parts, dark, mm, SIGNATURE_MAX_DENSITY, ring)
    if pen is not None and pen.any():
        joined = cv2.dilate(pen.view(np.uint8), np.ones((3, 3), np.uint8), iterations=max(1, round(mm)))
        found += _strokes(_components(joined), pen, mm, PEN_MAX_DENSITY)
    found = [box for box in found if not any(_inside(box, stamp) for stamp in stamps)]
    if not found:
        return None
    if seal is None:
        return max(found, key=lambda box: (box[2] - box[0]) * (box[3] - box[1]))
    return min(found, key=lambda box: _gap(box, seal))


def _strokes(
    parts: Components, ink: np.ndarray, mm: float, max_density: float, ring: Circle | None = None
) -> list[Box]:
    """Connected strokes (`parts`) of a signature's size and sparseness (ink share measured on `ink`) on the
    signer's side, neither touching the page edge nor a ruled frame. A grey seal's disc is masked out before:
    what is left of a signature it covers, next to the disc, may be half a signature's least width."""
    count, _, stats = parts
    height, width = ink.shape
    found: list[Box] = []
    for x, y, w, h, _area in stats[1:count]:
        if not SIGNATURE_HEIGHT_MM[0] * mm <= h <= SIGNATURE_HEIGHT_MM[1] * mm:
            continue
        least = SIGNATURE_WIDTH_MM[0] * mm
        if (
            ring is not None
            and _gap((x, y, x + w, y + h), circle_box(ring)) <= (RING_MASK - 1) * ring[2] + 2 * mm
        ):
            least /= 2
        if not least <= w <= SIGNATURE_WIDTH_MM[1] * mm or x + w / 2 < width * SIGNER_SIDE:
            continue
        if x <= 1 or y <= 1 or x + w >= width - 1 or y + h >= height - 1:
            continue  # a scanner's black margin, a photo's shadow
        patch = ink[y : y + h, x : x + w]
        if float(patch.mean()) > max_density or _is_frame(patch):
            continue
        found.append((int(x), int(y), int(x + w), int(y + h)))
    return found


def _inside(box: Box, frame: Box) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return frame[0] <= cx <= frame[2] and frame[1] <= cy <= frame[3]


def _is_frame(patch: np.ndarray) -> bool:
    """A ruled box (a stamp's frame, a table cell): its edges are inked most of their length."""
    edges = [patch[0, :], patch[-1, :], patch[:, 0], patch[:, -1]]
    return sum(float(edge.mean()) > 0.6 for edge in edges) >= 2


def _gap(a: Box, b: Box) -> float:
    """The distance between two boxes, 0 when they overlap."""
    dx = max(0, max(a[0], b[0]) - min(a[2], b[2]))
    dy = max(0, max(a[1], b[1]) - min(a[3], b[3]))
    return math.hypot(dx, dy)
