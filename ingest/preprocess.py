"""Image preparation before Tesseract: the steps that measurably lower its error on Vietnamese scans.

Skew is what breaks Tesseract on scans (a 2° tilt silently drops paragraphs), and low-resolution phone
photos come back empty unless upscaled and given their resolution; noise and JPEG barely matter
(DESIGN.md, measured). So: grey, estimate resolution, upscale small text, deskew; nothing else by default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageFilter, ImageOps

# the page is the unit of parallel work (one OCR thread per core, one page each): OpenCV's own thread pool
# would put every worker's page preparation on every core, as N Tesseracts of N threads would
cv2.setNumThreads(1)

MIN_DPI_WITHOUT_UPSCALE = 220
# a small page is upscaled to the lowest resolution read without upscaling, not to 300 dpi: phone photos at
# ~100 dpi read as well or better (CER 0.3% on 8 generated ones and 5.3% on two real ones, against 1.3% and 9.0%
# at 300 dpi) and Tesseract spends ~25% less on each; below TINY_DPI (70-dpi photos) 220 was no better than 300
# (0.9% either way on 8, worse on some pages), so those keep the larger upscale; and scanner pages (150 dpi and
# up) keep it too: at 220 a 200-dpi scan lost its heading line under an incoming stamp, read at 300
TARGET_DPI = MIN_DPI_WITHOUT_UPSCALE
TINY_DPI = 90
SCANNER_DPI = 150
TINY_TARGET_DPI = 300
MAX_UPSCALE = 4.0
# the prepared image's size: an A3 page at 300 dpi is 17 Mpx; Tesseract refuses a side over 32,767 pixels
MAX_PREPARED_PIXELS = 40_000_000
MAX_PREPARED_SIDE = 30_000
MIN_SKEW_DEGREES = 0.3
FLAT_WHITE = 215  # paper brighter than this everywhere needs no background correction
MAX_SKEW_DEGREES = 8.0
COARSE_SKEW_POINTS = 10_000  # ink pixels the coarse skew search looks at (a page's mask holds 15-75k)
FINE_SKEW_POINTS = 150_000
A4_WIDTH_INCHES = 8.27
# ink height of one line of 13-14 pt body text, in inches (ascender to descender)
LINE_HEIGHT_INCHES = 0.14
MASK_WIDTH = 1000  # pixels across the ink mask the deskew and the header layout look at


@dataclass(frozen=True)
class Prepared:
    """The image Tesseract sees, and how to map its pixel boxes back to the original image."""

    image: Image.Image
    dpi: int  # resolution of `image`
    scale: float  # prepared pixels per original pixel
    angle: float  # degrees the original was rotated (counter-clockwise) to deskew it
    original_size: tuple[int, int]
    rotated_size: tuple[int, int]
    dpi_known: bool = False  # declared by the source (PDF render, image metadata) or set by our upscale
    # the ink mask of `image` at MASK_WIDTH, when the deskew's mask is still true of it (neither turned nor
    # scaled): the header layout reuses it instead of thresholding the page a second time
    mask: np.ndarray | None = None

    def to_original(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """Map a box on the prepared image back onto the original image's pixels."""
        x0, y0, x1, y1 = (value / self.scale for value in box)
        if not self.angle:
            return round(x0), round(y0), round(x1), round(y1)
        rad = math.radians(self.angle)
        cos, sin = math.cos(rad), math.sin(rad)
        rw, rh = self.rotated_size
        ow, oh = self.original_size
        xs, ys = [], []
        for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            dx, dy = x - rw / 2, y - rh / 2
            # inverse of PIL's counter-clockwise rotation (image y axis points down)
            xs.append(dx * cos - dy * sin + ow / 2)
            ys.append(dx * sin + dy * cos + oh / 2)
        return round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))


