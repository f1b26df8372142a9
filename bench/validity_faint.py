"""Faint seals on phone photos, and pink or red ink that is no seal (issue 13): a generated class, split into a
tuning half and a measured half before the detector was changed for it.

The class is the one real miss of the test half, taken as a kind of page, not as that page: a washed-out pink or
pale red seal (a dry pad, a phone's white balance) on a photo at 70–120 dpi, lit unevenly, desaturated and saved
as a JPEG whose colour is kept at half resolution, the seal sometimes broken or over the signer's printed lines.
Its negatives are the same photos without a seal but with pink or red ink of another kind: a red letterhead or
title, a red underline or rule, a coloured logo (a filled disc, square or triangle, 12–26 mm), a pink highlighter
over a line of text, or all of them at once. Some sealed pages carry those too.

Every case is drawn from its own seed (`random.Random`-free: numpy's generator seeded by the case's index); the
kinds alternate, and each kind's cases are dealt alternately to the halves, so both halves hold the same kinds
and no case is in both. The answer is known by construction (a seal drawn or not; a signature drawn or not).

Run: `uv run python bench/validity_faint.py [--half tune|measure|all] [--show N]` (the tuning half is for
looking at; the measured half is the number).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pdfplumber
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devkit.sealed_scans import RENDER_DPI, Signing, signed_scan
from ingest.seals import find_marks
from kiemchung.specimens.fonts import find_font
from kiemchung.specimens.model import OfficialDocument
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import DECISION, LETTER, PLAN, REPORT
from kiemchung.specimens.scan import Degradation, degrade
from model.records import MarkState

MM = RENDER_DPI / 25.4  # pixels a millimetre on the page before it is photographed
RAW = Degradation("raw", dpi=RENDER_DPI)  # the signed page as drawn: photographed here, not by signed_scan
DOCUMENTS = (PLAN, DECISION, REPORT, LETTER)
SEAL_BASES = ((232, 120, 150), (222, 125, 120), (235, 110, 135), (225, 140, 150))  # pink .. pale red
OTHER_INKS = ((210, 40, 50), (230, 90, 120), (225, 70, 60), (240, 120, 160))  # red and pink, not a seal
# (kind, a seal drawn, a signature drawn, the other pink or red marks on the page)
KINDS: tuple[tuple[str, bool, bool, tuple[str, ...]], ...] = (
    ("faint seal", True, True, ()),
    ("faint seal over the printed lines", True, True, ("over text",)),
    ("faint broken seal", True, True, ("broken",)),
    ("faint seal, red letterhead and logo", True, True, ("heading", "logo")),
    ("faint seal, no signature", True, False, ()),
    ("red heading", False, True, ("heading",)),
    ("red underline", False, True, ("underline",)),
    ("coloured logo", False, True, ("logo",)),
    ("pink highlighter", False, True, ("highlighter",)),
    ("all of them, no seal", False, True, ("heading", "underline", "logo", "highlighter")),
)
PER_KIND = 8  # cases of each kind: half of them in each half


@dataclass(frozen=True)
class Case:
    name: str
    half: str
    seal: bool
    signature: bool
    image: Image.Image


def cases(half: str = "all") -> Iterator[Case]:
    """The generated pages of one half (`tune`, `measure`) or both, in a fixed order."""
    for index in range(len(KINDS) * PER_KIND):
        if half in ("all", _half(index)):
            yield case(index)


def case(index: int) -> Case:
    """One generated page, the same for the same index."""
    kind, seal, signature, extras = KINDS[index % len(KINDS)]
    rng = np.random.default_rng(1300 + index)
    document = DOCUMENTS[index % len(DOCUMENTS)]
    image = _page(document, rng, seal, signature, extras)
    return Case(f"{index:02d} {kind} ({document.number})", _half(index), seal, signature, image)


def _half(index: int) -> str:
    return "tune" if (index // len(KINDS)) % 2 == 0 else "measure"


def _page(
    document: OfficialDocument, rng: np.random.Generator, seal: bool, signature: bool, extras: tuple[str, ...]
) -> Image.Image:
    base = SEAL_BASES[int(rng.integers(len(SEAL_BASES)))]
    fade = float(
        rng.uniform(0.25, 0.6)
    )  # how much of the ink the pad left: 0 is the base colour, 1 white paper
    ink = tuple(round(255 - (255 - c) * (1 - fade)) for c in base)
    offset = (
        (rng.uniform(-8, 4), rng.uniform(-12, -4))
        if "over text" in extras
        else (rng.uniform(-3, 3), rng.uniform(-3, 3))
    )
    signing = Signing(
        seal=seal,
        signature=signature,
        seal_offset_mm=offset,
        seal_diameter_mm=float(rng.uniform(30, 42)),
        how=RAW,
        seed=int(rng.integers(1 << 16)),
        seal_ink=ink,  # type: ignore[arg-type]
        seal_broken=float(rng.uniform(0.15, 0.35)) if "broken" in extras else 0.0,
    )
    page = np.asarray(signed_scan(document, signing), dtype=np.float64)
    lines = _text_lines(render_pdf(document))
    for extra in extras:
        if extra in MARKS:
            page = MARKS[extra](page, lines, rng)
    return _photographed(page, rng)


Box = tuple[float, float, float, float]


def _text_lines(pdf: bytes) -> list[Box]:
    """The printed lines' boxes, in pixels at the render resolution, top to bottom."""
    scale = RENDER_DPI / 72
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        lines = document.pages[-1].extract_text_lines(return_chars=False)
    return [
        (line["x0"] * scale, line["top"] * scale, line["x1"] * scale, line["bottom"] * scale)
        for line in lines
    ]


