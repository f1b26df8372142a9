"""Circles on a page's ink: how much of a ring a mask shows, in which directions, how thick its band is, and
the circle fitted to it. The geometry the seal finder (ingest.seals) asks its questions with, apart from the
questions themselves; sizes are in pixels of the working copy, `mm` pixels a millimetre.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

Box = tuple[int, int, int, int]
Circle = tuple[float, float, float]


def longest_gap(hits: np.ndarray) -> int:
    """The longest run of directions without ink, going round the circle."""
    found = np.flatnonzero(hits)
    if not len(found):
        return len(hits)
    return int(max(np.diff(found).max(initial=1), found[0] + len(hits) - found[-1]) - 1)


def roundness(xs: np.ndarray, ys: np.ndarray, circle: Circle, bins: int = 48) -> float:
    """The share of directions from the centre whose farthest red pixel lies on the circle: all of them for a
    seal's ring (a faded arc loses a few), only those near the corners for a rectangle's frame."""
    cx, cy, radius = circle
    dx, dy = xs - cx, ys - cy
    distance = np.hypot(dx, dy)
    which = (((np.arctan2(dy, dx) + math.pi) / (2 * math.pi)) * bins).astype(int) % bins
    farthest = np.zeros(bins)
    np.maximum.at(farthest, which, distance)
    return float(np.mean(farthest >= 0.8 * radius))


def ring_coverage(mask: np.ndarray, circle: Circle, inner: float, outer: float, bins: int = 48) -> float:
    """The share of directions from the centre in which the mask has a pixel in the band between the radii."""
    return float(ring_hits(mask, circle, inner, outer, bins).mean())


def ring_hits(mask: np.ndarray, circle: Circle, inner: float, outer: float, bins: int = 48) -> np.ndarray:
    """For each of `bins` directions from the centre, whether the mask has a pixel in the band between the radii."""
    cx, cy, radius = circle
    x0, y0 = max(0, int(cx - outer * radius)), max(0, int(cy - outer * radius))
    x1, y1 = int(cx + outer * radius) + 1, int(cy + outer * radius) + 1
    ys, xs = np.nonzero(mask[y0:y1, x0:x1])
    dx, dy = xs + x0 - cx, ys + y0 - cy
    distance = np.hypot(dx, dy)
    band = (distance >= inner * radius) & (distance <= outer * radius)
    hits = np.zeros(bins, bool)
    angles = np.arctan2(dy[band], dx[band])
    hits[((angles + math.pi) / (2 * math.pi) * bins).astype(int) % bins] = True
    return hits


def refit(dark: np.ndarray, circle: Circle, mm: float, bins: int = 72) -> Circle:
    """The ring's centre and radius fitted to its ink (the Hough circle is a few pixels off at half size): in
    each direction the inked pixel nearest the circle, a least-squares circle through them, the points more
    than a millimetre and a half off it dropped, fitted again."""
    cx, cy, radius = circle
    x0, y0 = max(0, int(cx - 1.2 * radius)), max(0, int(cy - 1.2 * radius))
    rows, columns = np.nonzero(dark[y0 : int(cy + 1.2 * radius) + 1, x0 : int(cx + 1.2 * radius) + 1])
    xs, ys = columns + (x0 - cx), rows + (y0 - cy)
    off = np.abs(np.hypot(xs, ys) - radius)
    near = off <= 0.15 * radius
    xs, ys, off = xs[near], ys[near], off[near]
    if len(xs) < bins // 2:
        return circle
    which = (((np.arctan2(ys, xs) + math.pi) / (2 * math.pi)) * bins).astype(int) % bins
    order = np.lexsort((off, which))  # by direction, nearest the circle first
    first = order[np.r_[True, which[order][1:] != which[order][:-1]]]
    px, py = xs[first], ys[first]
    for _ in range(2):
        if len(px) < bins // 2:
            return circle
        a = np.column_stack([px, py, np.ones_like(px)])
        (bx, by, c), *_ = np.linalg.lstsq(a, -(px**2 + py**2), rcond=None)
        fx, fy = -bx / 2, -by / 2
        fr = math.sqrt(max(0.0, fx**2 + fy**2 - c))
        keep = np.abs(np.hypot(px - fx, py - fy) - fr) <= 1.5 * mm
        px, py = px[keep], py[keep]
    return (cx + float(fx), cy + float(fy), fr)


def thin_ring(ink: np.ndarray, circle: Circle) -> bool:
    """A ring is a band of ink with paper just inside it (the seal's text stands apart), or, for a seal whose
    emblem fills its middle, with paper just outside it (the seal's edge is its outermost ink): a paragraph
    that the circle happens to cross is as inked inside and outside the band as on it."""
    on = band_share(ink, circle, 0.95, 1.05)
    inside = band_share(ink, circle, 0.55, 0.75)
    outside = band_share(ink, circle, 1.1, 1.3)
    return (on > 0.3 and on > 1.8 * inside) or (on > 0.2 and on > 2.5 * outside)


def band_share(ink: np.ndarray, circle: Circle, inner: float, outer: float) -> float:
    return band_shares(ink, circle, [(inner, outer)])[0]


def band_shares(ink: np.ndarray, circle: Circle, bands: list[tuple[float, float]]) -> list[float]:
    """The inked share of each band between two radii (as shares of the circle's), distances computed once."""
    cx, cy, radius = circle
    reach = max(outer for _, outer in bands) * radius
    x0, y0 = max(0, int(cx - reach)), max(0, int(cy - reach))
    patch = ink[y0 : int(cy + reach) + 1, x0 : int(cx + reach) + 1]
    ys, xs = np.ogrid[y0 : y0 + patch.shape[0], x0 : x0 + patch.shape[1]]
    distance = np.hypot(xs - cx, ys - cy)
    shares = []
    for inner, outer in bands:
        band = (distance >= inner * radius) & (distance <= outer * radius)
        shares.append(float(patch[band].mean()) if band.any() else 0.0)
    return shares


def disc(shape: tuple[int, ...], circle: Circle, scale: float) -> np.ndarray:
    mask = np.zeros(shape[:2], np.uint8)
    cv2.circle(mask, (round(circle[0]), round(circle[1])), round(circle[2] * scale), 1, thickness=-1)
    return mask.astype(bool)


def circle_box(circle: Circle) -> Box:
    cx, cy, radius = circle
    return (round(cx - radius), round(cy - radius), round(cx + radius), round(cy + radius))
