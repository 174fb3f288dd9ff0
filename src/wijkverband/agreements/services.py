"""Writes on a coalition's agreements. Every function is atomic, checks access and validates fully.

- Only coordinators and managers of a party in the coalition write (``access.require_edit``);
  a coalition the actor's organisation is not part of is a 404.
- Parties named anywhere (RASCI roles, jaarschijven, shares, deliveries) must belong to the coalition.
- An effort serves at least one operational goal of the same DIN and has exactly one Accountable party.
- Shares of a framework agreement or a savings split add up to exactly 100%.
- KPI targets need a unit and a year; measurements need a known area and period.
- Area budgets of one area may not overlap in time.
- Prices need a source and a year; a micro-analysis is written only by someone who may contribute
  to the case plan (``consent.policy.plan_permissions``) and is audited like the plan itself.
- Anything refused raises ValidationError (a Dutch message per field) before anything is written.
- Pilots on the routekaart are checked at least twice a year; ``pilot_reminders_run`` (daily,
  django-q2) reminds the owning party's coordinators and managers once before and once after a
  check falls due. A lesson's theme is escalated one level at a time (professionals → managers → board).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record
from wijkverband.cases.models import CasePlan
from wijkverband.consent import policy
from wijkverband.consent.constants import ConsentScope
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.core.validators import parse_uuid
from wijkverband.neighbourhoods.models import District, Neighbourhood
from wijkverband.organisations.models import Coalition, Organisation

from . import calculations
from .access import require_edit
from .automatic import AUTOMATIC_KPIS
from .constants import (
    LEVEL_ORDER,
    PILOT_CHECK_MONTHS,
    PILOT_REMIND_DAYS,
    AgreementStatus,
    CostKind,
    KpiMethod,
    LearningLevel,
    PerformanceTheme,
    Period,
    Rasci,
    ToolOutcome,
)
from .models import (
    AnnualCommitment,
    AreaBudget,
    BudgetSpending,
    CollaborationAgreement,
    Effort,
    EffortRole,
    FrameworkAgreement,
    FrameworkDelivery,
    FrameworkShare,
    FrameworkTarget,
    Kpi,
    KpiMeasurement,
    KpiTarget,
    LearningSession,
    Lesson,
    MicroAnalysis,
    MicroAnalysisItem,
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


def _text(value: str, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    return value


def _years(starts_in: int, ends_in: int) -> None:
    if ends_in < starts_in:
        raise ValidationError({"ends_in": _("The last year cannot lie before the first year.")})


def _parties(
    coalition: Coalition, organisation_uuids: Sequence[uuid.UUID | str], field: str
) -> dict[str, Organisation]:
    wanted: set[str] = set()
    for value in organisation_uuids:
        try:
            wanted.add(str(uuid.UUID(str(value))))
        except ValueError:
            raise ValidationError({field: _("This party does not take part in the coalition.")}) from None
    found = {str(o.uuid): o for o in coalition.organisations.filter(uuid__in=wanted)}
    if set(found) != wanted:
        raise ValidationError({field: _("This party does not take part in the coalition.")})
    return found


def _decimal(value: object, field: str) -> Decimal:
    if isinstance(value, float):
        # Money and shares never pass through float; callers parse text into Decimal.
        raise ValidationError({field: _("Enter a number.")})
    try:
        return Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter a number.")}) from None


def _percent(value: Decimal) -> str:
    # 90.000 → "90", 33.5 → "33,5": plain Dutch notation, never "9E+1".
    return format(value.normalize(), "f").replace(".", ",")


def _save(obj: object) -> None:
    obj.full_clean()  # type: ignore[attr-defined]
    obj.save()  # type: ignore[attr-defined]


# --- DIN ---------------------------------------------------------------------------------------


@transaction.atomic
def collaboration_agreement_save(
    *, actor: Actor, coalition: Coalition, ambition: str, starts_in: int, ends_in: int
) -> CollaborationAgreement:
    require_edit(actor, coalition)
    ambition = _text(ambition, "ambition")
    _years(starts_in, ends_in)
    agreement = CollaborationAgreement.objects.filter(coalition=coalition).first() or CollaborationAgreement(
        coalition=coalition
    )
    agreement.ambition, agreement.starts_in, agreement.ends_in = ambition, starts_in, ends_in
    _save(agreement)
    return agreement


def _din(coalition: Coalition) -> CollaborationAgreement:
    agreement = CollaborationAgreement.objects.filter(coalition=coalition).first()
    if agreement is None:
        raise ValidationError({"ambition": _("First write down the coalition's ambition.")})
    return agreement


@transaction.atomic
def din_template_apply(*, actor: Actor, coalition: Coalition, template_key: str, year: int) -> CollaborationAgreement:
    """Start a DIN from a template (Ruwaard, Selwerd); refused when the DIN already has goals."""
    require_edit(actor, coalition)
    template = DIN_TEMPLATES.get(template_key)
    if template is None:
        raise ValidationError({"template": _("Unknown template.")})
    agreement = CollaborationAgreement.objects.filter(coalition=coalition).first()
    if agreement is not None and agreement.strategic_goals.exists():
        raise ValidationError({"template": _("This coalition already has goals; a template only starts an empty DIN.")})
    agreement = collaboration_agreement_save(
        actor=actor, coalition=coalition, ambition=template.ambition, starts_in=year, ends_in=year + 4
    )
    for order, goal in enumerate(template.goals, start=1):
        strategic = StrategicGoal.objects.create(
            agreement=agreement, order=order, title=goal.title, purpose=goal.purpose
        )
        for title in goal.operational:
            OperationalGoal.objects.create(strategic_goal=strategic, title=title)
    return agreement


@transaction.atomic
def strategic_goal_add(*, actor: Actor, coalition: Coalition, title: str, purpose: str = "") -> StrategicGoal:
    require_edit(actor, coalition)
    agreement = _din(coalition)
    goal = StrategicGoal(
        agreement=agreement,
        title=_text(title, "title"),
        purpose=_text(purpose, "purpose", required=False),
        order=agreement.strategic_goals.count() + 1,
    )
    _save(goal)
    return goal


@transaction.atomic
def operational_goal_add(
    *, actor: Actor, coalition: Coalition, strategic_goal_uuid: uuid.UUID | str, title: str, indicator: str = ""
) -> OperationalGoal:
    require_edit(actor, coalition)
    agreement = _din(coalition)
    strategic = StrategicGoal.objects.filter(agreement=agreement, uuid=_uuid(strategic_goal_uuid)).first()
    if strategic is None:
        raise ValidationError({"strategic_goal": _("Choose a strategic goal of this coalition.")})
    goal = OperationalGoal(
        strategic_goal=strategic, title=_text(title, "title"), indicator=_text(indicator, "indicator", required=False)
    )
    _save(goal)
    return goal


def _uuid(value: uuid.UUID | str | None) -> uuid.UUID:
    # A missing or malformed id matches nothing (the nil UUID is never generated by uuid4).
    return (parse_uuid(value) if value else None) or uuid.UUID(int=0)


@transaction.atomic
def effort_create(
    *,
    actor: Actor,
    coalition: Coalition,
    title: str,
    goal_uuids: Sequence[uuid.UUID | str],
    roles: Mapping[str, str],
    description: str = "",
) -> Effort:
    """An effort serving one or more operational goals, with a RASCI role per party (exactly one A)."""
    require_edit(actor, coalition)
    agreement = _din(coalition)
    errors: dict[str, str] = {}
    wanted = {_uuid(value) for value in goal_uuids}
    goals = list(OperationalGoal.objects.filter(strategic_goal__agreement=agreement, uuid__in=wanted))
    if not wanted or len(goals) != len(wanted):
        errors["goals"] = _("Link the effort to at least one operational goal of this coalition.")
    if any(role not in Rasci.values for role in roles.values()):
        errors["roles"] = _("A role is one of R, A, S, C or I.")
    elif list(roles.values()).count(Rasci.ACCOUNTABLE) != 1:
        errors["roles"] = _("An effort needs exactly one Accountable (A) party.")
    if errors:
        raise ValidationError(errors)
    parties = _parties(coalition, list(roles), "roles")
    effort = Effort(
        agreement=agreement, title=_text(title, "title"), description=_text(description, "description", required=False)
    )
    _save(effort)
    effort.goals.set(goals)
    EffortRole.objects.bulk_create(
        [EffortRole(effort=effort, organisation=parties[str(uuid.UUID(key))], role=role) for key, role in roles.items()]
    )
    return effort


# --- performance agreements -------------------------------------------------------------------


@transaction.atomic
def performance_agreement_create(
    *,
    actor: Actor,
    coalition: Coalition,
    theme: str,
    title: str,
    ambition: str,
    goal: str,
    starts_in: int,
    ends_in: int,
) -> PerformanceAgreement:
    require_edit(actor, coalition)
    if theme not in PerformanceTheme.values:
        raise ValidationError({"theme": _("Choose a theme.")})
    _years(starts_in, ends_in)
    agreement = PerformanceAgreement(
        coalition=coalition,
        theme=theme,
        title=_text(title, "title"),
        ambition=_text(ambition, "ambition"),
        goal=_text(goal, "goal"),
        starts_in=starts_in,
        ends_in=ends_in,
    )
    _save(agreement)
    return agreement


@transaction.atomic
def annual_commitment_set(
    *,
    actor: Actor,
    agreement: PerformanceAgreement,
    organisation_uuid: uuid.UUID | str,
    year: int,
    action: str,
    status: str = AgreementStatus.PLANNED,
) -> AnnualCommitment:
    """The one action of a party in a year (jaarschijf); setting it again replaces it."""
    require_edit(actor, agreement.coalition)
    if not agreement.starts_in <= year <= agreement.ends_in:
        raise ValidationError(
            {
                "year": _("The year must lie within %(start)s–%(end)s.")
                % {"start": agreement.starts_in, "end": agreement.ends_in}
            }
        )
    if status not in AgreementStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    party = _parties(agreement.coalition, [organisation_uuid], "organisation")[str(uuid.UUID(str(organisation_uuid)))]
    commitment = AnnualCommitment.objects.filter(agreement=agreement, organisation=party, year=year).first()
    commitment = commitment or AnnualCommitment(agreement=agreement, organisation=party, year=year)
    commitment.action, commitment.status = _text(action, "action"), status
    _save(commitment)
    return commitment


@transaction.atomic
def progress_meeting_record(
    *, actor: Actor, agreement: PerformanceAgreement, held_on: date, notes: str, status: str = ""
) -> ProgressMeeting:
    require_edit(actor, agreement.coalition)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting cannot lie in the future.")})
    meeting = ProgressMeeting(agreement=agreement, held_on=held_on, notes=_text(notes, "notes"))
    _save(meeting)
    if status:
        if status not in AgreementStatus.values:
            raise ValidationError({"status": _("Choose a status.")})
        agreement.status = status
        agreement.save(update_fields=["status", "updated_at"])
    return meeting


# --- framework agreements ---------------------------------------------------------------------


@transaction.atomic
def framework_agreement_create(
    *,
    actor: Actor,
    coalition: Coalition,
    target_group: str,
    starts_in: int,
    ends_in: int,
    homes_per_year: Mapping[int, int],
    shares: Mapping[str, Decimal],
) -> FrameworkAgreement:
    """Homes needed per year for a target group, divided over parties by shares adding up to 100%."""
    require_edit(actor, coalition)
    _years(starts_in, ends_in)
    parsed = {key: _decimal(value, "shares") for key, value in shares.items()}
    try:
        calculations.shares_check(parsed)
    except calculations.ShareError:
        raise ValidationError(
            {
                "shares": _("The shares must add up to exactly 100%% (now %(total)s%%).")
                % {"total": _percent(calculations.shares_total(parsed.values()))}
            }
        ) from None
    if any(not starts_in <= year <= ends_in for year in homes_per_year):
        raise ValidationError({"homes": _("Every year must lie within the period of the agreement.")})
    if any(not isinstance(homes, int) or homes < 0 for homes in homes_per_year.values()):
        raise ValidationError({"homes": _("The number of homes is a whole number, 0 or more.")})
    parties = _parties(coalition, list(parsed), "shares")
    agreement = FrameworkAgreement(
        coalition=coalition, target_group=_text(target_group, "target_group"), starts_in=starts_in, ends_in=ends_in
    )
    _save(agreement)
    FrameworkTarget.objects.bulk_create(
        [FrameworkTarget(agreement=agreement, year=year, homes=homes) for year, homes in sorted(homes_per_year.items())]
    )
    FrameworkShare.objects.bulk_create(
        [
            FrameworkShare(agreement=agreement, organisation=parties[str(uuid.UUID(key))], percent=percent, order=i)
            for i, (key, percent) in enumerate(parsed.items())
        ]
    )
    return agreement


@transaction.atomic
def framework_delivery_record(
    *,
    actor: Actor,
    agreement: FrameworkAgreement,
    organisation_uuid: uuid.UUID | str,
    year: int,
    homes: int,
    note: str = "",
) -> FrameworkDelivery:
    """Homes delivered, entered by hand. The placement route will add deliveries through
    ``quotas.DeliverySource`` instead, without changing this service."""
    require_edit(actor, agreement.coalition)
    if not agreement.starts_in <= year <= agreement.ends_in:
        raise ValidationError({"year": _("Every year must lie within the period of the agreement.")})
    if homes <= 0:
        raise ValidationError({"homes": _("Enter the number of homes delivered (1 or more).")})
    if not agreement.shares.filter(organisation__uuid=_uuid(organisation_uuid)).exists():
        raise ValidationError({"organisation": _("This party has no share in the agreement.")})
    party = Organisation.objects.get(uuid=_uuid(organisation_uuid))
    delivery = FrameworkDelivery(
        agreement=agreement,
        organisation=party,
        year=year,
        homes=homes,
        note=_text(note, "note", required=False),
        recorded_by=actor.user,
    )
    _save(delivery)
    return delivery


# --- KPIs -------------------------------------------------------------------------------------


@transaction.atomic
def kpi_define(
    *,
    actor: Actor,
    coalition: Coalition,
    name: str,
    unit: str,
    direction: str,
    source: str,
    targets: Mapping[int | None, Decimal | str],
    aggregation: str = "mean",
    method: str = KpiMethod.MANUAL,
    formula: str = "",
    automatic_code: str = "",
    result_area: str = "",
) -> Kpi:
    require_edit(actor, coalition)
    errors: dict[str, str] = {}
    if not (unit or "").strip():
        errors["unit"] = _("A KPI needs a unit (for example %, number, score 1–10).")
    if any(year is None for year in targets):
        errors["targets"] = _("Every target needs a year.")
    if method == KpiMethod.AUTOMATIC and automatic_code not in AUTOMATIC_KPIS:
        errors["automatic_code"] = _("Choose an automatic source Wijkverband can compute.")
    elif method == KpiMethod.AUTOMATIC and not AUTOMATIC_KPIS[automatic_code].is_available:
        errors["automatic_code"] = _("This automatic source is not available yet.")
    if method == KpiMethod.FORMULA and not (formula or "").strip():
        errors["formula"] = _("Write down the formula.")
    if errors:
        raise ValidationError(errors)
    parsed = {int(year): _decimal(value, "targets") for year, value in targets.items() if year is not None}
    kpi = Kpi(
        coalition=coalition,
        name=_text(name, "name"),
        unit=unit.strip(),
        direction=direction,
        aggregation=aggregation,
        method=method,
        formula=_text(formula, "formula", required=False),
        automatic_code=automatic_code if method == KpiMethod.AUTOMATIC else "",
        source=_text(source, "source"),
        result_area=_text(result_area, "result_area", required=False),
    )
    if Kpi.objects.filter(coalition=coalition, name=kpi.name).exists():
        raise ValidationError({"name": _("This coalition already has a KPI with this name.")})
    _save(kpi)
    targets_made = [KpiTarget(kpi=kpi, year=year, value=value) for year, value in sorted(parsed.items())]
    for target in targets_made:
        target.full_clean()
    KpiTarget.objects.bulk_create(targets_made)
    return kpi


def _area_in(coalition: Coalition, area_code: str) -> str:
    code = (area_code or "").strip().upper()
    municipality = coalition.municipality
    known = (
        (code == municipality.code)
        or District.objects.filter(code=code, municipality=municipality).exists()
        or Neighbourhood.objects.filter(code=code, municipality=municipality).exists()
    )
    if not known:
        raise ValidationError({"area_code": _("Enter a CBS code of an area of this coalition (GM…, WK… or BU…).")})
    return code


@transaction.atomic
def kpi_measurement_record(
    *,
    actor: Actor,
    kpi: Kpi,
    area_code: str,
    year: int,
    value: Decimal | str,
    period: str = Period.YEAR,
    note: str = "",
) -> KpiMeasurement:
    """A KPI value for an area and period; recording it again for the same area and period replaces it."""
    require_edit(actor, kpi.coalition)
    if kpi.method == KpiMethod.AUTOMATIC:
        raise ValidationError({"value": _("This KPI is computed by Wijkverband; it cannot be entered by hand.")})
    return _measurement_put(
        kpi=kpi,
        area_code=_area_in(kpi.coalition, area_code),
        year=year,
        period=period,
        value=_decimal(value, "value"),
        note=note,
        user=actor.user,
    )


def _measurement_put(
    *, kpi: Kpi, area_code: str, year: int, period: str, value: Decimal, note: str, user: object
) -> KpiMeasurement:
    if period not in Period.values:
        raise ValidationError({"period": _("Choose a period.")})
    measurement = KpiMeasurement.objects.filter(kpi=kpi, area_code=area_code, year=year, period=period).first()
    measurement = measurement or KpiMeasurement(kpi=kpi, area_code=area_code, year=year, period=period)
    measurement.value, measurement.note, measurement.recorded_by = value, (note or "").strip(), user  # type: ignore[assignment]
    _save(measurement)
    return measurement


@transaction.atomic
def kpi_automatic_refresh(*, actor: Actor, coalition: Coalition, year: int) -> int:
    """Compute the automatic KPIs of a coalition for a year from the platform's own data."""
    require_edit(actor, coalition)
    written = 0
    for kpi in Kpi.objects.filter(coalition=coalition, method=KpiMethod.AUTOMATIC):
        source = AUTOMATIC_KPIS.get(kpi.automatic_code)
        if source is None or source.compute is None:
            continue
        for area_code, value in source.compute(coalition, year).items():
            _measurement_put(
                kpi=kpi,
                area_code=area_code,
                year=year,
                period=Period.YEAR,
                value=value,
                note=_("Computed by Wijkverband"),
                user=None,
            )
            written += 1
    return written