def _pick_ink(rng: np.random.Generator) -> np.ndarray:
    return np.array(OTHER_INKS[int(rng.integers(len(OTHER_INKS)))], float) / 255


def _recolour(page: np.ndarray, box: Box, ink: np.ndarray) -> np.ndarray:
    """Printed text in the box turned to coloured ink (a red letterhead or title), its paper left as it is."""
    x0, y0, x1, y1 = (int(v) for v in (box[0] - 3, box[1] - 3, box[2] + 3, box[3] + 3))
    patch = page[y0:y1, x0:x1]
    paper = np.array([255.0, 247.0, 235.0])
    darkness = np.clip((230 - patch.min(axis=2)) / 230, 0, 1)[..., None]
    page[y0:y1, x0:x1] = paper * (1 - darkness * (1 - ink))
    return page


def _heading(page: np.ndarray, lines: list[Box], rng: np.random.Generator) -> np.ndarray:
    """The letterhead's first lines, the motto or the title in red (Party documents print theirs red)."""
    ink = _pick_ink(rng)
    top = lines[: int(rng.integers(1, 4))] if rng.random() < 0.5 else [lines[int(rng.integers(3, 7))]]
    for box in top:
        page = _recolour(page, box, ink)
    return page


def _underline(page: np.ndarray, lines: list[Box], rng: np.random.Generator) -> np.ndarray:
    """A red rule under a heading line, or across the page under the letterhead."""
    box = lines[int(rng.integers(1, 6))]
    width = rng.uniform(0.3, 0.9) * MM
    if rng.random() < 0.5:
        x0, x1 = box[0] + rng.uniform(0, 10) * MM, box[2] - rng.uniform(0, 10) * MM
    else:
        x0, x1 = 25 * MM, page.shape[1] - 20 * MM
    layer = Image.new("RGB", (page.shape[1], page.shape[0]), "white")
    y = box[3] + 1.5 * MM
    ImageDraw.Draw(layer).line(
        (x0, y, x1, y), fill=tuple(int(c * 255) for c in _pick_ink(rng)), width=round(width)
    )
    return page * np.asarray(layer, float) / 255


def _logo(page: np.ndarray, lines: list[Box], rng: np.random.Generator) -> np.ndarray:
    """A coloured emblem in the top left corner: a filled disc, square or triangle with a white figure in it."""
    size = rng.uniform(12, 26) * MM
    x, y = rng.uniform(8, 16) * MM, rng.uniform(6, 14) * MM
    layer = Image.new("RGB", (page.shape[1], page.shape[0]), "white")
    draw = ImageDraw.Draw(layer)
    fill = tuple(int(c * 255) for c in _pick_ink(rng))
    shape = int(rng.integers(3))
    if shape == 0:
        draw.ellipse((x, y, x + size, y + size), fill=fill)
    elif shape == 1:
        draw.rounded_rectangle((x, y, x + size, y + size), radius=size * 0.1, fill=fill)
    else:
        draw.polygon([(x + size / 2, y), (x + size, y + size), (x, y + size)], fill=fill)
    font = ImageFont.truetype(str(find_font().bold), max(8, round(size * 0.35)))
    draw.text((x + size / 2, y + size * 0.6), "SNV", fill="white", font=font, anchor="mm")
    return page * np.asarray(layer, float) / 255


