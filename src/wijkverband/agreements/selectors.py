"""Reads of a coalition's agreements, its KPI dashboard and the societal return of case plans.

- Coalition-level reads start from ``access.coalition_get`` (a party sees only its coalitions).
- A micro-analysis is case-level cost data of a resident: it is read only through
  ``cases.selectors.case_plan_get_for_user`` (the case-plan policy: consent, need to know and
  taking part in the plan), which answers 404 and logs a denied read otherwise; a successful read
  of the analysis is logged as its own event.
- Aggregates of micro-analyses per area, programme and period are released only for groups of at
  least ``calculations.MIN_GROUP_SIZE`` plans; smaller groups show the count band, never figures.
- Every figure of societal return is shown with its caveats (attribution, reference scenario).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record
from wijkverband.cases import selectors as case_selectors
from wijkverband.cases.constants import InstrumentCode
from wijkverband.cases.models import CasePlan, MeasurementScore
from wijkverband.consent.constants import ConsentScope
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.validators import parse_uuid
from wijkverband.organisations.models import Coalition

from . import calculations, diagrams, kpis
from .models import (
    AnnualCommitment,
    AreaBudget,
    BudgetSpending,
    CollaborationAgreement,
    Effort,
    EffortRole,
    FrameworkAgreement,
    FrameworkDelivery,
    Kpi,
    KpiMeasurement,
    LearningSession,
    Lesson,
    MicroAnalysis,
    MicroAnalysisItem,
    OperationalGoal,
    PerformanceAgreement,
    Pilot,
    ProgressMeeting,
    StrategicGoal,
    Tool,
    ToolEvaluation,
)
from .quotas import QuotaRow, framework_overview

PROGRESS_MEETING_MONTHS = 2


def caveats() -> list[str]:
    return [
        _(
            "Attribution: a change in a resident's life has many causes; the costs avoided are what the team "
            "judged likely without the support, not a measured effect of the support alone."
        ),
        _(
            "Reference scenario: the avoided costs depend on the likely course written down per case; "
            "it is an estimate by the resident and professionals."
        ),
        _(
            "Prices come from the societal price list, each with its own source and year; none is an official "
            "national price list. Totals are at the prices of each item's own year unless marked as indexed."
        ),
    ]


# --- DIN ---------------------------------------------------------------------------------------


@dataclass
class DinView:
    agreement: CollaborationAgreement | None
    strategic_goals: list[StrategicGoal]
    efforts: list[Effort]
    svg: str

    @property
    def operational_goals(self) -> list[OperationalGoal]:
        return [goal for strategic in self.strategic_goals for goal in strategic.operational_goals.all()]


def din_for_coalition(coalition: Coalition) -> DinView:
    agreement = CollaborationAgreement.objects.filter(coalition=coalition).first()
    if agreement is None:
        return DinView(agreement=None, strategic_goals=[], efforts=[], svg="")
    strategic = list(
        StrategicGoal.objects.filter(agreement=agreement).prefetch_related(
            Prefetch("operational_goals", queryset=OperationalGoal.objects.order_by("created_at"))
        )
    )
    efforts = list(
        Effort.objects.filter(agreement=agreement).prefetch_related(
            "goals", Prefetch("roles", queryset=EffortRole.objects.select_related("organisation"))
        )
    )
    graph = diagrams.DinGraph(
        ambition=agreement.ambition,
        strategic=[diagrams.Node(str(g.uuid), g.title) for g in strategic],
        operational=[
            (diagrams.Node(str(o.uuid), o.title), str(g.uuid)) for g in strategic for o in g.operational_goals.all()
        ],
        efforts=[(diagrams.Node(str(e.uuid), e.title), [str(o.uuid) for o in e.goals.all()]) for e in efforts],
    )
    svg = diagrams.din_svg(graph, title=_("Goals and efforts of %(name)s") % {"name": coalition.name})
    return DinView(agreement=agreement, strategic_goals=strategic, efforts=efforts, svg=svg)


# --- performance and framework agreements -----------------------------------------------------


@dataclass
class PerformanceView:
    agreement: PerformanceAgreement
    commitments: list[AnnualCommitment]
    last_meeting_on: date | None
    next_meeting_due: date

    @property
    def meeting_overdue(self) -> bool:
        return self.next_meeting_due < timezone.localdate()


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def performance_agreements_for(coalition: Coalition) -> list[PerformanceView]:
    agreements = PerformanceAgreement.objects.filter(coalition=coalition, archived_on__isnull=True).prefetch_related(
        Prefetch("commitments", queryset=AnnualCommitment.objects.select_related("organisation")), "meetings"
    )
    views = []
    for agreement in agreements:
        meetings = list(agreement.meetings.all())
        last = max((m.held_on for m in meetings), default=None)
        start = last or agreement.created_at.date()
        views.append(
            PerformanceView(
                agreement=agreement,
                commitments=list(agreement.commitments.all()),
                last_meeting_on=last,
                next_meeting_due=_add_months(start, PROGRESS_MEETING_MONTHS),
            )
        )
    return views


def performance_agreement_get(coalition: Coalition, agreement_uuid: uuid.UUID | str) -> PerformanceAgreement:
    agreement = PerformanceAgreement.objects.filter(
        coalition=coalition, uuid=_as_uuid(agreement_uuid), archived_on__isnull=True
    ).first()
    if agreement is None:
        raise NotVisible()
    return agreement


def framework_agreement_get(coalition: Coalition, agreement_uuid: uuid.UUID | str) -> FrameworkAgreement:
    agreement = FrameworkAgreement.objects.filter(
        coalition=coalition, uuid=_as_uuid(agreement_uuid), archived_on__isnull=True
    ).first()
    if agreement is None:
        raise NotVisible()
    return agreement


def kpi_get(coalition: Coalition, kpi_uuid: uuid.UUID | str) -> Kpi:
    kpi = Kpi.objects.filter(coalition=coalition, uuid=_as_uuid(kpi_uuid), archived_on__isnull=True).first()
    if kpi is None:
        raise NotVisible()
    return kpi


def _as_uuid(value: uuid.UUID | str) -> uuid.UUID:
    # A malformed id matches nothing, like an unknown one: both end as a 404.
    return parse_uuid(value) or uuid.UUID(int=0)


@dataclass
class FrameworkView:
    agreement: FrameworkAgreement
    rows: list[QuotaRow]

    @property
    def shortfall(self) -> int:
        return sum(row.shortfall for row in self.rows)


def framework_agreements_for(coalition: Coalition) -> list[FrameworkView]:
    agreements = FrameworkAgreement.objects.filter(coalition=coalition, archived_on__isnull=True).prefetch_related(
        "targets"
    )
    return [FrameworkView(agreement=a, rows=framework_overview(a)) for a in agreements]


# --- KPI dashboard ----------------------------------------------------------------------------


@dataclass
class KpiRow:
    kpi: Kpi
    value: Decimal | None
    target: Decimal | None
    light: str
    progress: Decimal | None
    areas: int
    history: dict[int, Decimal] = field(default_factory=dict)


def kpis_for(coalition: Coalition) -> QuerySet[Kpi]:
    """The coalition's KPIs in use (archived ones are left out), with their targets."""
    return Kpi.objects.filter(coalition=coalition, archived_on__isnull=True).prefetch_related("targets")


