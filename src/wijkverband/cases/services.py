"""Writes on case plans. Every function is atomic, checks the policy, validates fully and audits.

- A plan is opened by a professional whose organisation holds the resident's case-plan consent and
  who is involved with the resident; only one open plan per resident exists at a time.
- The plan starts from the resident's own words (wil / kan / nodig), stored as said.
- Joining the plan gives a professional an involvement (need to know); their organisation still
  needs its own consent before they see anything. Leaving ends an involvement the plan created.
- Agreements have an owner who takes part in the plan, a date not in the past, and RASCI roles with
  exactly one Accountable; every participant named must belong to the plan.
- Status changes follow ``lifecycle.TRANSITIONS`` and are recorded with who, when and why.
  Going to waakvlam schedules follow-up contacts; leaving it ends them.
- Anything refused raises ValidationError (a Dutch message per field) before anything is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record
from wijkverband.consent import policy
from wijkverband.consent.constants import ConsentScope
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.core.validators import is_uuid, parse_uuid
from wijkverband.organisations.constants import PERSONAL_DATA_ROLES
from wijkverband.organisations.models import Membership
from wijkverband.residents.constants import InvolvementRole
from wijkverband.residents.models import Involvement, Resident

from . import lifecycle
from .constants import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    CasePlanStatus,
    EntryKind,
    InstrumentCode,
    MeasurementMoment,
    MeetingKind,
    ParticipantKind,
    Rasci,
    ResourceKind,
    WatchContactOutcome,
)
from .models import (
    ActionRole,
    CaseAction,
    CaseParticipant,
    CasePlan,
    Instrument,
    Measurement,
    MeasurementScore,
    Meeting,
    PlanEntry,
    StatusChange,
    Watch,
    WatchContact,
)

WATCH_INTERVAL_WEEKS = (2, 26)
WATCH_PERIOD_MONTHS = (1, 24)


def _audit(
    *,
    actor: Actor | None,
    plan: CasePlan,
    event_type: str,
    action: str,
    object_type: str,
    object_uuid: uuid.UUID,
    details: dict[str, Any] | None = None,
    scope: str = ConsentScope.CASE_PLAN,
) -> None:
    audit_event_record(
        actor=actor,
        event_type=event_type,
        action=action,
        resident_uuid=plan.resident.uuid,
        object_type=object_type,
        object_uuid=object_uuid,
        scope=scope,
        details=details or {},
    )


def _require(actor: Actor, action: str, plan: CasePlan) -> None:
    """Invisible plans are 404 (no hint); visible ones the actor may not change are a clear refusal."""
    allowed = policy.plan_permissions(actor, plan)
    if not allowed:
        raise NotVisible()
    if action not in allowed:
        if allowed == {"view"}:
            raise PermissionDenied(_("This plan is closed; it can no longer be changed."))
        raise PermissionDenied(_("Only the case director or a coordinator in the plan may do this."))


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    return value


def _actor_participant(actor: Actor, plan: CasePlan) -> CaseParticipant | None:
    if actor.membership is None:
        return None
    return CaseParticipant.objects.filter(
        plan=plan, user=actor.user, organisation_id=actor.membership.organisation_id, removed_at__isnull=True
    ).first()


def _active_participant(plan: CasePlan, participant_uuid: uuid.UUID | str | None, field: str) -> CaseParticipant:
    wanted = parse_uuid(participant_uuid) if participant_uuid else None
    participant = (
        CaseParticipant.objects.filter(plan=plan, uuid=wanted, removed_at__isnull=True).first() if wanted else None
    )
    if participant is None:
        raise ValidationError({field: _("This person does not take part in the plan.")})
    return participant


def _record_status(
    *, actor: Actor | None, plan: CasePlan, from_status: str, to_status: str, reason: str
) -> StatusChange:
    user = actor.user if actor else None
    return StatusChange.objects.create(
        plan=plan,
        from_status=from_status,
        to_status=to_status,
        changed_by=user,
        changed_by_name=str(user) if user else "Wijkverband",
        organisation_name=actor.organisation.name if actor and actor.organisation else "",
        reason=reason[:500],
    )


def _involve(
    *, actor: Actor, resident: Resident, user: User, organisation_id: int, role: str
) -> tuple[Involvement, bool]:
    involvement = Involvement.objects.filter(
        resident=resident, user=user, organisation_id=organisation_id, ended_at__isnull=True
    ).first()
    if involvement is not None:
        return involvement, False
    involvement = Involvement.objects.create(
        resident=resident,
        user=user,
        organisation_id=organisation_id,
        role=role,
        reason=_("Takes part in the case plan"),
        added_by=actor.user,
    )
    return involvement, True


# --- opening a plan and the resident's own words ----------------------------------------------


@transaction.atomic
def case_plan_open(
    *,
    actor: Actor,
    resident: Resident,
    title: str = "",
    as_case_director: bool = False,
    wants: Sequence[str] = (),
    cans: Sequence[str] = (),
    needs: Sequence[str] = (),
    opened_on: date | None = None,
) -> CasePlan:
    if not Resident.objects.visible_to(actor, ConsentScope.CASE_PLAN).filter(pk=resident.pk).exists():
        # Without the case-plan consent the organisation may not know a plan could exist: 404.
        raise NotVisible()
    if actor.membership is None:  # pragma: no cover - visible_to returned a row, so there is a membership
        raise NotVisible()
    if CasePlan.objects.select_for_update().filter(resident=resident).exclude(status=CasePlanStatus.CLOSED).exists():
        raise ValidationError({"resident": _("This resident already has an open plan; work in that plan.")})
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("A plan cannot be opened on a date in the future.")})
    plan = CasePlan(
        resident=resident,
        household=resident.household,
        title=(title or "").strip() or _("Plan of %(name)s") % {"name": resident.first_name},
        opened_by_organisation=actor.membership.organisation,
        opened_by=actor.user,
        opened_on=opened_on,
    )
    plan.full_clean()
    plan.save()
    involvement = Involvement.objects.get(
        resident=resident, user=actor.user, organisation=actor.membership.organisation, ended_at__isnull=True
    )
    participant = CaseParticipant(
        plan=plan,
        kind=ParticipantKind.PROFESSIONAL,
        user=actor.user,
        organisation=actor.membership.organisation,
        involvement=involvement,
        name=str(actor.user),
        is_case_director=as_case_director,
        added_by=actor.user,
    )
    participant.full_clean()
    participant.save()
    _record_status(actor=actor, plan=plan, from_status="", to_status=CasePlanStatus.REGISTERED, reason=_("Plan opened"))
    _audit(
        actor=actor,
        plan=plan,
        event_type="case_plan.create",
        action=AuditAction.CREATE,
        object_type="case_plan",
        object_uuid=plan.uuid,
        details={"case_director": as_case_director},
    )
    for kind, texts in ((EntryKind.WANT, wants), (EntryKind.CAN, cans), (EntryKind.NEED, needs)):
        for text in texts:
            if text.strip():
                _entry_create(actor=actor, plan=plan, kind=kind, text=text)
    return plan


def _entry_create(*, actor: Actor, plan: CasePlan, kind: str, text: str, for_others: bool = False) -> PlanEntry:
    entry = PlanEntry(
        plan=plan,
        kind=kind,
        text=_text(text, "text"),
        for_others=for_others and kind == EntryKind.CAN,
        recorded_by=actor.user,
    )
    entry.full_clean()
    entry.save()
    _audit(
        actor=actor,
        plan=plan,
        event_type="plan_entry.create",
        action=AuditAction.CREATE,
        object_type="plan_entry",
        object_uuid=entry.uuid,
        details={"kind": kind},
    )
    return entry


@transaction.atomic
def plan_entry_add(*, actor: Actor, plan: CasePlan, kind: str, text: str, for_others: bool = False) -> PlanEntry:
    _require(actor, policy.PLAN_CONTRIBUTE, plan)
    if kind not in EntryKind.values:
        raise ValidationError({"kind": _("Choose one of the three questions.")})
    return _entry_create(actor=actor, plan=plan, kind=kind, text=text, for_others=for_others)


@transaction.atomic
def plan_entry_mark_achieved(*, actor: Actor, plan: CasePlan, entry_uuid: uuid.UUID | str) -> PlanEntry:
    _require(actor, policy.PLAN_CONTRIBUTE, plan)
    entry = PlanEntry.objects.filter(plan=plan, uuid=entry_uuid).first() if is_uuid(entry_uuid) else None
    if entry is None:
        raise NotVisible()
    if entry.kind != EntryKind.WANT:
        raise ValidationError({"entry": _("Only a goal (what the resident wants) can be achieved.")})
    if entry.achieved_on is not None:
        return entry
    entry.achieved_on = timezone.localdate()
    entry.save(update_fields=["achieved_on", "updated_at"])
    _audit(
        actor=actor,
        plan=plan,
        event_type="plan_entry.update",
        action=AuditAction.UPDATE,
        object_type="plan_entry",
        object_uuid=entry.uuid,
        details={"fields": ["achieved_on"]},
    )
    return entry


# --- the team -----------------------------------------------------------------------------------


@transaction.atomic
def case_participant_invite(
    *, actor: Actor, plan: CasePlan, membership_uuid: uuid.UUID | str, as_case_director: bool = False
) -> CaseParticipant:
    """Invite a professional of any organisation in the network into the plan's team."""
    _require(actor, policy.PLAN_CONTRIBUTE, plan)
    if as_case_director:
        _require(actor, policy.PLAN_NAME_DIRECTOR, plan)
    membership = (
        Membership.objects.filter(uuid=membership_uuid, is_active=True, organisation__is_active=True)
        .select_related("user", "organisation")
        .first()
        if is_uuid(membership_uuid)
        else None
    )
    if membership is None or membership.role not in PERSONAL_DATA_ROLES:
        raise ValidationError({"membership": _("Choose a professional or coordinator of an organisation.")})
    if CaseParticipant.objects.filter(
        plan=plan, user=membership.user, organisation=membership.organisation, removed_at__isnull=True
    ).exists():
        raise ValidationError({"membership": _("This person already takes part in the plan.")})
    if as_case_director:
        CaseParticipant.objects.filter(plan=plan, is_case_director=True).update(is_case_director=False)
    involvement, created = _involve(
        actor=actor,
        resident=plan.resident,
        user=membership.user,
        organisation_id=membership.organisation_id,
        role=InvolvementRole.CASE_DIRECTOR if as_case_director else InvolvementRole.PROFESSIONAL,
    )
    participant = CaseParticipant(
        plan=plan,
        kind=ParticipantKind.PROFESSIONAL,
        user=membership.user,
        organisation=membership.organisation,
        involvement=involvement,
        created_involvement=created,
        name=str(membership.user),
        is_case_director=as_case_director,
        added_by=actor.user,
    )
    participant.full_clean()
    participant.save()
    _audit(
        actor=actor,
        plan=plan,
        event_type="case_participant.create",
        action=AuditAction.CREATE,
        object_type="case_participant",
        object_uuid=participant.uuid,
        details={
            "user": membership.user.get_username(),
            "organisation": membership.organisation.name,
            "case_director": as_case_director,
        },
    )
    return participant


