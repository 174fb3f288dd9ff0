"""The DIN (doelen-inspanningen-netwerk) drawn as SVG: pure, no ORM, no JavaScript.

Four columns from left to right: the ambition, the strategic goals, the operational goals and the
efforts, with a line for every link (an effort can serve several operational goals). Text is
escaped; long titles are wrapped over at most three lines. The same network is always shown as a
table beside the drawing (``<title>``/``<desc>`` describe it for screen readers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from textwrap import wrap
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

NODE_W = 200
NODE_H = 56
GAP_Y = 14
COL_GAP = 60
PAD = 16
COLOURS = {"ambition": "#00546b", "strategic": "#2b7a8b", "operational": "#5b9aa6", "effort": "#f3f6f7"}


@dataclass(frozen=True)
class Node:
    key: str
    title: str


@dataclass
class DinGraph:
    ambition: str
    strategic: list[Node] = field(default_factory=list)
    # operational goal key -> its strategic goal key
    operational: list[tuple[Node, str]] = field(default_factory=list)
    # effort -> the operational goal keys it serves
    efforts: list[tuple[Node, list[str]]] = field(default_factory=list)


def _lines(text: str, width: int = 30) -> list[str]:
    lines = wrap(text, width) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], lines[2][: width - 1] + "…"]
    return lines


def _box(x: int, y: int, title: str, kind: str) -> str:
    fill = COLOURS[kind]
    text_fill = "#1a1a1a" if kind == "effort" else "#ffffff"
    lines = _lines(title)
    first = y + NODE_H / 2 - (len(lines) - 1) * 7 + 4
    spans = "".join(
        f'<tspan x="{x + 8}" y="{first + i * 14:.0f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return (
        f'<g class="din-{kind}"><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6" '
        f'fill="{fill}" stroke="#00546b"/><text font-size="12" fill="{text_fill}">{spans}</text></g>'
    )


def din_svg(graph: DinGraph, *, title: str) -> str:
    columns: list[list[tuple[str, str, str]]] = [
        [("ambition", graph.ambition or "–", "ambition")],
        [(n.key, n.title, "strategic") for n in graph.strategic],
        [(n.key, n.title, "operational") for n, _parent in graph.operational],
        [(n.key, n.title, "effort") for n, _goals in graph.efforts],
    ]
    rows = max(1, *(len(column) for column in columns))
    height = PAD * 2 + rows * (NODE_H + GAP_Y)
    width = PAD * 2 + 4 * NODE_W + 3 * COL_GAP
    positions: dict[tuple[str, str], tuple[int, int]] = {}
    boxes: list[str] = []
    for index, column in enumerate(columns):
        x = PAD + index * (NODE_W + COL_GAP)
        # Centre short columns vertically so the links read left to right.
        offset = (rows - len(column)) * (NODE_H + GAP_Y) // 2
        for row, (key, text, kind) in enumerate(column):
            y = PAD + offset + row * (NODE_H + GAP_Y)
            positions[(kind, key)] = (x, y)
            boxes.append(_box(x, y, text, kind))

    def link(a: tuple[str, str], b: tuple[str, str]) -> str:
        if a not in positions or b not in positions:
            return ""
        (x1, y1), (x2, y2) = positions[a], positions[b]
        return (
            f'<line x1="{x1 + NODE_W}" y1="{y1 + NODE_H // 2}" x2="{x2}" y2="{y2 + NODE_H // 2}" '
            'stroke="#6b6b6b" stroke-width="1.5"/>'
        )

    lines = [link(("ambition", "ambition"), ("strategic", n.key)) for n in graph.strategic]
    lines += [link(("strategic", parent), ("operational", n.key)) for n, parent in graph.operational]
    lines += [link(("operational", goal), ("effort", n.key)) for n, goals in graph.efforts for goal in goals]
    description = _("%(strategic)d strategic goals, %(operational)d operational goals, %(efforts)d efforts") % {
        "strategic": len(graph.strategic),
        "operational": len(graph.operational),
        "efforts": len(graph.efforts),
    }
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-labelledby="din-title din-desc" class="wv-din">'
        f'<title id="din-title">{escape(title)}</title><desc id="din-desc">{escape(description)}</desc>'
        + "".join(lines)
        + "".join(boxes)
        + "</svg>"
    )
