"""Reads of consents. A resident's consents are personal data: visible only with the resident."""

from __future__ import annotations

from django.db.models import QuerySet

from wijkverband.accounts.actor import Actor
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record
from wijkverband.core.exceptions import NotVisible
from wijkverband.residents.models import Resident

from .constants import ConsentScope
from .models import ConsentGrant


def consent_grant_list_for_resident(*, actor: Actor, resident: Resident) -> QuerySet[ConsentGrant]:
    if not Resident.objects.visible_to(actor, ConsentScope.BASIC).filter(pk=resident.pk).exists():
        raise NotVisible()
    audit_event_record(
        actor=actor,
        event_type="consent.list",
        action=AuditAction.READ,
        resident_uuid=resident.uuid,
        object_type="consent",
    )
    return (
        ConsentGrant.objects.filter(resident=resident)
        .select_related("organisation", "recorded_by", "withdrawn_by", "recorded_for")
        .order_by("withdrawn_at", "-given_on", "-created_at")
    )


def consent_scopes_for(*, actor: Actor, resident: Resident) -> set[str]:
    """Scopes the actor's organisation currently holds for this resident (for showing what is shared)."""
    if actor.organisation is None:
        return set()
    return set(
        ConsentGrant.objects.valid_now()
        .filter(resident=resident, organisation=actor.organisation)
        .values_list("scope", flat=True)
    )