def kpi_dashboard(coalition: Coalition, *, year: int) -> list[KpiRow]:
    """One row per KPI: the year's rolled-up value against its target, with a traffic light.

    Three queries whatever the number of KPIs, areas or years: KPIs, targets, and the measurements
    added up per KPI and year by the database (50 KPIs x 10 years x 100 areas are 500 totals, not
    50,000 rows); the pure module turns the totals into the yearly value.
    """
    kpi_list = list(kpis_for(coalition))
    totals: dict[int, list[tuple[int, Decimal, int]]] = defaultdict(list)
    areas: dict[int, int] = {}
    grouped = (
        KpiMeasurement.objects.filter(kpi_id__in=[kpi.pk for kpi in kpi_list])
        .values("kpi_id", "year")
        .annotate(total=Sum("value"), count=Count("pk"), areas=Count("area_code", distinct=True))
        .order_by()
    )
    for group in grouped:
        totals[group["kpi_id"]].append((group["year"], group["total"], group["count"]))
        if group["year"] == year:
            areas[group["kpi_id"]] = group["areas"]
    rows = []
    for kpi in kpi_list:
        history = kpis.rollup_totals(totals[kpi.pk], aggregation=kpi.aggregation)
        targets = {t.year: t.value for t in kpi.targets.all()}
        value, target = history.get(year), targets.get(year)
        rows.append(
            KpiRow(
                kpi=kpi,
                value=value,
                target=target,
                light=kpis.traffic_light(value, target, direction=kpi.direction),
                progress=kpis.progress_percent(value, target, direction=kpi.direction),
                areas=areas.get(kpi.pk, 0),
                history=history,
            )
        )
    return rows