@transaction.atomic
def case_participant_add_network(
    *, actor: Actor, plan: CasePlan, name: str, relation: str = "", contact: str = ""
) -> CaseParticipant:
    """Someone of the resident's own network (family, neighbour, volunteer): no account, no access."""
    _require(actor, policy.PLAN_CONTRIBUTE, plan)
    participant = CaseParticipant(
        plan=plan,
        kind=ParticipantKind.NETWORK,
        name=_text(name, "name"),
        relation=(relation or "").strip(),
        contact=(contact or "").strip(),
        added_by=actor.user,
    )
    participant.full_clean()
    participant.save()
    _audit(
        actor=actor,
        plan=plan,
        event_type="case_participant.create",
        action=AuditAction.CREATE,
        object_type="case_participant",
        object_uuid=participant.uuid,
        details={"kind": ParticipantKind.NETWORK},
    )
    return participant


@transaction.atomic
def case_participant_remove(
    *, actor: Actor, plan: CasePlan, participant_uuid: uuid.UUID | str, reason: str
) -> CaseParticipant:
    _require(actor, policy.PLAN_DIRECT, plan)
    participant = _active_participant(plan, participant_uuid, "participant")
    reason = _text(reason, "reason")
    if participant.is_case_director:
        raise ValidationError({"participant": _("Name another case director before removing this one.")})
    if participant.owned_actions.filter(status__in=OPEN_ACTION_STATUSES).exists():
        raise ValidationError(
            {"participant": _("This person still owns open agreements; give them to someone else first.")}
        )
    participant.removed_at = timezone.now()
    participant.save(update_fields=["removed_at", "updated_at"])
    if participant.created_involvement and participant.involvement_id:
        Involvement.objects.filter(pk=participant.involvement_id, ended_at__isnull=True).update(
            ended_at=participant.removed_at
        )
    _audit(
        actor=actor,
        plan=plan,
        event_type="case_participant.end",
        action=AuditAction.UPDATE,
        object_type="case_participant",
        object_uuid=participant.uuid,
        details={"reason_given": True},
    )
    return participant