# --- area budgets -----------------------------------------------------------------------------


@transaction.atomic
def area_budget_create(
    *,
    actor: Actor,
    coalition: Coalition,
    area_code: str,
    name: str,
    starts_in: int,
    ends_in: int,
    base_amount: Decimal | str,
    savings_split: Mapping[str, Decimal | str],
    indexation_percent: Decimal | str = Decimal(0),
    efficiency_percent: Decimal | str = Decimal(0),
    baseline_amount: Decimal | str | None = None,
) -> AreaBudget:
    require_edit(actor, coalition)
    _years(starts_in, ends_in)
    area = _area_in(coalition, area_code)
    split = {key: _decimal(savings_split.get(key, 0), "savings") for key in ("residents", "municipality", "providers")}
    try:
        calculations.shares_check({k: v for k, v in split.items() if v != 0} or split)
    except calculations.ShareError:
        raise ValidationError(
            {
                "savings": _("The split of savings must add up to exactly 100%% (now %(total)s%%).")
                % {"total": _percent(calculations.shares_total(split.values()))}
            }
        ) from None
    overlapping = AreaBudget.objects.filter(
        coalition=coalition, area_code=area, starts_in__lte=ends_in, ends_in__gte=starts_in
    ).first()
    if overlapping is not None:
        raise ValidationError(
            {
                "starts_in": _("This area already has a budget for %(start)s–%(end)s; periods may not overlap.")
                % {"start": overlapping.starts_in, "end": overlapping.ends_in}
            }
        )
    budget = AreaBudget(
        coalition=coalition,
        area_code=area,
        name=_text(name, "name"),
        starts_in=starts_in,
        ends_in=ends_in,
        base_amount=_decimal(base_amount, "base_amount"),
        indexation_percent=_decimal(indexation_percent, "indexation_percent"),
        efficiency_percent=_decimal(efficiency_percent, "efficiency_percent"),
        baseline_amount=_decimal(baseline_amount, "baseline_amount") if baseline_amount not in (None, "") else None,
        savings_residents=split["residents"],
        savings_municipality=split["municipality"],
        savings_providers=split["providers"],
    )
    _save(budget)
    return budget


