"""Writes on signals. Every function is atomic, checks access, validates fully and audits.

- A signal is routed when it arrives: the first matching routing rule names the team, the category
  gives the response term in working days (the urgent term when eviction or cut-off threatens).
- Signals are combined per team and target into one outreach task while that task is open and
  younger than ``SIGNALS_COMBINE_DAYS``: per household (address), per building, or per neighbourhood.
- Handling follows ``lifecycle.TRANSITIONS``; every step is recorded with who, for which
  organisation and why. Reaching a household moves its signals to "contact gelegd".
- Arrears batches are checked row by row and written in one transaction: a batch with any error
  writes nothing; the same batch (creditor + reference) delivered again changes nothing, and a
  signal the creditor delivered before (creditor + row reference) is not created twice.
- Personal data of arrears signals that led to no contact is removed after
  ``SIGNALS_ARREARS_RETENTION_DAYS``; the log and the audit trail say which signals, never what.
- Anything refused raises ValidationError (a Dutch message per field) before anything is written.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record, audit_events_record
from wijkverband.cases import selectors as case_selectors
from wijkverband.cases import services as case_services
from wijkverband.cases.constants import CasePlanStatus
from wijkverband.cases.models import CasePlan
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.policy import visible_outreach, visible_signals
from wijkverband.consent.services import consent_grant_record
from wijkverband.core import crypto
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.core.validators import normalise_postcode, validate_postcode
from wijkverband.neighbourhoods.models import Municipality, Neighbourhood
from wijkverband.organisations.constants import PERSONAL_DATA_ROLES
from wijkverband.residents.models import Resident
from wijkverband.residents.services import resident_register

from . import arrears, lifecycle, routing, workdays
from .constants import (
    ATTEMPTS_BY_KIND,
    RESULTS_BY_KIND,
    AttemptKind,
    BatchSource,
    OutreachKind,
    OutreachResult,
    OutreachStatus,
    SignalStatus,
    SourceKind,
    SubjectKind,
)
from .models import (
    ArrearsBatch,
    OutreachAttempt,
    OutreachTask,
    PostcodeArea,
    RoutingRule,
    Signal,
    SignalCategory,
    SignalPartner,
    SignalStatusChange,
)

logger = logging.getLogger(__name__)

RECEIPT_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I, 5/S, 8/B)
ERROR_REPORT_LIMIT = 1000
CHUNK_ROWS = 5000
PERSON_SUBJECTS = {SubjectKind.RESIDENT, SubjectKind.HOUSEHOLD, SubjectKind.ADDRESS}


def receipt_number_new(year: int) -> str:
    # One draw from 26**8 written in the alphabet: the same uniform choice as eight secrets.choice
    # calls, at an eighth of the cost (a creditor's batch numbers 100,000 signals).
    number = secrets.randbelow(len(RECEIPT_ALPHABET) ** 8)
    letters = []
    for _position in range(8):
        number, digit = divmod(number, len(RECEIPT_ALPHABET))
        letters.append(RECEIPT_ALPHABET[digit])
    return f"WV-{year}-" + "".join(letters)


# --- routing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    municipality_id: int | None
    neighbourhood_id: int | None
    codes: frozenset[str]


def _area_of_neighbourhood(neighbourhood: Neighbourhood | None, municipality: Municipality | None = None) -> Area:
    if neighbourhood is None:
        return Area(
            municipality.pk if municipality else None, None, frozenset({municipality.code} if municipality else ())
        )
    return Area(
        neighbourhood.municipality_id,
        neighbourhood.pk,
        frozenset({neighbourhood.code, neighbourhood.district.code, neighbourhood.municipality.code}),
    )


def areas_by_pc4() -> dict[str, Area]:
    """Every known postcode area with the codes its signals route and count by (one query)."""
    result = {}
    rows = PostcodeArea.objects.select_related("municipality", "neighbourhood__district")
    for row in rows:
        codes = {row.municipality.code}
        if row.neighbourhood is not None:
            codes |= {row.neighbourhood.code, row.neighbourhood.district.code}
        result[row.pc4] = Area(row.municipality_id, row.neighbourhood_id, frozenset(codes))
    return result


def routing_rules() -> list[routing.Rule]:
    rules = RoutingRule.objects.filter(is_active=True, team__is_active=True).prefetch_related("categories")
    return routing.ordered(
        routing.Rule(
            key=str(rule.pk),
            order=rule.order,
            team_key=str(rule.team_id),
            categories=frozenset(category.code for category in rule.categories.all()),
            areas=frozenset(code.strip().upper() for code in rule.area_codes.split(",") if code.strip()),
            sources=frozenset(kind.strip() for kind in rule.source_kinds.split(",") if kind.strip()),
            has_open_case=rule.has_open_case,
        )
        for rule in rules
    )


def _open_plan_resident_ids(resident_ids: Iterable[int]) -> set[int]:
    ids = [pk for pk in resident_ids if pk]
    if not ids:
        return set()
    return set(
        CasePlan.objects.filter(resident_id__in=ids)
        .exclude(status=CasePlanStatus.CLOSED)
        .values_list("resident_id", flat=True)
    )


# --- history and audit -----------------------------------------------------------------------------


def _history(actor: Actor | None, signal: Signal, from_status: str, to_status: str, reason: str) -> SignalStatusChange:
    user = actor.user if actor else None
    return SignalStatusChange(
        signal=signal,
        from_status=from_status,
        to_status=to_status,
        changed_by=user,
        changed_by_name=str(user) if user else "Wijkverband",
        organisation_name=actor.organisation.name if actor and actor.organisation else "",
        reason=reason[:500],
    )


def _audit(actor: Actor | None, signal: Signal, event_type: str, action: str, **details: Any) -> None:
    audit_event_record(
        actor=actor,
        event_type=event_type,
        action=action,
        resident_uuid=signal.subject_uuid if signal.subject_kind in PERSON_SUBJECTS else None,
        object_type="signal",
        object_uuid=signal.uuid,
        details=details,
    )


def _move(actor: Actor | None, signal: Signal, target: str, reason: str, *, now: datetime) -> list[SignalStatusChange]:
    """Walk the signal to ``target`` step by step (each step recorded); the caller saves."""
    steps = lifecycle.path_to(signal.status, target)
    changes = []
    for step in steps:
        changes.append(_history(actor, signal, signal.status, step, reason))
        signal.status = step
        if step == SignalStatus.CONTACTED and signal.first_contact_at is None:
            signal.first_contact_at = now
        if step in lifecycle.FINAL_STATUSES:
            signal.closed_at = now
    return changes


# --- outreach tasks --------------------------------------------------------------------------------


def _building_label(signal: Signal) -> str:
    # One spelling per building: "Flat  De Toren" and "flat de toren" are the same place.
    return " ".join((signal.building or signal.street).split())


def _outreach_attach(signal: Signal, *, day: date) -> None:
    """Join the open outreach task of the same team and target within the period, or open one.

    The target follows what the signal is about: a neighbourhood signal joins the neighbourhood's
    task, a building signal the building's (by name and postcode), anything else with an address
    the household's task. A signal without a team, or a person signal without an address, gets none.
    """
    if signal.team_id is None:
        return
    open_tasks = OutreachTask.objects.select_for_update().filter(
        team_id=signal.team_id,
        status=OutreachStatus.OPEN,
        opened_on__gte=day - timedelta(days=settings.SIGNALS_COMBINE_DAYS),
    )
    if signal.subject_kind == SubjectKind.NEIGHBOURHOOD:
        if signal.neighbourhood_id is None:
            return
        kind = OutreachKind.NEIGHBOURHOOD
        task = open_tasks.filter(kind=kind, neighbourhood_id=signal.neighbourhood_id).first()
    elif signal.subject_kind == SubjectKind.BUILDING and _building_label(signal):
        kind = OutreachKind.BUILDING
        task = open_tasks.filter(kind=kind, building__iexact=_building_label(signal), postcode=signal.postcode).first()
    elif signal.house_number is not None and signal.postcode:
        kind = OutreachKind.HOUSEHOLD
        task = open_tasks.filter(
            kind=kind,
            postcode=signal.postcode,
            house_number=signal.house_number,
            house_number_addition__iexact=signal.house_number_addition,
        ).first()
    else:
        return
    if task is None:
        task = OutreachTask.objects.create(
            team_id=signal.team_id,
            kind=kind,
            postcode=signal.postcode,
            house_number=signal.house_number,
            house_number_addition=signal.house_number_addition,
            building=_building_label(signal) if kind == OutreachKind.BUILDING else "",
            street=signal.street,
            city=signal.city,
            display_name=signal.subject_name if kind == OutreachKind.HOUSEHOLD else "",
            neighbourhood_id=signal.neighbourhood_id,
            household_id=signal.household_id,
            opened_on=day,
            due_on=signal.due_on,
        )
    elif signal.due_on < task.due_on:
        task.due_on = signal.due_on
        task.save(update_fields=["due_on", "updated_at"])
    signal.outreach = task


# --- one signal ------------------------------------------------------------------------------------


def _required(value: str, field_name: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field_name: _("This field is required.")})
    return value


@transaction.atomic
def signal_create(
    *,
    actor: Actor | None,
    category: SignalCategory,
    subject_kind: str,
    source_kind: str,
    description: str = "",
    is_urgent: bool = False,
    subject_name: str = "",
    street: str = "",
    postcode: str = "",
    house_number: int | None = None,
    house_number_addition: str = "",
    city: str = "",
    building: str = "",
    phone: str = "",
    email: str = "",
    neighbourhood: Neighbourhood | None = None,
    resident: Resident | None = None,
    reporter_contact: str = "",
    received_at: datetime | None = None,
) -> Signal:
    """Record and route one signal. ``actor`` is None for the public page (a resident without login).

    - professionals report for their organisation; a neighbour reports without an account;
    - a resident can only be named when the reporter may see them (``consent.policy``);
    - an address needs postcode and house number; a neighbourhood signal needs the neighbourhood.
    """
    if actor is not None and (actor.membership is None or actor.role not in PERSONAL_DATA_ROLES):
        raise PermissionDenied(_("Only professionals and coordinators report signals."))
    if actor is None and source_kind != SourceKind.NEIGHBOUR:
        raise PermissionDenied(_("Only residents report without logging in."))
    if not category.is_active or category.is_arrears:
        raise ValidationError({"category": _("Choose one of the categories offered.")})
    if subject_kind not in SubjectKind.values:
        raise ValidationError({"subject_kind": _("Choose what the signal is about.")})
    if source_kind not in SourceKind.values or source_kind == SourceKind.CREDITOR:
        raise ValidationError({"source_kind": _("Arrears are delivered by creditors in batches.")})
    if resident is not None and (
        actor is None or not Resident.objects.visible_to(actor).filter(pk=resident.pk).exists()
    ):
        raise NotVisible()
    description = (description or "").strip()
    postcode = normalise_postcode(postcode) if postcode else ""
    area: Area | None = None
    if subject_kind == SubjectKind.NEIGHBOURHOOD:
        if neighbourhood is None:
            raise ValidationError({"neighbourhood": _("Choose the neighbourhood.")})
        area = _area_of_neighbourhood(neighbourhood)
    elif subject_kind == SubjectKind.BUILDING:
        _required(building or street, "building")
    if subject_kind in PERSON_SUBJECTS and resident is None and (not postcode or house_number is None):
        raise ValidationError({"postcode": _("Give the postcode and house number of the address.")})
    if postcode:
        try:
            validate_postcode(postcode)
        except ValidationError as error:
            raise ValidationError({"postcode": error.messages}) from error
        area = area or areas_by_pc4().get(postcode[:4])
        if area is None:
            raise ValidationError({"postcode": _("This postcode is not in the working area of Wijkverband.")})
    if resident is not None:
        postcode, house_number = resident.postcode, resident.house_number
        house_number_addition, street, city = resident.house_number_addition, resident.street, resident.city
        subject_name = subject_name or resident.full_name
        if resident.neighbourhood is not None:
            area = _area_of_neighbourhood(resident.neighbourhood)
    received_at = received_at or timezone.now()
    day = timezone.localdate(received_at)
    signal = Signal(
        receipt_number=receipt_number_new(day.year),
        category=category,
        subject_kind=subject_kind,
        resident=resident,
        household=resident.household if resident else None,
        subject_name=subject_name.strip(),
        street=street.strip(),
        postcode=postcode,
        house_number=house_number,
        house_number_addition=house_number_addition.strip(),
        city=city.strip(),
        building=building.strip(),
        phone=phone.strip(),
        email=email.strip(),
        description=description,
        neighbourhood_id=area.neighbourhood_id if area else None,
        municipality_id=area.municipality_id if area else None,
        source_kind=source_kind,
        reporter_organisation=actor.organisation if actor else None,
        reporter_user=actor.user if actor else None,
        reporter_contact=reporter_contact.strip(),
        is_urgent=is_urgent,
        received_at=received_at,
        due_on=workdays.response_deadline(
            day, days=category.response_days, urgent_days=category.urgent_response_days, is_urgent=is_urgent
        ),
    )
    if resident is not None:
        signal.subject_uuid = resident.uuid
    facts = routing.Facts(
        categories=category.lineage_codes(),
        areas=area.codes if area else frozenset(),
        source=source_kind,
        has_open_case=bool(resident and _open_plan_resident_ids([resident.pk])),
    )
    rule = routing.route(facts, routing_rules())
    if rule is not None:
        signal.team_id = int(rule.team_key)
        signal.routing_rule_id = int(rule.key)
    signal.full_clean(exclude=["team", "routing_rule", "outreach"])
    _outreach_attach(signal, day=day)
    signal.save()
    _history(actor, signal, "", SignalStatus.NEW, _("Signal received")).save()
    _audit(actor, signal, "signal.create", AuditAction.CREATE, routed=rule is not None, category=category.code)
    return signal


def signal_report_public(
    *, category: SignalCategory, description: str, postcode: str, house_number: int | None = None, contact: str = ""
) -> Signal:
    """A resident reports a worry on the public page: about an address, or about the neighbourhood of a postcode.

    Only the categories offered publicly; the reporter stays anonymous unless they leave contact details."""
    if not category.is_public or category.is_arrears:
        raise ValidationError({"category": _("Choose one of the categories offered.")})
    if not (description or "").strip():
        raise ValidationError({"description": _("This field is required.")})
    postcode = normalise_postcode(postcode)
    area = (
        PostcodeArea.objects.select_related("neighbourhood__district", "neighbourhood__municipality")
        .filter(pc4=postcode[:4])
        .first()
    )
    if area is None:
        raise ValidationError({"postcode": _("This postcode is not in the working area of Wijkverband.")})
    if house_number is None and area.neighbourhood is None:
        raise ValidationError({"house_number": _("Give the house number nearest to the place you mean.")})
    return signal_create(
        actor=None,
        category=category,
        subject_kind=SubjectKind.ADDRESS if house_number else SubjectKind.NEIGHBOURHOOD,
        source_kind=SourceKind.NEIGHBOUR,
        description=description,
        postcode=postcode if house_number else "",
        house_number=house_number,
        neighbourhood=None if house_number else area.neighbourhood,
        reporter_contact=contact,
    )


def _visible_signal(actor: Actor, signal: Signal, *, for_update: bool = True) -> Signal:
    queryset = visible_signals(Signal.objects.all(), actor=actor).filter(pk=signal.pk)
    found = (queryset.select_for_update(of=("self",)) if for_update else queryset).first()
    if found is None:
        raise NotVisible()
    return found


@transaction.atomic
def signal_transition(*, actor: Actor, signal: Signal, to_status: str, reason: str) -> Signal:
    """One step of the state machine by a member of the team, with a reason."""
    signal = _visible_signal(actor, signal)
    if not lifecycle.can_transition(signal.status, to_status):
        raise ValidationError({"to_status": _("This step is not possible from the current status.")})
    if to_status == SignalStatus.REFERRED_TO_PLAN:
        raise ValidationError({"to_status": _("Open a plan or attach the signal to a plan to refer it.")})
    reason = (reason or "").strip()
    if not reason and to_status != SignalStatus.IN_PROGRESS:
        raise ValidationError({"reason": _("Say why.")})
    changes = _move(actor, signal, to_status, reason or _("Picked up"), now=timezone.now())
    signal.save()
    SignalStatusChange.objects.bulk_create(changes)
    _audit(actor, signal, "signal.transition", AuditAction.UPDATE, to_status=to_status)
    return signal


@transaction.atomic
def signal_attach_to_plan(*, actor: Actor, signal: Signal, plan_uuid: uuid.UUID | str, reason: str = "") -> Signal:
    """Refer the signal to the resident's existing plan; the plan must be visible to the actor."""
    signal = _visible_signal(actor, signal)
    plan = case_selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
    if plan.status == CasePlanStatus.CLOSED:
        raise ValidationError({"plan": _("This plan is closed.")})
    if signal.status in lifecycle.FINAL_STATUSES:
        raise ValidationError({"to_status": _("This signal has already been handled.")})
    changes = _move(
        actor, signal, SignalStatus.REFERRED_TO_PLAN, reason or _("Attached to an existing plan"), now=timezone.now()
    )
    signal.case_plan = plan
    signal.resident_id = plan.resident_id
    signal.save()
    SignalStatusChange.objects.bulk_create(changes)
    _audit(actor, signal, "signal.refer", AuditAction.UPDATE, plan=str(plan.uuid))
    return signal


