"""Collaboration at the institutional level: what a coalition agrees, funds, measures and learns.

- A coalition's DIN: ambition → strategic goals → operational goals → efforts (an effort serves
  one or more operational goals), each effort with the parties and their RASCI role.
- Performance agreements (prestatieafspraken) per theme with one action per party per year and
  bimonthly progress meetings; framework agreements (raamafspraken) with homes per target group per
  year, divided over parties by shares, and delivery per party.
- KPIs with targets per year and measurements per area and period.
- Area budgets per area and period with indexation and a split of savings.
- The societal price list (maatschappelijke prijslijst) as data and a micro-analysis per case plan.
- Learning sessions, lessons (learning history), toolbox and roadmap.

Money is ``DecimalField`` throughout; arithmetic lives in ``calculations.py`` and ``kpis.py``.
Only the micro-analysis touches personal data (through the case plan); it is read and written
through ``selectors``/``services``, which start from the case-plan policy and audit.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijkverband.cases.models import CasePlan
from wijkverband.core.models import BaseModel
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.organisations.models import Coalition, Organisation

from .constants import (
    Aggregation,
    AgreementStatus,
    CostKind,
    Direction,
    KpiMethod,
    LearningLevel,
    LessonKind,
    PerformanceTheme,
    Period,
    Rasci,
    ToolOutcome,
)

TEXT = [validate_no_html, validate_no_control_chars]
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


# --- DIN ---------------------------------------------------------------------------------------


class CollaborationAgreement(BaseModel):
    """The DIN of a coalition: its shared ambition and the network of goals and efforts."""

    coalition = models.OneToOneField(Coalition, on_delete=models.CASCADE, related_name="agreement")
    ambition = models.TextField(_("ambition"), max_length=1000, validators=TEXT)
    starts_in = models.PositiveSmallIntegerField(_("from year"), validators=YEAR)
    ends_in = models.PositiveSmallIntegerField(_("until year"), validators=YEAR)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(ends_in__gte=models.F("starts_in")), name="din_years")]
        verbose_name = _("collaboration agreement")


class StrategicGoal(BaseModel):
    agreement = models.ForeignKey(CollaborationAgreement, on_delete=models.CASCADE, related_name="strategic_goals")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("strategic goal"), max_length=200, validators=TEXT)
    purpose = models.CharField(_("so that"), max_length=400, blank=True, validators=TEXT)

    class Meta:
        ordering = ["order", "created_at"]


class OperationalGoal(BaseModel):
    strategic_goal = models.ForeignKey(StrategicGoal, on_delete=models.CASCADE, related_name="operational_goals")
    title = models.CharField(_("operational goal"), max_length=200, validators=TEXT)
    indicator = models.CharField(_("how we know"), max_length=300, blank=True, validators=TEXT)

    class Meta:
        ordering = ["strategic_goal__order", "created_at"]


class Effort(BaseModel):
    agreement = models.ForeignKey(CollaborationAgreement, on_delete=models.CASCADE, related_name="efforts")
    title = models.CharField(_("effort"), max_length=200, validators=TEXT)
    description = models.TextField(_("description"), max_length=2000, blank=True, validators=TEXT)
    goals = models.ManyToManyField(OperationalGoal, related_name="efforts")

    class Meta:
        ordering = ["created_at"]


class EffortRole(models.Model):
    effort = models.ForeignKey(Effort, on_delete=models.CASCADE, related_name="roles")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=1, choices=Rasci.choices)

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["effort", "organisation"], name="one_rasci_role_per_party"),
            models.UniqueConstraint(fields=["effort"], condition=Q(role="A"), name="one_accountable_per_effort"),
        ]


# --- performance agreements -------------------------------------------------------------------


class PerformanceAgreement(BaseModel):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="performance_agreements")
    theme = models.CharField(_("theme"), max_length=16, choices=PerformanceTheme.choices)
    title = models.CharField(_("title"), max_length=200, validators=TEXT)
    ambition = models.TextField(_("ambition"), max_length=2000, validators=TEXT)
    goal = models.TextField(_("goal"), max_length=2000, validators=TEXT)
    starts_in = models.PositiveSmallIntegerField(_("from year"), validators=YEAR)
    ends_in = models.PositiveSmallIntegerField(_("until year"), validators=YEAR)
    status = models.CharField(_("status"), max_length=16, choices=AgreementStatus.choices, default="planned")
    # Archived agreements leave every list, dashboard, report and quota but keep their history.
    archived_on = models.DateField(_("archived on"), null=True, blank=True)

    class Meta:
        ordering = ["theme", "title"]
        constraints = [models.CheckConstraint(condition=Q(ends_in__gte=models.F("starts_in")), name="pa_years")]


class AnnualCommitment(BaseModel):
    """Jaarschijf: the one action a party takes in one year under a performance agreement."""

    agreement = models.ForeignKey(PerformanceAgreement, on_delete=models.CASCADE, related_name="commitments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    action = models.CharField(_("action"), max_length=500, validators=TEXT)
    status = models.CharField(_("status"), max_length=16, choices=AgreementStatus.choices, default="planned")

    class Meta:
        ordering = ["year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation", "year"], name="one_action_per_party_year")
        ]


class ProgressMeeting(BaseModel):
    agreement = models.ForeignKey(PerformanceAgreement, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    notes = models.TextField(_("notes"), max_length=4000, validators=TEXT)

    class Meta:
        ordering = ["-held_on"]


# --- framework agreements ---------------------------------------------------------------------


class FrameworkAgreement(BaseModel):
    """Raamafspraak: homes needed for one target group, divided over the parties by shares."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="framework_agreements")
    target_group = models.CharField(_("target group"), max_length=200, validators=TEXT)
    starts_in = models.PositiveSmallIntegerField(_("from year"), validators=YEAR)
    ends_in = models.PositiveSmallIntegerField(_("until year"), validators=YEAR)
    # Archived agreements leave every list, dashboard, report and quota but keep their history.
    archived_on = models.DateField(_("archived on"), null=True, blank=True)

    class Meta:
        ordering = ["target_group"]
        constraints = [models.CheckConstraint(condition=Q(ends_in__gte=models.F("starts_in")), name="fa_years")]