@transaction.atomic
def budget_spending_record(
    *, actor: Actor, budget: AreaBudget, organisation_uuid: str, year: int, category: str, amount: Decimal | str
) -> BudgetSpending:
    require_edit(actor, budget.coalition)
    if not budget.starts_in <= year <= budget.ends_in:
        raise ValidationError({"year": _("The year must lie within the budget period.")})
    party = _parties(budget.coalition, [organisation_uuid], "organisation")[str(uuid.UUID(organisation_uuid))]
    spending = BudgetSpending(
        budget=budget,
        organisation=party,
        year=year,
        category=_text(category, "category"),
        amount=_decimal(amount, "amount"),
    )
    _save(spending)
    return spending


# --- price list and micro-analysis ------------------------------------------------------------


@transaction.atomic
def price_item_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    amount: Decimal | str,
    unit: str,
    year: int | None,
    source: str,
    indexation_percent: Decimal | str = Decimal(0),
    note: str = "",
) -> PriceItem:
    if actor.role not in {"coordinator", "manager"}:
        raise PermissionDenied(_("Only coordinators and managers may add prices."))
    errors: dict[str, str] = {}
    if not (source or "").strip():
        errors["source"] = _("A price needs a source.")
    if not year:
        errors["year"] = _("A price needs the year it applies to.")
    if errors:
        raise ValidationError(errors)
    item = PriceItem(
        code=_text(code, "code"),
        name=_text(name, "name"),
        amount=_decimal(amount, "amount"),
        unit=_text(unit, "unit"),
        year=int(year or 0),
        source=source.strip(),
        indexation_percent=_decimal(indexation_percent, "indexation_percent"),
        note=_text(note, "note", required=False),
    )
    if item.amount < 0:
        raise ValidationError({"amount": _("A price cannot be negative.")})
    if PriceItem.objects.filter(code=item.code).exists():
        raise ValidationError({"code": _("The price list already has an item with this code.")})
    _save(item)
    return item