@transaction.atomic
def case_plan_name_director(*, actor: Actor, plan: CasePlan, participant_uuid: uuid.UUID | str) -> CaseParticipant:
    _require(actor, policy.PLAN_NAME_DIRECTOR, plan)
    participant = _active_participant(plan, participant_uuid, "participant")
    if participant.kind != ParticipantKind.PROFESSIONAL:
        raise ValidationError({"participant": _("The case director must be a professional in the plan.")})
    CaseParticipant.objects.filter(plan=plan, is_case_director=True).exclude(pk=participant.pk).update(
        is_case_director=False
    )
    participant.is_case_director = True
    participant.save(update_fields=["is_case_director", "updated_at"])
    _audit(
        actor=actor,
        plan=plan,
        event_type="case_plan.director",
        action=AuditAction.UPDATE,
        object_type="case_participant",
        object_uuid=participant.uuid,
    )
    return participant


# --- agreements (actions) -------------------------------------------------------------------------


def _validate_roles(
    plan: CasePlan, owner: CaseParticipant, roles: Mapping[str, str]
) -> list[tuple[CaseParticipant, str]]:
    resolved: list[tuple[CaseParticipant, str]] = []
    errors: list[str] = []
    for participant_uuid, role in roles.items():
        if role not in Rasci.values:
            errors.append(_("'%(role)s' is not a RASCI role (R, A, S, C or I).") % {"role": role})
            continue
        try:
            resolved.append((_active_participant(plan, participant_uuid, "roles"), role))
        except ValidationError:
            errors.append(_("A participant in the RASCI roles does not take part in the plan."))
    if errors:
        raise ValidationError({"roles": errors})
    if owner.pk not in {p.pk for p, _role in resolved}:
        resolved.append((owner, Rasci.RESPONSIBLE))
    accountable = [p for p, role in resolved if role == Rasci.ACCOUNTABLE]
    if len(accountable) != 1:
        raise ValidationError({"roles": _("Exactly one participant must be Accountable (A).")})
    owner_role = next(role for p, role in resolved if p.pk == owner.pk)
    if owner_role not in (Rasci.RESPONSIBLE, Rasci.ACCOUNTABLE):
        raise ValidationError({"owner": _("The owner of an agreement must be Responsible or Accountable.")})
    return resolved


