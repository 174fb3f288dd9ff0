"""Reads of case plans. Every selector starts from ``CasePlan.objects.visible_to(actor)`` and audits.

- A plan is visible when the resident gave the acting organisation the case-plan consent and the
  user takes part in the plan for that organisation (see ``consent.policy``).
- Reading a plan records one event; a work list records one event per resident shown.
- Health-related meeting notes are only returned when the organisation also holds the health
  scope; otherwise the meeting is shown without its notes.
- Pages load with a constant number of queries, whatever the number of items (no N+1).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.audit.constants import AuditAction, AuditOutcome
from wijkverband.audit.services import audit_event_record, audit_events_record
from wijkverband.consent import policy
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.models import ConsentGrant
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.process_cache import ProcessCache
from wijkverband.core.validators import is_uuid, parse_uuid
from wijkverband.organisations.constants import PERSONAL_DATA_ROLES
from wijkverband.organisations.models import Membership

from . import lifecycle
from .constants import OPEN_ACTION_STATUSES, CasePlanStatus, EntryKind, InstrumentCode
from .models import (
    ActionRole,
    CaseAction,
    CaseParticipant,
    CasePlan,
    Instrument,
    Measurement,
    Meeting,
    PlanEntry,
    StatusChange,
    Watch,
    WatchContact,
)


def _plans(actor: Actor) -> QuerySet[CasePlan]:
    return CasePlan.objects.visible_to(actor).select_related("resident__neighbourhood__district")


def case_plan_get_for_user(*, actor: Actor, plan_uuid: uuid.UUID | str) -> CasePlan:
    wanted = parse_uuid(plan_uuid)
    plan = _plans(actor).select_related("opened_by_organisation").filter(uuid=wanted).first() if wanted else None
    if plan is None:
        # Denied reads are logged; the resident is unknown to the caller, so none is named.
        audit_event_record(
            actor=actor,
            event_type="case_plan.read",
            action=AuditAction.READ,
            object_type="case_plan",
            object_uuid=wanted,
            outcome=AuditOutcome.DENIED,
        )
        raise NotVisible()
    audit_event_record(
        actor=actor,
        event_type="case_plan.read",
        action=AuditAction.READ,
        resident_uuid=plan.resident.uuid,
        object_type="case_plan",
        object_uuid=plan.uuid,
        scope=ConsentScope.CASE_PLAN,
    )
    return plan


def case_plan_open_for_resident(*, actor: Actor, resident_id: int) -> CasePlan | None:
    """The resident's open plan when the actor may see it (for the link on the resident page)."""
    return _plans(actor).filter(resident_id=resident_id).exclude(status=CasePlanStatus.CLOSED).first()


# --- the plan page --------------------------------------------------------------------------------


@dataclass
class ChartSeries:
    instrument: Instrument
    points: list[tuple[date, float]]
    domain_name: str = ""


@dataclass
class TimelineItem:
    day: date
    at: datetime | None
    kind: str
    title: str
    text: str = ""
    obj: Any = None


@dataclass
class PlanView:
    plan: CasePlan
    permissions: frozenset[str]
    may_see_health: bool
    entries: dict[str, list[PlanEntry]]
    participants: list[CaseParticipant]
    actions: list[CaseAction]
    meetings: list[Meeting]
    measurements: list[Measurement]
    status_changes: list[StatusChange]
    watch: Watch | None
    watch_contacts: list[WatchContact]
    next_statuses: list[str]
    today: date
    charts: list[ChartSeries] = field(default_factory=list)

    @property
    def case_director(self) -> CaseParticipant | None:
        return next((p for p in self.participants if p.is_case_director), None)

    @property
    def professionals(self) -> list[CaseParticipant]:
        return [p for p in self.participants if p.user_id is not None]

    @property
    def needs(self) -> list[PlanEntry]:
        return self.entries.get(EntryKind.NEED, [])

    @property
    def overdue_actions(self) -> list[CaseAction]:
        return [a for a in self.actions if a.is_overdue_on(self.today)]

    def timeline(self) -> list[TimelineItem]:
        return build_timeline(self)


