"""Scans of signed and sealed paper, made here for tests and benchmarks: an official document rendered in the
Nghị định 30 layout (`kiemchung.specimens`), its last page rasterized, a red seal (a double ring, letters along
it, a star) and a pen signature drawn where Nghị định 30 puts them (the seal over the signature's left third,
the signature above the signer's name), then scanned in colour or grey (`kiemchung.specimens.scan`).

The answer is known by construction: where the seal and the signature were drawn, or that they were not.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
import pdfplumber
from PIL import Image, ImageChops, ImageDraw

from kiemchung.specimens.model import OfficialDocument
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.scan import SCANNER_200, Degradation, degrade, rasterize

RENDER_DPI = 200
SEAL_RED = (205, 35, 45)
PEN_BLUE = (25, 35, 120)
# the inks seen on real scans besides the fresh red seal and the dark blue pen
SEAL_PINK = (232, 120, 150)  # a faint seal, pink on a phone photo
SEAL_ORANGE = (232, 105, 50)  # vermilion ink, or red shifted by a warm scanner
SEAL_FADED = (222, 125, 120)  # a dry pad: pale red
PEN_BLACK = (35, 35, 40)
PEN_LIGHT_BLUE = (70, 95, 200)  # a ballpoint, light and thin
PAPER = (1.0, 0.97, 0.92)  # a colour scanner sees office paper a little warm


@dataclass(frozen=True)
class Signing:
    """What to draw on the last page, and how to scan it."""

    seal: bool = True
    signature: bool = True
    colour: bool = True
    seal_offset_mm: tuple[float, float] = (0.0, 0.0)  # moves the seal away from where it belongs
    seal_diameter_mm: float = 36.0
    how: Degradation = SCANNER_200
    seed: int = 0
    seal_ink: tuple[int, int, int] = SEAL_RED
    seal_broken: float = 0.0  # share of the ring (its lower arc) the pad did not ink
    pen_ink: tuple[int, int, int] = PEN_BLUE
    pen_mm: float = 0.35  # the pen stroke's width


def signed_scan(document: OfficialDocument, signing: Signing) -> Image.Image:
    """The document's last page as a scan, signed and sealed as `signing` says."""
    pdf = render_pdf(document)
    page = rasterize(pdf, dpi=RENDER_DPI)[-1].convert("RGB")
    name = _name_box(pdf, document.signer)
    mm = RENDER_DPI / 25.4
    rng = np.random.default_rng(signing.seed)
    # the signature stands between the signer's title and name: 40 mm wide, about 12 mm high
    centre_x, base_y = (name[0] + name[2]) / 2, name[1] - 4 * mm
    signature = (centre_x - 20 * mm, base_y - 14 * mm, centre_x + 20 * mm, base_y)
    if signing.seal:
        radius = signing.seal_diameter_mm / 2 * mm
        cx = signature[0] + 40 * mm / 3 - radius * 0.35 + signing.seal_offset_mm[0] * mm
        cy = (signature[1] + signature[3]) / 2 + signing.seal_offset_mm[1] * mm
        layer = _seal(page.size, (cx, cy), radius, rng, signing.seal_ink, signing.seal_broken)
        page = ImageChops.multiply(page, layer)
    if signing.signature:
        width = max(1, round(signing.pen_mm * mm))
        _scribble(ImageDraw.Draw(page), signature, rng, width=width, ink=signing.pen_ink)
    return _scanned(page, signing)


def jpeg_bytes(image: Image.Image, dpi: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85, dpi=(dpi, dpi))
    return buffer.getvalue()


def _name_box(pdf: bytes, signer: str) -> tuple[float, float, float, float]:
    """The signer's printed name on the last page, in pixels at the render resolution."""
    scale = RENDER_DPI / 72
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        found = document.pages[-1].search(signer)
    if not found:
        raise ValueError(f"signer {signer!r} not printed on the last page")
    box = found[-1]
    return (box["x0"] * scale, box["top"] * scale, box["x1"] * scale, box["bottom"] * scale)


def _seal(
    size: tuple[int, int],
    centre: tuple[float, float],
    radius: float,
    rng: np.random.Generator,
    ink: tuple[int, int, int] = SEAL_RED,
    broken: float = 0.0,
) -> Image.Image:
    """A seal's ink as a white layer to multiply with the page: a double ring, letters along it, a star; a
    `broken` share of the ring, centred on its lowest point, left blank (a pad pressed unevenly)."""
    layer = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(layer)
    cx, cy = centre
    gap = 180 * broken  # degrees each side of the bottom (90° in PIL's clockwise angles)
    for scale, width in ((1.0, 0.045), (0.8, 0.025)):
        r = radius * scale
        box = (cx - r, cy - r, cx + r, cy + r)
        draw.arc(box, 90 + gap, 450 - gap, fill=ink, width=max(2, round(radius * width)))
    for step in range(40):  # the body's name along the ring: short strokes standing on the circle
        angle = 2 * math.pi * step / 40 + rng.uniform(-0.03, 0.03)
        inner, outer = radius * 0.84, radius * 0.95
        draw.line(
            (cx + inner * math.cos(angle), cy + inner * math.sin(angle),
             cx + outer * math.cos(angle), cy + outer * math.sin(angle)),
            fill=ink, width=max(1, round(radius * 0.03)),
        )  # fmt: skip
    star = [
        (cx + radius * (0.3 if k % 2 == 0 else 0.12) * math.cos(math.pi * k / 5 - math.pi / 2),
         cy + radius * (0.3 if k % 2 == 0 else 0.12) * math.sin(math.pi * k / 5 - math.pi / 2))
        for k in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=ink)
    return layer


def _scribble(
    draw: ImageDraw.ImageDraw,
    box: tuple[float, float, float, float],
    rng: np.random.Generator,
    width: int,
    ink: tuple[int, int, int] = PEN_BLUE,
) -> None:
    """A pen signature: a looping stroke across the box, then a flourish under it."""
    x0, y0, x1, y1 = box
    loops = int(rng.integers(3, 6))
    points = []
    for step in range(200):
        t = step / 199
        x = x0 + (x1 - x0) * (0.1 + 0.75 * t) + (x1 - x0) * 0.06 * math.cos(2 * math.pi * loops * t)
        y = (y0 + y1) / 2 + (y1 - y0) * 0.45 * math.sin(2 * math.pi * loops * t + rng.uniform(0, 0.3))
        points.append((x, y))
    draw.line(points, fill=ink, width=width, joint="curve")
    draw.line([(x0 + (x1 - x0) * 0.2, y1 - 2), (x1, y1 - (y1 - y0) * 0.25)], fill=ink, width=width)


def _scanned(page: Image.Image, signing: Signing) -> Image.Image:
    """Scanned in colour (each channel degraded alike, on slightly warm paper, with the scanner's faint colour
    noise) or in grey."""
    if not signing.colour:
        return degrade(page.convert("L"), signing.how, rendered_dpi=RENDER_DPI, seed=signing.seed)
    channels = [
        degrade(channel, signing.how, rendered_dpi=RENDER_DPI, seed=signing.seed) for channel in page.split()
    ]
    rng = np.random.default_rng(signing.seed + 1)
    tinted = [
        np.asarray(channel, dtype=np.float64) * paper + rng.normal(0, 4, channel.size[::-1])
        for channel, paper in zip(channels, PAPER, strict=True)
    ]
    merged = np.clip(np.stack(tinted, axis=2), 0, 255).astype(np.uint8)
    return Image.fromarray(merged, mode="RGB")