def prepare(image: Image.Image, dpi: int | None, deskew: bool = True) -> Prepared:
    gray = image if image.mode == "L" else ImageOps.grayscale(image.convert("RGB"))
    original_size = gray.size
    gray = flatten_background(gray)
    # deskew first: tilted lines smear the line heights the resolution estimate relies on
    mask = ink_mask(gray, min(gray.width, MASK_WIDTH)) if deskew else None
    angle = skew_of_mask(mask) if mask is not None else 0.0
    if abs(angle) >= MIN_SKEW_DEGREES:
        gray = rotate_page(gray, angle)
        mask = None
    else:
        angle = 0.0
    rotated_size = gray.size
    effective_dpi = dpi if dpi and dpi >= 100 else estimate_dpi(gray)
    scale = 1.0
    if effective_dpi < MIN_DPI_WITHOUT_UPSCALE:
        target = TARGET_DPI if TINY_DPI <= effective_dpi < SCANNER_DPI else TINY_TARGET_DPI
        scale = min(target / effective_dpi, MAX_UPSCALE, upscale_room(gray.size))
    if scale > 1.0:
        gray = enlarge(gray, scale)
        mask = None
    return Prepared(
        image=gray,
        dpi=round(effective_dpi * scale),
        scale=scale,
        angle=angle,
        original_size=original_size,
        rotated_size=rotated_size,
        dpi_known=bool(dpi and dpi >= 100) or scale != 1.0,
        mask=mask,
    )


def upscale_room(size: tuple[int, int]) -> float:
    """The largest upscale that keeps a page under the prepared-image caps (1.0: none at all).

    An 800×100,000 strip under the file's pixel cap would otherwise be upscaled 3× to 720 Mpx, gigabytes."""
    width, height = size
    room = min(
        (MAX_PREPARED_PIXELS / max(width * height, 1)) ** 0.5, MAX_PREPARED_SIDE / max(width, height, 1)
    )
    return max(1.0, room * 0.999)  # a hair under, so rounding the upscaled sides cannot cross the caps


def rotate_page(gray: Image.Image, angle: float) -> Image.Image:
    """PIL's `rotate(angle, BICUBIC, expand=True, fillcolor=255)`: the same size and geometry (`Prepared.to_original`
    undoes it), drawn by OpenCV, ~4× faster on a page than PIL's affine filter."""
    width, height = gray.size
    rad = -math.radians(angle)
    a, b, d, e = math.cos(rad), math.sin(rad), -math.sin(rad), math.cos(rad)
    # PIL's inverse map (output pixel -> input pixel) about the centre, then widened to hold every corner
    c = a * -width / 2 + b * -height / 2 + width / 2
    f = d * -width / 2 + e * -height / 2 + height / 2
    xs = [a * x + b * y + c for x, y in ((0, 0), (width, 0), (width, height), (0, height))]
    ys = [d * x + e * y + f for x, y in ((0, 0), (width, 0), (width, height), (0, height))]
    new_width = math.ceil(max(xs)) - math.floor(min(xs))
    new_height = math.ceil(max(ys)) - math.floor(min(ys))
    shift_x, shift_y = -(new_width - width) / 2, -(new_height - height) / 2
    c, f = a * shift_x + b * shift_y + c, d * shift_x + e * shift_y + f
    # PIL samples at pixel centres (x + 0.5), OpenCV at integer coordinates
    inverse = np.array([[a, b, c + (a + b) / 2 - 0.5], [d, e, f + (d + e) / 2 - 0.5]])
    flags = cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP
    turned = cv2.warpAffine(np.asarray(gray), inverse, (new_width, new_height), flags=flags, borderValue=255)
    return Image.fromarray(turned, mode="L")


def enlarge(gray: Image.Image, scale: float) -> Image.Image:
    """Upscale by `scale` (bicubic: Tesseract reads it as well as Lanczos, OpenCV draws it ~8× faster than PIL)."""
    size = (round(gray.width * scale), round(gray.height * scale))
    return Image.fromarray(cv2.resize(np.asarray(gray), size, interpolation=cv2.INTER_CUBIC), mode="L")


def flatten_background(gray: Image.Image) -> Image.Image:
    """Divide out uneven lighting (phone photos, yellowed paper) so the page reads as ink on white.

    Clean scans are already flat and white, and are returned untouched (no cost on the common case)."""
    background = gray.reduce(16).filter(ImageFilter.MaxFilter(5))  # the paper around the (dark, thin) strokes
    levels = np.asarray(background)
    if levels.size and np.percentile(levels, 5) >= FLAT_WHITE:
        return gray
    smooth = background.filter(ImageFilter.GaussianBlur(2)).resize(gray.size, Image.Resampling.BILINEAR)
    ratio = np.asarray(gray, dtype=np.float32) / np.maximum(np.asarray(smooth, dtype=np.float32), 1.0)
    return Image.fromarray(np.clip(ratio * 255.0, 0, 255).astype(np.uint8), mode="L")


