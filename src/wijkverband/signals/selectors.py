"""Reads of signals. Every read of personal data starts from ``access.visible_signals`` and audits.

- A signal is visible to the members of the team it is routed to (``access``); anything else is a
  404 and the attempt is recorded as a denied read.
- A single read records one event; a list or work list records one event per person shown.
- The reporter of a signal learns its outcome only as far as ``lifecycle.reporter_outcome`` allows:
  the real status when their organisation may see the resident under ``consent.policy``, otherwise
  "received" or "picked up".
- The overview is aggregates only: counts per area, category, month and team, no personal data.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from wijkverband.accounts.actor import Actor
from wijkverband.audit.constants import AuditAction, AuditOutcome
from wijkverband.audit.services import audit_event_record, audit_events_record
from wijkverband.consent.policy import signal_teams_of as teams_of
from wijkverband.consent.policy import visible_outreach, visible_signals
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.validators import is_uuid
from wijkverband.residents.models import Resident

from . import lifecycle, stats
from .models import OutreachAttempt, OutreachTask, RoutingRule, Signal, SignalCategory, SignalStatusChange, Team
from .services import PERSON_SUBJECTS


def _subjects(signals: Sequence[Signal]) -> list[uuid.UUID | None]:
    return [signal.subject_uuid if signal.subject_kind in PERSON_SUBJECTS else None for signal in signals]


def _signals(actor: Actor) -> QuerySet[Signal]:
    return visible_signals(Signal.objects.all(), actor=actor).select_related(
        "category__parent", "team", "neighbourhood", "reporter_organisation", "outreach", "case_plan"
    )


def signal_get_for_user(*, actor: Actor, signal_uuid: uuid.UUID | str) -> Signal:
    wanted = uuid.UUID(str(signal_uuid)) if is_uuid(signal_uuid) else None
    signal = _signals(actor).filter(uuid=wanted).first() if wanted else None
    if signal is None:
        audit_event_record(
            actor=actor,
            event_type="signal.read",
            action=AuditAction.READ,
            object_type="signal",
            object_uuid=wanted,
            outcome=AuditOutcome.DENIED,
        )
        raise NotVisible()
    audit_event_record(
        actor=actor,
        event_type="signal.read",
        action=AuditAction.READ,
        resident_uuid=_subjects([signal])[0],
        object_type="signal",
        object_uuid=signal.uuid,
    )
    return signal


def signal_history(signal: Signal) -> list[SignalStatusChange]:
    return list(signal.status_changes.all())


def signal_list_for_user(
    *, actor: Actor, status: str = "", overdue: bool = False, neighbourhood_code: str = "", limit: int = 200
) -> list[Signal]:
    queryset = _signals(actor)
    if status == "open":
        queryset = queryset.filter(status__in=lifecycle.OPEN_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(status__in=lifecycle.AWAITING_RESPONSE, due_on__lt=timezone.localdate())
    if neighbourhood_code:
        queryset = queryset.filter(neighbourhood__code=neighbourhood_code)
    signals = list(queryset.order_by("due_on", "received_at")[:limit])
    if signals:
        audit_events_record(
            actor=actor,
            event_type="signal.list",
            action=AuditAction.READ,
            resident_uuids=_subjects(signals),
            object_type="signal",
        )
    return signals


# --- outreach ---------------------------------------------------------------------------------------


def _tasks(actor: Actor) -> QuerySet[OutreachTask]:
    return visible_outreach(OutreachTask.objects.all(), actor=actor).select_related("team", "neighbourhood")


def _audit_tasks(actor: Actor, tasks: Sequence[OutreachTask], event_type: str) -> None:
    subjects = sorted({signal.subject_uuid for task in tasks for signal in task.signals.all()}, key=str)
    if subjects:
        audit_events_record(
            actor=actor,
            event_type=event_type,
            action=AuditAction.READ,
            resident_uuids=subjects,
            object_type="outreach_task",
        )


def outreach_work_list(*, actor: Actor, team_uuid: str = "", limit: int = 200) -> list[OutreachTask]:
    """Open outreach tasks of the actor's teams, earliest deadline first, with signals and attempts."""
    queryset = _tasks(actor).filter(status="open")
    if team_uuid and is_uuid(team_uuid):
        queryset = queryset.filter(team__uuid=team_uuid)
    tasks = list(
        queryset.prefetch_related(
            Prefetch("signals", queryset=Signal.objects.select_related("category__parent").order_by("received_at")),
            Prefetch("attempts", queryset=OutreachAttempt.objects.order_by("made_on", "created_at")),
        ).order_by("due_on", "postcode", "house_number")[:limit]
    )
    _audit_tasks(actor, tasks, "outreach.list")
    return tasks