@transaction.atomic
def case_action_create(
    *,
    actor: Actor,
    plan: CasePlan,
    description: str,
    owner_uuid: uuid.UUID | str,
    due_on: date,
    roles: Mapping[str, str] | None = None,
    need_uuid: uuid.UUID | str | None = None,
    meeting_uuid: uuid.UUID | str | None = None,
    resource_kind: str = "",
    resource_uuid: uuid.UUID | None = None,
    resource_label: str = "",
) -> CaseAction:
    _require(actor, policy.PLAN_CONTRIBUTE, plan)
    errors: dict[str, list[str]] = {}
    if due_on < timezone.localdate():
        errors.setdefault("due_on", []).append(_("The date of a new agreement cannot lie in the past."))
    description = (description or "").strip()
    if not description:
        errors.setdefault("description", []).append(_("Describe what is agreed."))
    try:
        owner = _active_participant(plan, owner_uuid, "owner")
    except ValidationError as error:
        raise ValidationError({**errors, **error.message_dict}) from error
    need = PlanEntry.objects.filter(plan=plan, uuid=need_uuid).first() if need_uuid and is_uuid(need_uuid) else None
    if need_uuid and (need is None or need.kind != EntryKind.NEED):
        errors.setdefault("need", []).append(_("Choose one of the resident's needs in this plan."))
    meeting = (
        Meeting.objects.filter(plan=plan, uuid=meeting_uuid).first() if meeting_uuid and is_uuid(meeting_uuid) else None
    )
    if meeting_uuid and meeting is None:
        errors.setdefault("meeting", []).append(_("Choose a meeting of this plan."))
    if resource_kind and resource_kind not in ResourceKind.values:
        errors.setdefault("resource_kind", []).append(_("Unknown kind of scheme or service."))
    if errors:
        raise ValidationError(errors)
    resolved = _validate_roles(plan, owner, roles or {owner.uuid.hex: Rasci.ACCOUNTABLE})
    action = CaseAction(
        plan=plan,
        need=need,
        meeting=meeting,
        description=description,
        owner=owner,
        due_on=due_on,
        resource_kind=resource_kind,
        resource_uuid=resource_uuid,
        resource_label=(resource_label or "").strip(),
        created_by=actor.user,
    )
    action.full_clean()
    action.save()
    ActionRole.objects.bulk_create([ActionRole(action=action, participant=p, role=role) for p, role in resolved])
    _audit(
        actor=actor,
        plan=plan,
        event_type="case_action.create",
        action=AuditAction.CREATE,
        object_type="case_action",
        object_uuid=action.uuid,
        details={"roles": sorted(role for _p, role in resolved)},
    )
    return action


