"""Reads of the audit trail.

- "Who looked at this file" (the resident's right of access, AVG art. 15 / NEN 7513) is shown to
  actors the policy allows ``view_audit_trail`` on that resident; viewing it is audited as well.
- The organisation log lists what the organisation's own users did, for its coordinators; it shows
  resident references, never names, so it adds no personal data of its own.
"""

from __future__ import annotations

from django.db.models import QuerySet

from wijkverband.accounts.actor import Actor
from wijkverband.consent import policy
from wijkverband.core.exceptions import NotVisible
from wijkverband.organisations.constants import Role
from wijkverband.residents.models import Resident

from .constants import AuditAction
from .models import AuditEvent
from .services import audit_event_record


def audit_trail_for_resident(*, actor: Actor, resident: Resident) -> QuerySet[AuditEvent]:
    if not policy.may(actor, "view_audit_trail", resident):
        raise NotVisible()
    audit_event_record(
        actor=actor,
        event_type="audit_trail.read",
        action=AuditAction.READ,
        resident_uuid=resident.uuid,
        object_type="resident",
        object_uuid=resident.uuid,
    )
    return AuditEvent.objects.filter(resident_uuid=resident.uuid).order_by("-id")


def audit_log_for_organisation(*, actor: Actor) -> QuerySet[AuditEvent]:
    if actor.organisation is None or actor.role not in {Role.COORDINATOR, Role.FUNCTIONAL_ADMIN}:
        raise NotVisible()
    return AuditEvent.objects.filter(organisation_uuid=actor.organisation.uuid).order_by("-id")
