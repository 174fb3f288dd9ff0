"""Case plans (casusregie): one shared plan per resident, built from the resident's own words.

Personal data: read only through ``cases.selectors`` (which start from the consent policy),
written only through ``cases.services`` (which audit). The instruments (wellbeing, participation
ladder, self-reliance matrix) are data: their domains and level labels live in tables, seeded by
a migration, so a newer version of an instrument is a data change, not a code change.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkverband.core.models import BaseModel
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.organisations.models import Organisation
from wijkverband.residents.models import Household, Involvement, Resident

from .constants import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    CasePlanStatus,
    EntryKind,
    MeasurementMoment,
    MeetingKind,
    ParticipantKind,
    Rasci,
    ResourceKind,
    WatchContactOutcome,
)

if TYPE_CHECKING:
    from wijkverband.accounts.actor import Actor

TEXT_VALIDATORS = [validate_no_html, validate_no_control_chars]


class CasePlanQuerySet(models.QuerySet["CasePlan"]):
    def visible_to(self, actor: Actor, scope: str = "case_plan") -> CasePlanQuerySet:
        # The one policy lives in consent.policy; this is only the entry point selectors use.
        from wijkverband.consent.policy import visible_case_plans

        return visible_case_plans(self, actor=actor, scope=scope)


class CasePlan(BaseModel):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="case_plans")
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="case_plans"
    )
    title = models.CharField(_("title"), max_length=200, validators=TEXT_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=16, choices=CasePlanStatus.choices, default=CasePlanStatus.REGISTERED
    )
    opened_by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="opened_plans")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="opened_plans"
    )
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    escalation_table = models.CharField(_("multi-agency table"), max_length=200, blank=True, validators=TEXT_VALIDATORS)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = CasePlanQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            # One shared plan per resident: a new plan only once the previous one is closed.
            models.UniqueConstraint(
                fields=["resident"], condition=~Q(status=CasePlanStatus.CLOSED), name="one_open_plan_per_resident"
            )
        ]
        indexes = [models.Index(fields=["status"], name="caseplan_status")]
        verbose_name = _("case plan")
        verbose_name_plural = _("case plans")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Work lists link a hundred plans per page; reversing each costs more than the row itself.
        return _plan_url_pattern().replace(_URL_SENTINEL, str(self.uuid))

    @property
    def is_closed(self) -> bool:
        return self.status == CasePlanStatus.CLOSED


_URL_SENTINEL = "00000000-0000-0000-0000-000000000000"


@functools.cache
def _plan_url_pattern() -> str:
    """The plan page's URL with a placeholder for the plan, reversed once per process (the URL
    configuration and script prefix do not change while it runs)."""
    return reverse("cases:plan-detail", kwargs={"plan_uuid": _URL_SENTINEL})


class PlanEntry(BaseModel):
    """One answer of the resident: what I want (goal), what I can (strength), what I need."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("question"), max_length=8, choices=EntryKind.choices)
    text = models.TextField(_("in the resident's own words"), max_length=2000, validators=TEXT_VALIDATORS)
    for_others = models.BooleanField(_("something the resident can do for others"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    achieved_on = models.DateField(_("achieved on"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "created_at"]
        verbose_name = _("plan entry")
        verbose_name_plural = _("plan entries")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class CaseParticipant(BaseModel):
    """A member of the plan's team: a professional acting for the plan, or someone of the own network.

    A professional's access still follows the policy: their organisation needs the resident's
    consent for the scope, and being in the plan gives them an involvement (need to know).
    """

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=16, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_participations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="plan_participations"
    )
    involvement = models.ForeignKey(Involvement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Set when joining the plan created the involvement, so leaving it ends that involvement too.
    created_involvement = models.BooleanField(default=False)
    name = models.CharField(_("name"), max_length=200, validators=TEXT_VALIDATORS)
    relation = models.CharField(_("relation to the resident"), max_length=100, blank=True, validators=TEXT_VALIDATORS)
    contact = models.CharField(_("how to reach"), max_length=200, blank=True, validators=TEXT_VALIDATORS)
    is_case_director = models.BooleanField(_("case director"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        ordering = ["-is_case_director", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(is_case_director=True, removed_at__isnull=True),
                name="one_case_director_per_plan",
            ),
            models.UniqueConstraint(
                fields=["plan", "user", "organisation"],
                condition=Q(removed_at__isnull=True, user__isnull=False),
                name="one_active_participation",
            ),
            models.CheckConstraint(
                condition=Q(kind=ParticipantKind.NETWORK, user__isnull=True, is_case_director=False)
                | Q(kind=ParticipantKind.PROFESSIONAL, user__isnull=False, organisation__isnull=False),
                name="participant_kind_fits",
            ),
        ]
        indexes = [models.Index(fields=["user", "organisation"], name="participant_user_org")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.removed_at is None


class Meeting(BaseModel):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=16, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    attendees = models.ManyToManyField(CaseParticipant, related_name="meetings", blank=True)
    notes = models.TextField(_("notes"), max_length=10000, blank=True, validators=TEXT_VALIDATORS)
    # Health-related notes need the health scope: without it the meeting shows, its notes do not.
    is_health_related = models.BooleanField(_("notes are health-related"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class CaseActionQuerySet(models.QuerySet["CaseAction"]):
    def open(self) -> CaseActionQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue_on(self, day: object) -> CaseActionQuerySet:
        return self.open().filter(due_on__lt=day)


class CaseAction(BaseModel):
    """An agreement (afspraak) answering a need: what, who owns it, by when, and RASCI per participant."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="actions")
    need = models.ForeignKey(PlanEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    description = models.CharField(_("what"), max_length=500, validators=TEXT_VALIDATORS)
    owner = models.ForeignKey(CaseParticipant, on_delete=models.PROTECT, related_name="owned_actions")
    due_on = models.DateField(_("when"))
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    result = models.TextField(_("result"), max_length=2000, blank=True, validators=TEXT_VALIDATORS)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Hook for the catalogue of schemes and services: a reference by kind + public id, resolved there.
    resource_kind = models.CharField(_("refers to"), max_length=16, choices=ResourceKind.choices, blank=True)
    resource_uuid = models.UUIDField(_("scheme or service"), null=True, blank=True)
    resource_label = models.CharField(_("scheme or service"), max_length=200, blank=True, validators=TEXT_VALIDATORS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = CaseActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="action_owner_due")]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.description

    def is_overdue_on(self, day: object) -> bool:
        return self.status in OPEN_ACTION_STATUSES and self.due_on < day  # type: ignore[operator]

    @property
    def status_label(self) -> str:
        # get_status_display() hashes the field's whole choice list on every call; lists show many.
        return str(ActionStatus(self.status).label)


class ActionRole(models.Model):
    action = models.ForeignKey(CaseAction, on_delete=models.CASCADE, related_name="roles")
    participant = models.ForeignKey(CaseParticipant, on_delete=models.CASCADE, related_name="action_roles")
    role = models.CharField(_("RASCI role"), max_length=1, choices=Rasci.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "participant"], name="one_rasci_role_per_participant")]
        verbose_name = _("RASCI role")
        verbose_name_plural = _("RASCI roles")


class Instrument(models.Model):
    """A measuring instrument with its scale; domains and level labels are rows, not code."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100)
    version = models.CharField(max_length=50, blank=True)
    source = models.CharField(max_length=300, blank=True)
    scale_min = models.PositiveSmallIntegerField()
    scale_max = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name


class InstrumentDomain(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="unique_domain_code")]

    def __str__(self) -> str:
        return self.name


class InstrumentLevel(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["instrument", "value"]
        constraints = [models.UniqueConstraint(fields=["instrument", "value"], name="unique_level_value")]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class Measurement(BaseModel):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="measurements")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    moment = models.CharField(_("moment"), max_length=8, choices=MeasurementMoment.choices)
    note = models.CharField(_("explanation"), max_length=500, blank=True, validators=TEXT_VALIDATORS)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["measured_on", "created_at"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")


class MeasurementScore(models.Model):
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="scores")
    domain = models.ForeignKey(InstrumentDomain, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measurement", "domain"], name="one_score_per_domain"),
            models.UniqueConstraint(fields=["measurement"], condition=Q(domain__isnull=True), name="one_overall_score"),
        ]


class StatusChange(models.Model):
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=CasePlanStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=CasePlanStatus.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_by_name = models.CharField(max_length=200)
    organisation_name = models.CharField(max_length=200)
    reason = models.CharField(_("reason"), max_length=500, validators=TEXT_VALIDATORS)

    class Meta:
        ordering = ["changed_at", "pk"]


class Watch(BaseModel):
    """Waakvlam: light follow-up after support has been scaled down, with a named contact."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="watches")
    contact = models.ForeignKey(CaseParticipant, on_delete=models.PROTECT, related_name="watches")
    interval_weeks = models.PositiveSmallIntegerField(_("contact every (weeks)"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan"], condition=Q(ended_at__isnull=True), name="one_active_watch"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="watch_ends_after_start"),
        ]
        verbose_name = _("watch")
        verbose_name_plural = _("watches")


class WatchContact(BaseModel):
    watch = models.ForeignKey(Watch, on_delete=models.CASCADE, related_name="contacts")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=WatchContactOutcome.choices, blank=True)
    note = models.CharField(_("note"), max_length=1000, blank=True, validators=TEXT_VALIDATORS)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["due_on", "done_on"], name="watch_contact_due")]
        verbose_name = _("watch contact")
        verbose_name_plural = _("watch contacts")