def outreach_get_for_user(*, actor: Actor, task_uuid: uuid.UUID | str) -> OutreachTask:
    wanted = uuid.UUID(str(task_uuid)) if is_uuid(task_uuid) else None
    task = (
        _tasks(actor)
        .prefetch_related(
            Prefetch(
                "signals",
                queryset=Signal.objects.select_related("category__parent", "reporter_organisation").prefetch_related(
                    "status_changes"
                ),
            ),
            "attempts",
        )
        .filter(uuid=wanted)
        .first()
        if wanted
        else None
    )
    if task is None:
        audit_event_record(
            actor=actor,
            event_type="outreach.read",
            action=AuditAction.READ,
            object_type="outreach_task",
            object_uuid=wanted,
            outcome=AuditOutcome.DENIED,
        )
        raise NotVisible()
    _audit_tasks(actor, [task], "outreach.read")
    return task


def my_teams(actor: Actor) -> list[Team]:
    return list(teams_of(actor).select_related("organisation"))


# --- what the reporter hears ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportedSignal:
    receipt_number: str
    category: str
    received_on: date
    outcome: str  # a SignalStatus value, or "received" / "picked_up"


def reported_by_my_organisation(*, actor: Actor, limit: int = 100) -> list[ReportedSignal]:
    """Signals the actor's organisation reported, with the outcome as far as consent allows."""
    if actor.membership is None or not actor.may_see_personal_data:
        return []
    signals = list(
        Signal.objects.filter(reporter_organisation_id=actor.membership.organisation_id)
        .exclude(source_kind="creditor")
        .select_related("category__parent")
        .order_by("-received_at")[:limit]
    )
    resident_ids = {signal.resident_id for signal in signals if signal.resident_id}
    # consent.policy decides: only residents visible to the reporter show the real outcome.
    visible = set(Resident.objects.visible_to(actor).filter(pk__in=resident_ids).values_list("pk", flat=True))
    return [
        ReportedSignal(
            receipt_number=signal.receipt_number,
            category=str(signal.category),
            received_on=timezone.localdate(signal.received_at),
            outcome=lifecycle.reporter_outcome(signal.status, may_know_details=signal.resident_id in visible),
        )
        for signal in signals
    ]


def public_outcome(receipt_number: str) -> str | None:
    """For the public page: "received" or "picked_up" for a receipt number, nothing more."""
    status = (
        Signal.objects.filter(receipt_number=receipt_number.strip().upper(), source_kind="neighbour")
        .values_list("status", flat=True)
        .first()
    )
    return None if status is None else lifecycle.reporter_outcome(status, may_know_details=False)


# --- overview (aggregates only) ----------------------------------------------------------------------


@dataclass
class TeamFigures:
    team: str
    open: int = 0
    overdue: int = 0
    contacted: int = 0
    median_days: float | None = None
    p90_days: float | None = None


@dataclass
class Overview:
    months: list[date]
    per_category: dict[str, list[int]]
    per_neighbourhood: list[tuple[str, str, int | None]]  # code, name, count (None when suppressed)
    teams: list[TeamFigures] = field(default_factory=list)
    unrouted: int = 0
    total: int = 0