def _in_coalition(model: type[Any], coalition: Coalition, object_uuid: uuid.UUID | str) -> Any:
    found = model.objects.filter(coalition=coalition, uuid=_as_uuid(object_uuid)).first()
    if found is None:
        raise NotVisible()
    return found


def area_budget_get(coalition: Coalition, budget_uuid: uuid.UUID | str) -> AreaBudget:
    budget = _in_coalition(AreaBudget, coalition, budget_uuid)
    if budget.archived_on is not None:
        raise NotVisible()
    return budget  # type: ignore[no-any-return]


def _part_of(queryset: QuerySet[Any], object_uuid: uuid.UUID | str) -> Any:
    # The part (goal, action, value, …) of one coalition's agreement, or a 404 like an unknown id.
    found = queryset.filter(uuid=_as_uuid(object_uuid)).first()
    if found is None:
        raise NotVisible()
    return found


def strategic_goal_get(coalition: Coalition, goal_uuid: uuid.UUID | str) -> StrategicGoal:
    return _part_of(StrategicGoal.objects.filter(agreement__coalition=coalition), goal_uuid)  # type: ignore[no-any-return]


def operational_goal_get(coalition: Coalition, goal_uuid: uuid.UUID | str) -> OperationalGoal:
    goals = OperationalGoal.objects.filter(strategic_goal__agreement__coalition=coalition)
    return _part_of(goals.select_related("strategic_goal__agreement"), goal_uuid)  # type: ignore[no-any-return]


def effort_get(coalition: Coalition, effort_uuid: uuid.UUID | str) -> Effort:
    return _part_of(Effort.objects.filter(agreement__coalition=coalition), effort_uuid)  # type: ignore[no-any-return]


def annual_commitment_get(agreement: PerformanceAgreement, commitment_uuid: uuid.UUID | str) -> AnnualCommitment:
    return _part_of(agreement.commitments.all(), commitment_uuid)  # type: ignore[no-any-return]


def progress_meeting_get(agreement: PerformanceAgreement, meeting_uuid: uuid.UUID | str) -> ProgressMeeting:
    return _part_of(agreement.meetings.all(), meeting_uuid)  # type: ignore[no-any-return]


def framework_delivery_get(agreement: FrameworkAgreement, delivery_uuid: uuid.UUID | str) -> FrameworkDelivery:
    return _part_of(agreement.deliveries.all(), delivery_uuid)  # type: ignore[no-any-return]


def kpi_measurement_get(kpi: Kpi, measurement_uuid: uuid.UUID | str) -> KpiMeasurement:
    return _part_of(kpi.measurements.all(), measurement_uuid)  # type: ignore[no-any-return]


def tool_evaluation_get(tool: Tool, evaluation_uuid: uuid.UUID | str) -> ToolEvaluation:
    return _part_of(tool.evaluations.all(), evaluation_uuid)  # type: ignore[no-any-return]


def budget_spending_get(budget: AreaBudget, spending_uuid: uuid.UUID | str) -> BudgetSpending:
    return _part_of(budget.spendings.all(), spending_uuid)  # type: ignore[no-any-return]