@dataclass(frozen=True)
class CostLineInput:
    kind: str
    price_code: str
    quantity: Decimal
    description: str = ""


@transaction.atomic
def micro_analysis_save(
    *,
    actor: Actor,
    plan: CasePlan,
    reference_scenario: str,
    lines: Sequence[CostLineInput],
    is_new_case: bool = False,
    analysed_on: date | None = None,
) -> MicroAnalysis:
    """Record (or replace) the micro-analysis of a case plan; only for who may contribute to the plan."""
    allowed = policy.plan_permissions(actor, plan)
    if not allowed:
        raise NotVisible()
    if policy.PLAN_CONTRIBUTE not in allowed:
        raise PermissionDenied(_("This plan is closed; it can no longer be changed."))
    if actor.membership is None:  # pragma: no cover - plan_permissions returned something
        raise NotVisible()
    errors: dict[str, str] = {}
    analysed_on = analysed_on or timezone.localdate()
    if analysed_on > timezone.localdate():
        errors["analysed_on"] = _("An analysis cannot lie in the future.")
    if not lines:
        errors["lines"] = _("Add at least one cost line.")
    prices = {p.code: p for p in PriceItem.objects.filter(code__in=[line.price_code for line in lines])}
    for line in lines:
        if line.kind not in CostKind.values:
            errors["lines"] = _("Each line is either a cost of the support or a cost avoided.")
        elif line.price_code not in prices:
            errors["lines"] = _("Choose a price from the price list.")
        elif isinstance(line.quantity, float) or not isinstance(line.quantity, Decimal) or line.quantity <= 0:
            errors["lines"] = _("The quantity must be more than 0.")
    if errors:
        raise ValidationError(errors)
    analysis = MicroAnalysis.objects.filter(plan=plan).first() or MicroAnalysis(plan=plan)
    analysis.reference_scenario = _text(reference_scenario, "reference_scenario")
    analysis.is_new_case = is_new_case
    analysis.analysed_on = analysed_on
    analysis.recorded_by = actor.user
    analysis.organisation = actor.membership.organisation
    _save(analysis)
    analysis.items.all().delete()
    items = [
        MicroAnalysisItem(
            analysis=analysis,
            kind=line.kind,
            price_item=prices[line.price_code],
            quantity=line.quantity,
            description=(line.description or "").strip(),
        )
        for line in lines
    ]
    for item in items:
        item.full_clean(exclude=["analysis"])
    MicroAnalysisItem.objects.bulk_create(items)
    audit_event_record(
        actor=actor,
        event_type="micro_analysis.save",
        action=AuditAction.UPDATE,
        resident_uuid=plan.resident.uuid,
        object_type="micro_analysis",
        object_uuid=analysis.uuid,
        scope=ConsentScope.CASE_PLAN,
        details={"lines": len(items)},
    )
    return analysis


