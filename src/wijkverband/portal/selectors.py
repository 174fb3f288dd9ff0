"""Reads for the resident's own access (AVG art. 15) and the professional export of one file.

The resident's side does not go through the professional policy: it is the resident's right of
access to their own data. It starts from the ``ResidentAccount`` of the logged-in user:
- a user without a resident account sees nothing here (NotVisible, a 404);
- the account only ever reads the one resident it is bound to: details, consents, case plans
  (the resident's own words, agreements, team, meetings with notes, measurements, status) and
  the audit trail of their file ("who looked");
- every page view and download is audited with the resident's user as actor, without an
  organisation.

The professional export follows the policy like any other read:
- only coordinators who may see the file's audit trail may export it;
- basic details and consents come from the residents and consent selectors;
- case plans only when ``CasePlan.objects.visible_to(actor)`` shows them; health-related meeting
  notes are blanked unless the organisation holds the health scope.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.audit.constants import AuditAction, AuditOutcome
from wijkverband.audit.models import AuditEvent
from wijkverband.audit.services import audit_event_record
from wijkverband.cases.constants import CasePlanStatus, EntryKind
from wijkverband.cases.models import (
    CaseAction,
    CaseParticipant,
    CasePlan,
    Measurement,
    MeasurementScore,
    Meeting,
    PlanEntry,
    StatusChange,
)
from wijkverband.consent import policy
from wijkverband.consent.models import ConsentGrant
from wijkverband.consent.selectors import consent_grant_list_for_resident
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.validators import parse_uuid
from wijkverband.residents.models import Resident
from wijkverband.residents.selectors import involvement_list_for_resident, resident_get_for_user

from .models import ResidentAccount

EXPORT_FORMAT_VERSION = 1


def resident_account_for_user(*, user: User | Any) -> ResidentAccount:
    """The account of a logged-in resident; NotVisible for anyone else (professionals included)."""
    if not getattr(user, "is_authenticated", False):
        raise NotVisible()
    account = ResidentAccount.objects.filter(user_id=user.pk, user__is_active=True).select_related("resident").first()
    if account is None:
        raise NotVisible()
    return account


def resident_actor(*, account: ResidentAccount, ip_address: str | None = None) -> Actor:
    """The resident as actor for the audit trail: their own user, on behalf of no organisation."""
    return Actor(user=account.user, membership=None, access_point="web", ip_address=ip_address)


def _audit_own_read(*, account: ResidentAccount, event_type: str, ip_address: str | None) -> None:
    audit_event_record(
        actor=resident_actor(account=account, ip_address=ip_address),
        event_type=event_type,
        action=AuditAction.READ,
        resident_uuid=account.resident.uuid,
        object_type="resident",
        object_uuid=account.resident.uuid,
    )


# --- case plans, shared by the page and both exports ---------------------------------------------


@dataclass
class PlanData:
    plan: CasePlan
    entries: dict[str, list[PlanEntry]]
    participants: list[CaseParticipant]
    actions: list[CaseAction]
    meetings: list[Meeting]
    measurements: list[Measurement]
    status_changes: list[StatusChange]

    @property
    def wants(self) -> list[PlanEntry]:
        return self.entries.get(EntryKind.WANT, [])

    @property
    def cans(self) -> list[PlanEntry]:
        return self.entries.get(EntryKind.CAN, [])

    @property
    def needs(self) -> list[PlanEntry]:
        return self.entries.get(EntryKind.NEED, [])

    @property
    def team(self) -> list[CaseParticipant]:
        return [p for p in self.participants if p.removed_at is None]


def _plans_with_everything(plans: QuerySet[CasePlan]) -> list[CasePlan]:
    """Plans with all their parts in a fixed number of queries, however many plans there are."""
    return list(
        plans.select_related("opened_by_organisation")
        .prefetch_related(
            Prefetch("entries", queryset=PlanEntry.objects.order_by("created_at")),
            Prefetch("participants", queryset=CaseParticipant.objects.select_related("organisation")),
            Prefetch(
                "actions",
                queryset=CaseAction.objects.select_related("owner__organisation").order_by("due_on", "created_at"),
            ),
            Prefetch("meetings", queryset=Meeting.objects.order_by("-held_on", "-created_at")),
            Prefetch(
                "measurements",
                queryset=Measurement.objects.select_related("instrument")
                .prefetch_related(Prefetch("scores", queryset=MeasurementScore.objects.select_related("domain")))
                .order_by("measured_on", "created_at"),
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "pk")),
        )
        .order_by("-opened_on", "-created_at")
    )


def _plan_data(plan: CasePlan) -> PlanData:
    entries: dict[str, list[PlanEntry]] = defaultdict(list)
    for entry in plan.entries.all():
        entries[entry.kind].append(entry)
    return PlanData(
        plan=plan,
        entries=dict(entries),
        participants=list(plan.participants.all()),
        actions=list(plan.actions.all()),
        meetings=list(plan.meetings.all()),
        measurements=list(plan.measurements.all()),
        status_changes=list(plan.status_changes.all()),
    )


# --- the resident's page -----------------------------------------------------------------------


@dataclass
class PortalOverview:
    resident: Resident
    open_plans: list[PlanData]
    closed_plan_count: int
    consents: list[ConsentGrant]


def portal_overview(*, account: ResidentAccount, ip_address: str | None = None) -> PortalOverview:
    """Everything the resident's page shows about themselves; one audited read per view."""
    resident = (
        Resident.objects.select_related("neighbourhood__district", "household").filter(pk=account.resident_id).get()
    )
    plans = _plans_with_everything(CasePlan.objects.filter(resident=resident))
    consents = list(
        ConsentGrant.objects.filter(resident=resident)
        .select_related("organisation")
        .order_by("withdrawn_at", "-given_on", "-created_at")
    )
    _audit_own_read(account=account, event_type="portal.read", ip_address=ip_address)
    return PortalOverview(
        resident=resident,
        open_plans=[_plan_data(p) for p in plans if p.status != CasePlanStatus.CLOSED],
        closed_plan_count=sum(1 for p in plans if p.status == CasePlanStatus.CLOSED),
        consents=consents,
    )