def case_plan_detail(*, actor: Actor, plan: CasePlan) -> PlanView:
    """Everything the plan page shows, in a fixed number of queries. ``plan`` comes from the getter."""
    participants = list(
        CaseParticipant.objects.filter(plan=plan, removed_at__isnull=True).select_related("organisation", "user")
    )
    permissions, may_see_health = policy.plan_access(actor, plan, participants=participants)
    if not permissions:
        raise NotVisible()
    entries: dict[str, list[PlanEntry]] = defaultdict(list)
    for entry in PlanEntry.objects.filter(plan=plan).order_by("created_at"):
        entries[entry.kind].append(entry)
    actions = list(
        CaseAction.objects.filter(plan=plan)
        .select_related("owner__organisation", "need")
        .prefetch_related(Prefetch("roles", queryset=ActionRole.objects.select_related("participant")))
        .order_by("due_on", "created_at")
    )
    meetings = list(
        Meeting.objects.filter(plan=plan).prefetch_related(
            Prefetch("attendees", queryset=CaseParticipant.objects.only("uuid", "name", "plan_id"))
        )
    )
    if not may_see_health:
        for meeting in meetings:
            if meeting.is_health_related:
                meeting.notes = ""
    measurements = list(
        Measurement.objects.filter(plan=plan)
        .select_related("instrument")
        .prefetch_related("scores")
        .order_by("measured_on", "created_at")
    )
    # Domain names come from the cached instruments (reference data), not from one more query.
    domains = {d.pk: d for i in instruments_with_scales() for d in i.domains.all()}
    for measurement in measurements:
        for score in measurement.scores.all():
            if score.domain_id is not None and score.domain_id in domains:
                score.domain = domains[score.domain_id]
    # A schedule runs only while the plan is in waakvlam (it ends when the plan leaves it).
    watch = (
        Watch.objects.filter(plan=plan, ended_at__isnull=True).select_related("contact").first()
        if plan.status == CasePlanStatus.WATCH
        else None
    )
    contacts = list(WatchContact.objects.filter(watch__plan=plan).select_related("watch__contact", "done_by"))
    changes = list(StatusChange.objects.filter(plan=plan))
    return PlanView(
        plan=plan,
        permissions=permissions,
        may_see_health=may_see_health,
        entries=dict(entries),
        participants=participants,
        actions=actions,
        meetings=meetings,
        measurements=measurements,
        status_changes=changes,
        watch=watch,
        watch_contacts=contacts,
        next_statuses=sorted(lifecycle.allowed_next(plan.status)),
        today=timezone.localdate(),
        charts=chart_series(measurements),
    )


def chart_series(measurements: list[Measurement]) -> list[ChartSeries]:
    """One series per instrument (and per ZRM domain), in date order."""
    series: dict[tuple[str, str], ChartSeries] = {}
    for measurement in measurements:
        for score in measurement.scores.all():
            name = score.domain.name if score.domain else ""
            key = (measurement.instrument.code, name)
            if key not in series:
                series[key] = ChartSeries(instrument=measurement.instrument, points=[], domain_name=name)
            series[key].points.append((measurement.measured_on, float(score.value)))
    order: dict[str, int] = {
        InstrumentCode.WELLBEING: 0,
        InstrumentCode.PARTICIPATION_LADDER: 1,
        InstrumentCode.SELF_RELIANCE_MATRIX: 2,
    }
    return sorted(series.values(), key=lambda s: (order.get(s.instrument.code, 9), s.domain_name))


def build_timeline(view: PlanView) -> list[TimelineItem]:
    """One chronological story of the plan, newest first, from what the viewer may see."""
    items = [
        TimelineItem(e.recorded_on, e.created_at, "entry", e.get_kind_display(), e.text, e)
        for entries in view.entries.values()
        for e in entries
    ]
    items.extend(TimelineItem(a.created_at.date(), a.created_at, "action", a.description, "", a) for a in view.actions)
    items.extend(
        TimelineItem(a.completed_on, a.updated_at, "action_done", a.description, a.result, a)
        for a in view.actions
        if a.completed_on
    )
    items.extend(
        TimelineItem(m.held_on, m.created_at, "meeting", m.get_kind_display(), m.notes, m) for m in view.meetings
    )
    items.extend(
        TimelineItem(m.measured_on, m.created_at, "measurement", m.instrument.name, m.note, m)
        for m in view.measurements
    )
    items.extend(
        TimelineItem(
            timezone.localtime(c.changed_at).date(), c.changed_at, "status", c.get_to_status_display(), c.reason, c
        )
        for c in view.status_changes
    )
    items.extend(
        TimelineItem(c.done_on, c.updated_at, "watch_contact", c.get_outcome_display(), c.note, c)
        for c in view.watch_contacts
        if c.done_on
    )
    earliest = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    return sorted(items, key=lambda i: (i.day, i.at or earliest), reverse=True)


