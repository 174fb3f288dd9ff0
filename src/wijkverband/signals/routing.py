"""Which team picks a signal up: ordered rules, the first that matches wins (pure: no ORM).

A rule matches when every condition it sets holds; a condition left empty matches anything:
- categories: the signal's category or one of its parents is listed;
- areas: the signal's neighbourhood, district or municipality code is listed;
- sources: the signal's source kind is listed;
- open case: the resident has (True) or has not (False) an open case plan.
Rules are tried by ``order`` and then by ``key``, so the outcome never depends on database order.
A signal no rule matches is routed to no team; the overview counts those so a coordinator can add
a catch-all rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    key: str
    order: int
    team_key: str
    categories: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    has_open_case: bool | None = None


@dataclass(frozen=True)
class Facts:
    categories: frozenset[str]  # the category code and its parents' codes
    areas: frozenset[str]  # neighbourhood, district and municipality codes (empty when unknown)
    source: str
    has_open_case: bool


def matches(rule: Rule, facts: Facts) -> bool:
    return (
        (not rule.categories or bool(rule.categories & facts.categories))
        and (not rule.areas or bool(rule.areas & facts.areas))
        and (not rule.sources or facts.source in rule.sources)
        and (rule.has_open_case is None or rule.has_open_case == facts.has_open_case)
    )


def ordered(rules: Iterable[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda rule: (rule.order, rule.key))


def first_match(facts: Facts, rules_in_order: Iterable[Rule]) -> Rule | None:
    """The first matching rule of rules already in order (``ordered``): for routing many signals."""
    for rule in rules_in_order:
        if matches(rule, facts):
            return rule
    return None


def route(facts: Facts, rules: Iterable[Rule]) -> Rule | None:
    """The first matching rule by order, or None."""
    return first_match(facts, ordered(rules))