def portal_audit_trail(*, account: ResidentAccount) -> QuerySet[AuditEvent]:
    """Who looked at or changed the resident's file, newest first (the page view itself is audited)."""
    return AuditEvent.objects.filter(resident_uuid=account.resident.uuid).order_by("-id")


# --- exports (JSON) ------------------------------------------------------------------------------


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _resident_json(resident: Resident) -> dict[str, Any]:
    return {
        "id": str(resident.uuid),
        "first_name": resident.first_name,
        "last_name": resident.last_name,
        "date_of_birth": _iso(resident.date_of_birth),
        "street": resident.street,
        "house_number": resident.house_number,
        "house_number_addition": resident.house_number_addition,
        "postcode": resident.postcode,
        "city": resident.city,
        "neighbourhood": resident.neighbourhood.name if resident.neighbourhood else None,
        "bag_id": resident.bag_id,
        "phone": resident.phone,
        "email": resident.email,
        "bsn": resident.masked_bsn or None,
        "registered_at": _iso(resident.created_at),
    }


def _consent_json(grant: ConsentGrant) -> dict[str, Any]:
    return {
        "id": str(grant.uuid),
        "organisation": grant.organisation.name,
        "scope": grant.scope,
        "purpose": grant.purpose,
        "given_on": _iso(grant.given_on),
        "valid_until": _iso(grant.valid_until),
        "withdrawn_at": _iso(grant.withdrawn_at),
        "withdrawal_reason": grant.withdrawal_reason,
        "is_valid": grant.is_valid,
    }


def _participant_name(participant: CaseParticipant | None) -> str | None:
    return participant.name if participant is not None else None


def _plan_json(data: PlanData, *, may_see_health: bool) -> dict[str, Any]:
    plan = data.plan
    by_pk = {p.pk: p for p in data.participants}
    return {
        "id": str(plan.uuid),
        "title": plan.title,
        "status": plan.status,
        "opened_on": _iso(plan.opened_on),
        "closed_on": _iso(plan.closed_on),
        "opened_by_organisation": plan.opened_by_organisation.name,
        "entries": [
            {
                "kind": entry.kind,
                "text": entry.text,
                "for_others": entry.for_others,
                "recorded_on": _iso(entry.recorded_on),
                "achieved_on": _iso(entry.achieved_on),
            }
            for kind in (EntryKind.WANT, EntryKind.CAN, EntryKind.NEED)
            for entry in data.entries.get(kind, [])
        ],
        "participants": [
            {
                "name": p.name,
                "kind": p.kind,
                "organisation": p.organisation.name if p.organisation else None,
                "relation": p.relation,
                "contact": p.contact,
                "is_case_director": p.is_case_director,
                "removed_at": _iso(p.removed_at),
            }
            for p in data.participants
        ],
        "actions": [
            {
                "description": a.description,
                "owner": _participant_name(by_pk.get(a.owner_id)),
                "owner_organisation": a.owner.organisation.name if a.owner.organisation else None,
                "due_on": _iso(a.due_on),
                "status": a.status,
                "result": a.result,
                "completed_on": _iso(a.completed_on),
                "refers_to": a.resource_label,
            }
            for a in data.actions
        ],
        "meetings": [
            {
                "kind": m.kind,
                "held_on": _iso(m.held_on),
                "is_health_related": m.is_health_related,
                # Health-related notes need the health scope; the meeting itself still shows.
                "notes": m.notes if (may_see_health or not m.is_health_related) else None,
            }
            for m in data.meetings
        ],
        "measurements": [
            {
                "instrument": m.instrument.code,
                "instrument_name": m.instrument.name,
                "measured_on": _iso(m.measured_on),
                "moment": m.moment,
                "note": m.note,
                "scores": [{"domain": s.domain.code if s.domain else None, "value": s.value} for s in m.scores.all()],
            }
            for m in data.measurements
        ],
        "status_history": [
            {
                "from": c.from_status or None,
                "to": c.to_status,
                "changed_at": _iso(c.changed_at),
                "by": c.changed_by_name,
                "organisation": c.organisation_name,
                "reason": c.reason,
            }
            for c in data.status_changes
        ],
    }