def overview(*, actor: Actor, months: int = 12, neighbourhood_code: str = "", today: date | None = None) -> Overview:
    """Signals in the actor's municipality: per main category and month, per neighbourhood, per team.

    Aggregates only, open to any member; a neighbourhood count from 1 to 4 is shown as "fewer than 5"."""
    from .indicators import suppress_small

    today = today or timezone.localdate()
    municipality_id = actor.organisation.municipality_id if actor.organisation else None
    month_list = stats.months_back(today, months)
    result = Overview(months=month_list, per_category={}, per_neighbourhood=[])
    if municipality_id is None:
        return result
    base = Signal.objects.filter(municipality_id=municipality_id, received_at__date__gte=month_list[0])
    if neighbourhood_code:
        base = base.filter(neighbourhood__code=neighbourhood_code)
    index = {month: position for position, month in enumerate(month_list)}
    per_category: dict[str, list[int]] = defaultdict(lambda: [0] * len(month_list))
    hoods: Counter[tuple[str, str]] = Counter()
    rows = base.values_list(
        "received_at", "category__name", "category__parent__name", "neighbourhood__code", "neighbourhood__name"
    )
    for received_at, name, parent_name, hood_code, hood_name in rows.iterator():
        month = stats.month_start(timezone.localdate(received_at))
        if month in index:
            per_category[parent_name or name][index[month]] += 1
        if hood_code:
            hoods[(hood_code, hood_name)] += 1
        result.total += 1
    result.per_category = dict(sorted(per_category.items()))
    result.per_neighbourhood = [
        (code, name, None if suppress_small(count) is None else count) for (code, name), count in sorted(hoods.items())
    ]
    result.unrouted = base.filter(team__isnull=True).count()
    waits: dict[int, list[float]] = defaultdict(list)
    figures: dict[int, TeamFigures] = {}
    teams = Team.objects.filter(organisation__municipality_id=municipality_id).order_by("name")
    for team in teams:
        figures[team.pk] = TeamFigures(team=team.name)
    open_rows = Signal.objects.filter(team__in=teams, status__in=lifecycle.OPEN_STATUSES).values_list(
        "team_id", "status", "due_on"
    )
    for team_id, status, due_on in open_rows.iterator():
        figures[team_id].open += 1
        if status in lifecycle.AWAITING_RESPONSE and due_on < today:
            figures[team_id].overdue += 1
    contact_rows = base.filter(team__in=teams, first_contact_at__isnull=False).values_list(
        "team_id", "received_at", "first_contact_at"
    )
    for team_id, received_at, contacted_at in contact_rows.iterator():
        if contacted_at is not None and team_id is not None:
            waits[team_id].append((contacted_at - received_at) / timedelta(days=1))
    for team_id, values in waits.items():
        figure = figures[team_id]
        figure.contacted = len(values)
        figure.median_days = stats.percentile(values, 0.5)
        figure.p90_days = stats.percentile(values, 0.9)
    result.teams = list(figures.values())
    return result


def public_categories() -> list[SignalCategory]:
    return list(
        SignalCategory.objects.filter(is_active=True, is_public=True, is_arrears=False)
        .select_related("parent")
        .filter(Q(parent__isnull=False) | Q(children__isnull=True))
        .distinct()
        .order_by("parent__position", "position")
    )


def reportable_categories() -> list[SignalCategory]:
    return list(
        SignalCategory.objects.filter(is_active=True, is_arrears=False, parent__isnull=False)
        .select_related("parent")
        .order_by("parent__position", "position")
    )


# --- categories and routing (reference data, no personal data) ---------------------------------------


@dataclass(frozen=True)
class RoutingOverview:
    """What staff need to know about the reference data: categories with their terms, rules in order."""

    categories: list[tuple[SignalCategory, list[SignalCategory]]]
    rules: list[RoutingRule]


def routing_overview() -> RoutingOverview:
    """Active categories (main with their subcategories) and active routing rules in the order they are tried.

    Reference data, readable by every member: a reporter sees where a signal goes and by when it is
    answered. Changes are made in the platform admin (``admin.py``)."""
    active = list(SignalCategory.objects.filter(is_active=True).order_by("position", "name"))
    subs: dict[int, list[SignalCategory]] = defaultdict(list)
    for category in active:
        if category.parent_id is not None:
            subs[category.parent_id].append(category)
    rules = list(
        RoutingRule.objects.filter(is_active=True)
        .select_related("team__organisation")
        .prefetch_related(Prefetch("categories", queryset=SignalCategory.objects.select_related("parent")))
        .order_by("order", "name")
    )
    return RoutingOverview(
        categories=[(c, subs.get(c.pk, [])) for c in active if c.parent_id is None],
        rules=rules,
    )