@transaction.atomic
def case_action_update(
    *, actor: Actor, plan: CasePlan, action_uuid: uuid.UUID | str, status: str, result: str = ""
) -> CaseAction:
    _require(actor, policy.PLAN_CONTRIBUTE, plan)
    action = (
        CaseAction.objects.select_for_update().filter(plan=plan, uuid=action_uuid).first()
        if is_uuid(action_uuid)
        else None
    )
    if action is None:
        raise NotVisible()
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    result = (result or "").strip()
    if status == ActionStatus.DONE and not (result or action.result):
        raise ValidationError({"result": _("Describe the result when an agreement is done.")})
    action.status = status
    if result:
        action.result = result
    action.completed_on = timezone.localdate() if status in (ActionStatus.DONE, ActionStatus.CANCELLED) else None
    action.full_clean()
    action.save()
    _audit(
        actor=actor,
        plan=plan,
        event_type="case_action.update",
        action=AuditAction.UPDATE,
        object_type="case_action",
        object_uuid=action.uuid,
        details={"status": status},
    )
    return action


# --- meetings and measurements ------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    actor: Actor,
    plan: CasePlan,
    kind: str,
    held_on: date,
    attendee_uuids: Sequence[uuid.UUID | str] = (),
    notes: str = "",
    is_health_related: bool = False,
) -> Meeting:
    _require(actor, policy.PLAN_CONTRIBUTE, plan)
    errors: dict[str, str] = {}
    if kind not in MeetingKind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    if held_on > timezone.localdate():
        errors["held_on"] = _("Record a meeting once it has taken place; the date lies in the future.")
    if is_health_related and not policy.may_see_health_notes(actor, plan.resident_id):
        errors["is_health_related"] = _("Your organisation has no consent for health-related notes of this resident.")
    attendees = []
    for attendee_uuid in attendee_uuids:
        try:
            attendees.append(_active_participant(plan, attendee_uuid, "attendees"))
        except ValidationError:
            errors["attendees"] = _("An attendee does not take part in the plan.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        plan=plan,
        kind=kind,
        held_on=held_on,
        notes=(notes or "").strip(),
        is_health_related=is_health_related,
        recorded_by=actor.user,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    _audit(
        actor=actor,
        plan=plan,
        event_type="meeting.create",
        action=AuditAction.CREATE,
        object_type="meeting",
        object_uuid=meeting.uuid,
        scope=ConsentScope.HEALTH if is_health_related else ConsentScope.CASE_PLAN,
        details={"kind": kind, "attendees": len(attendees)},
    )
    return meeting


@transaction.atomic
def measurement_record(
    *,
    actor: Actor,
    plan: CasePlan,
    instrument_code: str,
    measured_on: date,
    moment: str,
    scores: Mapping[str | None, int],
    note: str = "",
) -> Measurement:
    """Record a measurement. ``scores`` maps a domain code to a level (``None`` for one-score scales).

    The self-reliance matrix is a profile: exactly one whole level per domain, all domains scored.
    """
    _require(actor, policy.PLAN_CONTRIBUTE, plan)
    instrument = Instrument.objects.prefetch_related("domains").filter(code=instrument_code).first()
    if instrument is None:
        raise ValidationError({"instrument": _("Unknown instrument.")})
    errors: dict[str, str] = {}
    if measured_on > timezone.localdate():
        errors["measured_on"] = _("A measurement cannot lie in the future.")
    if measured_on < plan.opened_on - timedelta(days=31):
        errors["measured_on"] = _("A measurement must be from the time of this plan.")
    if moment not in MeasurementMoment.values:
        errors["moment"] = _("Choose the moment of the measurement.")
    domains = {d.code: d for d in instrument.domains.all()}
    expected: set[str | None] = set(domains) if domains else {None}
    if set(scores) != expected:
        errors["scores"] = (
            _("Score every domain of the %(name)s exactly once.") % {"name": instrument.name}
            if domains
            else _("Give one score.")
        )
    for value in scores.values():
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not (instrument.scale_min <= value <= instrument.scale_max)
        ):
            errors["scores"] = _("A score must be a whole number from %(min)s to %(max)s.") % {
                "min": instrument.scale_min,
                "max": instrument.scale_max,
            }
            break
    if errors:
        raise ValidationError(errors)
    measurement = Measurement(
        plan=plan,
        instrument=instrument,
        measured_on=measured_on,
        moment=moment,
        note=(note or "").strip(),
        recorded_by=actor.user,
    )
    measurement.full_clean()
    measurement.save()
    MeasurementScore.objects.bulk_create(
        [
            MeasurementScore(measurement=measurement, domain=domains[code] if code else None, value=value)
            for code, value in scores.items()
        ]
    )
    _audit(
        actor=actor,
        plan=plan,
        event_type="measurement.create",
        action=AuditAction.CREATE,
        object_type="measurement",
        object_uuid=measurement.uuid,
        details={"instrument": instrument.code},
    )
    return measurement