def _highlighter(page: np.ndarray, lines: list[Box], rng: np.random.Generator) -> np.ndarray:
    """A pink highlighter pen over one or two lines of the body: see-through, wider than the letters."""
    body = [box for box in lines[5:-6] if box[2] - box[0] > 40 * MM] or lines[3:5]
    start = int(rng.integers(len(body)))
    layer = Image.new("RGB", (page.shape[1], page.shape[0]), "white")
    tint = (255, int(rng.uniform(170, 215)), int(rng.uniform(200, 235)))
    for box in body[start : start + int(rng.integers(1, 3))]:
        x0 = box[0] + rng.uniform(0, 0.3) * (box[2] - box[0])
        x1 = max(x0 + 25 * MM, box[2] - rng.uniform(0, 0.2) * (box[2] - box[0]))
        ImageDraw.Draw(layer).rectangle((x0, box[1] - 1 * MM, x1, box[3] + 1 * MM), fill=tint)
    return page * np.asarray(layer, float) / 255


MARKS = {"heading": _heading, "underline": _underline, "logo": _logo, "highlighter": _highlighter}


def _photographed(page: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """A phone photo of the page: tilted, at 70–120 dpi, shaded towards a corner, a warm or cool cast that
    changes across the page, washed out (colour faded, paper lifted), then a JPEG with half-resolution colour."""
    how = Degradation(
        "phone-faint",
        dpi=int(rng.integers(70, 121)),
        skew_degrees=float(rng.uniform(-3, 3)),
        noise=float(rng.uniform(5, 12)),
        blur=float(rng.uniform(0.3, 0.8)),
        shading=float(rng.uniform(0.1, 0.4)),
    )
    seed = int(rng.integers(1 << 16))
    image = Image.fromarray(np.clip(page, 0, 255).astype(np.uint8), mode="RGB")
    channels = [np.asarray(degrade(channel, how, RENDER_DPI, seed), float) for channel in image.split()]
    rgb = np.stack(channels, axis=2)
    height, width = rgb.shape[:2]
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:height, 0:width]
    ramp = ((xs / width - 0.5) * np.cos(angle) + (ys / height - 0.5) * np.sin(angle) + 0.7) / 1.4
    warm = rng.random() < 0.6
    cast = (
        np.array([0.0, rng.uniform(0.02, 0.07), rng.uniform(0.06, 0.16)])
        if warm
        else np.array([rng.uniform(0.04, 0.1), rng.uniform(0.0, 0.04), 0.0])
    )
    rgb = rgb * (1 - cast * ramp[..., None])
    grey = rgb.mean(axis=2, keepdims=True)
    rgb = grey + (rgb - grey) * rng.uniform(0.45, 0.85)  # washed-out colour
    lift = rng.uniform(0.8, 1.0)
    rgb = 255 - (255 - rgb) * lift  # over-exposed paper and ink
    photo = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), mode="RGB")
    buffer = io.BytesIO()
    photo.save(buffer, format="JPEG", quality=int(rng.integers(45, 81)), subsampling=2)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def run(half: str, show: int = 0) -> None:
    """Seal and signature precision and recall on one half, each miss named, and the detector's CPU time."""
    from bench.validity import Score, report

    seal, signature = Score(), Score()
    cpu: list[float] = []
    count = 0
    for case in cases(half):
        started = time.process_time()
        marks = find_marks(case.image, 1)
        cpu.append(1000 * (time.process_time() - started))
        seal.add(case.seal, marks.seal is MarkState.found, case.name)
        signature.add(case.signature, marks.signature is MarkState.found, case.name)
        if count < show:
            case.image.save(f"/tmp/faint-{case.name.split()[0]}.png")
        count += 1
    report(f"Generated faint seals and pink or red ink, {half} half ({count} photos)", [
        ("seal found", seal), ("signature found", signature),
    ])  # fmt: skip
    cpu.sort()
    p95 = cpu[int(0.95 * (len(cpu) - 1))]
    print(f"  seal detector CPU time per page: median {statistics.median(cpu):.1f} ms, p95 {p95:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("tune", "measure", "all"), default="measure")
    parser.add_argument("--show", type=int, default=0, help="save the first N pages to /tmp/faint-*.png")
    args = parser.parse_args()
    run(args.half, args.show)


if __name__ == "__main__":
    main()
