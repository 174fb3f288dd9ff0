"""`rules` predicates over the policy, for templates ({% has_perm %}) and DRF object permissions."""

from typing import Any

import rules

from wijkverband.accounts.actor import Actor

from . import policy


def _predicate(action: str) -> Any:
    @rules.predicate  # type: ignore[attr-defined]
    def check(actor: Actor, resident: Any) -> bool:
        return isinstance(actor, Actor) and resident is not None and policy.may(actor, action, resident)

    return check


for _action in ("view", "change", "manage_consent", "add_involvement", "view_audit_trail"):
    rules.add_perm(  # type: ignore[attr-defined,no-untyped-call]
        f"residents.{_action}_resident", _predicate(_action)
    )
