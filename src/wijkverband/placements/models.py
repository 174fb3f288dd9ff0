"""Uitstroom: applications, housing-need profiles, offered dwellings, match runs and the trial period.

Personal data (applications, profiles, proposals, agreements) are read only through ``selectors`` and
written only through ``services``. Dwelling offers are not personal data: a corporation's supply.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijkverband.core.models import BaseModel
from wijkverband.core.validators import validate_bag_id, validate_no_control_chars, validate_no_html
from wijkverband.neighbourhoods.models import Municipality, Neighbourhood
from wijkverband.organisations.models import Coalition, Organisation
from wijkverband.residents.models import Resident

from .constants import (
    ACTIVE_OFFER_STATUSES,
    MAX_TRIAL_MONTHS,
    AccessLevel,
    ApplicationKind,
    ApplicationStatus,
    MatchRunStatus,
    OfferStatus,
    PlacementStatus,
    ProposalStatus,
    SupportIntensity,
    TrialStatus,
)

TEXT = [validate_no_html, validate_no_control_chars]


class OutflowApplication(BaseModel):
    """A care organisation registers a client for outflow to an own home (aanmelding uitstroom)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="outflow_applications")
    care_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="outflow_applications")
    kind = models.CharField(_("kind of stay"), max_length=16, choices=ApplicationKind.choices)
    wmo_decision_on = models.DateField(_("Wmo decision on"), null=True, blank=True)
    omslag_approved_on = models.DateField(_("omslag approval on"), null=True, blank=True)
    provisional_urgency_on = models.DateField(_("provisional urgency on"), null=True, blank=True)
    # The 3-month target counts from here: the day the application became complete.
    complete_on = models.DateField(_("complete from"), null=True, blank=True)
    housed_on = models.DateField(_("housed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.REGISTERED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="outflow_applications"
    )

    class Meta:
        ordering = ["complete_on", "created_at"]
        indexes = [models.Index(fields=["status", "complete_on"], name="outflow_status_complete")]
        constraints = [
            # A resident has at most one application in the route at a time.
            models.UniqueConstraint(
                fields=["resident"],
                condition=~Q(status__in=[ApplicationStatus.HOUSED, ApplicationStatus.WITHDRAWN]),
                name="one_open_outflow_application",
            )
        ]
        verbose_name = _("outflow application")
        verbose_name_plural = _("outflow applications")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.uuid}"

    @property
    def has_documents(self) -> bool:
        return bool(self.wmo_decision_on and self.omslag_approved_on and self.provisional_urgency_on)