def learning_session_get(coalition: Coalition, session_uuid: uuid.UUID | str) -> LearningSession:
    return _in_coalition(LearningSession, coalition, session_uuid)  # type: ignore[no-any-return]


def lesson_get(coalition: Coalition, lesson_uuid: uuid.UUID | str) -> Lesson:
    return _in_coalition(Lesson, coalition, lesson_uuid)  # type: ignore[no-any-return]


def tool_get(coalition: Coalition, tool_uuid: uuid.UUID | str) -> Tool:
    return _in_coalition(Tool, coalition, tool_uuid)  # type: ignore[no-any-return]


def pilot_get(coalition: Coalition, pilot_uuid: uuid.UUID | str) -> Pilot:
    return _in_coalition(Pilot, coalition, pilot_uuid)  # type: ignore[no-any-return]


def kpi_measurements(kpi: Kpi) -> list[KpiMeasurement]:
    return list(KpiMeasurement.objects.filter(kpi=kpi))


# --- budgets and learning ---------------------------------------------------------------------


@dataclass
class BudgetView:
    budget: AreaBudget
    years: list[tuple[int, Decimal, Decimal]]  # year, budget, spent
    by_party: list[tuple[str, Decimal]] = field(default_factory=list)
    by_category: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def total_budget(self) -> Decimal:
        return sum((amount for _y, amount, _s in self.years), Decimal(0))

    @property
    def total_spent(self) -> Decimal:
        return sum((spent for _y, _b, spent in self.years), Decimal(0))

    @property
    def savings(self) -> Decimal | None:
        if self.budget.baseline_amount is None:
            return None
        return sum((self.budget.baseline_amount - spent for _y, _b, spent in self.years if spent), Decimal(0))

    @property
    def savings_split(self) -> dict[str, Decimal] | None:
        savings = self.savings
        if savings is None or savings <= 0:
            return None
        shares = {
            "residents": self.budget.savings_residents,
            "municipality": self.budget.savings_municipality,
            "providers": self.budget.savings_providers,
        }
        return calculations.split_amount(savings, {k: v for k, v in shares.items() if v})


def area_budgets_for(coalition: Coalition) -> list[BudgetView]:
    views = []
    spendings = BudgetSpending.objects.select_related("organisation")
    budgets = AreaBudget.objects.filter(coalition=coalition, archived_on__isnull=True).prefetch_related(
        Prefetch("spendings", queryset=spendings)
    )
    for budget in budgets:
        spent: dict[int, Decimal] = defaultdict(Decimal)
        by_party: dict[str, Decimal] = defaultdict(Decimal)
        by_category: dict[str, Decimal] = defaultdict(Decimal)
        for spending in budget.spendings.all():
            spent[spending.year] += spending.amount
            by_party[spending.organisation.name] += spending.amount
            by_category[spending.category] += spending.amount
        years = [
            (
                year,
                calculations.budget_for_year(
                    budget.base_amount,
                    base_year=budget.starts_in,
                    year=year,
                    yearly_percent=budget.indexation_percent,
                    efficiency_percent=budget.efficiency_percent,
                ),
                spent.get(year, Decimal(0)),
            )
            for year in range(budget.starts_in, budget.ends_in + 1)
        ]
        views.append(
            BudgetView(
                budget=budget, years=years, by_party=sorted(by_party.items()), by_category=sorted(by_category.items())
            )
        )
    return views


def lessons_search(coalition: Coalition, *, query: str = "", kind: str = "") -> list[Lesson]:
    lessons = Lesson.objects.filter(coalition=coalition).select_related("session")
    if query.strip():
        from django.db.models import Q

        lessons = lessons.filter(Q(title__icontains=query.strip()) | Q(text__icontains=query.strip()))
    if kind:
        lessons = lessons.filter(kind=kind)
    return list(lessons[:200])


# --- micro-analysis ---------------------------------------------------------------------------


