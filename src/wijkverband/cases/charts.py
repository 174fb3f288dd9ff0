"""Line charts of a plan's measurements as inline SVG (pure: no ORM, no JavaScript, no network).

Hand-drawn rather than through Vega-Lite: a plan page draws up to 13 small charts and must stay
well under 200 ms; a few lines of SVG per chart cost microseconds (decision 0004). Every chart has
a <title> and <desc>, and the page shows the same figures in a table for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

WIDTH, HEIGHT = 480, 180
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 36, 16, 12, 28


def line_chart_svg(
    points: Sequence[tuple[date, float]],
    *,
    scale_min: int,
    scale_max: int,
    title: str,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """An SVG line chart of (date, value) points on a fixed scale; empty string when no points."""
    if not points:
        return ""
    points = sorted(points)
    inner_w = width - PAD_LEFT - PAD_RIGHT
    inner_h = height - PAD_TOP - PAD_BOTTOM
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    span = max(last - first, 1)
    value_span = max(scale_max - scale_min, 1)

    def x(day: date) -> float:
        if first == last:
            return PAD_LEFT + inner_w / 2
        return PAD_LEFT + (day.toordinal() - first) / span * inner_w

    def y(value: float) -> float:
        return PAD_TOP + (scale_max - value) / value_span * inner_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" class="wv-chart" aria-labelledby="chart-title-{id(points)}">',
        f'<title id="chart-title-{id(points)}">{escape(title)}</title>',
        "<desc>" + escape(", ".join(f"{day.strftime('%d-%m-%Y')}: {_fmt(value)}" for day, value in points)) + "</desc>",
    ]
    step = 1 if value_span <= 10 else max(1, value_span // 5)
    for tick in range(scale_min, scale_max + 1, step):
        ty = y(tick)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{width - PAD_RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{PAD_LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="#1a1a1a">{tick}</text>'
        )
    labels = [points[0][0]] if first == last else [points[0][0], points[-1][0]]
    for day in labels:
        anchor = "middle" if first == last else ("start" if day == points[0][0] else "end")
        parts.append(
            f'<text x="{x(day):.1f}" y="{height - 8}" text-anchor="{anchor}" font-size="11" fill="#1a1a1a">'
            f"{day.strftime('%d-%m-%Y')}</text>"
        )
    path = " ".join(f"{'M' if i == 0 else 'L'}{x(day):.1f},{y(value):.1f}" for i, (day, value) in enumerate(points))
    parts.append(f'<path d="{path}" fill="none" stroke="#16325c" stroke-width="2.5"/>')
    for day, value in points:
        parts.append(
            f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="4" fill="#16325c">'
            f"<title>{day.strftime('%d-%m-%Y')}: {_fmt(value)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