# --- learning ---------------------------------------------------------------------------------


@transaction.atomic
def learning_session_record(
    *,
    actor: Actor,
    coalition: Coalition,
    level: str,
    held_on: date,
    themes: str,
    attendee_uuids: Sequence[str] = (),
) -> LearningSession:
    require_edit(actor, coalition)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session cannot lie in the future.")})
    parties = _parties(coalition, list(attendee_uuids), "attendees")
    session = LearningSession(coalition=coalition, level=level, held_on=held_on, themes=_text(themes, "themes"))
    _save(session)
    session.attendees.set(parties.values())
    return session


@transaction.atomic
def lesson_record(
    *,
    actor: Actor,
    coalition: Coalition,
    kind: str,
    title: str,
    text: str,
    session: LearningSession | None = None,
    escalated_to: str = "",
) -> Lesson:
    """A lesson in the learning history, failures included; anyone in the coalition may add one."""
    from .access import coalitions_for

    if not coalitions_for(actor).filter(pk=coalition.pk).exists():
        raise NotVisible()
    if session is not None and session.coalition_id != coalition.pk:
        raise NotVisible()
    lesson = Lesson(
        coalition=coalition,
        session=session,
        kind=kind,
        title=_text(title, "title"),
        text=_text(text, "text"),
        escalated_to=escalated_to,
        recorded_on=timezone.localdate(),
    )
    _save(lesson)
    return lesson