@dataclass
class CostLineView:
    item: MicroAnalysisItem
    line: calculations.CostLine
    amount: Decimal
    indexed: Decimal


@dataclass
class MicroAnalysisView:
    plan: CasePlan
    analysis: MicroAnalysis | None
    lines: list[CostLineView]
    result: calculations.SocietalReturn
    indexed: calculations.SocietalReturn
    index_year: int
    wellbeing_before: int | None
    wellbeing_after: int | None
    caveats: list[str]

    @property
    def spent_lines(self) -> list[CostLineView]:
        return [line for line in self.lines if line.item.kind == calculations.SPENT]

    @property
    def avoided_lines(self) -> list[CostLineView]:
        return [line for line in self.lines if line.item.kind == calculations.AVOIDED]


def _cost_line(item: MicroAnalysisItem) -> calculations.CostLine:
    price = item.price_item
    return calculations.CostLine(
        kind=item.kind,
        label=item.description or price.name,
        quantity=item.quantity,
        unit_amount=price.amount,
        price_year=price.year,
        yearly_percent=price.indexation_percent,
    )


def wellbeing_before_after(plan_ids: list[int]) -> dict[int, tuple[int | None, int | None]]:
    """First and last overall wellbeing score per plan (None for after with a single measurement)."""
    rows = (
        MeasurementScore.objects.filter(
            domain__isnull=True,
            measurement__plan_id__in=plan_ids,
            measurement__instrument__code=InstrumentCode.WELLBEING,
        )
        .order_by("measurement__measured_on", "measurement__created_at")
        .values_list("measurement__plan_id", "value")
    )
    scores: dict[int, list[int]] = defaultdict(list)
    for plan_id, value in rows:
        scores[plan_id].append(value)
    return {plan_id: (values[0], values[-1] if len(values) > 1 else None) for plan_id, values in scores.items()}


def micro_analysis_for_user(*, actor: Actor, plan_uuid: uuid.UUID | str) -> MicroAnalysisView:
    plan = case_selectors.case_plan_get_for_user(actor=actor, plan_uuid=plan_uuid)  # 404 + denied read otherwise
    analysis = MicroAnalysis.objects.filter(plan=plan).first()
    items = list(MicroAnalysisItem.objects.filter(analysis=analysis).select_related("price_item")) if analysis else []
    year = timezone.localdate().year
    lines = []
    for item in items:
        line = _cost_line(item)
        lines.append(CostLineView(item=item, line=line, amount=line.amount, indexed=line.amount_in(year)))
    before, after = wellbeing_before_after([plan.pk]).get(plan.pk, (None, None))
    if analysis is not None:
        audit_event_record(
            actor=actor,
            event_type="micro_analysis.read",
            action=AuditAction.READ,
            resident_uuid=plan.resident.uuid,
            object_type="micro_analysis",
            object_uuid=analysis.uuid,
            scope=ConsentScope.CASE_PLAN,
        )
    return MicroAnalysisView(
        plan=plan,
        analysis=analysis,
        lines=lines,
        result=calculations.societal_return(line.line for line in lines),
        indexed=calculations.societal_return((line.line for line in lines), in_year=year),
        index_year=year,
        wellbeing_before=before,
        wellbeing_after=after,
        caveats=caveats(),
    )


@dataclass
class ImpactGroup:
    label: str
    figures: calculations.GroupFigures


@dataclass
class ImpactOverview:
    total: calculations.GroupFigures
    by_area: list[ImpactGroup]
    by_year: list[ImpactGroup]
    by_programme: list[ImpactGroup]
    minimum: int
    caveats: list[str]