# --- outreach -------------------------------------------------------------------------------------


def _visible_task(actor: Actor, task: OutreachTask) -> OutreachTask:
    found = (
        visible_outreach(OutreachTask.objects.all(), actor=actor)
        .filter(pk=task.pk)
        .select_for_update(of=("self",))
        .first()
    )
    if found is None:
        raise NotVisible()
    return found


@transaction.atomic
def outreach_attempt_record(
    *,
    actor: Actor,
    task: OutreachTask,
    kind: str,
    made_on: date,
    is_reached: bool,
    result: str = "",
    note: str = "",
    is_final: bool = False,
) -> OutreachAttempt:
    """Record a visit, call or letter for a household; the combined signals follow.

    - any attempt puts new signals "in behandeling";
    - reached: every open signal becomes "contact gelegd"; a refusal or help already in place
      closes them without follow-up and ends the task; accepted help waits for a plan;
    - not reached and ``is_final``: the signals become "niet bereikt" and the task ends.
    """
    task = _visible_task(actor, task)
    if task.status != OutreachStatus.OPEN:
        raise ValidationError({"kind": _("This outreach task has been completed.")})
    household = task.kind == OutreachKind.HOUSEHOLD
    if kind not in ATTEMPTS_BY_KIND[task.kind]:
        raise ValidationError(
            {
                "kind": _("Choose how you tried to reach the household.")
                if household
                else _("Choose how you reached out to the building or neighbourhood.")
            }
        )
    if made_on > timezone.localdate():
        raise ValidationError({"made_on": _("An attempt cannot be in the future.")})
    if result and not is_reached:
        raise ValidationError(
            {
                "result": _("A result needs contact with the household.")
                if household
                else _("A result needs contact with residents or partners.")
            }
        )
    if result and result not in RESULTS_BY_KIND[task.kind]:
        raise ValidationError({"result": _("This result does not fit this outreach task.")})
    attempt = OutreachAttempt(
        task=task,
        kind=kind,
        made_on=made_on,
        is_reached=is_reached,
        result=result,
        note=(note or "").strip(),
        made_by=actor.user,
        made_by_name=str(actor.user),
        organisation_name=actor.organisation.name if actor.organisation else "",
    )
    attempt.full_clean()
    attempt.save()
    now = timezone.now()
    label = AttemptKind(kind).label
    if is_reached:
        target, reason = (
            SignalStatus.CONTACTED,
            _("Reached: %(kind)s on %(day)s") % {"kind": label, "day": made_on.strftime("%d-%m-%Y")},
        )
    elif is_final:
        target, reason = SignalStatus.NOT_REACHED, _("Not reached after the last attempt (%(kind)s)") % {"kind": label}
    else:
        target, reason = SignalStatus.IN_PROGRESS, _("Attempt without contact: %(kind)s") % {"kind": label}
    closing = result in (OutreachResult.HELP_REFUSED, OutreachResult.ALREADY_HELPED, OutreachResult.NO_ACTION_NEEDED)
    # An approach agreed for a building or neighbourhood ends the task; its signals stay "contact gelegd"
    # for the team to close or refer one by one (there is no person whose plan they could join).
    ending = closing or result == OutreachResult.ACTION_AGREED
    changes: list[SignalStatusChange] = []
    signals = list(task.signals.select_for_update().filter(status__in=lifecycle.OPEN_STATUSES))
    for signal in signals:
        if target == SignalStatus.IN_PROGRESS and signal.status != SignalStatus.NEW:
            continue
        if target == SignalStatus.NOT_REACHED and signal.status == SignalStatus.CONTACTED:
            continue
        changes += _move(actor, signal, target, reason, now=now)
        if closing:
            changes += _move(
                actor, signal, SignalStatus.CLOSED_NO_FOLLOW_UP, str(OutreachResult(result).label), now=now
            )
    if signals:
        Signal.objects.bulk_update(signals, ["status", "first_contact_at", "closed_at", "updated_at"])
    SignalStatusChange.objects.bulk_create(changes)
    if ending or (is_final and not is_reached):
        task.status = OutreachStatus.DONE
        task.closed_at = now
    if result:
        task.result = result
    task.save()
    audit_events_record(
        actor=actor,
        event_type="outreach.attempt",
        action=AuditAction.CREATE,
        resident_uuids=sorted({signal.subject_uuid for signal in task.signals.all()}, key=str) or [None],
        object_type="outreach_task",
        object_uuid=task.uuid,
        details={"kind": kind, "reached": is_reached, "result": result},
    )
    return attempt