# --- status and waakvlam --------------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(day.day, last))


def watch_schedule(starts_on: date, interval_weeks: int, period_months: int) -> list[date]:
    """The contact dates of a waakvlam: every interval from the start, until the end of the period."""
    ends_on = _add_months(starts_on, period_months)
    dates = []
    due = starts_on + timedelta(weeks=interval_weeks)
    while due <= ends_on:
        dates.append(due)
        due += timedelta(weeks=interval_weeks)
    return dates


@dataclass(frozen=True)
class WatchPlan:
    contact_uuid: str
    interval_weeks: int
    period_months: int


def _end_watch(plan: CasePlan) -> None:
    Watch.objects.filter(plan=plan, ended_at__isnull=True).update(ended_at=timezone.now())


@transaction.atomic
def case_plan_transition(
    *,
    actor: Actor,
    plan: CasePlan,
    to_status: str,
    reason: str,
    escalation_table: str = "",
    watch: WatchPlan | None = None,
) -> CasePlan:
    _require(actor, policy.PLAN_DIRECT, plan)
    plan = CasePlan.objects.select_for_update().select_related("resident").get(pk=plan.pk)
    errors: dict[str, str] = {}
    if to_status not in CasePlanStatus.values or not lifecycle.can_transition(plan.status, to_status):
        allowed = ", ".join(str(CasePlanStatus(s).label) for s in sorted(lifecycle.allowed_next(plan.status)))
        raise ValidationError(
            {
                "to_status": _("A plan that is '%(current)s' cannot go to this status. Possible: %(allowed)s.")
                % {"current": plan.get_status_display(), "allowed": allowed or "–"}
            }
        )
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("Say why the status changes.")
    if (
        to_status == CasePlanStatus.ACTIVE
        and not plan.participants.filter(is_case_director=True, removed_at__isnull=True).exists()
    ):
        errors["to_status"] = _("Name a case director before the plan becomes active.")
    if to_status == CasePlanStatus.ESCALATED and not escalation_table.strip():
        errors["escalation_table"] = _("Name the multi-agency table the plan is escalated to.")
    contact = None
    if to_status == CasePlanStatus.WATCH:
        if watch is None:
            errors["watch"] = _("Plan the waakvlam: a contact person, how often and for how long.")
        else:
            low, high = WATCH_INTERVAL_WEEKS
            if not low <= watch.interval_weeks <= high:
                errors["interval_weeks"] = _("Contact every %(low)s to %(high)s weeks.") % {"low": low, "high": high}
            low, high = WATCH_PERIOD_MONTHS
            if not low <= watch.period_months <= high:
                errors["period_months"] = _("A waakvlam lasts %(low)s to %(high)s months.") % {"low": low, "high": high}
            try:
                contact = _active_participant(plan, watch.contact_uuid, "contact")
                if contact.kind != ParticipantKind.PROFESSIONAL:
                    errors["contact"] = _("The waakvlam contact must be a professional in the plan.")
            except ValidationError as error:
                errors["contact"] = error.message_dict["contact"][0]
    if errors:
        raise ValidationError(errors)
    previous = plan.status
    if previous == CasePlanStatus.WATCH:
        _end_watch(plan)
    plan.status = to_status
    if to_status == CasePlanStatus.ESCALATED:
        plan.escalation_table = escalation_table.strip()
    if to_status == CasePlanStatus.CLOSED:
        plan.closed_on = timezone.localdate()
    plan.full_clean()
    plan.save()
    _record_status(actor=actor, plan=plan, from_status=previous, to_status=to_status, reason=reason)
    if to_status == CasePlanStatus.WATCH and watch is not None and contact is not None:
        starts_on = timezone.localdate()
        record = Watch.objects.create(
            plan=plan,
            contact=contact,
            interval_weeks=watch.interval_weeks,
            starts_on=starts_on,
            ends_on=_add_months(starts_on, watch.period_months),
        )
        WatchContact.objects.bulk_create(
            [
                WatchContact(watch=record, due_on=due)
                for due in watch_schedule(starts_on, watch.interval_weeks, watch.period_months)
            ]
        )
    _audit(
        actor=actor,
        plan=plan,
        event_type="case_plan.transition",
        action=AuditAction.UPDATE,
        object_type="case_plan",
        object_uuid=plan.uuid,
        details={"from": previous, "to": to_status},
    )
    return plan