def impact_overview(coalition: Coalition, *, minimum: int = calculations.MIN_GROUP_SIZE) -> ImpactOverview:
    """Micro-analyses of the plans in the coalition's districts, aggregated per district, year and programme.

    No resident or plan is named and groups under ``minimum`` plans show only their size, so this
    is available to every member of the coalition, managers included.
    """
    districts = list(coalition.districts.values_list("code", flat=True)) or list(
        coalition.municipality.districts.values_list("code", flat=True)
    )
    rows = MicroAnalysisItem.objects.filter(
        analysis__plan__resident__neighbourhood__district__code__in=districts
    ).values_list(
        "analysis__plan_id",
        "analysis__plan__resident__neighbourhood__district__name",
        "analysis__analysed_on",
        "analysis__programme",
        "kind",
        "quantity",
        "price_item__amount",
    )
    spent: dict[int, Decimal] = defaultdict(Decimal)
    avoided: dict[int, Decimal] = defaultdict(Decimal)
    area: dict[int, str] = {}
    year: dict[int, int] = {}
    programme: dict[int, str] = {}
    for plan_id, district_name, analysed_on, programme_name, kind, quantity, amount in rows:
        cost = calculations.to_cents(quantity * amount)
        (spent if kind == calculations.SPENT else avoided)[plan_id] += cost
        area[plan_id], year[plan_id] = district_name, analysed_on.year
        programme[plan_id] = programme_name or _("No programme given")
    wellbeing = wellbeing_before_after(list(area))
    cases = {
        plan_id: calculations.CaseFigures(
            spent=spent[plan_id],
            avoided=avoided[plan_id],
            wellbeing_before=wellbeing.get(plan_id, (None, None))[0],
            wellbeing_after=wellbeing.get(plan_id, (None, None))[1],
        )
        for plan_id in area
    }

    def grouped(keys: dict[int, object]) -> list[ImpactGroup]:
        groups: dict[str, list[calculations.CaseFigures]] = defaultdict(list)
        for plan_id, key in keys.items():
            groups[str(key)].append(cases[plan_id])
        return [
            ImpactGroup(label=label, figures=calculations.group_figures(members, minimum=minimum))
            for label, members in sorted(groups.items())
        ]

    return ImpactOverview(
        total=calculations.group_figures(list(cases.values()), minimum=minimum),
        by_area=grouped(dict(area)),
        by_year=grouped(dict(year)),
        by_programme=grouped(dict(programme)),
        minimum=minimum,
        caveats=caveats(),
    )


# --- toolbox and roadmap ----------------------------------------------------------------------


def tools_for(coalition: Coalition) -> list[Tool]:
    return list(Tool.objects.filter(coalition=coalition).prefetch_related("evaluations__organisation"))


def pilots_for(coalition: Coalition) -> list[Pilot]:
    return list(Pilot.objects.filter(coalition=coalition).select_related("owner").prefetch_related("checks"))


def escalated_lessons(coalition: Coalition) -> list[Lesson]:
    """Themes put on the agenda of managers or the board, newest escalation first."""
    return list(
        Lesson.objects.filter(coalition=coalition)
        .exclude(escalated_to="")
        .order_by("-escalated_on", "-created_at")
        .select_related("session")
    )


# --- annual report ----------------------------------------------------------------------------


@dataclass
class AnnualReport:
    """The figures of a coalition's annual report, read once for the PDF and the API alike.

    No personal data: the societal return is the aggregate with the minimum group size applied."""

    coalition: Coalition
    year: int
    din: DinView
    kpis: list[KpiRow]
    performance: list[PerformanceView]
    frameworks: list[FrameworkView]
    impact: ImpactOverview

    @property
    def light_counts(self) -> dict[str, int]:
        return {
            light: sum(1 for row in self.kpis if row.light == light) for light in ("green", "orange", "red", "grey")
        }

    def commitments_of_year(self, view: PerformanceView) -> list[AnnualCommitment]:
        return [c for c in view.commitments if c.year == self.year]

    def quotas_of_year(self, view: FrameworkView) -> list[QuotaRow]:
        return [row for row in view.rows if row.year == self.year]


def annual_report(coalition: Coalition, *, year: int) -> AnnualReport:
    return AnnualReport(
        coalition=coalition,
        year=year,
        din=din_for_coalition(coalition),
        kpis=kpi_dashboard(coalition, year=year),
        performance=performance_agreements_for(coalition),
        frameworks=framework_agreements_for(coalition),
        impact=impact_overview(coalition),
    )