@transaction.atomic
def outreach_case_plan_open(
    *,
    actor: Actor,
    task: OutreachTask,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    consent_given_on: date,
    consent_purpose: str,
    want: str = "",
) -> CasePlan:
    """After contact, open a case plan for the person the household's signals are about.

    The plan needs the resident's consent (``consent.policy``): when the resident is not yet known to
    the organisation they are registered with the basic consent they gave at the visit, the
    case-plan consent is recorded, and only then is the plan opened through ``case_plan_open``.
    All contacted signals of the task are referred to the plan and the task ends.
    """
    task = _visible_task(actor, task)
    if task.kind != OutreachKind.HOUSEHOLD or task.house_number is None:
        raise ValidationError(
            {"kind": _("A case plan is for a person: open it from a signal about the resident or household.")}
        )
    signals = list(task.signals.select_for_update().filter(status=SignalStatus.CONTACTED))
    if not signals:
        raise ValidationError({"kind": _("Record the contact with the household before opening a plan.")})
    if actor.organisation is None:  # pragma: no cover - visible_task needs a membership
        raise NotVisible()
    resident = next((signal.resident for signal in signals if signal.resident_id), None)
    if resident is None or not Resident.objects.visible_to(actor).filter(pk=resident.pk).exists():
        first = signals[0]
        resident = resident_register(
            actor=actor,
            first_name=_required(first_name, "first_name"),
            last_name=_required(last_name, "last_name"),
            date_of_birth=date_of_birth,
            postcode=task.postcode,
            house_number=task.house_number,
            house_number_addition=task.house_number_addition,
            street=task.street,
            city=task.city,
            neighbourhood=task.neighbourhood,
            phone=first.phone,
            email=first.email,
            bsn=crypto.decrypt(first.bsn_encrypted) if first.bsn_encrypted else "",
            consent_purpose=consent_purpose,
            consent_given_on=consent_given_on,
        )
    if not Resident.objects.visible_to(actor, ConsentScope.CASE_PLAN).filter(pk=resident.pk).exists():
        consent_grant_record(
            actor=actor,
            resident=resident,
            organisation=actor.organisation,
            scope=ConsentScope.CASE_PLAN,
            purpose=consent_purpose,
            given_on=consent_given_on,
        )
    plan = case_services.case_plan_open(
        actor=actor, resident=resident, as_case_director=True, wants=[want] if want.strip() else []
    )
    now = timezone.now()
    changes = []
    for signal in signals:
        changes += _move(actor, signal, SignalStatus.REFERRED_TO_PLAN, _("Case plan opened"), now=now)
        signal.case_plan = plan
        signal.resident = resident
    Signal.objects.bulk_update(signals, ["status", "closed_at", "case_plan", "resident", "updated_at"])
    SignalStatusChange.objects.bulk_create(changes)
    task.status, task.result, task.closed_at = OutreachStatus.DONE, OutreachResult.HELP_ACCEPTED, now
    task.save(update_fields=["status", "result", "closed_at", "updated_at"])
    audit_events_record(
        actor=actor,
        event_type="outreach.case_plan",
        action=AuditAction.UPDATE,
        resident_uuids=[resident.uuid],
        object_type="outreach_task",
        object_uuid=task.uuid,
        details={"plan": str(plan.uuid), "signals": len(signals)},
    )
    return plan