def ink_mask(gray: Image.Image, width: int) -> np.ndarray:
    """A small boolean image of dark pixels, by Otsu's threshold, for cheap layout estimates.

    Box-reduced by an integer factor: several times faster than a resampling resize on full pages."""
    factor = max(1, round(gray.width / width))
    small = gray.reduce(factor) if factor > 1 else gray
    threshold = otsu_of_histogram(np.asarray(small.histogram()[:256], dtype=np.float64))
    return np.asarray(small, dtype=np.uint8) < threshold


def otsu_threshold(pixels: np.ndarray) -> int:
    return otsu_of_histogram(np.bincount(pixels.ravel(), minlength=256).astype(np.float64))


def otsu_of_histogram(histogram: np.ndarray) -> int:
    """Otsu's threshold from a 256-bin grey histogram (PIL's `histogram()` counts in C, 10× numpy's bincount)."""
    total = histogram.sum()
    levels = np.arange(256)
    weight_dark = np.cumsum(histogram)
    weight_light = total - weight_dark
    mean_cumulative = np.cumsum(histogram * levels)
    mean_total = mean_cumulative[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_total * weight_dark / total - mean_cumulative) ** 2 / (weight_dark * weight_light)
    if np.all(np.isnan(between)):
        return 0  # one grey level only (a blank page): nothing is ink
    return int(np.nanargmax(between)) + 1


def estimate_dpi(gray: Image.Image) -> float:
    """Resolution from the height of text lines; falls back to an A4 page filling the width."""
    by_width = gray.width / A4_WIDTH_INCHES
    mask = ink_mask(gray, min(gray.width, 1200))
    factor = gray.width / mask.shape[1]
    rows = mask.mean(axis=1) > 0.01
    heights = _run_lengths(rows)
    heights = heights[heights >= 3]
    if len(heights) < 5:
        return by_width
    line_height_px = float(np.median(heights)) * factor
    return max(50.0, min(line_height_px / LINE_HEIGHT_INCHES, 1200.0))


def _run_lengths(flags: np.ndarray) -> np.ndarray:
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return edges[1::2] - edges[0::2]


def estimate_skew(gray: Image.Image) -> float:
    """Degrees to rotate counter-clockwise so text lines run level (projection-profile search)."""
    return skew_of_mask(ink_mask(gray, min(gray.width, MASK_WIDTH)))


def skew_of_mask(mask: np.ndarray) -> float:
    ys, xs = np.nonzero(mask)
    if len(xs) < 500:
        return 0.0
    xs = xs - mask.shape[1] / 2
    # a sample of the ink pixels: the coarse search (33 angles) needs only the lines' direction, the fine one
    # more. Drawn at random (seeded), never every n-th pixel: the pixels come row by row, and a regular stride
    # over them draws lines of its own at a slope (a real scan came out 6.5° tilted instead of 0.15°)
    coarse_points = _sample(len(xs), COARSE_SKEW_POINTS)
    coarse = _best_angle(
        xs[coarse_points], ys[coarse_points], np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5)
    )
    fine_points = _sample(len(xs), FINE_SKEW_POINTS)
    return _best_angle(xs[fine_points], ys[fine_points], np.arange(coarse - 0.5, coarse + 0.51, 0.05))


def _sample(count: int, wanted: int) -> np.ndarray | slice:
    """`wanted` of `count` indexes drawn at random (the same ones for the same page), or all of them."""
    if count <= wanted:
        return slice(None)
    return np.sort(np.random.default_rng(count).choice(count, size=wanted, replace=False))


def _best_angle(xs: np.ndarray, ys: np.ndarray, angles: np.ndarray) -> float:
    best_angle, best_score = 0.0, -1.0
    for angle in angles:
        # where each ink pixel lands, vertically, once the image is rotated by `angle`
        projected = ys - xs * math.tan(math.radians(angle))
        profile = np.bincount((projected - projected.min()).astype(np.int64))
        score = float(np.square(np.diff(profile.astype(np.float64))).sum())
        if score > best_score:
            best_angle, best_score = float(angle), score
    return round(best_angle, 2)


def unturn_box(box: tuple[int, int, int, int], turn: int, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """Map a box on a page turned `turn` degrees clockwise back onto the page as stored."""
    width, height = size
    x0, y0, x1, y1 = box
    if turn == 180:
        return width - x1, height - y1, width - x0, height - y0
    if turn == 90:  # upright (u, v) came from stored (v, height - u)
        return y0, height - x1, y1, height - x0
    if turn == 270:  # upright (u, v) came from stored (width - v, u)
        return width - y1, x0, width - y0, x1
    return box