@transaction.atomic
def watch_contact_record(
    *,
    actor: Actor,
    plan: CasePlan,
    contact_uuid: uuid.UUID | str,
    done_on: date,
    outcome: str,
    note: str = "",
) -> WatchContact:
    _require(actor, policy.PLAN_CONTRIBUTE, plan)
    contact = (
        WatchContact.objects.select_for_update().filter(watch__plan=plan, uuid=contact_uuid).first()
        if is_uuid(contact_uuid)
        else None
    )
    if contact is None:
        raise NotVisible()
    errors: dict[str, str] = {}
    if done_on > timezone.localdate():
        errors["done_on"] = _("A contact cannot be recorded for a date in the future.")
    if outcome not in WatchContactOutcome.values:
        errors["outcome"] = _("Choose how the contact went.")
    if contact.done_on is not None:
        errors["contact"] = _("This contact has already been recorded.")
    if errors:
        raise ValidationError(errors)
    contact.done_on = done_on
    contact.done_by = actor.user
    contact.outcome = outcome
    contact.note = (note or "").strip()
    contact.full_clean()
    contact.save()
    _audit(
        actor=actor,
        plan=plan,
        event_type="watch_contact.update",
        action=AuditAction.UPDATE,
        object_type="watch_contact",
        object_uuid=contact.uuid,
        details={"outcome": outcome},
    )
    return contact


