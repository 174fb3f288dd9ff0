"""The traffic light (stoplicht / draagkracht) as a pure calculation: figures in, colour and reasons out.

Each rule compares one indicator with two thresholds. The order of the thresholds says which way is
worse: red above orange means "higher is worse" (e.g. % households at the social minimum), red below
orange means "lower is worse" (e.g. a Leefbaarometer score). A rule scores 0, 1 (orange) or 2 (red)
times its weight; the sum against ``orange_from``/``red_from`` gives the colour. A rule without a
figure scores nothing and says so; when no rule has a figure the colour is UNKNOWN, never green.
An override (a person's judgement, with a reason) wins until its end date.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .parsing import format_number

GREEN, ORANGE, RED, UNKNOWN = "green", "orange", "red", "unknown"
LEVEL_COLOURS = {0: GREEN, 1: ORANGE, 2: RED}


@dataclass(frozen=True)
class Rule:
    indicator_code: str
    label: str
    unit: str
    orange: float
    red: float
    weight: float = 1.0
    decimals: int = 0

    @property
    def higher_is_worse(self) -> bool:
        return self.red >= self.orange

    def level_of(self, value: float) -> int:
        if self.higher_is_worse:
            return 2 if value >= self.red else 1 if value >= self.orange else 0
        return 2 if value <= self.red else 1 if value <= self.orange else 0


@dataclass(frozen=True)
class Figure:
    value: float | None
    year: int | None = None
    from_district: bool = False


@dataclass(frozen=True)
class Reason:
    indicator_code: str
    colour: str
    value: float | None
    text: str


@dataclass(frozen=True)
class Override:
    colour: str
    reason: str
    valid_until: date


@dataclass(frozen=True)
class Evaluation:
    colour: str
    computed_colour: str
    score: float | None
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    override: Override | None = None


def _number(value: float, rule: Rule) -> str:
    return _formatted(value, rule.decimals, rule.unit)


@functools.lru_cache(maxsize=8192)
def _formatted(value: float, decimals: int, unit: str) -> str:
    # Thresholds and most figures (whole percentages) repeat across thousands of areas.
    return f"{format_number(value, decimals)} {unit}".strip()


@dataclass(frozen=True)
class Texts:
    """The reason templates in one language, looked up once: a national recomputation writes ~50,000 reasons."""

    no_figure: str
    from_district: str
    red: str
    orange: str
    green: str


@functools.lru_cache(maxsize=16)
def _texts_in(language: str | None) -> Texts:
    return Texts(
        no_figure=_("%(label)s: no figure"),
        from_district=_(" (figure of the district)"),
        red=_("%(label)s is %(value)s%(year)s%(where)s: red threshold %(sign)s %(threshold)s"),
        orange=_("%(label)s is %(value)s%(year)s%(where)s: orange threshold %(sign)s %(threshold)s"),
        green=_("%(label)s is %(value)s%(year)s%(where)s: below the orange threshold %(threshold)s"),
    )


def texts() -> Texts:
    """The templates in the active language (cached per language; the .po files do not change at run time)."""
    return _texts_in(get_language())


def _reason(rule: Rule, figure: Figure | None, t: Texts) -> tuple[int | None, Reason]:
    if figure is None or figure.value is None:
        return None, Reason(rule.indicator_code, UNKNOWN, None, t.no_figure % {"label": rule.label})
    level = rule.level_of(figure.value)
    sign = "≥" if rule.higher_is_worse else "≤"
    where = t.from_district if figure.from_district else ""
    year = f" ({figure.year})" if figure.year else ""
    if level == 2:
        text, threshold = t.red, rule.red
    elif level == 1:
        text, threshold = t.orange, rule.orange
    else:
        text, threshold = t.green, rule.orange
    values = {
        "label": rule.label,
        "value": _number(figure.value, rule),
        "year": year,
        "where": where,
        "sign": sign,
        "threshold": _number(threshold, rule),
    }
    return level, Reason(rule.indicator_code, LEVEL_COLOURS[level], figure.value, text % values)


def evaluate(
    rules: Sequence[Rule],
    figures: Mapping[str, Figure],
    *,
    orange_from: float = 1,
    red_from: float = 2,
    override: Override | None = None,
    today: date | None = None,
    reason_texts: Texts | None = None,
) -> Evaluation:
    """Judge one area. ``reason_texts`` (from ``texts()``) saves the lookups when judging many areas."""
    t = reason_texts or texts()
    score = 0.0
    known = 0
    reasons = []
    for rule in rules:
        level, reason = _reason(rule, figures.get(rule.indicator_code), t)
        reasons.append(reason)
        if level is not None:
            known += 1
            score += level * rule.weight
    if not known:
        computed, final_score = UNKNOWN, None
    else:
        computed = RED if score >= red_from else ORANGE if score >= orange_from else GREEN
        final_score = score
    # Red reasons first: the reader wants to know why before reading what is fine.
    order = {RED: 0, ORANGE: 1, UNKNOWN: 2, GREEN: 3}
    ordered = tuple(sorted(reasons, key=lambda r: order[r.colour]))
    active = override if override and (today is None or override.valid_until >= today) else None
    colour = active.colour if active else computed
    return Evaluation(colour=colour, computed_colour=computed, score=final_score, reasons=ordered, override=active)


def capacity(
    colour: str, *, social_homes: float | None, placements: float | None, green_limit: float, orange_limit: float
) -> int | None:
    """Placements still possible in the 12-month window; None when it cannot be said (unknown colour or homes)."""
    if colour == UNKNOWN or social_homes is None:
        return None
    limit = {GREEN: green_limit, ORANGE: orange_limit, RED: 0.0}[colour]
    allowed = math.floor(limit * social_homes / 1000)
    return max(0, allowed - int(placements or 0))


def per_thousand(placements: float | None, social_homes: float | None) -> float | None:
    if placements is None or not social_homes:
        return None
    return placements * 1000 / social_homes
