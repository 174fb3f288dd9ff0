"""Signals per month as an inline SVG line chart, one line per series (pure: no ORM, no JavaScript).

As in ``cases/charts.py``: a <title> and <desc>, and the page shows the same figures in a table.
Series are told apart by colour *and* dash pattern, so the chart also reads without colour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

WIDTH, HEIGHT = 640, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 40, 16, 12, 30
STYLES = [
    ("#16325c", ""),
    ("#a3195b", "6 3"),
    ("#2e7d32", "2 3"),
    ("#8a5a00", "8 3 2 3"),
    ("#4a4a4a", "1 2"),
]


def monthly_lines_svg(months: Sequence[date], series: Mapping[str, Sequence[int]], *, title: str) -> str:
    """Lines of counts per month; empty string when there are no months or no series."""
    if not months or not series:
        return ""
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    top = max(1, max((max(values) for values in series.values() if values), default=1))
    step = inner_w / max(len(months) - 1, 1)

    def x(index: int) -> float:
        return PAD_LEFT + (index * step if len(months) > 1 else inner_w / 2)

    def y(value: float) -> float:
        return PAD_TOP + (top - value) / top * inner_h

    desc = "; ".join(
        f"{name}: "
        + ", ".join(f"{month.strftime('%m-%Y')} {value}" for month, value in zip(months, values, strict=True))
        for name, values in series.items()
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" class="wv-chart" aria-labelledby="signals-chart-title">',
        f'<title id="signals-chart-title">{escape(title)}</title>',
        f"<desc>{escape(desc)}</desc>",
    ]
    for tick in sorted({0, top // 2, top}):
        ty = y(tick)
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#d0d0d0"/>'
            f'<text x="{PAD_LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" font-size="11" fill="#1a1a1a">{tick}</text>'
        )
    for index, month in enumerate(months):
        if index in (0, len(months) - 1) or len(months) <= 6:
            parts.append(
                f'<text x="{x(index):.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="11" fill="#1a1a1a">'
                f"{month.strftime('%m-%Y')}</text>"
            )
    for number, (name, values) in enumerate(series.items()):
        colour, dash = STYLES[number % len(STYLES)]
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}>'
            f"<title>{escape(name)}</title></path>"
        )
    parts.append("</svg>")
    return "".join(parts)