# --- lists and work lists ------------------------------------------------------------------------


def _audit_list(actor: Actor, plans: list[CasePlan], event_type: str) -> None:
    audit_events_record(
        actor=actor,
        event_type=event_type,
        action=AuditAction.READ,
        resident_uuids=[p.resident.uuid for p in plans],
        object_type="case_plan",
        scope=ConsentScope.CASE_PLAN,
    )


def case_plan_list_for_user(
    *, actor: Actor, status: str = "", neighbourhood_code: str = "", limit: int = 200
) -> list[CasePlan]:
    plans = _plans(actor)
    if status:
        plans = plans.filter(status=status)
    if neighbourhood_code:
        plans = plans.filter(resident__neighbourhood__code=neighbourhood_code)
    result = list(plans.order_by("-opened_on", "-created_at")[:limit])
    _audit_list(actor, result, "case_plan.list")
    return result


@dataclass
class WorkList:
    my_actions: list[CaseAction]
    my_overdue: list[CaseAction]
    my_upcoming: list[CaseAction]
    directed_overdue: list[CaseAction]
    watch_contacts: list[WatchContact]
    escalated_contacts: list[WatchContact]
    without_director: list[CasePlan]
    today: date
    # Exact totals per section; the lists hold at most ``limit`` items each, most urgent first.
    counts: dict[str, int] = field(default_factory=dict)
    limit: int = 0


WORK_LIST_SECTIONS = (
    "my_actions",
    "my_overdue",
    "my_upcoming",
    "directed_overdue",
    "watch_contacts",
    "escalated_contacts",
    "without_director",
)


def _within(field: str, allowed: set[int], disallowed: set[int]) -> Q:
    """Limit ``field`` (a plan id) to the allowed plans with the shorter of the two id lists.

    Usually every plan a person takes part in is visible to them and no list is needed at all; a
    neighbourhood filter or a withdrawn consent makes one of the two lists short."""
    if not disallowed:
        return Q()
    if len(allowed) <= len(disallowed):
        return Q(**{f"{field}__in": sorted(allowed)})
    return ~Q(**{f"{field}__in": sorted(disallowed)})


def _work_list_index(
    *, actor: Actor, neighbourhood_code: str, today: date, include: Collection[str]
) -> dict[str, list[int]]:
    """The primary keys in each work-list section, most urgent first (nothing personal is read).

    The policy is asked once, for the plans the user takes part in; the agreements and contacts of
    those plans then come in one narrow query each (key, date, owner, plan), so counts are exact and
    the page costs the same few queries for 10 or 1,500 agreements. The subqueries on the user's own
    places in teams keep long id lists out of the SQL."""
    mine = CaseParticipant.objects.filter(
        user_id=actor.user.pk,
        # Without a membership nothing is visible; -1 matches no organisation.
        organisation_id=actor.membership.organisation_id if actor.membership else -1,
        removed_at__isnull=True,
    )
    places = list(mine.values_list("pk", "plan_id", "is_case_director"))
    visible = CasePlan.objects.visible_to(actor)
    if neighbourhood_code:
        visible = visible.filter(resident__neighbourhood__code=neighbourhood_code)
    director = CaseParticipant.objects.filter(plan=OuterRef("pk"), is_case_director=True, removed_at__isnull=True)
    plans = list(
        visible.annotate(has_director=Exists(director))
        .order_by("opened_on", "pk")
        .values_list("pk", "status", "has_director")
    )
    allowed = {pk for pk, _status, _has in plans}
    disallowed = {plan_id for _pk, plan_id, _d in places} - allowed
    my_ids = {pk for pk, plan_id, _d in places if plan_id in allowed}
    directed = {plan_id for _pk, plan_id, is_director in places if is_director and plan_id in allowed}
    index: dict[str, list[int]] = {name: [] for name in WORK_LIST_SECTIONS}
    index["without_director"] = [
        pk for pk, status, has_director in plans if not has_director and status != CasePlanStatus.CLOSED
    ]
    if not my_ids:
        return index
    directed_plans = mine.filter(is_case_director=True).values("plan_id")
    action_sections = {"my_actions", "my_overdue", "my_upcoming", "directed_overdue"}
    if action_sections & set(include):
        open_actions = CaseAction.objects.filter(status__in=OPEN_ACTION_STATUSES).filter(
            _within("plan_id", allowed, disallowed)
        )
        action_columns = ("pk", "due_on", "owner_id", "plan_id")
        # Two index-driven halves in a UNION: with an OR the database scans every agreement.
        rows = sorted(
            set(
                open_actions.filter(owner_id__in=mine.values("pk"))
                .order_by()
                .values_list(*action_columns)
                .union(
                    open_actions.filter(plan_id__in=directed_plans, due_on__lt=today)
                    .order_by()
                    .values_list(*action_columns),
                    all=True,
                )
            ),
            key=lambda row: (row[1], row[0]),
        )
        for pk, due_on, owner_id, plan_id in rows:
            if owner_id in my_ids:
                index["my_actions"].append(pk)
                index["my_overdue" if due_on < today else "my_upcoming"].append(pk)
            elif plan_id in directed and due_on < today:
                index["directed_overdue"].append(pk)
    if {"watch_contacts", "escalated_contacts"} & set(include):
        soon = today + timedelta(days=14)
        open_contacts = WatchContact.objects.filter(done_on__isnull=True, watch__ended_at__isnull=True).filter(
            _within("watch__plan_id", allowed, disallowed)
        )
        columns = ("pk", "due_on", "watch__contact_id", "watch__plan_id", "escalated_at")
        contacts = sorted(
            set(
                open_contacts.filter(watch__contact_id__in=mine.values("pk"), due_on__lte=soon)
                .order_by()
                .values_list(*columns)
                .union(
                    open_contacts.filter(watch__plan_id__in=directed_plans, escalated_at__isnull=False)
                    .order_by()
                    .values_list(*columns),
                    all=True,
                )
            ),
            key=lambda row: (row[1], row[0]),
        )
        for pk, due_on, contact_id, plan_id, escalated_at in contacts:
            if contact_id in my_ids and due_on <= soon:
                index["watch_contacts"].append(pk)
            if plan_id in directed and escalated_at is not None:
                index["escalated_contacts"].append(pk)
    return index