# --- arrears batches (vroegsignalering) -----------------------------------------------------------


@dataclass
class BatchOutcome:
    """What became of a delivery: accepted (``batch``), already known (``created`` False) or refused."""

    batch: ArrearsBatch | None
    created: bool = False
    row_count: int = 0
    new_count: int = 0
    known_count: int = 0
    errors: list[arrears.RowError] = field(default_factory=list)
    error_count: int = 0
    file_error: str = ""

    @property
    def is_refused(self) -> bool:
        return self.batch is None


class _Refused(Exception):
    pass


def signal_partner_for(actor: Actor) -> SignalPartner:
    """The actor's organisation as an active signal partner (creditor), or a refusal."""
    partner = (
        SignalPartner.objects.filter(organisation_id=actor.membership.organisation_id, is_active=True)
        .select_related("organisation", "municipality")
        .first()
        if actor.membership is not None and actor.membership.is_active
        else None
    )
    if partner is None:
        raise PermissionDenied(_("Your organisation is not registered as a signal partner for arrears."))
    return partner


def _is_postgresql(model: type[models.Model]) -> bool:
    return connections[router.db_for_write(model)].vendor == "postgresql"


def _insert_rows(model: type[models.Model], rows: list[dict[str, Any]], *, with_ids: bool = False) -> None:
    """Insert plain rows (attname → value; what is missing takes the field's default) in one go.

    On PostgreSQL one COPY, with the ids drawn from the table's sequence first when the caller
    needs them (``row["id"]`` is set); a batch ingest spends most of its time in the ORM's per-row
    preparation otherwise. Elsewhere (SQLite in development and tests) bulk_create, which also
    returns the ids.
    """
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        objects = [model(**row) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=1000)
        if with_ids:
            for row, instance in zip(rows, objects, strict=True):
                row["id"] = instance.pk
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [model._meta.db_table, len(rows)],
            )
            for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
                row["id"] = pk
        columns = [field.column for field in fields] + (["id"] if with_ids else [])
        names = [field.attname for field in fields] + (["id"] if with_ids else [])
        defaults = {field.attname: field for field in fields}
        sql = f"COPY {table} ({', '.join(connection.ops.quote_name(c) for c in columns)}) FROM STDIN"
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row([row[name] if name in row else defaults[name].get_default() for name in names])