class FrameworkTarget(models.Model):
    agreement = models.ForeignKey(FrameworkAgreement, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(validators=YEAR)
    homes = models.PositiveIntegerField()

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["agreement", "year"], name="one_target_per_year")]


class FrameworkShare(models.Model):
    agreement = models.ForeignKey(FrameworkAgreement, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(max_digits=6, decimal_places=3)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation"], name="one_share_per_party")]


class FrameworkDelivery(BaseModel):
    """Homes a party delivered for the agreement in a year (entered, or later from placements)."""

    agreement = models.ForeignKey(FrameworkAgreement, on_delete=models.CASCADE, related_name="deliveries")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(validators=YEAR)
    homes = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True, validators=TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["year", "created_at"]


# --- KPIs -------------------------------------------------------------------------------------


class Kpi(BaseModel):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    unit = models.CharField(_("unit"), max_length=40, validators=TEXT)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    aggregation = models.CharField(_("roll-up"), max_length=8, choices=Aggregation.choices, default="mean")
    method = models.CharField(_("method"), max_length=16, choices=KpiMethod.choices, default="manual")
    formula = models.CharField(_("formula"), max_length=300, blank=True, validators=TEXT)
    automatic_code = models.CharField(_("automatic source"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=300, validators=TEXT)
    result_area = models.CharField(_("result area"), max_length=100, blank=True, validators=TEXT)
    # Archived agreements leave every list, dashboard, report and quota but keep their history.
    archived_on = models.DateField(_("archived on"), null=True, blank=True)

    class Meta:
        ordering = ["result_area", "name"]
        constraints = [models.UniqueConstraint(fields=["coalition", "name"], name="unique_kpi_name")]


class KpiTarget(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(validators=YEAR)
    value = models.DecimalField(max_digits=16, decimal_places=4)

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["kpi", "year"], name="one_kpi_target_per_year")]


class KpiMeasurement(BaseModel):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    area_code = models.CharField(_("area"), max_length=12)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    period = models.CharField(_("period"), max_length=2, choices=Period.choices, default="Y")
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    note = models.CharField(_("source or note"), max_length=300, blank=True, validators=TEXT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["year", "period", "area_code"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "area_code", "year", "period"], name="one_kpi_value_per_area_period")
        ]
        indexes = [models.Index(fields=["kpi", "year"], name="kpi_measurement_year")]


# --- area budgets -----------------------------------------------------------------------------


class AreaBudget(BaseModel):
    """A virtual joint budget for an area over a period, indexed yearly, with a savings split."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="area_budgets")
    area_code = models.CharField(_("area"), max_length=12)
    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    starts_in = models.PositiveSmallIntegerField(_("from year"), validators=YEAR)
    ends_in = models.PositiveSmallIntegerField(_("until year"), validators=YEAR)
    base_amount = models.DecimalField(_("yearly amount in the first year"), max_digits=14, decimal_places=2)
    indexation_percent = models.DecimalField(_("yearly indexation (%)"), default=0, max_digits=6, decimal_places=3)
    efficiency_percent = models.DecimalField(
        _("yearly efficiency discount (%)"), default=0, max_digits=6, decimal_places=3
    )
    baseline_amount = models.DecimalField(
        _("baseline: yearly spending before"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    savings_residents = models.DecimalField(_("savings to residents (%)"), max_digits=6, decimal_places=3)
    savings_municipality = models.DecimalField(_("savings to the municipality (%)"), max_digits=6, decimal_places=3)
    savings_providers = models.DecimalField(_("savings to providers (%)"), max_digits=6, decimal_places=3)
    # Archived agreements leave every list, dashboard, report and quota but keep their history.
    archived_on = models.DateField(_("archived on"), null=True, blank=True)

    class Meta:
        ordering = ["area_code", "starts_in"]
        constraints = [models.CheckConstraint(condition=Q(ends_in__gte=models.F("starts_in")), name="budget_years")]


class BudgetSpending(BaseModel):
    budget = models.ForeignKey(AreaBudget, on_delete=models.CASCADE, related_name="spendings")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(validators=YEAR)
    category = models.CharField(_("category"), max_length=100, validators=TEXT)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["year", "organisation__name", "category"]


# --- societal price list and micro-analyses ---------------------------------------------------


class PriceItem(BaseModel):
    """One line of the maatschappelijke prijslijst: a reference cost with its source and year."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=TEXT)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=60, validators=TEXT)
    year = models.PositiveSmallIntegerField(_("price year"), validators=YEAR)
    source = models.CharField(_("source"), max_length=400, validators=TEXT)
    indexation_percent = models.DecimalField(_("yearly indexation (%)"), default=0, max_digits=6, decimal_places=3)
    note = models.CharField(_("note"), max_length=400, blank=True, validators=TEXT)

    class Meta:
        ordering = ["name"]


