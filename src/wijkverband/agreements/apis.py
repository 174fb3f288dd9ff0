"""JSON API for a coalition's agreements: thin, on the same access, selectors and services as the pages.

- Every endpoint under ``/coalitions/{id}/…`` first gets the coalition through ``access.coalition_get``,
  so a coalition the caller's organisation is not part of is a 404, like one that does not exist; an
  agreement, KPI, budget, lesson, instrument or pilot of another coalition is a 404 as well.
- Money, shares, prices and KPI figures are decimal strings ("5025.00"), never JSON numbers; money
  sent as a JSON number with a fraction is refused, so no binary float ever reaches an amount.
- A micro-analysis is case-level cost data: read and written only through the case-plan policy
  (``cases.selectors.case_plan_get_for_user``, then ``policy.plan_permissions`` in the service), and
  audited like the plan itself. Aggregates show figures only for groups of at least 10 plans.
- Rules live in the services; their ValidationError becomes a 400 problem+json with invalidParams
  (Dutch reasons) and nothing is written; PermissionDenied a 403.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from wijkverband.api.base import ERRORS, ActorApi, validated
from wijkverband.cases import selectors as case_selectors
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.organisations.models import Coalition

from . import access, calculations, exports, quotas, selectors, services
from .constants import (
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
from .models import (
    AnnualCommitment,
    BudgetSpending,
    Effort,
    FrameworkDelivery,
    Kpi,
    KpiMeasurement,
    LearningSession,
    Lesson,
    OperationalGoal,
    PerformanceAgreement,
    Pilot,
    PilotCheck,
    PriceItem,
    ProgressMeeting,
    StrategicGoal,
    Tool,
    ToolEvaluation,
)
from .templates_din import DIN_TEMPLATES

TEXT = [validate_no_html, validate_no_control_chars]


# --- fields ---------------------------------------------------------------------------------------


def money(**kwargs: Any) -> serializers.DecimalField:
    """Euros in cents as a decimal string, e.g. "5025.00"."""
    return serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, **kwargs)


def figure(**kwargs: Any) -> serializers.DecimalField:
    """An exact decimal as a string without trailing zeros, e.g. "8.1" or "50"."""
    return serializers.DecimalField(max_digits=None, decimal_places=None, normalize_output=True, **kwargs)


class StrictDecimalField(serializers.DecimalField):
    """Decimal input from a string (or whole number); a JSON number with a fraction is refused:
    it has already been through binary floating point by the time it reaches us."""

    default_error_messages = {"float": _('Give amounts and percentages as text, for example "25.50".')}

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, float):
            self.fail("float")
        return super().to_internal_value(data)


# --- output: coalitions and DIN -------------------------------------------------------------------


class CoalitionOutputSerializer(serializers.ModelSerializer[Coalition]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    municipalityCode = serializers.CharField(source="municipality.code")  # noqa: N815
    parties = serializers.SerializerMethodField()

    class Meta:
        model = Coalition
        fields = ["id", "name", "municipalityCode", "parties"]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}},
            },
        }
    )
    def get_parties(self, coalition: Coalition) -> list[dict[str, str]]:
        return [{"id": str(o.uuid), "name": o.name} for o in coalition.organisations.order_by("name")]


class OperationalGoalOutputSerializer(serializers.ModelSerializer[OperationalGoal]):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = OperationalGoal
        fields = ["id", "title", "indicator"]


class StrategicGoalOutputSerializer(serializers.ModelSerializer[StrategicGoal]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    operationalGoals = OperationalGoalOutputSerializer(source="operational_goals", many=True)  # noqa: N815
    # Declared: a PositiveSmallIntegerField's maximum differs per database, the schema may not.
    order = serializers.IntegerField()

    class Meta:
        model = StrategicGoal
        fields = ["id", "order", "title", "purpose", "operationalGoals"]


class EffortOutputSerializer(serializers.ModelSerializer[Effort]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    goalIds = serializers.SerializerMethodField(method_name="get_goal_ids")  # noqa: N815
    roles = serializers.SerializerMethodField(help_text="RASCI-rol per partij (id van de organisatie → R/A/S/C/I)")

    class Meta:
        model = Effort
        fields = ["id", "title", "description", "goalIds", "roles"]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_goal_ids(self, effort: Effort) -> list[str]:
        return [str(goal.uuid) for goal in effort.goals.all()]

    @extend_schema_field(serializers.DictField(child=serializers.ChoiceField(choices=Rasci.choices)))
    def get_roles(self, effort: Effort) -> dict[str, str]:
        return {str(role.organisation.uuid): role.role for role in effort.roles.all()}


class DinOutputSerializer(serializers.Serializer[Any]):
    """A ``selectors.DinView``: ambition, strategic → operational goals and the efforts serving them."""

    ambition = serializers.CharField(source="agreement.ambition", default=None, allow_null=True)
    startsIn = serializers.IntegerField(source="agreement.starts_in", default=None, allow_null=True)  # noqa: N815
    endsIn = serializers.IntegerField(source="agreement.ends_in", default=None, allow_null=True)  # noqa: N815
    strategicGoals = StrategicGoalOutputSerializer(source="strategic_goals", many=True)  # noqa: N815
    efforts = EffortOutputSerializer(many=True)


# --- output: performance and framework agreements ---------------------------------------------------


class AnnualCommitmentOutputSerializer(serializers.ModelSerializer[AnnualCommitment]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisationId = serializers.UUIDField(source="organisation.uuid")  # noqa: N815
    organisationName = serializers.CharField(source="organisation.name")  # noqa: N815

    class Meta:
        model = AnnualCommitment
        fields = ["id", "organisationId", "organisationName", "year", "action", "status"]


class ProgressMeetingOutputSerializer(serializers.ModelSerializer[ProgressMeeting]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    heldOn = serializers.DateField(source="held_on")  # noqa: N815

    class Meta:
        model = ProgressMeeting
        fields = ["id", "heldOn", "notes"]


class PerformanceAgreementOutputSerializer(serializers.Serializer[Any]):
    """A ``selectors.PerformanceView``."""

    id = serializers.UUIDField(source="agreement.uuid")
    theme = serializers.ChoiceField(source="agreement.theme", choices=PerformanceTheme.choices)
    title = serializers.CharField(source="agreement.title")
    ambition = serializers.CharField(source="agreement.ambition")
    goal = serializers.CharField(source="agreement.goal")
    startsIn = serializers.IntegerField(source="agreement.starts_in")  # noqa: N815
    endsIn = serializers.IntegerField(source="agreement.ends_in")  # noqa: N815
    status = serializers.ChoiceField(source="agreement.status", choices=AgreementStatus.choices)
    commitments = AnnualCommitmentOutputSerializer(many=True)
    meetings = ProgressMeetingOutputSerializer(source="agreement.meetings.all", many=True)
    lastMeetingOn = serializers.DateField(source="last_meeting_on", allow_null=True)  # noqa: N815
    nextMeetingDue = serializers.DateField(source="next_meeting_due")  # noqa: N815
    meetingOverdue = serializers.BooleanField(source="meeting_overdue")  # noqa: N815


class QuotaRowOutputSerializer(serializers.Serializer[Any]):
    organisation = serializers.CharField()
    sharePercent = figure(source="percent", read_only=True)  # noqa: N815
    year = serializers.IntegerField()
    quota = serializers.IntegerField(help_text="Woningen die de partij dit jaar moet leveren")
    delivered = serializers.IntegerField()
    shortfall = serializers.IntegerField()


class FrameworkAgreementOutputSerializer(serializers.Serializer[Any]):
    """A ``selectors.FrameworkView``: the agreement, its shares, and per year and party the quota."""

    id = serializers.UUIDField(source="agreement.uuid")
    targetGroup = serializers.CharField(source="agreement.target_group")  # noqa: N815
    startsIn = serializers.IntegerField(source="agreement.starts_in")  # noqa: N815
    endsIn = serializers.IntegerField(source="agreement.ends_in")  # noqa: N815
    homesPerYear = serializers.SerializerMethodField(method_name="get_homes_per_year")  # noqa: N815
    shares = serializers.SerializerMethodField()
    rows = QuotaRowOutputSerializer(many=True)
    shortfall = serializers.IntegerField()

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_homes_per_year(self, view: selectors.FrameworkView) -> dict[str, int]:
        return {str(target.year): target.homes for target in view.agreement.targets.all()}

    @extend_schema_field(serializers.DictField(child=serializers.CharField(), help_text="id partij → percentage"))
    def get_shares(self, view: selectors.FrameworkView) -> dict[str, str]:
        return {
            str(share.organisation.uuid): format(share.percent.normalize(), "f")
            for share in view.agreement.shares.select_related("organisation")
        }


class FrameworkDeliveryOutputSerializer(serializers.ModelSerializer[FrameworkDelivery]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisationId = serializers.UUIDField(source="organisation.uuid")  # noqa: N815
    homes = serializers.IntegerField()

    class Meta:
        model = FrameworkDelivery
        fields = ["id", "organisationId", "year", "homes", "note"]


class RemainingQuotaOutputSerializer(serializers.Serializer[Any]):
    organisationId = serializers.UUIDField()  # noqa: N815
    year = serializers.IntegerField()
    quota = serializers.IntegerField()
    delivered = serializers.IntegerField()
    remaining = serializers.IntegerField()


# --- output: KPIs, budgets, impact ----------------------------------------------------------------


class KpiOutputSerializer(serializers.ModelSerializer[Kpi]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    automaticCode = serializers.CharField(source="automatic_code")  # noqa: N815
    resultArea = serializers.CharField(source="result_area")  # noqa: N815
    targets = serializers.SerializerMethodField(help_text="Streefwaarde per jaar (decimaal als tekst)")

    class Meta:
        model = Kpi
        fields = [
            "id",
            "name",
            "unit",
            "direction",
            "aggregation",
            "method",
            "formula",
            "automaticCode",
            "source",
            "resultArea",
            "targets",
        ]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_targets(self, kpi: Kpi) -> dict[str, str]:
        return {str(t.year): format(t.value.normalize(), "f") for t in kpi.targets.all()}


class KpiMeasurementOutputSerializer(serializers.ModelSerializer[KpiMeasurement]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    areaCode = serializers.CharField(source="area_code")  # noqa: N815
    value = figure(read_only=True)

    class Meta:
        model = KpiMeasurement
        fields = ["id", "areaCode", "year", "period", "value", "note"]


class KpiDashboardRowOutputSerializer(serializers.Serializer[Any]):
    kpi = KpiOutputSerializer()
    value = figure(read_only=True, allow_null=True)
    target = figure(read_only=True, allow_null=True)
    light = serializers.ChoiceField(choices=["green", "orange", "red", "grey"], help_text="Stoplicht")
    progressPercent = figure(source="progress", read_only=True, allow_null=True)  # noqa: N815
    areas = serializers.IntegerField(help_text="Aantal gebieden met een waarde dit jaar")
    history = serializers.SerializerMethodField(help_text="Waarde per jaar over alle gebieden")

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_history(self, row: selectors.KpiRow) -> dict[str, str]:
        return {str(year): format(value.normalize(), "f") for year, value in sorted(row.history.items())}


class KpiDashboardOutputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Aantal KPI's per stoplichtkleur")
    rows = KpiDashboardRowOutputSerializer(many=True)


class AmountOutputSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    amount = money()


class BudgetYearOutputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    budget = money()
    spent = money()


class AreaBudgetOutputSerializer(serializers.Serializer[Any]):
    """A ``selectors.BudgetView``."""

    id = serializers.UUIDField(source="budget.uuid")
    name = serializers.CharField(source="budget.name")
    areaCode = serializers.CharField(source="budget.area_code")  # noqa: N815
    startsIn = serializers.IntegerField(source="budget.starts_in")  # noqa: N815
    endsIn = serializers.IntegerField(source="budget.ends_in")  # noqa: N815
    baseAmount = money(source="budget.base_amount")  # noqa: N815
    indexationPercent = figure(source="budget.indexation_percent", read_only=True)  # noqa: N815
    efficiencyPercent = figure(source="budget.efficiency_percent", read_only=True)  # noqa: N815
    baselineAmount = money(source="budget.baseline_amount", allow_null=True)  # noqa: N815
    savingsSplitPercent = serializers.SerializerMethodField(method_name="get_split_percent")  # noqa: N815
    years = serializers.SerializerMethodField()
    spentByParty = serializers.SerializerMethodField(method_name="get_by_party")  # noqa: N815
    spentByCategory = serializers.SerializerMethodField(method_name="get_by_category")  # noqa: N815
    totalBudget = money(source="total_budget")  # noqa: N815
    totalSpent = money(source="total_spent")  # noqa: N815
    savings = money(allow_null=True)
    savingsSplit = serializers.SerializerMethodField(  # noqa: N815
        method_name="get_savings_split", help_text="Besparing in euro voor bewoners, gemeente en aanbieders"
    )

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_split_percent(self, view: selectors.BudgetView) -> dict[str, str]:
        budget = view.budget
        return {
            key: format(value.normalize(), "f")
            for key, value in (
                ("residents", budget.savings_residents),
                ("municipality", budget.savings_municipality),
                ("providers", budget.savings_providers),
            )
        }

    @extend_schema_field(BudgetYearOutputSerializer(many=True))
    def get_years(self, view: selectors.BudgetView) -> Any:
        rows = [{"year": y, "budget": b, "spent": s} for y, b, s in view.years]
        return BudgetYearOutputSerializer(rows, many=True).data

    @extend_schema_field(AmountOutputSerializer(many=True))
    def get_by_party(self, view: selectors.BudgetView) -> Any:
        return AmountOutputSerializer([{"label": k, "amount": v} for k, v in view.by_party], many=True).data

    @extend_schema_field(AmountOutputSerializer(many=True))
    def get_by_category(self, view: selectors.BudgetView) -> Any:
        return AmountOutputSerializer([{"label": k, "amount": v} for k, v in view.by_category], many=True).data

    @extend_schema_field(serializers.DictField(child=serializers.CharField(), allow_null=True))
    def get_savings_split(self, view: selectors.BudgetView) -> dict[str, str] | None:
        split = view.savings_split
        return None if split is None else {key: f"{amount:.2f}" for key, amount in split.items()}


class BudgetSpendingOutputSerializer(serializers.ModelSerializer[BudgetSpending]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisationId = serializers.UUIDField(source="organisation.uuid")  # noqa: N815
    amount = money()

    class Meta:
        model = BudgetSpending
        fields = ["id", "organisationId", "year", "category", "amount"]


class GroupFiguresOutputSerializer(serializers.Serializer[Any]):
    """Figures of a group of micro-analyses; all null (and no count) for fewer than 10 plans."""

    label = serializers.CharField()  # type: ignore[assignment]
    suppressed = serializers.BooleanField(help_text="Te weinig casussen (minder dan 10) om cijfers te tonen")
    cases = serializers.IntegerField(allow_null=True)
    spent = money(allow_null=True)
    avoided = money(allow_null=True)
    wellbeingBefore = figure(read_only=True, allow_null=True)  # noqa: N815
    wellbeingAfter = figure(read_only=True, allow_null=True)  # noqa: N815


def _group(label: str, figures: calculations.GroupFigures) -> dict[str, Any]:
    shown = not figures.is_suppressed
    return {
        "label": label,
        "suppressed": not shown,
        "cases": figures.count if shown else None,
        "spent": figures.spent,
        "avoided": figures.avoided,
        "wellbeingBefore": figures.wellbeing_before,
        "wellbeingAfter": figures.wellbeing_after,
    }


class ImpactOutputSerializer(serializers.Serializer[Any]):
    minimumGroupSize = serializers.IntegerField()  # noqa: N815
    total = GroupFiguresOutputSerializer()
    byArea = GroupFiguresOutputSerializer(many=True)  # noqa: N815
    byYear = GroupFiguresOutputSerializer(many=True)  # noqa: N815
    byProgramme = GroupFiguresOutputSerializer(many=True)  # noqa: N815
    caveats = serializers.ListField(child=serializers.CharField())


# --- output: price list and micro-analysis --------------------------------------------------------


class PriceItemOutputSerializer(serializers.ModelSerializer[PriceItem]):
    amount = money()
    indexationPercent = figure(source="indexation_percent", read_only=True)  # noqa: N815

    class Meta:
        model = PriceItem
        fields = ["code", "name", "amount", "unit", "year", "source", "indexationPercent", "note"]


class CostLineOutputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(source="item.kind", choices=CostKind.choices)
    priceCode = serializers.CharField(source="item.price_item.code")  # noqa: N815
    description = serializers.CharField(source="line.label")
    quantity = figure(source="item.quantity", read_only=True)
    unitAmount = money(source="item.price_item.amount")  # noqa: N815
    priceYear = serializers.IntegerField(source="item.price_item.year")  # noqa: N815
    source = serializers.CharField(source="item.price_item.source")  # type: ignore[assignment]
    amount = money()
    indexedAmount = money(source="indexed")  # noqa: N815


class MicroAnalysisOutputSerializer(serializers.Serializer[Any]):
    """A ``selectors.MicroAnalysisView``; ``exists`` is false until someone in the team made one."""

    planId = serializers.UUIDField(source="plan.uuid")  # noqa: N815
    exists = serializers.SerializerMethodField()
    referenceScenario = serializers.CharField(source="analysis.reference_scenario", default=None, allow_null=True)  # noqa: N815
    isNewCase = serializers.BooleanField(source="analysis.is_new_case", default=None, allow_null=True)  # noqa: N815
    programme = serializers.CharField(source="analysis.programme", default=None, allow_null=True)
    analysedOn = serializers.DateField(source="analysis.analysed_on", default=None, allow_null=True)  # noqa: N815
    lines = CostLineOutputSerializer(many=True)
    spent = money(source="result.spent")
    avoided = money(source="result.avoided")
    net = money(source="result.net")
    ratio = figure(source="result.ratio", read_only=True, allow_null=True)
    indexYear = serializers.IntegerField(source="index_year")  # noqa: N815
    indexedSpent = money(source="indexed.spent")  # noqa: N815
    indexedAvoided = money(source="indexed.avoided")  # noqa: N815
    wellbeingBefore = serializers.IntegerField(source="wellbeing_before", allow_null=True)  # noqa: N815
    wellbeingAfter = serializers.IntegerField(source="wellbeing_after", allow_null=True)  # noqa: N815
    caveats = serializers.ListField(child=serializers.CharField())

    def get_exists(self, view: selectors.MicroAnalysisView) -> bool:
        return view.analysis is not None


# --- output: learning, toolbox, roadmap -----------------------------------------------------------


class LearningSessionOutputSerializer(serializers.ModelSerializer[LearningSession]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    heldOn = serializers.DateField(source="held_on")  # noqa: N815
    attendeeIds = serializers.SerializerMethodField(method_name="get_attendee_ids")  # noqa: N815

    class Meta:
        model = LearningSession
        fields = ["id", "level", "heldOn", "themes", "attendeeIds"]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_attendee_ids(self, session: LearningSession) -> list[str]:
        return [str(o.uuid) for o in session.attendees.all()]


class LessonOutputSerializer(serializers.ModelSerializer[Lesson]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    sessionId = serializers.UUIDField(source="session.uuid", default=None, allow_null=True)  # noqa: N815
    escalatedTo = serializers.CharField(source="escalated_to")  # noqa: N815
    escalatedOn = serializers.DateField(source="escalated_on", allow_null=True)  # noqa: N815
    recordedOn = serializers.DateField(source="recorded_on")  # noqa: N815

    class Meta:
        model = Lesson
        fields = ["id", "kind", "title", "text", "sessionId", "escalatedTo", "escalatedOn", "recordedOn"]


class ToolEvaluationOutputSerializer(serializers.ModelSerializer[ToolEvaluation]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation = serializers.CharField(source="organisation.name")
    evaluatedOn = serializers.DateField(source="evaluated_on")  # noqa: N815

    class Meta:
        model = ToolEvaluation
        fields = ["id", "organisation", "outcome", "context", "text", "evaluatedOn"]


class ToolOutputSerializer(serializers.ModelSerializer[Tool]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    evaluations = ToolEvaluationOutputSerializer(many=True)

    class Meta:
        model = Tool
        fields = ["id", "name", "description", "source", "evaluations"]


class PilotCheckOutputSerializer(serializers.ModelSerializer[PilotCheck]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    checkedOn = serializers.DateField(source="checked_on")  # noqa: N815

    class Meta:
        model = PilotCheck
        fields = ["id", "checkedOn", "progress", "status"]


class PilotOutputSerializer(serializers.ModelSerializer[Pilot]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    ownerId = serializers.UUIDField(source="owner.uuid")  # noqa: N815
    ownerName = serializers.CharField(source="owner.name")  # noqa: N815
    startsOn = serializers.DateField(source="starts_on")  # noqa: N815
    endsOn = serializers.DateField(source="ends_on", allow_null=True)  # noqa: N815
    nextCheckOn = serializers.DateField(source="next_check_on")  # noqa: N815
    checkOverdue = serializers.SerializerMethodField(method_name="get_check_overdue")  # noqa: N815
    checks = PilotCheckOutputSerializer(many=True)

    class Meta:
        model = Pilot
        fields = [
            "id",
            "title",
            "goal",
            "ownerId",
            "ownerName",
            "startsOn",
            "endsOn",
            "status",
            "nextCheckOn",
            "checkOverdue",
            "checks",
        ]

    def get_check_overdue(self, pilot: Pilot) -> bool:
        return pilot.next_check_on < timezone.localdate() and pilot.status not in ("done", "dropped")


# --- input ----------------------------------------------------------------------------------------


class DinInputSerializer(serializers.Serializer[Any]):
    ambition = serializers.CharField(max_length=1000, validators=TEXT)
    startsIn = serializers.IntegerField(min_value=2000, max_value=2100)  # noqa: N815
    endsIn = serializers.IntegerField(min_value=2000, max_value=2100)  # noqa: N815


class DinTemplateInputSerializer(serializers.Serializer[Any]):
    template = serializers.ChoiceField(choices=[(t.key, t.name) for t in DIN_TEMPLATES.values()])
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class StrategicGoalInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, validators=TEXT)
    purpose = serializers.CharField(max_length=400, required=False, allow_blank=True, validators=TEXT)


class OperationalGoalInputSerializer(serializers.Serializer[Any]):
    strategicGoalId = serializers.UUIDField()  # noqa: N815
    title = serializers.CharField(max_length=200, validators=TEXT)
    indicator = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=TEXT)


class EffortInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, validators=TEXT)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, validators=TEXT)
    goalIds = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)  # noqa: N815
    roles = serializers.DictField(
        child=serializers.CharField(max_length=1),
        help_text="RASCI-rol per partij (id van de organisatie → R/A/S/C/I); precies één A",
    )


class PerformanceAgreementInputSerializer(serializers.Serializer[Any]):
    theme = serializers.ChoiceField(choices=PerformanceTheme.choices)
    title = serializers.CharField(max_length=200, validators=TEXT)
    ambition = serializers.CharField(max_length=2000, validators=TEXT)
    goal = serializers.CharField(max_length=2000, validators=TEXT)
    startsIn = serializers.IntegerField(min_value=2000, max_value=2100)  # noqa: N815
    endsIn = serializers.IntegerField(min_value=2000, max_value=2100)  # noqa: N815


class AnnualCommitmentInputSerializer(serializers.Serializer[Any]):
    organisationId = serializers.UUIDField()  # noqa: N815
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    action = serializers.CharField(max_length=500, validators=TEXT)
    status = serializers.ChoiceField(choices=AgreementStatus.choices, default=AgreementStatus.PLANNED)


class ProgressMeetingInputSerializer(serializers.Serializer[Any]):
    heldOn = serializers.DateField()  # noqa: N815
    notes = serializers.CharField(max_length=4000, validators=TEXT)
    status = serializers.ChoiceField(choices=AgreementStatus.choices, required=False, allow_blank=True)


class FrameworkAgreementInputSerializer(serializers.Serializer[Any]):
    targetGroup = serializers.CharField(max_length=200, validators=TEXT)  # noqa: N815
    startsIn = serializers.IntegerField(min_value=2000, max_value=2100)  # noqa: N815
    endsIn = serializers.IntegerField(min_value=2000, max_value=2100)  # noqa: N815
    homesPerYear = serializers.DictField(child=serializers.IntegerField(min_value=0), help_text="jaar → woningen")  # noqa: N815
    shares = serializers.DictField(
        child=StrictDecimalField(max_digits=6, decimal_places=3),
        help_text='id partij → percentage als tekst ("50"); samen precies 100',
    )

    def validate_homesPerYear(self, value: dict[str, int]) -> dict[int, int]:  # noqa: N802
        try:
            return {int(year): homes for year, homes in value.items()}
        except ValueError:
            raise serializers.ValidationError(_("Use years as keys, for example 2026.")) from None


class FrameworkDeliveryInputSerializer(serializers.Serializer[Any]):
    organisationId = serializers.UUIDField()  # noqa: N815
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    homes = serializers.IntegerField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=TEXT)


class RemainingQuotaFilterSerializer(serializers.Serializer[Any]):
    organisation = serializers.UUIDField(help_text="Id van de partij")
    year = serializers.IntegerField(min_value=2000, max_value=2100)


def _targets_by_year(value: dict[str, Decimal]) -> dict[int | None, Decimal]:
    parsed: dict[int | None, Decimal] = {}
    for year, target in value.items():
        # A target without a usable year is passed on as None: the service refuses it in Dutch.
        parsed[int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None] = target
    return parsed


class KpiInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, validators=TEXT)
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, validators=TEXT)
    direction = serializers.ChoiceField(choices=Direction.choices)
    aggregation = serializers.ChoiceField(choices=[("sum", "sum"), ("mean", "mean")], default="mean")
    method = serializers.ChoiceField(choices=KpiMethod.choices, default=KpiMethod.MANUAL)
    formula = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=TEXT)
    automaticCode = serializers.CharField(max_length=40, required=False, allow_blank=True)  # noqa: N815
    source = serializers.CharField(max_length=300, validators=TEXT)  # type: ignore[assignment]
    resultArea = serializers.CharField(max_length=100, required=False, allow_blank=True, validators=TEXT)  # noqa: N815
    targets = serializers.DictField(
        child=StrictDecimalField(max_digits=16, decimal_places=4),
        help_text='jaar → streefwaarde als tekst ("7.5")',
    )

    def validate_targets(self, value: dict[str, Decimal]) -> dict[int | None, Decimal]:
        return _targets_by_year(value)


class KpiMeasurementInputSerializer(serializers.Serializer[Any]):
    areaCode = serializers.CharField(max_length=12)  # noqa: N815
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    period = serializers.ChoiceField(choices=Period.choices, default=Period.YEAR)
    value = StrictDecimalField(max_digits=16, decimal_places=4)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=TEXT)


class YearFilterSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class AreaBudgetInputSerializer(serializers.Serializer[Any]):
    areaCode = serializers.CharField(max_length=12)  # noqa: N815
    name = serializers.CharField(max_length=200, validators=TEXT)
    startsIn = serializers.IntegerField(min_value=2000, max_value=2100)  # noqa: N815
    endsIn = serializers.IntegerField(min_value=2000, max_value=2100)  # noqa: N815
    baseAmount = StrictDecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0))  # noqa: N815
    indexationPercent = StrictDecimalField(max_digits=6, decimal_places=3, default=Decimal(0))  # noqa: N815
    efficiencyPercent = StrictDecimalField(max_digits=6, decimal_places=3, default=Decimal(0))  # noqa: N815
    baselineAmount = StrictDecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)  # noqa: N815
    savingsSplit = serializers.DictField(  # noqa: N815
        child=StrictDecimalField(max_digits=6, decimal_places=3),
        help_text="residents, municipality, providers → percentage als tekst; samen precies 100",
    )

    def validate_savingsSplit(self, value: dict[str, Decimal]) -> dict[str, Decimal]:  # noqa: N802
        unknown = set(value) - {"residents", "municipality", "providers"}
        if unknown:
            raise serializers.ValidationError(_("Split savings over residents, municipality and providers only."))
        return value


class BudgetSpendingInputSerializer(serializers.Serializer[Any]):
    organisationId = serializers.UUIDField()  # noqa: N815
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    category = serializers.CharField(max_length=100, validators=TEXT)
    amount = StrictDecimalField(max_digits=14, decimal_places=2)


class PriceItemInputSerializer(serializers.Serializer[Any]):
    code = serializers.SlugField(max_length=60)
    name = serializers.CharField(max_length=200, validators=TEXT)
    amount = StrictDecimalField(max_digits=14, decimal_places=2)
    unit = serializers.CharField(max_length=60, validators=TEXT)
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False, allow_null=True)
    source = serializers.CharField(max_length=400, required=False, allow_blank=True, validators=TEXT)  # type: ignore[assignment]
    indexationPercent = StrictDecimalField(max_digits=6, decimal_places=3, default=Decimal(0))  # noqa: N815
    note = serializers.CharField(max_length=400, required=False, allow_blank=True, validators=TEXT)


class CostLineInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=CostKind.choices)
    priceCode = serializers.CharField(max_length=60, help_text="Code uit de maatschappelijke prijslijst")  # noqa: N815
    quantity = StrictDecimalField(max_digits=10, decimal_places=2)
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=TEXT)


class MicroAnalysisInputSerializer(serializers.Serializer[Any]):
    referenceScenario = serializers.CharField(max_length=2000, validators=TEXT)  # noqa: N815
    isNewCase = serializers.BooleanField(default=False)  # noqa: N815
    programme = serializers.CharField(max_length=100, required=False, allow_blank=True, validators=TEXT)
    analysedOn = serializers.DateField(required=False)  # noqa: N815
    lines = CostLineInputSerializer(many=True, allow_empty=True)


class LearningSessionInputSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=LearningLevel.choices)
    heldOn = serializers.DateField()  # noqa: N815
    themes = serializers.CharField(max_length=300, validators=TEXT)
    attendeeIds = serializers.ListField(child=serializers.UUIDField(), default=list)  # noqa: N815


class LessonInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=LessonKind.choices)
    title = serializers.CharField(max_length=200, validators=TEXT)
    text = serializers.CharField(max_length=4000, validators=TEXT)
    sessionId = serializers.UUIDField(required=False, allow_null=True)  # noqa: N815


class LessonFilterSerializer(serializers.Serializer[Any]):
    q = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text="Zoekterm")
    kind = serializers.ChoiceField(choices=LessonKind.choices, required=False)


class ToolInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200, validators=TEXT)
    description = serializers.CharField(max_length=2000, validators=TEXT)
    source = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=TEXT)  # type: ignore[assignment]


class ToolEvaluationInputSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=ToolOutcome.choices)
    context = serializers.CharField(max_length=300, validators=TEXT)  # type: ignore[assignment]
    text = serializers.CharField(max_length=2000, validators=TEXT)
    evaluatedOn = serializers.DateField(required=False)  # noqa: N815


class PilotInputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200, validators=TEXT)
    goal = serializers.CharField(max_length=2000, validators=TEXT)
    ownerId = serializers.UUIDField()  # noqa: N815
    startsOn = serializers.DateField()  # noqa: N815
    endsOn = serializers.DateField(required=False, allow_null=True)  # noqa: N815


class PilotCheckInputSerializer(serializers.Serializer[Any]):
    checkedOn = serializers.DateField()  # noqa: N815
    progress = serializers.CharField(max_length=4000, validators=TEXT)
    status = serializers.ChoiceField(choices=AgreementStatus.choices)


class PerformanceAgreementUpdateInputSerializer(PerformanceAgreementInputSerializer):
    status = serializers.ChoiceField(choices=AgreementStatus.choices)


class ProgressMeetingUpdateInputSerializer(serializers.Serializer[Any]):
    heldOn = serializers.DateField()  # noqa: N815
    notes = serializers.CharField(max_length=4000, validators=TEXT)


class KpiUpdateInputSerializer(serializers.Serializer[Any]):
    """A KPI's definition and targets; how it is measured and rolled up (method, aggregation) does not
    change, since the values recorded so far were measured that way."""

    name = serializers.CharField(max_length=200, validators=TEXT)
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True, validators=TEXT)
    direction = serializers.ChoiceField(choices=Direction.choices)
    formula = serializers.CharField(max_length=300, required=False, allow_blank=True, validators=TEXT)
    source = serializers.CharField(max_length=300, validators=TEXT)  # type: ignore[assignment]
    resultArea = serializers.CharField(max_length=100, required=False, allow_blank=True, validators=TEXT)  # noqa: N815
    targets = serializers.DictField(
        child=StrictDecimalField(max_digits=16, decimal_places=4),
        help_text='jaar → streefwaarde als tekst ("7.5"); vervangt alle streefwaarden',
    )

    def validate_targets(self, value: dict[str, Decimal]) -> dict[int | None, Decimal]:
        return _targets_by_year(value)


class LessonUpdateInputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=LessonKind.choices)
    title = serializers.CharField(max_length=200, validators=TEXT)
    text = serializers.CharField(max_length=4000, validators=TEXT)


# Services name the party or list they refuse by its model name; the client sent it under this name.
SERVICE_FIELDS = {
    "organisation": "organisationId",
    "owner": "ownerId",
    "attendees": "attendeeIds",
    "savings": "savingsSplit",
    "goals": "goalIds",
    "strategic_goal": "strategicGoalId",
}


class AgreementsApi(ActorApi):
    """Refusals of a service point at the input field the client sent (``invalidParams[].name``)."""

    service_fields: dict[str, str] = {}

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError) and hasattr(exc, "error_dict"):
            names = {**SERVICE_FIELDS, **self.service_fields}
            exc = DjangoValidationError({names.get(key, key): value for key, value in exc.error_dict.items()})
        return super().handle_exception(exc)


class CoalitionApi(AgreementsApi):
    """Base for endpoints under one coalition: the coalition or a 404."""

    def coalition(self, request: Request, coalition_uuid: str) -> tuple[Any, Coalition]:
        actor = self.actor(request)
        return actor, access.coalition_get(actor, coalition_uuid)


def _created(data: Any) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)


# --- coalitions and DIN ---------------------------------------------------------------------------


class CoalitionListApi(ActorApi):
    @extend_schema(
        operation_id="coalitions_list",
        summary="Samenwerkingsverbanden waarin uw organisatie partij is",
        responses={200: CoalitionOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        coalitions = access.coalitions_for(self.actor(request)).prefetch_related("organisations")
        return Response(CoalitionOutputSerializer(coalitions, many=True).data)


def _din(coalition: Coalition) -> Response:
    return Response(DinOutputSerializer(selectors.din_for_coalition(coalition)).data)


class DinApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_din_retrieve",
        summary="Doelen-inspanningen-netwerk (DIN): ambitie, doelen, inspanningen met RASCI",
        responses={200: DinOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        return _din(coalition)

    @extend_schema(
        operation_id="coalition_din_update",
        summary="Ambitie en looptijd van het DIN vastleggen",
        request=DinInputSerializer,
        responses={200: DinOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(DinInputSerializer, request.data)
        services.collaboration_agreement_save(
            actor=actor,
            coalition=coalition,
            ambition=data["ambition"],
            starts_in=data["startsIn"],
            ends_in=data["endsIn"],
        )
        return _din(coalition)


class DinTemplateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_din_template",
        summary="DIN starten vanuit een sjabloon (Ruwaard, Selwerd)",
        request=DinTemplateInputSerializer,
        responses={201: DinOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(DinTemplateInputSerializer, request.data)
        services.din_template_apply(actor=actor, coalition=coalition, template_key=data["template"], year=data["year"])
        return _created(DinOutputSerializer(selectors.din_for_coalition(coalition)).data)


class StrategicGoalCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_strategic_goals_create",
        summary="Strategisch doel toevoegen",
        request=StrategicGoalInputSerializer,
        responses={201: StrategicGoalOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(StrategicGoalInputSerializer, request.data)
        goal = services.strategic_goal_add(
            actor=actor, coalition=coalition, title=data["title"], purpose=data.get("purpose", "")
        )
        return _created(StrategicGoalOutputSerializer(goal).data)


class OperationalGoalCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_operational_goals_create",
        summary="Operationeel doel toevoegen onder een strategisch doel",
        request=OperationalGoalInputSerializer,
        responses={201: OperationalGoalOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(OperationalGoalInputSerializer, request.data)
        goal = services.operational_goal_add(
            actor=actor,
            coalition=coalition,
            strategic_goal_uuid=data["strategicGoalId"],
            title=data["title"],
            indicator=data.get("indicator", ""),
        )
        return _created(OperationalGoalOutputSerializer(goal).data)


class EffortCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_efforts_create",
        summary="Inspanning toevoegen: de doelen die zij dient en de partijen met hun RASCI-rol",
        request=EffortInputSerializer,
        responses={201: EffortOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(EffortInputSerializer, request.data)
        effort = services.effort_create(
            actor=actor,
            coalition=coalition,
            title=data["title"],
            goal_uuids=data["goalIds"],
            roles=data["roles"],
            description=data.get("description", ""),
        )
        return _created(EffortOutputSerializer(effort).data)


# --- performance and framework agreements ---------------------------------------------------------


def _performance_view(coalition: Coalition, agreement: PerformanceAgreement) -> Any:
    view = next(v for v in selectors.performance_agreements_for(coalition) if v.agreement.pk == agreement.pk)
    return PerformanceAgreementOutputSerializer(view).data


class PerformanceAgreementListCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_performance_agreements_list",
        summary="Prestatieafspraken met jaarschijven en voortgangsoverleggen",
        responses={200: PerformanceAgreementOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        views = selectors.performance_agreements_for(coalition)
        return Response(PerformanceAgreementOutputSerializer(views, many=True).data)

    @extend_schema(
        operation_id="coalition_performance_agreements_create",
        summary="Prestatieafspraak toevoegen",
        request=PerformanceAgreementInputSerializer,
        responses={201: PerformanceAgreementOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(PerformanceAgreementInputSerializer, request.data)
        agreement = services.performance_agreement_create(
            actor=actor,
            coalition=coalition,
            theme=data["theme"],
            title=data["title"],
            ambition=data["ambition"],
            goal=data["goal"],
            starts_in=data["startsIn"],
            ends_in=data["endsIn"],
        )
        return _created(_performance_view(coalition, agreement))


class AnnualCommitmentSetApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_annual_commitments_set",
        summary="Jaarschijf: de actie van een partij in een jaar (vervangt een eerdere)",
        request=AnnualCommitmentInputSerializer,
        responses={200: AnnualCommitmentOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, agreement_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.performance_agreement_get(coalition, agreement_uuid)
        data = validated(AnnualCommitmentInputSerializer, request.data)
        commitment = services.annual_commitment_set(
            actor=actor,
            agreement=agreement,
            organisation_uuid=data["organisationId"],
            year=data["year"],
            action=data["action"],
            status=data["status"],
        )
        return Response(AnnualCommitmentOutputSerializer(commitment).data)


class ProgressMeetingCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_progress_meetings_create",
        summary="Voortgangsoverleg (tweemaandelijks) vastleggen",
        request=ProgressMeetingInputSerializer,
        responses={201: ProgressMeetingOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, agreement_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.performance_agreement_get(coalition, agreement_uuid)
        data = validated(ProgressMeetingInputSerializer, request.data)
        meeting = services.progress_meeting_record(
            actor=actor, agreement=agreement, held_on=data["heldOn"], notes=data["notes"], status=data.get("status", "")
        )
        return _created(ProgressMeetingOutputSerializer(meeting).data)


def _framework_view(coalition: Coalition, agreement_pk: int) -> Any:
    view = next(v for v in selectors.framework_agreements_for(coalition) if v.agreement.pk == agreement_pk)
    return FrameworkAgreementOutputSerializer(view).data


class FrameworkAgreementListCreateApi(CoalitionApi):
    service_fields = {"homes": "homesPerYear"}

    @extend_schema(
        operation_id="coalition_framework_agreements_list",
        summary="Raamafspraken: woningen per jaar, aandelen, geleverd en tekort per partij",
        responses={200: FrameworkAgreementOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        views = selectors.framework_agreements_for(coalition)
        return Response(FrameworkAgreementOutputSerializer(views, many=True).data)

    @extend_schema(
        operation_id="coalition_framework_agreements_create",
        summary="Raamafspraak toevoegen (aandelen samen precies 100%)",
        request=FrameworkAgreementInputSerializer,
        responses={201: FrameworkAgreementOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(FrameworkAgreementInputSerializer, request.data)
        agreement = services.framework_agreement_create(
            actor=actor,
            coalition=coalition,
            target_group=data["targetGroup"],
            starts_in=data["startsIn"],
            ends_in=data["endsIn"],
            homes_per_year=data["homesPerYear"],
            shares={str(key): value for key, value in data["shares"].items()},
        )
        return _created(_framework_view(coalition, agreement.pk))


class FrameworkDeliveryCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_framework_deliveries_create",
        summary="Geleverde woningen van een partij vastleggen",
        request=FrameworkDeliveryInputSerializer,
        responses={201: FrameworkDeliveryOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, agreement_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.framework_agreement_get(coalition, agreement_uuid)
        data = validated(FrameworkDeliveryInputSerializer, request.data)
        delivery = services.framework_delivery_record(
            actor=actor,
            agreement=agreement,
            organisation_uuid=data["organisationId"],
            year=data["year"],
            homes=data["homes"],
            note=data.get("note", ""),
        )
        return _created(FrameworkDeliveryOutputSerializer(delivery).data)


class RemainingQuotaApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_framework_remaining_quota",
        summary="Resterend quotum van een partij in een jaar (wat de matcher leest)",
        parameters=[RemainingQuotaFilterSerializer],
        responses={200: RemainingQuotaOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str, agreement_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.framework_agreement_get(coalition, agreement_uuid)
        filters = validated(RemainingQuotaFilterSerializer, request.query_params)
        share = agreement.shares.filter(organisation__uuid=filters["organisation"]).select_related("organisation")
        party = share.first()
        if party is None:
            raise serializers.ValidationError({"organisation": [_("This party has no share in the agreement.")]})
        year = filters["year"]
        quota = quotas.quotas_for_year(agreement, year).get(party.organisation_id, 0)
        done = quotas.delivered(agreement, party.organisation_id, year)
        remaining = quotas.remaining_quota(agreement=agreement, organisation=party.organisation, year=year)
        body = {
            "organisationId": party.organisation.uuid,
            "year": year,
            "quota": quota,
            "delivered": done,
            "remaining": remaining,
        }
        return Response(RemainingQuotaOutputSerializer(body).data)


# --- KPIs -----------------------------------------------------------------------------------------


class KpiListCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_kpis_list",
        summary="KPI-definities met streefwaarden per jaar",
        responses={200: KpiOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        kpis = Kpi.objects.filter(coalition=coalition).prefetch_related("targets")
        return Response(KpiOutputSerializer(kpis, many=True).data)

    @extend_schema(
        operation_id="coalition_kpis_create",
        summary="KPI definiëren (eenheid en jaar per streefwaarde verplicht)",
        request=KpiInputSerializer,
        responses={201: KpiOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(KpiInputSerializer, request.data)
        kpi = services.kpi_define(
            actor=actor,
            coalition=coalition,
            name=data["name"],
            unit=data.get("unit", ""),
            direction=data["direction"],
            source=data["source"],
            targets=data["targets"],
            aggregation=data["aggregation"],
            method=data["method"],
            formula=data.get("formula", ""),
            automatic_code=data.get("automaticCode", ""),
            result_area=data.get("resultArea", ""),
        )
        return _created(KpiOutputSerializer(kpi).data)


class KpiValueListCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_kpi_values_list",
        summary="Waarden van een KPI per gebied en periode",
        responses={200: KpiMeasurementOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str, kpi_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        kpi = selectors.kpi_get(coalition, kpi_uuid)
        return Response(KpiMeasurementOutputSerializer(selectors.kpi_measurements(kpi), many=True).data)

    @extend_schema(
        operation_id="coalition_kpi_values_record",
        summary="KPI-waarde vastleggen voor een gebied en periode (vervangt een eerdere)",
        request=KpiMeasurementInputSerializer,
        responses={200: KpiMeasurementOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, kpi_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        kpi = selectors.kpi_get(coalition, kpi_uuid)
        data = validated(KpiMeasurementInputSerializer, request.data)
        measurement = services.kpi_measurement_record(
            actor=actor,
            kpi=kpi,
            area_code=data["areaCode"],
            year=data["year"],
            value=data["value"],
            period=data["period"],
            note=data.get("note", ""),
        )
        return Response(KpiMeasurementOutputSerializer(measurement).data)


class KpiDashboardApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_kpi_dashboard",
        summary="Voortgangsdashboard: per KPI de waarde van het jaar tegen de streefwaarde, met stoplicht",
        parameters=[YearFilterSerializer],
        responses={200: KpiDashboardOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        year = validated(YearFilterSerializer, request.query_params).get("year") or timezone.localdate().year
        rows = selectors.kpi_dashboard(coalition, year=year)
        counts = {light: sum(1 for row in rows if row.light == light) for light in ("green", "orange", "red", "grey")}
        return Response(KpiDashboardOutputSerializer({"year": year, "counts": counts, "rows": rows}).data)


class KpiRefreshApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_kpis_refresh",
        summary="Automatische KPI's opnieuw berekenen uit de eigen gegevens van Wijkverband",
        request=None,
        parameters=[YearFilterSerializer],
        responses={200: KpiDashboardOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        year = validated(YearFilterSerializer, request.query_params).get("year") or timezone.localdate().year
        services.kpi_automatic_refresh(actor=actor, coalition=coalition, year=year)
        rows = selectors.kpi_dashboard(coalition, year=year)
        counts = {light: sum(1 for row in rows if row.light == light) for light in ("green", "orange", "red", "grey")}
        return Response(KpiDashboardOutputSerializer({"year": year, "counts": counts, "rows": rows}).data)


# --- area budgets and societal return -------------------------------------------------------------


def _budget_view(coalition: Coalition, budget_pk: int) -> Any:
    view = next(v for v in selectors.area_budgets_for(coalition) if v.budget.pk == budget_pk)
    return AreaBudgetOutputSerializer(view).data


class AreaBudgetListCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_area_budgets_list",
        summary="Gebiedsbudgetten: budget per jaar, besteding per partij en categorie, verdeling van besparing",
        responses={200: AreaBudgetOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        return Response(AreaBudgetOutputSerializer(selectors.area_budgets_for(coalition), many=True).data)

    @extend_schema(
        operation_id="coalition_area_budgets_create",
        summary="Gebiedsbudget aanmaken (perioden van één gebied mogen niet overlappen)",
        request=AreaBudgetInputSerializer,
        responses={201: AreaBudgetOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(AreaBudgetInputSerializer, request.data)
        budget = services.area_budget_create(
            actor=actor,
            coalition=coalition,
            area_code=data["areaCode"],
            name=data["name"],
            starts_in=data["startsIn"],
            ends_in=data["endsIn"],
            base_amount=data["baseAmount"],
            savings_split=data["savingsSplit"],
            indexation_percent=data["indexationPercent"],
            efficiency_percent=data["efficiencyPercent"],
            baseline_amount=data.get("baselineAmount"),
        )
        return _created(_budget_view(coalition, budget.pk))


class BudgetSpendingCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_budget_spendings_create",
        summary="Besteding van een partij in een jaar en categorie vastleggen",
        request=BudgetSpendingInputSerializer,
        responses={201: BudgetSpendingOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, budget_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        budget = selectors.area_budget_get(coalition, budget_uuid)
        data = validated(BudgetSpendingInputSerializer, request.data)
        spending = services.budget_spending_record(
            actor=actor,
            budget=budget,
            organisation_uuid=str(data["organisationId"]),
            year=data["year"],
            category=data["category"],
            amount=data["amount"],
        )
        return _created(BudgetSpendingOutputSerializer(spending).data)


class ImpactApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_impact",
        summary="Maatschappelijk rendement per gebied en jaar; cijfers alleen voor groepen van ten minste 10",
        responses={200: ImpactOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        overview = selectors.impact_overview(coalition)
        body = {
            "minimumGroupSize": overview.minimum,
            "total": _group(str(_("All")), overview.total),
            "byArea": [_group(g.label, g.figures) for g in overview.by_area],
            "byYear": [_group(g.label, g.figures) for g in overview.by_year],
            "byProgramme": [_group(g.label, g.figures) for g in overview.by_programme],
            "caveats": overview.caveats,
        }
        return Response(ImpactOutputSerializer(body).data)


# --- price list and micro-analysis ----------------------------------------------------------------


class PriceListApi(AgreementsApi):
    @extend_schema(
        operation_id="price_list_list",
        summary="Maatschappelijke prijslijst: referentiekosten met bron en jaar",
        responses={200: PriceItemOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        self.actor(request)
        return Response(PriceItemOutputSerializer(PriceItem.objects.all(), many=True).data)

    @extend_schema(
        operation_id="price_list_create",
        summary="Prijs toevoegen (bron en jaar verplicht)",
        request=PriceItemInputSerializer,
        responses={201: PriceItemOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        actor = self.actor(request)
        data = validated(PriceItemInputSerializer, request.data)
        item = services.price_item_create(
            actor=actor,
            code=data["code"],
            name=data["name"],
            amount=data["amount"],
            unit=data["unit"],
            year=data.get("year"),
            source=data.get("source", ""),
            indexation_percent=data["indexationPercent"],
            note=data.get("note", ""),
        )
        return _created(PriceItemOutputSerializer(item).data)


class MicroAnalysisApi(AgreementsApi):
    @extend_schema(
        operation_id="case_plans_micro_analysis_retrieve",
        summary="Micro-analyse (maatschappelijk rendement) van een plan, met kanttekeningen",
        responses={200: MicroAnalysisOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, plan_uuid: str) -> Response:
        view = selectors.micro_analysis_for_user(actor=self.actor(request), plan_uuid=plan_uuid)
        return Response(MicroAnalysisOutputSerializer(view).data)

    @extend_schema(
        operation_id="case_plans_micro_analysis_update",
        summary="Micro-analyse van een plan vastleggen of vervangen (regels uit de prijslijst)",
        request=MicroAnalysisInputSerializer,
        responses={200: MicroAnalysisOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = case_selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        data = validated(MicroAnalysisInputSerializer, request.data)
        services.micro_analysis_save(
            actor=actor,
            plan=plan,
            reference_scenario=data["referenceScenario"],
            is_new_case=data["isNewCase"],
            analysed_on=data.get("analysedOn"),
            programme=data.get("programme", ""),
            lines=[
                services.CostLineInput(
                    kind=line["kind"],
                    price_code=line["priceCode"],
                    quantity=line["quantity"],
                    description=line.get("description", ""),
                )
                for line in data["lines"]
            ],
        )
        view = selectors.micro_analysis_for_user(actor=actor, plan_uuid=plan_uuid)
        return Response(MicroAnalysisOutputSerializer(view).data)

    @extend_schema(
        operation_id="case_plans_micro_analysis_delete",
        summary="Micro-analyse van een plan verwijderen (vastgelegd in het logboek)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, plan_uuid: str) -> Response:
        actor = self.actor(request)
        plan = case_selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)
        services.micro_analysis_delete(actor=actor, plan=plan)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- learning, toolbox, roadmap -------------------------------------------------------------------


class LearningSessionListCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_learning_sessions_list",
        summary="Leersessies per niveau",
        responses={200: LearningSessionOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        sessions = LearningSession.objects.filter(coalition=coalition).prefetch_related("attendees")
        return Response(LearningSessionOutputSerializer(sessions, many=True).data)

    @extend_schema(
        operation_id="coalition_learning_sessions_create",
        summary="Leersessie vastleggen",
        request=LearningSessionInputSerializer,
        responses={201: LearningSessionOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(LearningSessionInputSerializer, request.data)
        session = services.learning_session_record(
            actor=actor,
            coalition=coalition,
            level=data["level"],
            held_on=data["heldOn"],
            themes=data["themes"],
            attendee_uuids=[str(value) for value in data["attendeeIds"]],
        )
        return _created(LearningSessionOutputSerializer(session).data)


class LessonListCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_lessons_list",
        summary="Leergeschiedenis doorzoeken (ook wat niet werkte)",
        parameters=[LessonFilterSerializer],
        responses={200: LessonOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        filters = validated(LessonFilterSerializer, request.query_params)
        lessons = selectors.lessons_search(coalition, query=filters.get("q", ""), kind=filters.get("kind", ""))
        return Response(LessonOutputSerializer(lessons, many=True).data)

    @extend_schema(
        operation_id="coalition_lessons_create",
        summary="Les toevoegen aan de leergeschiedenis",
        request=LessonInputSerializer,
        responses={201: LessonOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(LessonInputSerializer, request.data)
        session = selectors.learning_session_get(coalition, data["sessionId"]) if data.get("sessionId") else None
        lesson = services.lesson_record(
            actor=actor, coalition=coalition, kind=data["kind"], title=data["title"], text=data["text"], session=session
        )
        return _created(LessonOutputSerializer(lesson).data)


class LessonEscalateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_lessons_escalate",
        summary="Thema een niveau hoger agenderen (professionals → managers → bestuur)",
        request=None,
        responses={200: LessonOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, lesson_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        lesson = services.lesson_escalate(actor=actor, lesson=selectors.lesson_get(coalition, lesson_uuid))
        return Response(LessonOutputSerializer(lesson).data)


class ToolListCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_tools_list",
        summary="Gereedschapskist: instrumenten met waar ze wel en niet werkten",
        responses={200: ToolOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        return Response(ToolOutputSerializer(selectors.tools_for(coalition), many=True).data)

    @extend_schema(
        operation_id="coalition_tools_create",
        summary="Instrument toevoegen aan de gereedschapskist",
        request=ToolInputSerializer,
        responses={201: ToolOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(ToolInputSerializer, request.data)
        tool = services.tool_create(
            actor=actor,
            coalition=coalition,
            name=data["name"],
            description=data["description"],
            source=data.get("source", ""),
        )
        return _created(ToolOutputSerializer(tool).data)


class ToolEvaluationCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_tool_evaluations_create",
        summary="Evaluatie van een instrument: waar het wel of niet werkte",
        request=ToolEvaluationInputSerializer,
        responses={201: ToolEvaluationOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, tool_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        tool = selectors.tool_get(coalition, tool_uuid)
        data = validated(ToolEvaluationInputSerializer, request.data)
        evaluation = services.tool_evaluation_record(
            actor=actor,
            tool=tool,
            outcome=data["outcome"],
            context=data["context"],
            text=data["text"],
            evaluated_on=data.get("evaluatedOn"),
        )
        return _created(ToolEvaluationOutputSerializer(evaluation).data)


class PilotListCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_pilots_list",
        summary="Routekaart: pilots met hun voortgangscontroles (minstens twee per jaar)",
        responses={200: PilotOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        return Response(PilotOutputSerializer(selectors.pilots_for(coalition), many=True).data)

    @extend_schema(
        operation_id="coalition_pilots_create",
        summary="Pilot op de routekaart zetten",
        request=PilotInputSerializer,
        responses={201: PilotOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        data = validated(PilotInputSerializer, request.data)
        pilot = services.pilot_create(
            actor=actor,
            coalition=coalition,
            title=data["title"],
            goal=data["goal"],
            owner_uuid=data["ownerId"],
            starts_on=data["startsOn"],
            ends_on=data.get("endsOn"),
        )
        return _created(PilotOutputSerializer(pilot).data)


class PilotCheckCreateApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_pilot_checks_create",
        summary="Voortgangscontrole van een pilot vastleggen",
        request=PilotCheckInputSerializer,
        responses={201: PilotOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, pilot_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        pilot = selectors.pilot_get(coalition, pilot_uuid)
        data = validated(PilotCheckInputSerializer, request.data)
        services.pilot_check_record(
            actor=actor, pilot=pilot, checked_on=data["checkedOn"], progress=data["progress"], status=data["status"]
        )
        return _created(PilotOutputSerializer(selectors.pilot_get(coalition, pilot_uuid)).data)


# --- changing, archiving and removing -------------------------------------------------------------


def _no_content() -> Response:
    return Response(status=status.HTTP_204_NO_CONTENT)


class StrategicGoalDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_strategic_goals_update",
        summary="Strategisch doel wijzigen",
        request=StrategicGoalInputSerializer,
        responses={200: StrategicGoalOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, goal_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        goal = selectors.strategic_goal_get(coalition, goal_uuid)
        data = validated(StrategicGoalInputSerializer, request.data)
        services.strategic_goal_update(actor=actor, goal=goal, title=data["title"], purpose=data.get("purpose", ""))
        return Response(StrategicGoalOutputSerializer(goal).data)

    @extend_schema(
        operation_id="coalition_strategic_goals_delete",
        summary="Strategisch doel verwijderen (alleen zonder operationele doelen)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, goal_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        services.strategic_goal_delete(actor=actor, goal=selectors.strategic_goal_get(coalition, goal_uuid))
        return _no_content()


class OperationalGoalDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_operational_goals_update",
        summary="Operationeel doel wijzigen of onder een ander strategisch doel hangen",
        request=OperationalGoalInputSerializer,
        responses={200: OperationalGoalOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, goal_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        goal = selectors.operational_goal_get(coalition, goal_uuid)
        data = validated(OperationalGoalInputSerializer, request.data)
        services.operational_goal_update(
            actor=actor,
            goal=goal,
            title=data["title"],
            indicator=data.get("indicator", ""),
            strategic_goal_uuid=data["strategicGoalId"],
        )
        return Response(OperationalGoalOutputSerializer(goal).data)

    @extend_schema(
        operation_id="coalition_operational_goals_delete",
        summary="Operationeel doel verwijderen (niet als een inspanning alleen dit doel dient)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, goal_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        services.operational_goal_delete(actor=actor, goal=selectors.operational_goal_get(coalition, goal_uuid))
        return _no_content()


class EffortDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_efforts_update",
        summary="Inspanning wijzigen: doelen en partijen met RASCI-rol (precies één A)",
        request=EffortInputSerializer,
        responses={200: EffortOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, effort_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        effort = selectors.effort_get(coalition, effort_uuid)
        data = validated(EffortInputSerializer, request.data)
        services.effort_update(
            actor=actor,
            effort=effort,
            title=data["title"],
            goal_uuids=data["goalIds"],
            roles=data["roles"],
            description=data.get("description", ""),
        )
        return Response(EffortOutputSerializer(selectors.effort_get(coalition, effort_uuid)).data)

    @extend_schema(
        operation_id="coalition_efforts_delete", summary="Inspanning verwijderen", responses={204: None, **ERRORS}
    )
    def delete(self, request: Request, coalition_uuid: str, effort_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        services.effort_delete(actor=actor, effort=selectors.effort_get(coalition, effort_uuid))
        return _no_content()


class PerformanceAgreementDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_performance_agreements_update",
        summary="Prestatieafspraak wijzigen (de looptijd moet de jaarschijven blijven bevatten)",
        request=PerformanceAgreementUpdateInputSerializer,
        responses={200: PerformanceAgreementOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, agreement_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.performance_agreement_get(coalition, agreement_uuid)
        data = validated(PerformanceAgreementUpdateInputSerializer, request.data)
        services.performance_agreement_update(
            actor=actor,
            agreement=agreement,
            theme=data["theme"],
            title=data["title"],
            ambition=data["ambition"],
            goal=data["goal"],
            starts_in=data["startsIn"],
            ends_in=data["endsIn"],
            status=data["status"],
        )
        return Response(_performance_view(coalition, agreement))


class PerformanceAgreementArchiveApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_performance_agreements_archive",
        summary="Prestatieafspraak archiveren (uit lijsten en jaarverslag; jaarschijven en overleggen blijven)",
        request=None,
        responses={204: None, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, agreement_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.performance_agreement_get(coalition, agreement_uuid)
        services.performance_agreement_archive(actor=actor, agreement=agreement)
        return _no_content()


class AnnualCommitmentDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_annual_commitments_delete",
        summary="Jaarschijf (actie van een partij in een jaar) verwijderen",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, agreement_uuid: str, commitment_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.performance_agreement_get(coalition, agreement_uuid)
        commitment = selectors.annual_commitment_get(agreement, commitment_uuid)
        services.annual_commitment_remove(actor=actor, commitment=commitment)
        return _no_content()


class ProgressMeetingDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_progress_meetings_update",
        summary="Voortgangsoverleg wijzigen",
        request=ProgressMeetingUpdateInputSerializer,
        responses={200: ProgressMeetingOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, agreement_uuid: str, meeting_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.performance_agreement_get(coalition, agreement_uuid)
        meeting = selectors.progress_meeting_get(agreement, meeting_uuid)
        data = validated(ProgressMeetingUpdateInputSerializer, request.data)
        services.progress_meeting_update(actor=actor, meeting=meeting, held_on=data["heldOn"], notes=data["notes"])
        return Response(ProgressMeetingOutputSerializer(meeting).data)

    @extend_schema(
        operation_id="coalition_progress_meetings_delete",
        summary="Voortgangsoverleg verwijderen",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, agreement_uuid: str, meeting_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.performance_agreement_get(coalition, agreement_uuid)
        services.progress_meeting_remove(actor=actor, meeting=selectors.progress_meeting_get(agreement, meeting_uuid))
        return _no_content()


class FrameworkAgreementDetailApi(CoalitionApi):
    service_fields = {"homes": "homesPerYear"}

    @extend_schema(
        operation_id="coalition_framework_agreements_update",
        summary="Raamafspraak wijzigen: looptijd, woningen per jaar en aandelen (samen precies 100%)",
        request=FrameworkAgreementInputSerializer,
        responses={200: FrameworkAgreementOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, agreement_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.framework_agreement_get(coalition, agreement_uuid)
        data = validated(FrameworkAgreementInputSerializer, request.data)
        services.framework_agreement_update(
            actor=actor,
            agreement=agreement,
            target_group=data["targetGroup"],
            starts_in=data["startsIn"],
            ends_in=data["endsIn"],
            homes_per_year=data["homesPerYear"],
            shares={str(key): value for key, value in data["shares"].items()},
        )
        return Response(_framework_view(coalition, agreement.pk))


class FrameworkAgreementArchiveApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_framework_agreements_archive",
        summary="Raamafspraak archiveren (vraagt daarna geen woningen meer; resterend quotum 0)",
        request=None,
        responses={204: None, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, agreement_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.framework_agreement_get(coalition, agreement_uuid)
        services.framework_agreement_archive(actor=actor, agreement=agreement)
        return _no_content()


class FrameworkDeliveryDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_framework_deliveries_delete",
        summary="Vastgelegde levering verwijderen",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, agreement_uuid: str, delivery_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        agreement = selectors.framework_agreement_get(coalition, agreement_uuid)
        delivery = selectors.framework_delivery_get(agreement, delivery_uuid)
        services.framework_delivery_remove(actor=actor, delivery=delivery)
        return _no_content()


class KpiDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_kpis_update",
        summary="KPI wijzigen en streefwaarden vervangen (eenheid en jaar per streefwaarde verplicht)",
        request=KpiUpdateInputSerializer,
        responses={200: KpiOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, kpi_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        kpi = selectors.kpi_get(coalition, kpi_uuid)
        data = validated(KpiUpdateInputSerializer, request.data)
        services.kpi_update(
            actor=actor,
            kpi=kpi,
            name=data["name"],
            unit=data.get("unit", ""),
            direction=data["direction"],
            source=data["source"],
            targets=data["targets"],
            formula=data.get("formula"),
            result_area=data.get("resultArea", ""),
        )
        return Response(KpiOutputSerializer(selectors.kpi_get(coalition, kpi_uuid)).data)


class KpiArchiveApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_kpis_archive",
        summary="KPI archiveren (uit dashboard en jaarverslag; waarden blijven bewaard)",
        request=None,
        responses={204: None, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, kpi_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        services.kpi_archive(actor=actor, kpi=selectors.kpi_get(coalition, kpi_uuid))
        return _no_content()


class KpiValueDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_kpi_values_delete",
        summary="Verkeerd ingevoerde KPI-waarde verwijderen",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, kpi_uuid: str, value_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        kpi = selectors.kpi_get(coalition, kpi_uuid)
        services.kpi_measurement_remove(actor=actor, measurement=selectors.kpi_measurement_get(kpi, value_uuid))
        return _no_content()


class AreaBudgetDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_area_budgets_update",
        summary="Gebiedsbudget wijzigen (geen overlap; besteding moet binnen de looptijd blijven)",
        request=AreaBudgetInputSerializer,
        responses={200: AreaBudgetOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, budget_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        budget = selectors.area_budget_get(coalition, budget_uuid)
        data = validated(AreaBudgetInputSerializer, request.data)
        services.area_budget_update(
            actor=actor,
            budget=budget,
            area_code=data["areaCode"],
            name=data["name"],
            starts_in=data["startsIn"],
            ends_in=data["endsIn"],
            base_amount=data["baseAmount"],
            savings_split=data["savingsSplit"],
            indexation_percent=data["indexationPercent"],
            efficiency_percent=data["efficiencyPercent"],
            baseline_amount=data.get("baselineAmount"),
        )
        return Response(_budget_view(coalition, budget.pk))


class AreaBudgetArchiveApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_area_budgets_archive",
        summary="Gebiedsbudget archiveren (de periode komt vrij; besteding blijft bewaard)",
        request=None,
        responses={204: None, **ERRORS},
    )
    def post(self, request: Request, coalition_uuid: str, budget_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        services.area_budget_archive(actor=actor, budget=selectors.area_budget_get(coalition, budget_uuid))
        return _no_content()


class BudgetSpendingDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_budget_spendings_delete",
        summary="Vastgelegde besteding verwijderen",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, budget_uuid: str, spending_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        budget = selectors.area_budget_get(coalition, budget_uuid)
        services.budget_spending_remove(actor=actor, spending=selectors.budget_spending_get(budget, spending_uuid))
        return _no_content()


class LearningSessionDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_learning_sessions_update",
        summary="Leersessie wijzigen",
        request=LearningSessionInputSerializer,
        responses={200: LearningSessionOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, session_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        session = selectors.learning_session_get(coalition, session_uuid)
        data = validated(LearningSessionInputSerializer, request.data)
        services.learning_session_update(
            actor=actor,
            session=session,
            level=data["level"],
            held_on=data["heldOn"],
            themes=data["themes"],
            attendee_uuids=[str(value) for value in data["attendeeIds"]],
        )
        return Response(LearningSessionOutputSerializer(session).data)

    @extend_schema(
        operation_id="coalition_learning_sessions_delete",
        summary="Leersessie verwijderen (de lessen blijven in de leergeschiedenis)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, session_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        services.learning_session_delete(actor=actor, session=selectors.learning_session_get(coalition, session_uuid))
        return _no_content()


class LessonDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_lessons_update",
        summary="Les verbeteren (door wie haar schreef, of een coördinator of manager)",
        request=LessonUpdateInputSerializer,
        responses={200: LessonOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, lesson_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        lesson = selectors.lesson_get(coalition, lesson_uuid)
        data = validated(LessonUpdateInputSerializer, request.data)
        services.lesson_update(actor=actor, lesson=lesson, kind=data["kind"], title=data["title"], text=data["text"])
        return Response(LessonOutputSerializer(lesson).data)

    @extend_schema(
        operation_id="coalition_lessons_delete",
        summary="Les verwijderen (door wie haar schreef, of een coördinator of manager)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, lesson_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        services.lesson_delete(actor=actor, lesson=selectors.lesson_get(coalition, lesson_uuid))
        return _no_content()


# --- annual report --------------------------------------------------------------------------------


class ReportGoalOutputSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    operationalGoals = serializers.ListField(child=serializers.CharField())  # noqa: N815


class ReportCommitmentOutputSerializer(serializers.Serializer[Any]):
    organisation = serializers.CharField()
    action = serializers.CharField()
    status = serializers.ChoiceField(choices=AgreementStatus.choices)


class ReportPerformanceOutputSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    title = serializers.CharField()
    theme = serializers.ChoiceField(choices=PerformanceTheme.choices)
    status = serializers.ChoiceField(choices=AgreementStatus.choices)
    commitments = ReportCommitmentOutputSerializer(many=True, help_text="Jaarschijven van dit jaar")


class ReportFrameworkOutputSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    targetGroup = serializers.CharField()  # noqa: N815
    rows = QuotaRowOutputSerializer(many=True, help_text="Per partij: quotum, geleverd en tekort in dit jaar")
    shortfall = serializers.IntegerField(help_text="Tekort in dit jaar over alle partijen")


class AnnualReportOutputSerializer(serializers.Serializer[Any]):
    """The figures of the annual report (the PDF shows the same): no personal data, the societal
    return only as the aggregate of at least 10 plans."""

    coalitionId = serializers.UUIDField()  # noqa: N815
    coalition = serializers.CharField()
    year = serializers.IntegerField()
    ambition = serializers.CharField(allow_null=True)
    goals = ReportGoalOutputSerializer(many=True)
    kpiCounts = serializers.DictField(  # noqa: N815
        child=serializers.IntegerField(), help_text="Aantal KPI's per stoplichtkleur"
    )
    kpis = KpiDashboardRowOutputSerializer(many=True)
    performanceAgreements = ReportPerformanceOutputSerializer(many=True)  # noqa: N815
    frameworkAgreements = ReportFrameworkOutputSerializer(many=True)  # noqa: N815
    impact = GroupFiguresOutputSerializer()
    minimumGroupSize = serializers.IntegerField()  # noqa: N815
    caveats = serializers.ListField(child=serializers.CharField())


def _annual_report_body(report: selectors.AnnualReport) -> dict[str, Any]:
    din = report.din
    frameworks = []
    for view in report.frameworks:
        rows = report.quotas_of_year(view)
        frameworks.append(
            {
                "id": view.agreement.uuid,
                "targetGroup": view.agreement.target_group,
                "rows": rows,
                "shortfall": sum(row.shortfall for row in rows),
            }
        )
    return {
        "coalitionId": report.coalition.uuid,
        "coalition": report.coalition.name,
        "year": report.year,
        "ambition": din.agreement.ambition if din.agreement else None,
        "goals": [
            {"title": g.title, "operationalGoals": [o.title for o in g.operational_goals.all()]}
            for g in din.strategic_goals
        ],
        "kpiCounts": report.light_counts,
        "kpis": report.kpis,
        "performanceAgreements": [
            {
                "id": view.agreement.uuid,
                "title": view.agreement.title,
                "theme": view.agreement.theme,
                "status": view.agreement.status,
                "commitments": [
                    {"organisation": c.organisation.name, "action": c.action, "status": c.status}
                    for c in report.commitments_of_year(view)
                ],
            }
            for view in report.performance
        ],
        "frameworkAgreements": frameworks,
        "impact": _group(str(_("All")), report.impact.total),
        "minimumGroupSize": report.impact.minimum,
        "caveats": report.impact.caveats,
    }


class AnnualReportApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_annual_report",
        summary="Jaarverslag als cijfers: doelen, KPI's met stoplicht, afspraken, quota en rendement",
        parameters=[YearFilterSerializer],
        responses={200: AnnualReportOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> Response:
        _actor, coalition = self.coalition(request, coalition_uuid)
        year = validated(YearFilterSerializer, request.query_params).get("year") or timezone.localdate().year
        report = selectors.annual_report(coalition, year=year)
        return Response(AnnualReportOutputSerializer(_annual_report_body(report)).data)


class AnnualReportPdfApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_annual_report_pdf",
        summary="Jaarverslag als PDF",
        parameters=[YearFilterSerializer],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request: Request, coalition_uuid: str) -> HttpResponse:
        _actor, coalition = self.coalition(request, coalition_uuid)
        year = validated(YearFilterSerializer, request.query_params).get("year") or timezone.localdate().year
        response = HttpResponse(exports.annual_report_pdf(coalition, year=year), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="jaarverslag-{year}.pdf"'
        return response


# --- toolbox and roadmap: changing and removing ---------------------------------------------------


class ToolDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_tools_update",
        summary="Instrument in de gereedschapskist wijzigen",
        request=ToolInputSerializer,
        responses={200: ToolOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, tool_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        tool = selectors.tool_get(coalition, tool_uuid)
        data = validated(ToolInputSerializer, request.data)
        services.tool_update(
            actor=actor, tool=tool, name=data["name"], description=data["description"], source=data.get("source", "")
        )
        return Response(ToolOutputSerializer(tool).data)

    @extend_schema(
        operation_id="coalition_tools_delete",
        summary="Instrument verwijderen (alleen zonder evaluaties)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, tool_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        services.tool_delete(actor=actor, tool=selectors.tool_get(coalition, tool_uuid))
        return _no_content()


class ToolEvaluationDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_tool_evaluations_delete",
        summary="Evaluatie verwijderen (door de partij die haar schreef, of een coördinator of manager)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, tool_uuid: str, evaluation_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        tool = selectors.tool_get(coalition, tool_uuid)
        services.tool_evaluation_remove(actor=actor, evaluation=selectors.tool_evaluation_get(tool, evaluation_uuid))
        return _no_content()


class PilotDetailApi(CoalitionApi):
    @extend_schema(
        operation_id="coalition_pilots_update",
        summary="Pilot wijzigen (zonder controles schuift de eerste controle mee met de startdatum)",
        request=PilotInputSerializer,
        responses={200: PilotOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, coalition_uuid: str, pilot_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        pilot = selectors.pilot_get(coalition, pilot_uuid)
        data = validated(PilotInputSerializer, request.data)
        services.pilot_update(
            actor=actor,
            pilot=pilot,
            title=data["title"],
            goal=data["goal"],
            owner_uuid=data["ownerId"],
            starts_on=data["startsOn"],
            ends_on=data.get("endsOn"),
        )
        return Response(PilotOutputSerializer(selectors.pilot_get(coalition, pilot_uuid)).data)

    @extend_schema(
        operation_id="coalition_pilots_delete",
        summary="Pilot van de routekaart verwijderen (alleen zonder voortgangscontroles)",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, coalition_uuid: str, pilot_uuid: str) -> Response:
        actor, coalition = self.coalition(request, coalition_uuid)
        services.pilot_delete(actor=actor, pilot=selectors.pilot_get(coalition, pilot_uuid))
        return _no_content()