def _member_of(actor: Actor, coalition: Coalition) -> None:
    from .access import coalitions_for

    if not coalitions_for(actor).filter(pk=coalition.pk).exists():
        raise NotVisible()


def _level_after(level: str) -> str | None:
    order = [str(value) for value in LEVEL_ORDER]
    position = order.index(level) if level in order else 0
    return order[position + 1] if position + 1 < len(order) else None


@transaction.atomic
def lesson_escalate(*, actor: Actor, lesson: Lesson) -> Lesson:
    """Put a lesson's theme on the agenda one level up: professionals → managers → board."""
    require_edit(actor, lesson.coalition)
    current = lesson.escalated_to or (lesson.session.level if lesson.session else LearningLevel.PROFESSIONALS)
    following = _level_after(current)
    if following is None:
        raise ValidationError({"escalated_to": _("This theme is already on the board's agenda.")})
    lesson.escalated_to, lesson.escalated_on = following, timezone.localdate()
    _save(lesson)
    return lesson


# --- toolbox (gereedschapskist) ---------------------------------------------------------------


@transaction.atomic
def tool_create(*, actor: Actor, coalition: Coalition, name: str, description: str, source: str = "") -> Tool:
    require_edit(actor, coalition)
    tool = Tool(
        coalition=coalition,
        name=_text(name, "name"),
        description=_text(description, "description"),
        source=_text(source, "source", required=False),
    )
    if Tool.objects.filter(coalition=coalition, name=tool.name).exists():
        raise ValidationError({"name": _("The toolbox already has an instrument with this name.")})
    _save(tool)
    return tool