class HousingNeedProfile(BaseModel):
    """What home the client needs (woonbehoefteprofiel). ``health_notes`` never reach a corporation."""

    application = models.OneToOneField(OutflowApplication, on_delete=models.CASCADE, related_name="profile")
    household_size = models.PositiveSmallIntegerField(
        _("household size"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    household_composition = models.CharField(_("household composition"), max_length=200, blank=True, validators=TEXT)
    access_need = models.PositiveSmallIntegerField(
        _("accessibility need"), choices=AccessLevel.choices, default=AccessLevel.NONE
    )
    rooms_wanted = models.PositiveSmallIntegerField(
        _("rooms wanted"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    yearly_income = models.DecimalField(
        _("yearly income (euro)"), null=True, blank=True, max_digits=8, decimal_places=2
    )
    max_rent = models.DecimalField(_("maximum rent (euro per month)"), max_digits=8, decimal_places=2)
    origin_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality of origin")
    )
    origin_deviation_reason = models.CharField(
        _("reason to deviate from return to origin"), max_length=300, blank=True, validators=TEXT
    )
    wished_areas = models.JSONField(_("wished areas (CBS codes)"), default=list, blank=True)
    wishes_are_hard = models.BooleanField(_("only homes in a wished area"), default=False)
    excluded_areas = models.JSONField(_("excluded areas (CBS codes)"), default=list, blank=True)
    support_intensity = models.CharField(
        _("support intensity"), max_length=8, choices=SupportIntensity.choices, default=SupportIntensity.LOW
    )
    needs_core_nearby = models.BooleanField(_("must live near a wooncirkel core or care team"), default=False)
    network_areas = models.JSONField(_("areas where the network lives (CBS codes)"), default=list, blank=True)
    network_notes = models.CharField(_("network nearby"), max_length=500, blank=True, validators=TEXT)
    neighbourhood_must_carry = models.CharField(
        _("what the neighbourhood must be able to carry"), max_length=500, blank=True, validators=TEXT
    )
    health_notes = models.TextField(_("health-related notes"), max_length=4000, blank=True, validators=TEXT)

    class Meta:
        verbose_name = _("housing-need profile")
        verbose_name_plural = _("housing-need profiles")


class WooncirkelCore(BaseModel):
    """A wooncirkel core: a place with support nearby; clients with high support live within its radius."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="wooncirkel_cores")
    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(50.5), MaxValueValidator(53.7)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(3.2), MaxValueValidator(7.3)])
    radius_km = models.DecimalField(
        _("radius (km)"),
        max_digits=4,
        decimal_places=2,
        default=2.75,
        validators=[MinValueValidator(0.5), MaxValueValidator(10)],
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("wooncirkel core")
        verbose_name_plural = _("wooncirkel cores")

    def __str__(self) -> str:
        return self.name


class DwellingOffer(BaseModel):
    """A home a corporation offers for the route. Its BAG id is unique among the active offers."""

    corporation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="dwelling_offers")
    bag_id = models.CharField(_("BAG id"), max_length=16, validators=[validate_bag_id])
    street = models.CharField(_("street"), max_length=150, validators=TEXT)
    house_number = models.CharField(_("house number"), max_length=12, validators=TEXT)
    postcode = models.CharField(_("postcode"), max_length=7, validators=TEXT)
    city = models.CharField(_("place"), max_length=100, validators=TEXT)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="dwelling_offers", verbose_name=_("neighbourhood")
    )
    complex_code = models.CharField(_("complex"), max_length=40, blank=True, validators=TEXT)
    stairwell_code = models.CharField(_("stairwell (portiek)"), max_length=40, blank=True, validators=TEXT)
    rooms = models.PositiveSmallIntegerField(_("rooms"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    access_level = models.PositiveSmallIntegerField(
        _("accessibility"), choices=AccessLevel.choices, default=AccessLevel.NONE
    )
    rent = models.DecimalField(_("rent (euro per month)"), max_digits=8, decimal_places=2)
    available_from = models.DateField(_("available from"))
    offered_until = models.DateField(_("offered until"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    care_team_nearby = models.BooleanField(_("a care team covers the address"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.AVAILABLE)

    class Meta:
        ordering = ["available_from", "bag_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bag_id"], condition=Q(status__in=ACTIVE_OFFER_STATUSES), name="one_active_offer_per_bag_id"
            ),
            models.CheckConstraint(condition=Q(offered_until__gte=models.F("available_from")), name="offer_period"),
            models.CheckConstraint(condition=Q(rent__gt=0), name="offer_rent_positive"),
        ]
        verbose_name = _("dwelling offer")
        verbose_name_plural = _("dwelling offers")

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode} {self.city}"


class MatchRun(BaseModel):
    """One run of the matcher over a coalition's complete applications and available offers.

    Written in one transaction with all its proposals: a run never half-applies."""

    coalition = models.ForeignKey(Coalition, on_delete=models.PROTECT, related_name="match_runs")
    framework_agreement = models.ForeignKey(
        "agreements.FrameworkAgreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=MatchRunStatus.choices)
    weights_version = models.CharField(max_length=20)
    rules_version = models.CharField(max_length=20)
    solver_status = models.CharField(max_length=20, blank=True)
    clients = models.PositiveIntegerField(default=0)
    homes = models.PositiveIntegerField(default=0)
    housed = models.PositiveIntegerField(default=0)
    objective = models.FloatField(null=True)
    bound = models.FloatField(null=True)
    ratio = models.FloatField(null=True)
    gap = models.FloatField(null=True)
    fcfs_housed = models.PositiveIntegerField(default=0)
    fcfs_objective = models.FloatField(null=True)
    fcfs_ratio = models.FloatField(null=True)
    runtime_s = models.FloatField(default=0)
    time_limit_s = models.FloatField(default=60)
    # Neighbourhoods without traffic-light data and the default used for them, shown on the run page.
    defaults_used = models.JSONField(default=list, blank=True)
    # Application uuid → Dutch reasons why nobody was proposed (never matchable / outcompeted).
    unhoused = models.JSONField(default=dict, blank=True)
    # BAG id → Dutch reasons why no client in the run could take the home at all.
    idle_homes = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)  # Dutch messages when the input was refused

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("match run")
        verbose_name_plural = _("match runs")

    @staticmethod
    def _pct(value: float | None) -> float | None:
        return None if value is None else 100.0 * value

    @property
    def ratio_pct(self) -> float | None:
        return self._pct(self.ratio)

    @property
    def fcfs_ratio_pct(self) -> float | None:
        return self._pct(self.fcfs_ratio)

    @property
    def gap_pct(self) -> float | None:
        return self._pct(self.gap)


class MatchProposal(BaseModel):
    """A proposed match with its explanation card (structured and in Dutch), and the coordinator's decision."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    application = models.ForeignKey(OutflowApplication, on_delete=models.CASCADE, related_name="proposals")
    offer = models.ForeignKey(DwellingOffer, on_delete=models.PROTECT, related_name="proposals")
    score = models.FloatField()
    explanation = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.CharField(_("reason for overriding"), max_length=500, blank=True, validators=TEXT)

    class Meta:
        ordering = ["run", "application__complete_on"]
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="one_proposal_per_client_per_run"),
            models.UniqueConstraint(fields=["run", "offer"], name="one_proposal_per_home_per_run"),
        ]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")


class Placement(BaseModel):
    """The offer of the home to the client, the introduction meeting and the client's answer."""

    application = models.ForeignKey(OutflowApplication, on_delete=models.CASCADE, related_name="placements")
    offer = models.ForeignKey(DwellingOffer, on_delete=models.PROTECT, related_name="placements")
    proposal = models.OneToOneField(
        MatchProposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="placement"
    )
    status = models.CharField(max_length=16, choices=PlacementStatus.choices, default=PlacementStatus.OFFERED)
    offered_on = models.DateField(_("offered on"))
    introduction_on = models.DateField(_("introduction meeting (kennismakingsgesprek) on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True, validators=TEXT)

    class Meta:
        ordering = ["-offered_on"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")


class TripartiteAgreement(BaseModel):
    """Driepartijenovereenkomst between client, care provider and corporation, with the trial period."""

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="agreement")
    pays_rent = models.BooleanField(_("the client pays the rent"), default=False)
    opens_door_for_support = models.BooleanField(_("the client opens the door for support"), default=False)
    no_nuisance = models.BooleanField(_("the client causes no nuisance"), default=False)
    tenancy_agreements = models.TextField(_("agreements on good tenancy"), max_length=4000, blank=True, validators=TEXT)
    # Only with the client's consent does the care provider share the tenancy agreements with the corporation.
    tenancy_shared_with_corporation = models.BooleanField(
        _("the client consents to sharing these agreements with the corporation"), default=False
    )
    personal_goals = models.TextField(_("personal goals"), max_length=4000, blank=True, validators=TEXT)
    support_plan_reference = models.CharField(_("support plan reference"), max_length=100, blank=True, validators=TEXT)
    trial_starts_on = models.DateField(_("trial period starts on"))
    trial_months = models.PositiveSmallIntegerField(
        _("trial period (months)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(MAX_TRIAL_MONTHS)]
    )
    evaluation_interval_weeks = models.PositiveSmallIntegerField(
        _("evaluation every (weeks)"), default=12, validators=[MinValueValidator(2), MaxValueValidator(26)]
    )
    status = models.CharField(max_length=16, choices=TrialStatus.choices, default=TrialStatus.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(trial_months__gte=1, trial_months__lte=MAX_TRIAL_MONTHS), name="trial_at_most_18_months"
            )
        ]
        verbose_name = _("tripartite agreement")
        verbose_name_plural = _("tripartite agreements")


class TrialEvaluation(BaseModel):
    """A living evaluation during the trial period; due dates follow the agreement's schedule."""

    agreement = models.ForeignKey(TripartiteAgreement, on_delete=models.CASCADE, related_name="evaluations")
    due_on = models.DateField(_("due on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    summary = models.TextField(_("summary"), max_length=4000, blank=True, validators=TEXT)
    goals_met = models.BooleanField(_("goals met"), default=False)
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("trial evaluation")
        verbose_name_plural = _("trial evaluations")


class LeaseStep(BaseModel):
    """One step of the trial period (sign, extend, omklap, end) with who, when, why and the approvals."""

    agreement = models.ForeignKey(TripartiteAgreement, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=16, choices=TrialStatus.choices)
    to_status = models.CharField(max_length=16, choices=TrialStatus.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True, validators=TEXT)
    client_approved = models.BooleanField(_("approved by the client"), default=False)
    third_party = models.CharField(_("independent third party"), max_length=200, blank=True, validators=TEXT)
    extra_months = models.PositiveSmallIntegerField(default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("lease step")
        verbose_name_plural = _("lease steps")


class ThreeWayMeeting(BaseModel):
    """Driegesprek during the trial period: client, care provider and corporation, usually after early
    signals. Who attended is recorded per party; ``signals`` are the early signals that prompted it."""

    agreement = models.ForeignKey(TripartiteAgreement, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    client_attended = models.BooleanField(_("the client attended"), default=False)
    care_provider_attended = models.BooleanField(_("the care provider attended"), default=False)
    corporation_attended = models.BooleanField(_("the corporation attended"), default=False)
    attendees = models.CharField(_("who attended (names or roles)"), max_length=300, blank=True, validators=TEXT)
    notes = models.TextField(_("notes"), max_length=4000, validators=TEXT)
    agreements_made = models.TextField(_("agreements made"), max_length=4000, blank=True, validators=TEXT)
    signals = models.ManyToManyField("signals.Signal", blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-held_on", "-created_at"]
        verbose_name = _("three-way meeting")
        verbose_name_plural = _("three-way meetings")


class MatchingSettings(BaseModel):
    """A coalition's matching configuration: who the weekly match run acts as, and with what.

    The weekly run only computes and stores proposals (a coordinator still accepts each one). It runs
    as ``weekly_coordinator`` so the audit trail names a person the coalition chose; without one it
    does nothing and says why."""

    coalition = models.OneToOneField(Coalition, on_delete=models.CASCADE, related_name="matching_settings")
    weekly_coordinator = models.ForeignKey(
        "organisations.Membership",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinator the weekly match run acts as"),
    )
    framework_agreement = models.ForeignKey(
        "agreements.FrameworkAgreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("framework agreement for the weekly run"),
    )
    time_limit_s = models.PositiveSmallIntegerField(
        _("time limit (seconds)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
