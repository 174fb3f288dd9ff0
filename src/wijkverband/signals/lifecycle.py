"""The handling of a signal as an explicit state machine (pure: no ORM, no Django models).

nieuw → in behandeling → contact gelegd → doorgezet naar plan / afgesloten zonder vervolg, and from
"in behandeling" also niet bereikt or afgesloten zonder vervolg (the worry turned out unfounded).
The three outcomes are final: a new worry is a new signal, so the history of this one stays as it was.
Every step is recorded with who and why by the service that applies it.
"""

from __future__ import annotations

from collections.abc import Iterable

from .constants import SignalStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.IN_PROGRESS}),
    S.IN_PROGRESS: frozenset({S.CONTACTED, S.NOT_REACHED, S.CLOSED_NO_FOLLOW_UP}),
    S.CONTACTED: frozenset({S.REFERRED_TO_PLAN, S.CLOSED_NO_FOLLOW_UP}),
    S.REFERRED_TO_PLAN: frozenset(),
    S.CLOSED_NO_FOLLOW_UP: frozenset(),
    S.NOT_REACHED: frozenset(),
}

FINAL_STATUSES = frozenset(status for status, targets in TRANSITIONS.items() if not targets)
OPEN_STATUSES = frozenset(TRANSITIONS) - FINAL_STATUSES
# Until someone responded the response deadline runs; after contact it no longer does.
AWAITING_RESPONSE = frozenset({S.NEW, S.IN_PROGRESS})


def allowed_next(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def can_transition(current: str, target: str) -> bool:
    return target in allowed_next(current)


def path_to(current: str, target: str) -> list[str]:
    """The shortest list of steps from ``current`` to ``target`` (empty when already there).

    Recording a reached household moves its new signals through "in behandeling" to "contact
    gelegd"; each step is recorded, so the history never skips a status. Raises ValueError when
    ``target`` cannot be reached."""
    if current == target:
        return []
    frontier: list[tuple[str, list[str]]] = [(current, [])]
    seen = {current}
    while frontier:
        status, steps = frontier.pop(0)
        for nxt in sorted(allowed_next(status)):
            if nxt == target:
                return [*steps, nxt]
            if nxt not in seen:
                seen.add(nxt)
                frontier.append((nxt, [*steps, nxt]))
    raise ValueError(f"{current} → {target}")


def replay(start: str, targets: Iterable[str]) -> str:
    """Apply transitions in order; raises ValueError at the first forbidden one."""
    status = start
    for target in targets:
        if not can_transition(status, target):
            raise ValueError(f"{status} → {target}")
        status = target
    return status


def reporter_outcome(status: str, *, may_know_details: bool) -> str:
    """What the reporter of a signal is told (a status value, or "received"/"picked_up").

    Someone whose organisation may see the resident (valid consent and need to know) sees the real
    status; anyone else — a neighbour, an anonymous reporter, a creditor — only hears that the signal
    was received or has been picked up, because more would tell them about the resident's life."""
    if may_know_details:
        return status
    return "received" if status == S.NEW else "picked_up"