@transaction.atomic
def tool_evaluation_record(
    *, actor: Actor, tool: Tool, outcome: str, context: str, text: str, evaluated_on: date | None = None
) -> ToolEvaluation:
    """Where an instrument worked or did not; anyone in the coalition may add what they saw."""
    _member_of(actor, tool.coalition)
    if actor.membership is None:  # pragma: no cover - _member_of needs a membership
        raise NotVisible()
    evaluated_on = evaluated_on or timezone.localdate()
    errors: dict[str, str] = {}
    if outcome not in ToolOutcome.values:
        errors["outcome"] = _("Choose whether the instrument worked.")
    if evaluated_on > timezone.localdate():
        errors["evaluated_on"] = _("An evaluation cannot lie in the future.")
    if errors:
        raise ValidationError(errors)
    evaluation = ToolEvaluation(
        tool=tool,
        organisation=actor.membership.organisation,
        outcome=outcome,
        context=_text(context, "context"),
        text=_text(text, "text"),
        evaluated_on=evaluated_on,
    )
    _save(evaluation)
    return evaluation


# --- roadmap (routekaart) ---------------------------------------------------------------------


def next_check_after(day: date) -> date:
    """The latest date of the next progress check: at least twice a year."""
    month = day.month - 1 + PILOT_CHECK_MONTHS
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


