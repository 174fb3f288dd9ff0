"""Reads of residents. Every selector starts from ``Resident.objects.visible_to(actor)`` and audits.

- A single resident read records one event; a list records one event per resident shown.
- An attempt to read a resident that is not visible records a denied event and raises NotVisible,
  which both the web and the API turn into a plain 404.
"""

from __future__ import annotations

import re
import uuid

from django.db.models import Q, QuerySet

from wijkverband.accounts.actor import Actor
from wijkverband.audit.constants import AuditAction, AuditOutcome
from wijkverband.audit.services import audit_event_record, audit_events_record
from wijkverband.consent.constants import ConsentScope
from wijkverband.core import crypto
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.validators import bsn_is_valid, normalise_bsn, normalise_postcode, parse_uuid

from .models import Involvement, Resident

ADDRESS_QUERY_RE = re.compile(r"^(?P<pc4>[1-9][0-9]{3})\s?(?P<letters>[A-Za-z]{2})(?:\s+(?P<number>[0-9]{1,5}))?$")


def _base(actor: Actor) -> QuerySet[Resident]:
    return Resident.objects.visible_to(actor, ConsentScope.BASIC).select_related("neighbourhood__district", "household")


def resident_get_for_user(*, actor: Actor, resident_uuid: uuid.UUID | str, reason: str = "") -> Resident:
    resident = _base(actor).filter(uuid=resident_uuid).first()
    if resident is None:
        attempted = parse_uuid(resident_uuid)
        audit_event_record(
            actor=actor,
            event_type="resident.read",
            action=AuditAction.READ,
            resident_uuid=attempted,
            outcome=AuditOutcome.DENIED,
            reason=reason,
        )
        raise NotVisible()
    audit_event_record(
        actor=actor,
        event_type="resident.read",
        action=AuditAction.READ,
        resident_uuid=resident.uuid,
        object_type="resident",
        object_uuid=resident.uuid,
        scope=ConsentScope.BASIC,
        reason=reason,
    )
    return resident


def resident_search_queryset(*, actor: Actor, query: str = "") -> QuerySet[Resident]:
    """Visible residents matching a name, postcode (+ number), date of birth (dd-mm-jjjj) or exact BSN."""
    queryset = _base(actor)
    query = (query or "").strip()[:100]
    if not query:
        return queryset
    candidate_bsn = normalise_bsn(query)
    if bsn_is_valid(candidate_bsn):
        return queryset.filter(bsn_index=crypto.blind_index(candidate_bsn))
    address = ADDRESS_QUERY_RE.match(query)
    if address:
        filtered = queryset.filter(postcode=normalise_postcode(address["pc4"] + address["letters"]))
        return filtered.filter(house_number=int(address["number"])) if address["number"] else filtered
    condition = Q()
    for term in query.split():
        condition &= Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(city__icontains=term)
    return queryset.filter(condition)


def resident_list_audited(*, actor: Actor, residents: list[Resident], event_type: str = "resident.list") -> None:
    """Record that these residents were shown in a list to the actor (one event each)."""
    audit_events_record(
        actor=actor,
        event_type=event_type,
        action=AuditAction.READ,
        resident_uuids=[r.uuid for r in residents],
        object_type="resident",
        scope=ConsentScope.BASIC,
    )


def resident_reveal_bsn(*, actor: Actor, resident: Resident) -> str:
    """The full BSN; a separate, audited read so the log shows who saw the number itself."""
    audit_event_record(
        actor=actor,
        event_type="resident.bsn_reveal",
        action=AuditAction.READ,
        resident_uuid=resident.uuid,
        object_type="resident",
        object_uuid=resident.uuid,
        scope=ConsentScope.BASIC,
    )
    return resident.reveal_bsn()


def involvement_list_for_resident(*, actor: Actor, resident: Resident) -> QuerySet[Involvement]:
    # The resident was fetched through resident_get_for_user (visible and audited); re-check anyway.
    if not _base(actor).filter(pk=resident.pk).exists():
        raise NotVisible()
    return (
        Involvement.objects.filter(resident=resident, ended_at__isnull=True)
        .select_related("user", "organisation")
        .order_by("created_at")
    )