class _BatchWriter:
    """Writes the valid rows of one batch in chunks, inside the caller's transaction.

    Rows become plain dicts, never model instances, and routing, deadlines, dedupe and the
    household lookup are done once per chunk or cached per distinct value: at 100,000 rows the
    per-row ORM work was most of the time (see benchmarks/signals.py).
    """

    def __init__(self, *, actor: Actor, batch: ArrearsBatch, now: datetime) -> None:
        self.actor = actor
        self.batch = batch
        self.now = now
        self.today = timezone.localdate(now)
        self.areas = areas_by_pc4()
        self.rules = routing_rules()
        self.categories = {
            category.code: category
            for category in SignalCategory.objects.filter(is_arrears=True, is_active=True).select_related("parent")
        }
        self.pending: list[arrears.ArrearsRow] = []
        self.new_count = 0
        self.known_count = 0
        self.routes: dict[tuple[str, str, bool], routing.Rule | None] = {}
        self.deadlines: dict[tuple[int, bool], date] = {}
        user = actor.user
        self.reason = _("Received from %(creditor)s (batch %(reference)s)") % {
            "creditor": batch.creditor.name,
            "reference": batch.reference,
        }
        self.history_fields = {
            "from_status": "",
            "to_status": SignalStatus.NEW,
            "changed_by_id": user.pk if user else None,
            "changed_by_name": str(user) if user else "Wijkverband",
            "organisation_name": actor.organisation.name if actor.organisation else "",
            "reason": self.reason[:500],
            "created_at": now,
            "updated_at": now,
        }

    def category_for(self, kind: str) -> SignalCategory:
        category = self.categories.get(f"betalingsachterstand-{kind}") or self.categories.get("betalingsachterstand")
        if category is None:
            raise ValidationError({"category": _("No active arrears category is configured.")})
        return category

    def add(self, row: arrears.ArrearsRow) -> None:
        self.pending.append(row)
        if len(self.pending) >= CHUNK_ROWS:
            self.flush()

    def route(self, category: SignalCategory, pc4: str, has_open_case: bool) -> routing.Rule | None:
        key = (category.code, pc4, has_open_case)
        if key not in self.routes:
            self.routes[key] = routing.first_match(
                routing.Facts(
                    categories=category.lineage_codes(),
                    areas=self.areas[pc4].codes,
                    source=SourceKind.CREDITOR,
                    has_open_case=has_open_case,
                ),
                self.rules,
            )
        return self.routes[key]

    def deadline(self, category: SignalCategory, is_urgent: bool) -> date:
        key = (category.pk, is_urgent)
        if key not in self.deadlines:
            self.deadlines[key] = workdays.response_deadline(
                self.today,
                days=category.response_days,
                urgent_days=category.urgent_response_days,
                is_urgent=is_urgent,
            )
        return self.deadlines[key]

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows:
            return
        creditor_id = self.batch.creditor_id
        # The partial unique index (creditor, reference) only serves a query that repeats its condition.
        known = set(
            Signal.objects.filter(
                reporter_organisation_id=creditor_id, creditor_reference__in=[row.reference for row in rows]
            )
            .exclude(creditor_reference="")
            .values_list("creditor_reference", flat=True)
        )
        fresh = [row for row in rows if row.reference not in known]
        self.known_count += len(rows) - len(fresh)
        if not fresh:
            return
        indexes = {row.reference: crypto.blind_index(row.bsn) for row in fresh if row.bsn}
        residents = {
            index: (pk, household_id)
            for index, pk, household_id in Resident.objects.filter(bsn_index__in=list(indexes.values())).values_list(
                "bsn_index", "pk", "household_id"
            )
        }
        with_plan = _open_plan_resident_ids(pk for pk, _household in residents.values())
        user_id = self.actor.user.pk if self.actor.user else None
        signals: list[dict[str, Any]] = []
        for row in fresh:
            category = self.category_for(row.arrears_kind)
            area = self.areas[row.pc4]
            bsn_index = indexes.get(row.reference, "")
            resident_id, household_id = residents.get(bsn_index, (None, None)) if bsn_index else (None, None)
            rule = self.route(category, row.pc4, resident_id in with_plan)
            signals.append(
                {
                    "uuid": uuid.uuid4(),
                    "created_at": self.now,
                    "updated_at": self.now,
                    "receipt_number": receipt_number_new(self.today.year),
                    "category_id": category.pk,
                    "subject_kind": SubjectKind.HOUSEHOLD,
                    "subject_uuid": uuid.uuid4(),
                    "resident_id": resident_id,
                    "household_id": household_id,
                    "subject_name": f"{row.first_name} {row.last_name}".strip(),
                    "street": row.street,
                    "postcode": row.postcode,
                    "house_number": row.house_number,
                    "house_number_addition": row.house_number_addition,
                    "city": row.city,
                    "phone": row.phone,
                    "email": row.email,
                    "bsn_encrypted": crypto.encrypt(row.bsn) if row.bsn else "",
                    "bsn_index": bsn_index,
                    "neighbourhood_id": area.neighbourhood_id,
                    "municipality_id": area.municipality_id,
                    "source_kind": SourceKind.CREDITOR,
                    "reporter_organisation_id": creditor_id,
                    "reporter_user_id": user_id,
                    "batch_id": self.batch.pk,
                    "creditor_reference": row.reference,
                    "arrears_kind": row.arrears_kind,
                    "amount_owed": row.amount_owed,
                    "months_in_arrears": row.months_in_arrears,
                    "is_urgent": row.is_urgent,
                    "status": SignalStatus.NEW,
                    "team_id": int(rule.team_key) if rule else None,
                    "routing_rule_id": int(rule.key) if rule else None,
                    "received_at": self.now,
                    "due_on": self.deadline(category, row.is_urgent),
                    "outreach_id": None,
                }
            )
        self._unique_receipt_numbers(signals)
        self._combine(signals)
        _insert_rows(Signal, signals, with_ids=True)
        _insert_rows(
            SignalStatusChange,
            [{**self.history_fields, "uuid": uuid.uuid4(), "signal_id": signal["id"]} for signal in signals],
        )
        audit_events_record(
            actor=self.actor,
            event_type="signal.create",
            action=AuditAction.CREATE,
            resident_uuids=[signal["subject_uuid"] for signal in signals],
            object_type="arrears_batch",
            object_uuid=self.batch.uuid,
            details={"source": "creditor"},
        )
        self.new_count += len(signals)

    def _unique_receipt_numbers(self, signals: Sequence[dict[str, Any]]) -> None:
        """Draw again for numbers already taken (26**8 numbers: at a million signals a 100,000-row
        batch would hit one about every other time, and one clash fails the whole COPY)."""
        clashing = list(signals)
        while clashing:
            drawn = [signal["receipt_number"] for signal in clashing]
            taken = set(Signal.objects.filter(receipt_number__in=drawn).values_list("receipt_number", flat=True))
            seen: set[str] = set()
            again = []
            for signal in clashing:
                number = signal["receipt_number"]
                if number in taken or number in seen:
                    signal["receipt_number"] = receipt_number_new(self.today.year)
                    again.append(signal)
                seen.add(number)
            clashing = again

    def _existing_tasks(self, keys: set[tuple[int, str, int, str]]) -> list[dict[str, Any]]:
        """The open tasks within the combining period for exactly these households (one query)."""
        since = self.today - timedelta(days=settings.SIGNALS_COMBINE_DAYS)
        fields = ("id", "team_id", "postcode", "house_number", "house_number_addition", "due_on")
        if _is_postgresql(OutreachTask):
            # Match the households as a set; filtering by postcode alone would fetch every task of
            # the chunk's postcodes again and again in a large batch.
            table = connections[router.db_for_write(OutreachTask)]
            ordered = sorted(keys)
            with table.cursor() as cursor:
                cursor.execute(
                    f"SELECT t.{', t.'.join(fields)} FROM signals_outreachtask t "  # noqa: S608 - fixed names
                    "JOIN unnest(%s::bigint[], %s::text[], %s::bigint[], %s::text[]) AS k(team, pc, nr, ad) "
                    "ON t.team_id = k.team AND t.postcode = k.pc AND t.house_number = k.nr "
                    "AND upper(t.house_number_addition) = k.ad "
                    "WHERE t.status = %s AND t.kind = %s AND t.opened_on >= %s ORDER BY t.opened_on, t.id",
                    [
                        [key[0] for key in ordered],
                        [key[1] for key in ordered],
                        [key[2] for key in ordered],
                        [key[3] for key in ordered],
                        OutreachStatus.OPEN,
                        OutreachKind.HOUSEHOLD,
                        since,
                    ],
                )
                return [dict(zip(fields, found, strict=True)) for found in cursor.fetchall()]
        return list(
            OutreachTask.objects.filter(
                team_id__in={key[0] for key in keys},
                postcode__in={key[1] for key in keys},
                house_number__in={key[2] for key in keys},
                status=OutreachStatus.OPEN,
                kind=OutreachKind.HOUSEHOLD,
                opened_on__gte=since,
            )
            .order_by("opened_on", "id")
            .values(*fields)
        )

    def _combine(self, signals: Sequence[dict[str, Any]]) -> None:
        """One outreach task per team and household: existing open ones within the period, else new."""

        def key_of(signal: Mapping[str, Any]) -> tuple[int, str, int, str]:
            return (
                signal["team_id"],
                signal["postcode"],
                signal["house_number"] or 0,
                signal["house_number_addition"].upper(),
            )

        # Looked up per chunk, not cached for the whole batch: tasks opened by earlier chunks of this
        # batch are found the same way (same transaction), and memory stays flat in the batch size.
        keys = {key_of(signal) for signal in signals if signal["team_id"] is not None}
        tasks: dict[tuple[int, str, int, str], dict[str, Any]] = {}
        if keys:
            for found in self._existing_tasks(keys):
                key = (
                    found["team_id"],
                    found["postcode"],
                    found["house_number"],
                    found["house_number_addition"].upper(),
                )
                if key in keys:
                    tasks.setdefault(key, found)
        new_tasks: dict[tuple[int, str, int, str], dict[str, Any]] = {}
        earlier: dict[int, date] = {}
        for signal in signals:
            if signal["team_id"] is None:
                continue
            key = key_of(signal)
            task = tasks.get(key) or new_tasks.get(key)
            if task is None:
                task = {
                    "uuid": uuid.uuid4(),
                    "created_at": self.now,
                    "updated_at": self.now,
                    "team_id": signal["team_id"],
                    "postcode": signal["postcode"],
                    "house_number": signal["house_number"] or 0,
                    "house_number_addition": signal["house_number_addition"],
                    "street": signal["street"],
                    "city": signal["city"],
                    "display_name": signal["subject_name"],
                    "neighbourhood_id": signal["neighbourhood_id"],
                    "household_id": signal["household_id"],
                    "status": OutreachStatus.OPEN,
                    "opened_on": self.today,
                    "due_on": signal["due_on"],
                }
                new_tasks[key] = task
            elif signal["due_on"] < task["due_on"]:
                task["due_on"] = signal["due_on"]
                if "id" in task:
                    earlier[task["id"]] = task["due_on"]
            signal["outreach"] = task
        _insert_rows(OutreachTask, list(new_tasks.values()), with_ids=True)
        by_day: dict[date, list[int]] = {}
        for pk, due_on in earlier.items():
            by_day.setdefault(due_on, []).append(pk)
        for due_on, pks in by_day.items():  # a handful of distinct deadlines: one UPDATE each
            OutreachTask.objects.filter(pk__in=pks, due_on__gt=due_on).update(due_on=due_on, updated_at=self.now)
        for signal in signals:
            task = signal.pop("outreach", None)
            signal["outreach_id"] = task["id"] if task is not None else None