# --- reminders (run by django-q2 every day; also `wijkverband watch_reminders`) -------------------


@dataclass
class ReminderReport:
    reminded: int = 0
    escalated: int = 0


def _mail(user: User | None, subject: str, body: str) -> None:
    # No personal data in e-mail: it leaves the platform. The message points to the work list.
    if user is not None and user.email:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], fail_silently=True)


@transaction.atomic
def watch_reminders_run(*, today: date | None = None) -> ReminderReport:
    """Remind contacts of waakvlam contacts due within the reminder window; escalate missed ones.

    - a contact due within ``WATCH_REMIND_DAYS`` days and not yet reminded: one e-mail to the
      waakvlam contact person;
    - a contact more than ``WATCH_GRACE_DAYS`` days overdue and not yet escalated: marked escalated,
      one e-mail to the case director, and it shows in the case director's work list.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    report = ReminderReport()
    open_contacts = WatchContact.objects.filter(
        done_on__isnull=True, watch__ended_at__isnull=True, watch__plan__status=CasePlanStatus.WATCH
    ).select_related("watch__contact__user", "watch__plan__resident")
    work_list = settings.WIJKVERBAND_BASE_URL + "/plannen/werklijst/"
    for contact in open_contacts.filter(
        reminded_at__isnull=True, due_on__lte=today + timedelta(days=settings.WATCH_REMIND_DAYS)
    ):
        _mail(
            contact.watch.contact.user,
            _("Wijkverband: a waakvlam contact is due"),
            _("A waakvlam contact is due on %(day)s. See your work list: %(url)s")
            % {"day": contact.due_on.strftime("%d-%m-%Y"), "url": work_list},
        )
        contact.reminded_at = now
        contact.save(update_fields=["reminded_at", "updated_at"])
        report.reminded += 1
    overdue = open_contacts.filter(
        escalated_at__isnull=True, due_on__lt=today - timedelta(days=settings.WATCH_GRACE_DAYS)
    )
    for contact in overdue:
        plan = contact.watch.plan
        director = (
            CaseParticipant.objects.filter(plan=plan, is_case_director=True, removed_at__isnull=True)
            .select_related("user")
            .first()
        )
        _mail(
            director.user if director else None,
            _("Wijkverband: a waakvlam contact was missed"),
            _("A waakvlam contact due on %(day)s in a plan you direct has not taken place. See: %(url)s")
            % {"day": contact.due_on.strftime("%d-%m-%Y"), "url": work_list},
        )
        contact.escalated_at = now
        contact.save(update_fields=["escalated_at", "updated_at"])
        _audit(
            actor=None,
            plan=plan,
            event_type="watch_contact.escalate",
            action=AuditAction.EXECUTE,
            object_type="watch_contact",
            object_uuid=contact.uuid,
        )
        report.escalated += 1
    return report


__all__ = [
    "InstrumentCode",
    "WatchPlan",
    "case_action_create",
    "case_action_update",
    "case_participant_add_network",
    "case_participant_invite",
    "case_participant_remove",
    "case_plan_name_director",
    "case_plan_open",
    "case_plan_transition",
    "measurement_record",
    "meeting_record",
    "plan_entry_add",
    "plan_entry_mark_achieved",
    "watch_contact_record",
    "watch_reminders_run",
]
