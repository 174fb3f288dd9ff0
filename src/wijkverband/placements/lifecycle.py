"""The trial period and the lease transfer (omklap) as an explicit state machine (pure: no ORM).

draft → trial → (extended →)* transferred | ended

- ``trial``: the tripartite agreement is signed; the care provider (or the corporation with the care
  provider as guarantor) holds the lease and the client lives in the home on trial, at most 18 months.
- ``transferred`` (omklap): the lease goes to the client's own name once the goals are met. It needs the
  client's approval *and* that of an independent third party (not the care provider, not the corporation).
- ``extended``: more time, with a reason; the total trial period still may not pass 18 months.
- ``ended``: the trial ends and the client returns to care, with a reason.
``transferred`` and ``ended`` are final. Applications move registered → complete → proposed → offered
→ housed, and may be withdrawn before they are housed; a declined offer or an overridden proposal
returns the application to complete so the matcher can try again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .constants import ApplicationStatus as A
from .constants import TrialStatus as T

TRIAL_TRANSITIONS: dict[str, frozenset[str]] = {
    T.DRAFT: frozenset({T.TRIAL}),
    T.TRIAL: frozenset({T.EXTENDED, T.TRANSFERRED, T.ENDED}),
    T.EXTENDED: frozenset({T.EXTENDED, T.TRANSFERRED, T.ENDED}),
    T.TRANSFERRED: frozenset(),
    T.ENDED: frozenset(),
}

# What each step needs besides being allowed: codes the service turns into Dutch messages.
REQUIREMENTS: dict[str, frozenset[str]] = {
    T.TRIAL: frozenset({"three_conditions"}),
    T.EXTENDED: frozenset({"reason"}),
    T.TRANSFERRED: frozenset({"client_approval", "third_party_approval"}),
    T.ENDED: frozenset({"reason"}),
}

APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    A.REGISTERED: frozenset({A.COMPLETE, A.WITHDRAWN}),
    A.COMPLETE: frozenset({A.REGISTERED, A.PROPOSED, A.WITHDRAWN}),
    A.PROPOSED: frozenset({A.COMPLETE, A.OFFERED, A.WITHDRAWN}),
    A.OFFERED: frozenset({A.COMPLETE, A.HOUSED, A.WITHDRAWN}),
    A.HOUSED: frozenset(),
    A.WITHDRAWN: frozenset(),
}

FINAL_TRIAL_STATUSES = frozenset(s for s, nxt in TRIAL_TRANSITIONS.items() if not nxt)


@dataclass(frozen=True)
class StepInput:
    """What a person supplied with a step; ``missing`` compares it with ``REQUIREMENTS``."""

    reason: str = ""
    client_approved: bool = False
    third_party: str = ""
    three_conditions: bool = False


def allowed_next(status: str) -> frozenset[str]:
    return TRIAL_TRANSITIONS.get(status, frozenset())


def can_transition(current: str, target: str) -> bool:
    return target in allowed_next(current)


def missing(target: str, given: StepInput) -> list[str]:
    """The requirements of ``target`` that ``given`` does not meet, in a stable order."""
    met = {
        "reason": bool(given.reason.strip()),
        "client_approval": given.client_approved,
        "third_party_approval": bool(given.third_party.strip()),
        "three_conditions": given.three_conditions,
    }
    return sorted(code for code in REQUIREMENTS.get(target, frozenset()) if not met[code])


def replay(start: str, steps: Iterable[tuple[str, StepInput]]) -> str:
    """Apply steps in order; raises ValueError at the first forbidden or incomplete one."""
    status = start
    for target, given in steps:
        if not can_transition(status, target) or missing(target, given):
            raise ValueError(f"{status} → {target}")
        status = target
    return status


def application_can_transition(current: str, target: str) -> bool:
    return target in APPLICATION_TRANSITIONS.get(current, frozenset())