def _audit_json(events: Iterable[AuditEvent]) -> list[dict[str, Any]]:
    return [
        {
            "occurred_at": _iso(e.occurred_at),
            "event": e.event_type,
            "action": e.action,
            "outcome": e.outcome,
            "user": e.user_display or e.username or None,
            "organisation": e.organisation_name or None,
            "role": e.role or None,
            "access_point": e.access_point,
            "scope": e.scope or None,
        }
        for e in events
    ]


def _export_header(kind: str) -> dict[str, Any]:
    return {
        "format": "wijkverband-inzage",
        "version": EXPORT_FORMAT_VERSION,
        "kind": kind,
        "exported_at": _iso(timezone.now()),
    }


def portal_export(*, account: ResidentAccount, ip_address: str | None = None) -> dict[str, Any]:
    """All the resident's data as JSON-ready dicts (AVG right of access); the download is audited."""
    resident = Resident.objects.select_related("neighbourhood").get(pk=account.resident_id)
    plans = _plans_with_everything(CasePlan.objects.filter(resident=resident))
    consents = ConsentGrant.objects.filter(resident=resident).select_related("organisation").order_by("given_on")
    events = AuditEvent.objects.filter(resident_uuid=resident.uuid).order_by("id")
    export = {
        **_export_header("resident"),
        "resident": _resident_json(resident),
        "consents": [_consent_json(g) for g in consents],
        "case_plans": [_plan_json(_plan_data(p), may_see_health=True) for p in plans],
        "audit_trail": _audit_json(events),
    }
    audit_event_record(
        actor=resident_actor(account=account, ip_address=ip_address),
        event_type="portal.export",
        action=AuditAction.READ,
        resident_uuid=resident.uuid,
        object_type="resident",
        object_uuid=resident.uuid,
        details={"case_plans": len(plans)},
    )
    return export


def resident_export_for_professional(*, actor: Actor, resident_uuid: uuid.UUID | str) -> dict[str, Any]:
    """What the actor's organisation holds on one resident, for a request for access via them.

    Only for actors allowed the file's audit trail (coordinators); others get NotVisible, and the
    attempt is logged as denied without naming anyone.
    """
    attempted = parse_uuid(resident_uuid)
    visible = Resident.objects.visible_to(actor).filter(uuid=attempted).first() if attempted else None
    if visible is None or not policy.may(actor, "view_audit_trail", visible):
        audit_event_record(
            actor=actor,
            event_type="resident.export",
            action=AuditAction.READ,
            resident_uuid=attempted,
            outcome=AuditOutcome.DENIED,
        )
        raise NotVisible()
    resident = resident_get_for_user(actor=actor, resident_uuid=visible.uuid, reason="export")
    consents = consent_grant_list_for_resident(actor=actor, resident=resident)
    team = involvement_list_for_resident(actor=actor, resident=resident)
    plans = _plans_with_everything(CasePlan.objects.visible_to(actor).filter(resident=resident))
    may_see_health = policy.may_see_health_notes(actor, resident.pk)
    events = AuditEvent.objects.filter(resident_uuid=resident.uuid).order_by("id")
    export = {
        **_export_header("organisation"),
        "organisation": actor.organisation.name if actor.organisation else None,
        "resident": _resident_json(resident),
        "consents": [_consent_json(g) for g in consents],
        "team": [
            {"name": str(i.user), "organisation": i.organisation.name, "role": i.role, "since": _iso(i.created_at)}
            for i in team
        ],
        "case_plans": [_plan_json(_plan_data(p), may_see_health=may_see_health) for p in plans],
        "audit_trail": _audit_json(events),
    }
    audit_event_record(
        actor=actor,
        event_type="resident.export",
        action=AuditAction.READ,
        resident_uuid=resident.uuid,
        object_type="resident",
        object_uuid=resident.uuid,
        details={"case_plans": len(plans), "health_notes": may_see_health},
    )
    return export
