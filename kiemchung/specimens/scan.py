"""Turn rendered pages into scans and phone photos: rasterize, tilt, add noise, blur, lower the resolution
and save as JPEG. Deterministic for a given seed, so fixtures and benchmarks are repeatable."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pypdfium2
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class Degradation:
    name: str
    dpi: int = 300
    skew_degrees: float = 0.0
    noise: float = 0.0  # standard deviation of grey noise, 0..255
    blur: float = 0.0  # Gaussian radius in pixels at the final resolution
    jpeg_quality: int | None = None
    shading: float = 0.0  # 0..1: darkening towards one corner, like a phone photo under a lamp


CLEAN_300 = Degradation("clean-300", dpi=300)
SCANNER_200 = Degradation("scanner-200", dpi=200, skew_degrees=1.5, noise=8, jpeg_quality=75)
SCANNER_150 = Degradation("scanner-150", dpi=150, skew_degrees=-2.0, noise=10, blur=0.5, jpeg_quality=70)
PHONE_100 = Degradation(
    "phone-100", dpi=100, skew_degrees=2.5, noise=12, blur=0.6, jpeg_quality=60, shading=0.35
)
PHONE_70 = Degradation(
    "phone-70", dpi=72, skew_degrees=-1.2, noise=10, blur=0.4, jpeg_quality=70, shading=0.25
)
PRESETS = {preset.name: preset for preset in (CLEAN_300, SCANNER_200, SCANNER_150, PHONE_100, PHONE_70)}


def rasterize(pdf: bytes, dpi: int = 300) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document]
    finally:
        document.close()


def degrade(page: Image.Image, how: Degradation, rendered_dpi: int = 300, seed: int = 0) -> Image.Image:
    rng = np.random.default_rng(seed)
    image = page.convert("L")
    if how.skew_degrees:
        image = image.rotate(how.skew_degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if how.dpi != rendered_dpi:
        factor = how.dpi / rendered_dpi
        image = image.resize(
            (round(image.width * factor), round(image.height * factor)), Image.Resampling.LANCZOS
        )
    pixels = np.asarray(image, dtype=np.float64)
    if how.shading:
        ys, xs = np.mgrid[0 : pixels.shape[0], 0 : pixels.shape[1]]
        distance = (xs / pixels.shape[1] + ys / pixels.shape[0]) / 2
        pixels = pixels * (1 - how.shading * distance)
    if how.noise:
        pixels = pixels + rng.normal(0, how.noise, pixels.shape)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    if how.blur:
        image = image.filter(ImageFilter.GaussianBlur(how.blur))
    return image


def to_jpeg(image: Image.Image, quality: int = 85, dpi: int | None = None) -> bytes:
    buffer = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(buffer, format="JPEG", quality=quality, **extra)
    return buffer.getvalue()


def scan_pdf_bytes(pages: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF, like a scanner's output: no text layer at all."""
    buffer = io.BytesIO()
    rgb = [page.convert("RGB") for page in pages]
    rgb[0].save(buffer, format="PDF", save_all=True, append_images=rgb[1:], resolution=float(dpi))
    return buffer.getvalue()
