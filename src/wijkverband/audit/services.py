"""Writing audit events. Called inside the transaction of the read or write it records.

- Every read and write of a resident's personal data records one event per resident.
- Denied attempts are recorded too (outcome ``denied``), without telling the caller anything.
- Recording takes no lock; a sealer chains events in one order shortly after (decision 0005).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone

from wijkverband.accounts.actor import Actor

from . import chain
from .constants import AuditAction, AuditOutcome
from .models import AuditChainHead, AuditEvent, AuditSeal


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
    resident_uuids: Iterable[uuid.UUID | None],
    object_type: str = "",
    object_uuid: uuid.UUID | None = None,
    scope: str = "",
    reason: str = "",
    outcome: AuditOutcome | str = AuditOutcome.SUCCESS,
    details: dict[str, Any] | None = None,
) -> int:
    """Append one event per resident (one event with no resident for ``[None]``); returns how many.

    The same fields and keyed hash as ``audit_event_record``, but no model instances: on PostgreSQL
    the rows go in with one COPY, which is what lets a list page, or a 100,000-row arrears batch,
    keep one event per resident (NEN 7513) without the ORM's per-row cost. Elsewhere it falls back
    to bulk_create. Like a single event, it joins the caller's transaction and takes no lock.
    """
    resident_uuids = list(resident_uuids)
    if not settings.AUDIT_ENABLED or not resident_uuids:
        return 0
    base = _event_fields(
        actor=actor,
        event_type=event_type,
        action=str(action),
        resident_uuid=None,
        object_type=object_type,
        object_uuid=object_uuid,
        scope=scope,
        reason=reason,
        outcome=str(outcome),
        details=details or {},
        now=timezone.now(),
    )
    key = settings.AUDIT_HMAC_KEY
    connection = connections[router.db_for_write(AuditEvent)]
    hasher = chain.event_hasher(key, base, "resident_uuid")
    if connection.vendor != "postgresql":
        events = [
            AuditEvent(hash=hasher(resident_uuid), **{**base, "resident_uuid": resident_uuid})
            for resident_uuid in resident_uuids
        ]
        AuditEvent.objects.bulk_create(events, batch_size=1000)
        return len(events)
    from psycopg.types.json import Jsonb

    columns = [*base, "hash"]
    position = columns.index("resident_uuid")
    written = 0
    template = [Jsonb(value) if name == "details" else value for name, value in base.items()] + [""]
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(AuditEvent._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for resident_uuid in resident_uuids:
                row = template.copy()
                row[position] = resident_uuid
                row[-1] = hasher(resident_uuid)
                copy.write_row(row)
                written += 1
    return written


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
    """Append one event. A plain insert: inside a write it joins that write's transaction; for a
    read it commits on its own. No lock is taken, so requests never queue behind each other's audit;
    the sealer chains the events shortly after (decision 0005)."""
    if not settings.AUDIT_ENABLED:
        return None
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
        now=timezone.now(),
    )
    event = AuditEvent(hash=chain.event_hash(settings.AUDIT_HMAC_KEY, fields), **fields)
    # One INSERT, one round trip: save() adds no transaction of its own for a plain model.
    event.save(force_insert=True)
    return event


# Stragglers: an event whose transaction committed after the sealer had passed its id. Writes
# commit within seconds, so looking back this many ids behind the sealed mark finds them cheaply.
STRAGGLER_LOOKBACK_IDS = 10_000


def audit_chain_seal(*, settle_seconds: int | None = None, batch_size: int = 5000) -> int:
    """Chain every event older than the settle time; returns how many events were sealed.

    Runs every minute from django-q2 and before ``audit verify``. Only one sealer works at a time
    (the head row lock); events are sealed in id order, stragglers after them.
    """
    settle = settings.AUDIT_SEAL_SETTLE_SECONDS if settle_seconds is None else settle_seconds
    sealed = 0
    while True:
        with transaction.atomic():
            AuditChainHead.objects.get_or_create(pk=1)
            head = AuditChainHead.objects.select_for_update().get(pk=1)
            cutoff = timezone.now() - timedelta(seconds=settle)
            recent_seals = AuditSeal.objects.filter(event_id__gt=head.sealed_through_id - STRAGGLER_LOOKBACK_IDS)
            stragglers = list(
                AuditEvent.objects.filter(
                    id__gt=head.sealed_through_id - STRAGGLER_LOOKBACK_IDS, id__lte=head.sealed_through_id
                )
                .exclude(id__in=recent_seals.values("event_id"))
                .order_by("id")
                .values_list("id", "hash")[:batch_size]
            )
            fresh = list(
                AuditEvent.objects.filter(id__gt=head.sealed_through_id)
                .order_by("id")
                .values_list("id", "hash", "occurred_at")[: batch_size - len(stragglers)]
            )
            settled = []
            for event_id, hashed, occurred_at in fresh:
                if occurred_at > cutoff:
                    break  # its neighbours may still be in flight; the next run takes it
                settled.append((event_id, hashed))
            to_seal = stragglers + settled
            if not to_seal:
                return sealed
            key, now = settings.AUDIT_HMAC_KEY, timezone.now()
            position, previous = head.last_position, head.last_hash
            seals = []
            for event_id, hashed in to_seal:
                position += 1
                digest = chain.seal_link(key, previous, position, event_id, hashed)
                seals.append(
                    AuditSeal(
                        position=position,
                        event_id=event_id,
                        event_hash=hashed,
                        previous_hash=previous,
                        hash=digest,
                        sealed_at=now,
                    )
                )
                previous = digest
            AuditSeal.objects.bulk_create(seals)
            through = settled[-1][0] if settled else head.sealed_through_id
            AuditChainHead.objects.filter(pk=1).update(
                last_position=position, last_hash=previous, sealed_through_id=through
            )
            sealed += len(seals)
            if len(to_seal) < batch_size:
                return sealed


def audit_chain_verify(*, chunk_size: int = 5000) -> list[chain.ChainProblem]:
    """Check every seal against its event, and report events left unsealed past the settle time.

    An unsealed old event is either a sealer that is not running or a row written around the
    application; both need a person to look.
    """
    head = AuditChainHead.objects.filter(pk=1).first()
    problems = chain.verify_seals(
        settings.AUDIT_HMAC_KEY,
        _seals_with_events(chunk_size),
        head_position=head.last_position if head else 0,
        head_hash=head.last_hash if head else chain.GENESIS,
    )
    cutoff = timezone.now() - timedelta(seconds=settings.AUDIT_SEAL_SETTLE_SECONDS)
    unsealed = (
        AuditEvent.objects.filter(occurred_at__lte=cutoff)
        .exclude(id__in=AuditSeal.objects.values("event_id"))
        .order_by("id")
        .values_list("id", flat=True)
    )
    problems.extend(chain.ChainProblem(event_id, "event is not sealed") for event_id in unsealed.iterator())
    return problems


def _seals_with_events(chunk_size: int) -> Iterator[dict[str, Any]]:
    fields = ("position", "event_id", "event_hash", "previous_hash", "hash")
    last_position = 0
    while True:
        page = AuditSeal.objects.filter(position__gt=last_position).order_by("position")
        seals = list(page.values(*fields)[:chunk_size])
        if not seals:
            return
        events = {
            row["id"]: row
            for row in AuditEvent.objects.filter(id__in=[seal["event_id"] for seal in seals]).values(
                "id", "hash", *chain.HASHED_FIELDS
            )
        }
        for seal in seals:
            seal["event"] = events.get(seal["event_id"])
            yield seal
        last_position = seals[-1]["position"]