def arrears_batch_ingest(
    *,
    actor: Actor,
    reference: str,
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    source: str,
) -> BatchOutcome:
    """Accept a creditor's whole batch or nothing (see the module docstring).

    ``rows`` come from ``arrears.csv_rows`` (streamed) or ``arrears.json_rows``; both may raise
    ``arrears.BatchFileError`` while being read, which refuses the whole delivery.
    """
    partner = signal_partner_for(actor)
    reference = (reference or "").strip()
    if not reference or not arrears.REFERENCE_RE.match(reference):
        raise ValidationError(
            {"reference": _("Give the batch a reference of letters, digits or . _ / - (at most 100).")}
        )
    if source not in BatchSource.values:  # pragma: no cover - set by the API and the upload view
        raise ValidationError({"source": "?"})
    names = arrears.CSV_NAME if source == BatchSource.CSV else arrears.JSON_NAME
    existing = ArrearsBatch.objects.filter(creditor=partner.organisation, reference=reference).first()
    if existing is not None:
        return BatchOutcome(batch=existing, created=False, row_count=existing.row_count)
    outcome = BatchOutcome(batch=None)
    try:
        with transaction.atomic():
            batch = ArrearsBatch.objects.create(
                creditor=partner.organisation, reference=reference, source=source, delivered_by=actor.user
            )
            writer = _BatchWriter(actor=actor, batch=batch, now=timezone.now())
            known_pc4 = frozenset(
                pc4 for pc4, area in writer.areas.items() if area.municipality_id == partner.municipality_id
            )
            for row, errors in arrears.checked_rows(rows, known_pc4=known_pc4, names=names):
                outcome.row_count += 1
                if errors:
                    outcome.error_count += len(errors)
                    room = ERROR_REPORT_LIMIT - len(outcome.errors)
                    outcome.errors.extend(errors[: max(room, 0)])
                elif row is not None and not outcome.error_count:
                    # After the first error nothing more is written; the rest is only checked.
                    writer.add(row)
            if outcome.row_count == 0:
                outcome.file_error = _("The delivery contains no rows.")
                raise _Refused()
            if outcome.error_count:
                raise _Refused()
            writer.flush()
            batch.row_count, batch.new_count, batch.known_count = (
                outcome.row_count,
                writer.new_count,
                writer.known_count,
            )
            batch.save(update_fields=["row_count", "new_count", "known_count", "updated_at"])
            audit_event_record(
                actor=actor,
                event_type="arrears_batch.create",
                action=AuditAction.CREATE,
                object_type="arrears_batch",
                object_uuid=batch.uuid,
                details={"rows": outcome.row_count, "new": writer.new_count, "known": writer.known_count},
            )
    except arrears.BatchFileError as error:
        outcome.file_error = error.message
        return outcome
    except _Refused:
        return outcome
    except IntegrityError:
        # Another delivery with the same reference committed first: this one is a re-delivery.
        existing = ArrearsBatch.objects.filter(creditor=partner.organisation, reference=reference).first()
        if existing is None:
            raise
        return BatchOutcome(batch=existing, created=False, row_count=existing.row_count)
    outcome.batch, outcome.created = batch, True
    outcome.new_count, outcome.known_count = writer.new_count, writer.known_count
    return outcome


