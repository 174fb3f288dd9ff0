"""The life of a case plan as an explicit state machine (pure: no ORM, no Django models).

aangemeld → actief → afschalen → waakvlam → afgesloten, with escalation to a multi-agency table
(Zorg- en Veiligheidshuis) from any open status, and the way back when support has to scale up
again. ``closed`` is final: a resident who needs help again gets a new plan, so the history of
the old one stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterable

from .constants import CasePlanStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.REGISTERED: frozenset({S.ACTIVE, S.ESCALATED, S.CLOSED}),
    S.ACTIVE: frozenset({S.SCALING_DOWN, S.ESCALATED, S.CLOSED}),
    S.SCALING_DOWN: frozenset({S.ACTIVE, S.WATCH, S.ESCALATED, S.CLOSED}),
    S.WATCH: frozenset({S.ACTIVE, S.ESCALATED, S.CLOSED}),
    S.ESCALATED: frozenset({S.ACTIVE, S.CLOSED}),
    S.CLOSED: frozenset(),
}

OPEN_STATUSES = frozenset(status for status in TRANSITIONS if status != S.CLOSED)


def allowed_next(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def can_transition(current: str, target: str) -> bool:
    return target in allowed_next(current)


def replay(start: str, targets: Iterable[str]) -> str:
    """Apply transitions in order; raises ValueError at the first forbidden one."""
    status = start
    for target in targets:
        if not can_transition(status, target):
            raise ValueError(f"{status} → {target}")
        status = target
    return status
