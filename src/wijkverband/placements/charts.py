"""Bar charts of the outflow figures as inline SVG (pure: no ORM, no JavaScript, no network).

Hand-drawn like ``cases/charts.py`` and ``wijkfoto/charts.py`` (decision 0004): a few lines of SVG per
chart. Every chart has a <title> and a <desc> with all its figures, and the KPI page shows the same
figures in a table for screen readers and for copying.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 560
BAR_HEIGHT, GAP, PAD_TOP, PAD_BOTTOM = 18, 8, 8, 24
LABEL_WIDTH, VALUE_WIDTH, PAD_RIGHT = 200, 70, 12
COLOURS = ("#16325c", "#7a9cc6")  # first and second series; contrast ≥ 4.5:1 on white for the first


@dataclass(frozen=True)
class Bar:
    """One category; ``values`` per series (None = no figure, drawn as no bar and written as "–")."""

    label: str
    values: tuple[float | None, ...]


def fmt(value: float | None, unit: str = "") -> str:
    """Dutch number: decimal comma, one decimal unless whole; "–" for no figure."""
    if value is None:
        return "–"
    text = str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{text}{unit}"


def bar_chart_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    series: Sequence[str] = ("",),
    unit: str = "",
    scale_max: float | None = None,
    target: float | None = None,
    target_label: str = "",
) -> str:
    """Horizontal bars, one row per category and one bar per series; empty string without figures.

    ``scale_max`` fixes the scale (100 for shares); otherwise the largest value (or target) sets it.
    ``target`` draws a dashed vertical line, e.g. the 80 percent norm.
    """
    figures = [v for bar in bars for v in bar.values if v is not None]
    if not bars or not figures:
        return ""
    top = scale_max if scale_max is not None else max([*figures, target or 0.0])
    top = top if top > 0 else 1.0
    per_row = len(series) * BAR_HEIGHT + GAP
    height = PAD_TOP + per_row * len(bars) + PAD_BOTTOM
    inner_w = WIDTH - LABEL_WIDTH - VALUE_WIDTH - PAD_RIGHT

    def x(value: float) -> float:
        return LABEL_WIDTH + min(max(value, 0.0), top) / top * inner_w

    named = len(series) > 1 or series[0]
    desc = "; ".join(
        f"{bar.label}: "
        + ", ".join(
            f"{name + ' ' if name else ''}{fmt(value, unit)}" for name, value in zip(series, bar.values, strict=False)
        )
        for bar in bars
    )
    if target is not None:
        desc += f"; {target_label or 'norm'}: {fmt(target, unit)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'role="img" class="wv-chart">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
    ]
    for row, bar in enumerate(bars):
        y0 = PAD_TOP + row * per_row
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y0 + len(series) * BAR_HEIGHT / 2 + 4:.1f}" text-anchor="end" '
            f'font-size="12" fill="#1a1a1a">{escape(bar.label[:32])}</text>'
        )
        for s, value in enumerate(bar.values):
            y = y0 + s * BAR_HEIGHT
            name = f"{series[s]} " if named and s < len(series) else ""
            if value is not None:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{x(value) - LABEL_WIDTH:.1f}" '
                    f'height="{BAR_HEIGHT - 4}" fill="{COLOURS[s % len(COLOURS)]}">'
                    f"<title>{escape(bar.label)}: {escape(name)}{fmt(value, unit)}</title></rect>"
                )
            parts.append(
                f'<text x="{(x(value) if value is not None else LABEL_WIDTH) + 4:.1f}" y="{y + BAR_HEIGHT - 5}" '
                f'font-size="11" fill="#1a1a1a">{escape(name)}{fmt(value, unit)}</text>'
            )
    if target is not None:
        tx = x(target)
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{PAD_TOP - 4}" y2="{height - PAD_BOTTOM + 4}" '
            'stroke="#b3261e" stroke-width="2" stroke-dasharray="5 3"/>'
        )
        parts.append(
            f'<text x="{tx:.1f}" y="{height - 6}" text-anchor="middle" font-size="11" fill="#b3261e">'
            f"{escape(target_label)} {fmt(target, unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
