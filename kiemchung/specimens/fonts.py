"""Fonts with every Vietnamese glyph (Debian 12's Liberation 1.07 silently drops letters: not used)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CANDIDATES = {
    "DejaVuSerif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf", "dejavu/DejaVuSerif-Italic.ttf"),
    "FreeSerif": ("freefont/FreeSerif.ttf", "freefont/FreeSerifBold.ttf", "freefont/FreeSerifItalic.ttf"),
    "NotoSerif": ("noto/NotoSerif-Regular.ttf", "noto/NotoSerif-Bold.ttf", "noto/NotoSerif-Italic.ttf"),
}
FONT_ROOT = Path("/usr/share/fonts/truetype")


@dataclass(frozen=True)
class FontFamily:
    name: str
    regular: Path
    bold: Path
    italic: Path


def find_font(preferred: str = "DejaVuSerif") -> FontFamily:
    order = [preferred, *[name for name in CANDIDATES if name != preferred]]
    for name in order:
        paths = [FONT_ROOT / relative for relative in CANDIDATES[name]]
        if all(path.exists() for path in paths):
            return FontFamily(name, *paths)
    raise FileNotFoundError(
        "no serif font with Vietnamese glyphs found; install fonts-dejavu-core (make setup does)"
    )
