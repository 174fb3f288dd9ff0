"""Writing audit events. Called inside the transaction of the read or write it records.

- Every read and write of a resident's personal data records one event per resident.
- Denied attempts are recorded too (outcome ``denied``), without telling the caller anything.
- Appends take a row lock on the chain head, so concurrent writers chain in a single order.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wijkverband.accounts.actor import Actor

from . import chain
from .constants import AuditAction, AuditOutcome
from .models import AuditChainHead, AuditEvent


def _event_fields(
    *,
    actor: Actor | None,
    event_type: str,
    action: str,
    resident_uuid: uuid.UUID | None,
    object_type: str,
    object_uuid: uuid.UUID | None,
    scope: str,
    reason: str,
    outcome: str,
    details: dict[str, Any],
    now: Any,
) -> dict[str, Any]:
    user = actor.user if actor else None
    organisation = actor.organisation if actor else None
    return {
        "occurred_at": now,
        "event_type": event_type,
        "action": action,
        "outcome": outcome,
        "resident_uuid": resident_uuid,
        "user_id_ref": user.pk if user is not None and user.is_authenticated else None,
        "username": user.get_username() if user is not None and user.is_authenticated else "",
        "user_display": str(user) if user is not None and user.is_authenticated else "",
        "responsible_username": user.get_username() if user is not None and user.is_authenticated else "",
        "organisation_uuid": organisation.uuid if organisation else None,
        "organisation_name": organisation.name if organisation else "",
        "role": (actor.role or "") if actor else "",
        "access_point": actor.access_point if actor else "cli",
        "ip_address": actor.ip_address if actor else None,
        "object_type": object_type,
        "object_uuid": object_uuid,
        "scope": scope,
        "reason": reason[:500],
        "details": details,
    }


def audit_events_record(
    *,
    actor: Actor | None,
    event_type: str,
    action: AuditAction | str,
    resident_uuids: Sequence[uuid.UUID | None],
    object_type: str = "",
    object_uuid: uuid.UUID | None = None,
    scope: str = "",
    reason: str = "",
    outcome: AuditOutcome | str = AuditOutcome.SUCCESS,
    details: dict[str, Any] | None = None,
) -> list[AuditEvent]:
    """Append one event per resident (one event with no resident when the list is ``[None]``)."""
    if not settings.AUDIT_ENABLED or not resident_uuids:
        return []
    now = timezone.now()
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        events = []
        previous_hash, sequence = head.last_hash, head.last_sequence
        for resident_uuid in resident_uuids:
            sequence += 1
            fields = _event_fields(
                actor=actor,
                event_type=event_type,
                action=str(action),
                resident_uuid=resident_uuid,
                object_type=object_type,
                object_uuid=object_uuid,
                scope=scope,
                reason=reason,
                outcome=str(outcome),
                details=details or {},
                now=now,
            )
            fields["sequence"] = sequence
            digest = chain.link(settings.AUDIT_HMAC_KEY, previous_hash, fields)
            events.append(AuditEvent(previous_hash=previous_hash, hash=digest, **fields))
            previous_hash = digest
        AuditEvent.objects.bulk_create(events)
        AuditChainHead.objects.filter(pk=head.pk).update(last_sequence=sequence, last_hash=previous_hash)
    return events


def audit_event_record(
    *,
    actor: Actor | None,
    event_type: str,
    action: AuditAction | str,
    resident_uuid: uuid.UUID | None = None,
    object_type: str = "",
    object_uuid: uuid.UUID | None = None,
    scope: str = "",
    reason: str = "",
    outcome: AuditOutcome | str = AuditOutcome.SUCCESS,
    details: dict[str, Any] | None = None,
) -> AuditEvent | None:
    events = audit_events_record(
        actor=actor,
        event_type=event_type,
        action=action,
        resident_uuids=[resident_uuid],
        object_type=object_type,
        object_uuid=object_uuid,
        scope=scope,
        reason=reason,
        outcome=outcome,
        details=details,
    )
    return events[0] if events else None


def audit_chain_verify() -> list[chain.ChainProblem]:
    head = AuditChainHead.objects.filter(pk=1).first()
    rows = (
        AuditEvent.objects.order_by("sequence")
        .values(*chain.CHAINED_FIELDS, "previous_hash", "hash")
        .iterator(chunk_size=5000)
    )
    # Stored values come back as Python types; normalise the same way they were hashed.
    return chain.verify(
        settings.AUDIT_HMAC_KEY,
        (_as_hashed(row) for row in rows),
        head_sequence=head.last_sequence if head else 0,
        head_hash=head.last_hash if head else chain.GENESIS,
    )


def _as_hashed(row: dict[str, Any]) -> dict[str, Any]:
    return row