def _listed_plan(prefix: str = "") -> list[str]:
    """The columns a work list shows of a plan and its resident: the name and the neighbourhood,
    not the address, contact details or BSN (data minimisation; also a fifth of the work)."""
    columns = ["uuid", "title", "status", "opened_on", "closed_on", "escalation_table"]
    columns += [f"resident__{name}" for name in ("uuid", "first_name", "last_name")]
    columns += ["resident__neighbourhood__code", "resident__neighbourhood__name"]
    return [prefix + name for name in columns]


def _bulk(queryset: QuerySet[Any], keys: set[int]) -> dict[int, Any]:
    return queryset.in_bulk(sorted(keys)) if keys else {}


def work_list_for_user(
    *,
    actor: Actor,
    neighbourhood_code: str = "",
    limit: int = 25,
    expand: str = "",
    expanded_limit: int = 500,
    include: Collection[str] = WORK_LIST_SECTIONS,
) -> WorkList:
    """My agreements (overdue and upcoming), overdue ones in plans I direct, my waakvlam contacts, and
    plans waiting for a case director; all within plans visible to me, optionally in one neighbourhood.

    Each section lists the ``limit`` most urgent items (``expanded_limit`` for the section named in
    ``expand``) with its exact total, so a professional in 500 plans gets a page they can read.
    Sections not in ``include`` stay empty and are not read (nor audited: nothing of them is shown)."""
    today = timezone.localdate()
    index = _work_list_index(actor=actor, neighbourhood_code=neighbourhood_code, today=today, include=include)
    counts = {name: len(index[name]) for name in WORK_LIST_SECTIONS if name in include}
    keys = {
        name: index[name][: expanded_limit if expand == name else limit] if name in include else []
        for name in WORK_LIST_SECTIONS
    }
    # One query per kind for everything shown; the sections overlap (my_actions holds the others).
    action_sections = ("my_actions", "my_overdue", "my_upcoming", "directed_overdue")
    contact_sections = ("watch_contacts", "escalated_contacts")
    actions = _bulk(
        CaseAction.objects.select_related("plan__resident__neighbourhood", "owner").only(
            "uuid", "description", "due_on", "status", "plan_id", "owner__name", *_listed_plan("plan__")
        ),
        {pk for name in action_sections for pk in keys[name]},
    )
    contacts = _bulk(
        WatchContact.objects.select_related("watch__plan__resident__neighbourhood", "watch__contact").only(
            "uuid", "due_on", "escalated_at", "watch__plan_id", "watch__contact__name", *_listed_plan("watch__plan__")
        ),
        {pk for name in contact_sections for pk in keys[name]},
    )
    plans = _bulk(
        CasePlan.objects.select_related("resident__neighbourhood").only(*_listed_plan()), set(keys["without_director"])
    )
    listed = {name: [actions[pk] for pk in keys[name] if pk in actions] for name in action_sections}
    listed |= {name: [contacts[pk] for pk in keys[name] if pk in contacts] for name in contact_sections}
    listed["without_director"] = [plans[pk] for pk in keys["without_director"] if pk in plans]
    shown = {a.plan.resident.uuid for a in actions.values()}
    shown |= {c.watch.plan.resident.uuid for c in contacts.values()}
    shown |= {p.resident.uuid for p in plans.values()}
    # One event per resident shown (NEN 7513); a busy list names a hundred or more.
    audit_events_record(
        actor=actor,
        event_type="case_plan.work_list",
        action=AuditAction.READ,
        resident_uuids=sorted(shown, key=str),
        object_type="case_plan",
        scope=ConsentScope.CASE_PLAN,
    )
    return WorkList(
        my_actions=listed["my_actions"],
        my_overdue=listed["my_overdue"],
        my_upcoming=listed["my_upcoming"],
        directed_overdue=listed["directed_overdue"],
        watch_contacts=listed["watch_contacts"],
        escalated_contacts=listed["escalated_contacts"],
        without_director=listed["without_director"],
        today=today,
        counts=counts,
        limit=limit,
    )