@transaction.atomic
def pilot_create(
    *,
    actor: Actor,
    coalition: Coalition,
    title: str,
    goal: str,
    owner_uuid: uuid.UUID | str,
    starts_on: date,
    ends_on: date | None = None,
) -> Pilot:
    require_edit(actor, coalition)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot lie before the start date.")})
    owner = _parties(coalition, [owner_uuid], "owner")[str(_uuid(owner_uuid))]
    pilot = Pilot(
        coalition=coalition,
        owner=owner,
        title=_text(title, "title"),
        goal=_text(goal, "goal"),
        starts_on=starts_on,
        ends_on=ends_on,
        next_check_on=next_check_after(starts_on),
    )
    _save(pilot)
    return pilot


@transaction.atomic
def pilot_check_record(*, actor: Actor, pilot: Pilot, checked_on: date, progress: str, status: str) -> PilotCheck:
    """A progress check; the next one falls due six months later."""
    require_edit(actor, pilot.coalition)
    errors: dict[str, str] = {}
    if checked_on > timezone.localdate():
        errors["checked_on"] = _("A check cannot lie in the future.")
    if status not in AgreementStatus.values:
        errors["status"] = _("Choose a status.")
    if errors:
        raise ValidationError(errors)
    check = PilotCheck(
        pilot=pilot, checked_on=checked_on, progress=_text(progress, "progress"), status=status, recorded_by=actor.user
    )
    _save(check)
    latest = max(
        checked_on,
        pilot.checks.exclude(pk=check.pk).order_by("-checked_on").values_list("checked_on", flat=True).first()
        or checked_on,
    )
    pilot.status, pilot.next_check_on = status, next_check_after(latest)
    pilot.save(update_fields=["status", "next_check_on", "updated_at"])
    return check


@dataclass
class PilotReminderReport:
    reminded: int = 0
    overdue: int = 0


def _pilot_mail(pilot: Pilot, subject: str, body: str) -> None:
    # Only the pilot's title and date leave the platform; there is no personal data in a pilot.
    from wijkverband.organisations.models import Membership

    recipients = sorted(
        {
            m.user.email
            for m in Membership.objects.filter(
                organisation=pilot.owner, is_active=True, role__in=["coordinator", "manager"], user__is_active=True
            ).select_related("user")
            if m.user.email
        }
    )
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


@transaction.atomic
def pilot_reminders_run(*, today: date | None = None) -> PilotReminderReport:
    """Remind the owner of each running pilot once before a check falls due and once when it is overdue."""
    today = today or timezone.localdate()
    report = PilotReminderReport()
    running = Pilot.objects.exclude(status__in=[AgreementStatus.DONE, AgreementStatus.DROPPED]).select_related(
        "owner", "coalition"
    )
    url = settings.WIJKVERBAND_BASE_URL + "/afspraken/"
    for pilot in running.filter(next_check_on__lte=today + timedelta(days=PILOT_REMIND_DAYS)):
        if pilot.next_check_on < today and pilot.overdue_reminded_for != pilot.next_check_on:
            _pilot_mail(
                pilot,
                _("Wijkverband: a pilot's progress check is overdue"),
                _('The progress check of the pilot "%(title)s" (%(coalition)s) was due on %(day)s. See: %(url)s')
                % {
                    "title": pilot.title,
                    "coalition": pilot.coalition.name,
                    "day": pilot.next_check_on.strftime("%d-%m-%Y"),
                    "url": url,
                },
            )
            pilot.overdue_reminded_for = pilot.next_check_on
            pilot.save(update_fields=["overdue_reminded_for", "updated_at"])
            report.overdue += 1
        elif pilot.next_check_on >= today and pilot.reminded_for != pilot.next_check_on:
            _pilot_mail(
                pilot,
                _("Wijkverband: a pilot's progress check is due"),
                _('The progress check of the pilot "%(title)s" (%(coalition)s) is due on %(day)s. See: %(url)s')
                % {
                    "title": pilot.title,
                    "coalition": pilot.coalition.name,
                    "day": pilot.next_check_on.strftime("%d-%m-%Y"),
                    "url": url,
                },
            )
            pilot.reminded_for = pilot.next_check_on
            pilot.save(update_fields=["reminded_for", "updated_at"])
            report.reminded += 1
    return report