# --- scheduled jobs ---------------------------------------------------------------------------------


def _mail(address: str, subject: str, body: str) -> None:
    # No personal data in e-mail: it leaves the platform. The message points to the work list.
    if address:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)


@transaction.atomic
def signals_escalate_overdue(*, today: date | None = None) -> int:
    """Signals without a response after their term go to the team's coordinator, once."""
    today = today or timezone.localdate()
    now = timezone.now()
    overdue = list(
        Signal.objects.select_for_update(of=("self",))
        .filter(
            status__in=lifecycle.AWAITING_RESPONSE,
            due_on__lt=today,
            escalated_at__isnull=True,
            team__isnull=False,
        )
        .select_related("team__coordinator__user")
    )
    per_team: dict[int, list[Signal]] = {}
    for signal in overdue:
        signal.escalated_at = now
        per_team.setdefault(signal.team_id or 0, []).append(signal)
    Signal.objects.bulk_update(overdue, ["escalated_at"])
    url = settings.WIJKVERBAND_BASE_URL + "/signalen/?te_laat=1"
    for signals in per_team.values():
        team = signals[0].team
        coordinator = team.coordinator if team else None
        _mail(
            coordinator.user.email if coordinator else "",
            _("Wijkverband: signals past their response term"),
            _("%(count)d signal(s) of %(team)s have passed their response term. See: %(url)s")
            % {"count": len(signals), "team": team.name if team else "", "url": url},
        )
    if overdue:
        audit_events_record(
            actor=None,
            event_type="signal.escalate",
            action=AuditAction.EXECUTE,
            resident_uuids=[signal.subject_uuid for signal in overdue],
            object_type="signal",
            details={"count": len(overdue)},
        )
    return len(overdue)