def work_list_counts(*, actor: Actor) -> dict[str, int]:
    """Counts for the dashboard, without names (no audit: nothing personal is shown)."""
    index = _work_list_index(
        actor=actor,
        neighbourhood_code="",
        today=timezone.localdate(),
        include={"my_actions", "watch_contacts"},
    )
    return {
        "actions": len(index["my_actions"]),
        "overdue": len(index["my_overdue"]),
        "watch": len(index["watch_contacts"]),
    }


# A region has thousands of professionals; the form offers a short list and a search, never all of them.
INVITE_CHOICES_LIMIT = 50


def invite_candidates(view: PlanView, *, query: str = "", membership_uuid: str = "") -> list[tuple[str, str]]:
    """Professionals who could join: by default those of organisations the resident gave consent
    for the plan (the ones who will see it); with a query, anyone in the network by name or organisation."""
    taken = Q()
    for p in view.participants:
        if p.user_id:
            taken |= Q(user_id=p.user_id, organisation_id=p.organisation_id)
    memberships = Membership.objects.filter(is_active=True, role__in=PERSONAL_DATA_ROLES, organisation__is_active=True)
    if taken:
        memberships = memberships.exclude(taken)
    if membership_uuid:
        memberships = memberships.filter(uuid=membership_uuid) if is_uuid(membership_uuid) else memberships.none()
    elif query:
        for term in query.split()[:5]:
            memberships = memberships.filter(
                Q(user__display_name__icontains=term)
                | Q(user__username__icontains=term)
                | Q(organisation__name__icontains=term)
            )
    else:
        consented = ConsentGrant.objects.valid_now().filter(
            resident_id=view.plan.resident_id, scope=ConsentScope.CASE_PLAN
        )
        memberships = memberships.filter(organisation_id__in=consented.values("organisation_id"))
    ordered = memberships.order_by("organisation__name", "user__display_name", "user__username")
    # Plain values, not model instances: this list is built on every plan page.
    names = [f"user__{name}" for name in User.NAME_FIELDS]
    rows = ordered.values_list("uuid", "organisation__name", *names)[:INVITE_CHOICES_LIMIT]
    return [(str(row[0]), f"{User.name_from(*row[2:])} – {row[1]}") for row in rows]


# The instruments are reference data, loaded by a migration and rarely edited; every plan page and
# form needs them, so each process keeps them for a minute instead of querying them each time.
INSTRUMENTS_TTL_SECONDS = 60.0
_instruments: ProcessCache[str, list[Instrument]] = ProcessCache(INSTRUMENTS_TTL_SECONDS)


def instruments_with_scales() -> list[Instrument]:
    return _instruments.get("", lambda: list(Instrument.objects.prefetch_related("domains", "levels").order_by("pk")))


def instruments_forget() -> None:
    _instruments.clear()
