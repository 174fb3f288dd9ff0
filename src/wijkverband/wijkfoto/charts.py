"""Charts and maps as inline SVG (pure: no ORM, no JavaScript, no network, no tiles).

Hand-drawn like ``cases/charts.py`` (decision 0004): a wijkfoto draws dozens of small charts and a
map, and altair/vl-convert are not installed; a few lines of SVG cost microseconds. Every chart has a
<title> and <desc>; the page shows the same figures in a table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils.translation import gettext as _

from .parsing import format_number

COLOURS = ("#16325c", "#5b7db1", "#a7b9d6")  # area, municipality, country
# Sequential palette (light → dark), readable on white and in greyscale print.
CLASSES = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
MISSING = "#d9d9d9"


def comparison_bars_svg(
    bars: Sequence[tuple[str, float | None]], *, title: str, decimals: int = 0, width: int = 260
) -> str:
    """Horizontal bars for area / municipality / country; empty string when nothing is known."""
    known = [value for _label, value in bars if value is not None]
    if not known:
        return ""
    top = max(max(known), 0.0) or 1.0
    row_h, label_w, value_w = 18, 90, 60
    height = row_h * len(bars) + 4
    inner = width - label_w - value_w
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" class="wv-chart"><title>{escape(title)}</title>',
        "<desc>" + escape("; ".join(f"{label}: {format_number(value, decimals)}" for label, value in bars)) + "</desc>",
    ]
    for index, (label, value) in enumerate(bars):
        y = 2 + index * row_h
        parts.append(f'<text x="0" y="{y + 13}" font-size="11" fill="#1a1a1a">{escape(label[:16])}</text>')
        if value is not None and value > 0:
            w = max(1.0, value / top * inner)
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                f'fill="{COLOURS[index % len(COLOURS)]}"/>'
            )
        else:
            w = 0
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="11" fill="#1a1a1a">'
            f"{format_number(value, decimals)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    geometry: Mapping[str, Any]
    value: float | None
    href: str = ""


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return list(geometry["coordinates"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def class_breaks(values: Sequence[float], classes: int = len(CLASSES)) -> list[float]:
    """Upper bounds of equal-count classes (quantiles), so a few outliers don't wash out the map."""
    ordered = sorted(values)
    if not ordered:
        return []
    return [ordered[min(len(ordered) - 1, math.ceil(len(ordered) * (i + 1) / classes) - 1)] for i in range(classes)]


def choropleth_svg(
    areas: Sequence[MapArea],
    *,
    title: str,
    unit: str = "",
    decimals: int = 0,
    width: int = 560,
    selected: str = "",
) -> str:
    """The areas drawn from their WGS84 polygons, coloured by value in five classes; grey = no figure.
    The ``selected`` area (a code) is outlined and drawn last, on top of its neighbours."""
    points = [p for a in areas for ring in _rings(a.geometry) for p in ring]
    if not points:
        return ""
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    # Equirectangular with the longitude shrunk by cos(latitude): true enough at municipality scale.
    shrink = math.cos(math.radians((min_y + max_y) / 2))
    span_x = max((max_x - min_x) * shrink, 1e-9)
    span_y = max(max_y - min_y, 1e-9)
    map_h = int(width * span_y / span_x)
    scale = width / span_x
    legend_h = 24 * 3
    height = map_h + legend_h

    def project(point: Sequence[float]) -> str:
        return f"{(point[0] - min_x) * shrink * scale:.1f},{(max_y - point[1]) * scale:.1f}"

    known = [a.value for a in areas if a.value is not None]
    breaks = class_breaks(known)

    def colour(value: float | None) -> str:
        if value is None:
            return MISSING
        for index, bound in enumerate(breaks):
            if value <= bound:
                return CLASSES[index]
        return CLASSES[-1]

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" class="wv-map"><title>{escape(title)}</title>',
        "<desc>"
        + escape("; ".join(f"{a.name}: {format_number(a.value, decimals)} {unit}".strip() for a in areas))
        + "</desc>",
    ]
    for area in sorted(areas, key=lambda a: a.code == selected):
        path = " ".join("M" + " L".join(project(p) for p in ring) + " Z" for ring in _rings(area.geometry))
        label = f"{area.name}: {format_number(area.value, decimals)} {unit}".strip()
        stroke = 'stroke="#000000" stroke-width="3"' if area.code == selected else 'stroke="#ffffff" stroke-width="1"'
        shape = (
            f'<path d="{path}" fill="{colour(area.value)}" fill-rule="evenodd" {stroke} '
            f'data-code="{escape(area.code)}"><title>{escape(label)}</title></path>'
        )
        if area.href:
            shape = f'<a href="{escape(area.href)}" aria-label="{escape(label)}">{shape}</a>'
        parts.append(shape)
    lower = min(known) if known else None
    for index, bound in enumerate(breaks):
        x = 8 + index * 108
        low = lower if index == 0 else breaks[index - 1]
        parts.append(f'<rect x="{x}" y="{map_h + 8}" width="16" height="12" fill="{CLASSES[index]}" stroke="#777"/>')
        parts.append(
            f'<text x="{x + 20}" y="{map_h + 18}" font-size="11" fill="#1a1a1a">'
            f"{format_number(low, decimals)}–{format_number(bound, decimals)}</text>"
        )
    parts.append(f'<rect x="8" y="{map_h + 32}" width="16" height="12" fill="{MISSING}" stroke="#777"/>')
    parts.append(f'<text x="28" y="{map_h + 42}" font-size="11" fill="#1a1a1a">{escape(_("no figure"))}</text>')
    parts.append("</svg>")
    return "".join(parts)
