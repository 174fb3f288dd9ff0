"""An offline SVG map of a municipality's districts from GeoJSON (no ORM, no JavaScript, no tiles).

The district boundaries come from the shared CBS data (``geo/wijken_2024_nl.geojson``, WGS84,
simplified; "Bron: CBS / Kadaster", CC BY 4.0). Coordinates are projected equirectangularly with
the longitude scaled by cos(latitude): for an area the size of a municipality the distortion is
far below what the eye sees, and it needs no projection library.

The map shades each district by a count (services on the kansenkaart), outlines the selected one
and carries ``<title>``/``<desc>`` for screen readers. It is one image (no links inside, which
would be interactive content in an image); the page's table holds the same figures and the links.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

Ring = tuple[tuple[float, float], ...]

# Light to dark; colour is never the only carrier of meaning (numbers are in the titles and the table).
SHADES = ("#f1f4f8", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")


@dataclass(frozen=True)
class AreaShape:
    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # polygons → rings (outer first) → (lon, lat)


def _polygons(geometry: Mapping[str, Any]) -> tuple[tuple[Ring, ...], ...]:
    def ring(points: Sequence[Sequence[float]]) -> Ring:
        return tuple((float(p[0]), float(p[1])) for p in points)

    if geometry.get("type") == "Polygon":
        return (tuple(ring(r) for r in geometry["coordinates"]),)
    if geometry.get("type") == "MultiPolygon":
        return tuple(tuple(ring(r) for r in polygon) for polygon in geometry["coordinates"])
    return ()


@functools.lru_cache(maxsize=16)
def district_shapes(path: str, municipality_code: str) -> tuple[AreaShape, ...]:
    """The district polygons of one municipality from a CBS wijken GeoJSON file (read once per process)."""
    file = Path(path)
    if not file.exists():
        return ()
    document = json.loads(file.read_text(encoding="utf-8"))
    shapes = []
    for feature in document.get("features", []):
        properties = feature.get("properties") or {}
        if properties.get("gemeentecode") != municipality_code:
            continue
        polygons = _polygons(feature.get("geometry") or {})
        if polygons:
            shapes.append(
                AreaShape(code=properties["wijkcode"], name=properties.get("wijknaam", ""), polygons=polygons)
            )
    return tuple(sorted(shapes, key=lambda s: s.code))


def _shade(value: int, highest: int) -> str:
    if value <= 0 or highest <= 0:
        return SHADES[0]
    step = math.ceil(value / highest * (len(SHADES) - 1))
    return SHADES[max(1, min(step, len(SHADES) - 1))]


def render_svg(
    shapes: Sequence[AreaShape],
    *,
    values: Mapping[str, int],
    selected: str = "",
    title: str,
    description: str,
    label: str = "{name}: {value}",
    width: int = 640,
) -> str:
    """SVG markup for the shapes, shaded by ``values``; empty string when there is nothing to draw."""
    points = [p for s in shapes for polygon in s.polygons for ring in polygon for p in ring]
    if not points:
        return ""
    min_lon, max_lon = min(p[0] for p in points), max(p[0] for p in points)
    min_lat, max_lat = min(p[1] for p in points), max(p[1] for p in points)
    scale_x = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * scale_x, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    height = max(1, round(width * span_y / span_x))
    pad = 4

    def xy(lon: float, lat: float) -> str:
        x = pad + (lon - min_lon) * scale_x / span_x * (width - 2 * pad)
        y = pad + (max_lat - lat) / span_y * (height - 2 * pad)
        return f"{x:.1f},{y:.1f}"

    highest = max(values.values(), default=0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="map-title map-desc" class="wv-map">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<desc id="map-desc">{escape(description)}</desc>',
    ]
    ordered = sorted(shapes, key=lambda s: s.code == selected)  # the selected outline is drawn last, on top
    for shape in ordered:
        d = " ".join(
            "M" + " L".join(xy(lon, lat) for lon, lat in ring) + " Z" for polygon in shape.polygons for ring in polygon
        )
        value = values.get(shape.code, 0)
        is_selected = shape.code == selected
        stroke = ' stroke="#000" stroke-width="3"' if is_selected else ' stroke="#555" stroke-width="0.8"'
        text = label.format(name=shape.name, value=value)
        parts.append(
            f'<path d="{d}" fill="{_shade(value, highest)}" fill-rule="evenodd"{stroke}>'
            f"<title>{escape(text)}</title></path>"
        )
    parts.append("</svg>")
    return "".join(parts)