class MicroAnalysis(BaseModel):
    """The societal return of one case plan: support given versus the likely course without it."""

    plan = models.OneToOneField(CasePlan, on_delete=models.CASCADE, related_name="micro_analysis")
    reference_scenario = models.TextField(_("likely course without the support"), max_length=2000, validators=TEXT)
    is_new_case = models.BooleanField(_("new case (not existing support)"), default=False)
    # The programme or approach the support came from (e.g. "Vroegsignalering"), for aggregation.
    programme = models.CharField(_("programme"), max_length=100, blank=True, validators=TEXT)
    analysed_on = models.DateField(_("analysed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")


class MicroAnalysisItem(BaseModel):
    analysis = models.ForeignKey(MicroAnalysis, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=8, choices=CostKind.choices)
    price_item = models.ForeignKey(PriceItem, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    description = models.CharField(_("description"), max_length=300, blank=True, validators=TEXT)

    class Meta:
        ordering = ["kind", "created_at"]


# --- learning ---------------------------------------------------------------------------------


class LearningSession(BaseModel):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="learning_sessions")
    level = models.CharField(_("level"), max_length=16, choices=LearningLevel.choices)
    held_on = models.DateField(_("held on"))
    themes = models.CharField(_("themes"), max_length=300, validators=TEXT)
    attendees = models.ManyToManyField(Organisation, related_name="+", blank=True)

    class Meta:
        ordering = ["-held_on"]


class Lesson(BaseModel):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="lessons")
    session = models.ForeignKey(
        LearningSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LessonKind.choices)
    title = models.CharField(_("lesson"), max_length=200, validators=TEXT)
    text = models.TextField(_("what happened and what we learned"), max_length=4000, validators=TEXT)
    escalated_to = models.CharField(_("escalated to"), max_length=16, choices=LearningLevel.choices, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    recorded_on = models.DateField(_("recorded on"))
    # The author may correct their own lesson; coordinators and managers may correct any.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-created_at"]


# --- toolbox and roadmap ----------------------------------------------------------------------


class Tool(BaseModel):
    """An instrument in the coalition's toolbox (gereedschapskist), with evaluations of where it worked."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="tools")
    name = models.CharField(_("instrument"), max_length=200, validators=TEXT)
    description = models.TextField(_("what it is and how to use it"), max_length=2000, validators=TEXT)
    source = models.CharField(_("source"), max_length=300, blank=True, validators=TEXT)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["coalition", "name"], name="unique_tool_name")]


class ToolEvaluation(BaseModel):
    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="evaluations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=16, choices=ToolOutcome.choices)
    context = models.CharField(_("where and with whom"), max_length=300, validators=TEXT)
    text = models.TextField(_("what we saw"), max_length=2000, validators=TEXT)
    evaluated_on = models.DateField(_("evaluated on"))

    class Meta:
        ordering = ["-evaluated_on", "-created_at"]


class Pilot(BaseModel):
    """A pilot on the coalition's roadmap (routekaart); its progress is checked at least twice a year."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="pilots")
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("pilot"), max_length=200, validators=TEXT)
    goal = models.TextField(_("goal"), max_length=2000, validators=TEXT)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=AgreementStatus.choices, default="planned")
    next_check_on = models.DateField(_("next progress check"))
    # The due date a reminder was last sent for, so each due date is reminded once (and once overdue).
    reminded_for = models.DateField(null=True, blank=True)
    overdue_reminded_for = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["next_check_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="pilot_dates"
            )
        ]


class PilotCheck(BaseModel):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="checks")
    checked_on = models.DateField(_("checked on"))
    progress = models.TextField(_("progress"), max_length=4000, validators=TEXT)
    status = models.CharField(_("status"), max_length=16, choices=AgreementStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-checked_on", "-created_at"]