@dataclass
class RetentionReport:
    removed: int = 0
    signal_uuids: list[str] = field(default_factory=list)


PERSONAL_FIELDS = (
    "subject_name",
    "street",
    "house_number",
    "house_number_addition",
    "city",
    "phone",
    "email",
    "bsn_encrypted",
    "bsn_index",
    "resident",
    "household",
)


@transaction.atomic
def arrears_retention_run(*, now: datetime | None = None) -> RetentionReport:
    """Remove the personal data of arrears signals that led to no contact within the legal period.

    Kept: category, neighbourhood, the four postcode digits, amount, months, dates and status history
    (needed for the overview and so a re-delivery is recognised). Open signals are closed as "niet
    bereikt" by Wijkverband. The log names the signals by id and count, never their content.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SIGNALS_ARREARS_RETENTION_DAYS)
    expired = list(
        Signal.objects.select_for_update(of=("self",)).filter(
            source_kind=SourceKind.CREDITOR,
            first_contact_at__isnull=True,
            personal_data_removed_at__isnull=True,
            received_at__lt=cutoff,
        )
    )
    if not expired:
        return RetentionReport()
    changes: list[SignalStatusChange] = []
    reason = _("Retention period passed without contact; personal data removed")
    for signal in expired:
        if signal.status in lifecycle.OPEN_STATUSES:
            changes += _move(None, signal, SignalStatus.NOT_REACHED, reason, now=now)
        signal.subject_name = signal.street = signal.house_number_addition = signal.city = ""
        signal.phone = signal.email = signal.bsn_encrypted = signal.bsn_index = ""
        signal.house_number = None
        signal.postcode = signal.postcode[:4]
        signal.resident = None
        signal.household = None
        signal.personal_data_removed_at = now
    Signal.objects.bulk_update(
        expired, [*PERSONAL_FIELDS, "postcode", "status", "closed_at", "personal_data_removed_at"], batch_size=1000
    )
    SignalStatusChange.objects.bulk_create(changes, batch_size=1000)
    # Outreach tasks left with nothing but removed signals lose their address and name too.
    task_ids = {signal.outreach_id for signal in expired if signal.outreach_id}
    emptied = OutreachTask.objects.filter(pk__in=task_ids).exclude(signals__personal_data_removed_at__isnull=True)
    emptied_ids = list(emptied.values_list("pk", flat=True))
    OutreachTask.objects.filter(pk__in=emptied_ids).update(
        display_name="",
        street="",
        city="",
        house_number=0,
        house_number_addition="",
        household=None,
        status=OutreachStatus.DONE,
        closed_at=now,
        personal_data_removed_at=now,
    )
    OutreachAttempt.objects.filter(task_id__in=emptied_ids).update(note="")
    audit_events_record(
        actor=None,
        event_type="signal.erase",
        action=AuditAction.DELETE,
        resident_uuids=[signal.subject_uuid for signal in expired],
        object_type="signal",
        reason="bewaartermijn vroegsignalering",
        details={"fields": [*PERSONAL_FIELDS, "postcode (digits kept)"]},
    )
    uuids = [str(signal.uuid) for signal in expired]
    logger.info("arrears retention: removed personal data of %d signal(s): %s", len(uuids), ", ".join(uuids))
    return RetentionReport(removed=len(uuids), signal_uuids=uuids)
