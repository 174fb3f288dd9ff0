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
- Changes follow the same rules as adding: an effort keeps exactly one Accountable party and at
  least one goal (so a goal that an effort serves alone cannot be removed, nor a strategic goal
  with operational goals under it); a period must still hold the actions, deliveries or spending
  recorded in it; a party that delivered homes keeps its share.
- Performance and framework agreements, KPIs and area budgets are archived, not deleted: they leave
  every list, dashboard, report and quota, and keep their history; an archived budget frees its
  period. Their parts (actions, meetings, deliveries, values, spending), goals, efforts, sessions
  and lessons are removed. A lesson is corrected by its author or a coordinator or manager.
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
    LessonKind,
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


def _effort_links(
    coalition: Coalition,
    agreement: CollaborationAgreement,
    goal_uuids: Sequence[uuid.UUID | str],
    roles: Mapping[str, str],
) -> tuple[list[OperationalGoal], list[tuple[Organisation, str]]]:
    """The goals an effort serves and its parties with their RASCI role, or a ValidationError."""
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
    return goals, [(parties[str(uuid.UUID(key))], role) for key, role in roles.items()]


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
    goals, parties = _effort_links(coalition, agreement, goal_uuids, roles)
    effort = Effort(
        agreement=agreement, title=_text(title, "title"), description=_text(description, "description", required=False)
    )
    _save(effort)
    effort.goals.set(goals)
    EffortRole.objects.bulk_create([EffortRole(effort=effort, organisation=o, role=role) for o, role in parties])
    return effort


@transaction.atomic
def effort_update(
    *,
    actor: Actor,
    effort: Effort,
    title: str,
    goal_uuids: Sequence[uuid.UUID | str],
    roles: Mapping[str, str],
    description: str = "",
) -> Effort:
    """Change an effort, its goals and its parties; the same rules as when it was added."""
    coalition = effort.agreement.coalition
    require_edit(actor, coalition)
    goals, parties = _effort_links(coalition, effort.agreement, goal_uuids, roles)
    effort.title = _text(title, "title")
    effort.description = _text(description, "description", required=False)
    _save(effort)
    effort.goals.set(goals)
    # Replace the roles as a whole: the one-Accountable constraint holds after the swap, not midway.
    effort.roles.all().delete()
    EffortRole.objects.bulk_create([EffortRole(effort=effort, organisation=o, role=role) for o, role in parties])
    return effort


@transaction.atomic
def effort_delete(*, actor: Actor, effort: Effort) -> None:
    require_edit(actor, effort.agreement.coalition)
    effort.delete()


@transaction.atomic
def strategic_goal_update(*, actor: Actor, goal: StrategicGoal, title: str, purpose: str = "") -> StrategicGoal:
    require_edit(actor, goal.agreement.coalition)
    goal.title, goal.purpose = _text(title, "title"), _text(purpose, "purpose", required=False)
    _save(goal)
    return goal


@transaction.atomic
def strategic_goal_delete(*, actor: Actor, goal: StrategicGoal) -> None:
    """Remove a strategic goal; refused while operational goals hang under it (they would go with it)."""
    require_edit(actor, goal.agreement.coalition)
    if goal.operational_goals.exists():
        raise ValidationError(
            {"strategic_goal": _("First remove or move the operational goals under this strategic goal.")}
        )
    goal.delete()


@transaction.atomic
def operational_goal_update(
    *,
    actor: Actor,
    goal: OperationalGoal,
    title: str,
    indicator: str = "",
    strategic_goal_uuid: uuid.UUID | str | None = None,
) -> OperationalGoal:
    """Change an operational goal, or move it under another strategic goal of the same DIN."""
    agreement = goal.strategic_goal.agreement
    require_edit(actor, agreement.coalition)
    if strategic_goal_uuid:
        strategic = StrategicGoal.objects.filter(agreement=agreement, uuid=_uuid(strategic_goal_uuid)).first()
        if strategic is None:
            raise ValidationError({"strategic_goal": _("Choose a strategic goal of this coalition.")})
        goal.strategic_goal = strategic
    goal.title, goal.indicator = _text(title, "title"), _text(indicator, "indicator", required=False)
    _save(goal)
    return goal


@transaction.atomic
def operational_goal_delete(*, actor: Actor, goal: OperationalGoal) -> None:
    """Remove an operational goal; refused when an effort serves no other goal (the DIN would break)."""
    require_edit(actor, goal.strategic_goal.agreement.coalition)
    orphans = [effort.title for effort in goal.efforts.all() if effort.goals.count() == 1]
    if orphans:
        raise ValidationError(
            {
                "goals": _("The effort %(efforts)s serves only this goal; link it to another goal or remove it first.")
                % {"efforts": ", ".join(f"“{title}”" for title in orphans)}
            }
        )
    goal.delete()


# --- performance agreements -------------------------------------------------------------------


def _performance_fields(
    agreement: PerformanceAgreement, *, theme: str, title: str, ambition: str, goal: str, starts_in: int, ends_in: int
) -> None:
    if theme not in PerformanceTheme.values:
        raise ValidationError({"theme": _("Choose a theme.")})
    _years(starts_in, ends_in)
    agreement.theme, agreement.starts_in, agreement.ends_in = theme, starts_in, ends_in
    agreement.title, agreement.ambition = _text(title, "title"), _text(ambition, "ambition")
    agreement.goal = _text(goal, "goal")


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
    agreement = PerformanceAgreement(coalition=coalition)
    _performance_fields(
        agreement, theme=theme, title=title, ambition=ambition, goal=goal, starts_in=starts_in, ends_in=ends_in
    )
    _save(agreement)
    return agreement


@transaction.atomic
def performance_agreement_update(
    *,
    actor: Actor,
    agreement: PerformanceAgreement,
    theme: str,
    title: str,
    ambition: str,
    goal: str,
    starts_in: int,
    ends_in: int,
    status: str,
) -> PerformanceAgreement:
    """Change a performance agreement; its period must still hold every action already agreed."""
    require_edit(actor, agreement.coalition)
    _performance_fields(
        agreement, theme=theme, title=title, ambition=ambition, goal=goal, starts_in=starts_in, ends_in=ends_in
    )
    if status not in AgreementStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    outside = agreement.commitments.exclude(year__range=(starts_in, ends_in)).values_list("year", flat=True)
    if outside:
        raise ValidationError(
            {
                "starts_in": _("There are actions for %(years)s; remove them first or keep those years.")
                % {"years": ", ".join(str(year) for year in sorted(set(outside)))}
            }
        )
    agreement.status = status
    _save(agreement)
    return agreement


def _archive(obj: PerformanceAgreement | FrameworkAgreement | Kpi | AreaBudget) -> None:
    if obj.archived_on is not None:
        raise ValidationError({"archived_on": _("This is already archived.")})
    obj.archived_on = timezone.localdate()
    obj.save(update_fields=["archived_on", "updated_at"])


@transaction.atomic
def performance_agreement_archive(*, actor: Actor, agreement: PerformanceAgreement) -> PerformanceAgreement:
    """Take an agreement off the lists and the annual report; its actions and meetings are kept."""
    require_edit(actor, agreement.coalition)
    _archive(agreement)
    return agreement


@transaction.atomic
def annual_commitment_remove(*, actor: Actor, commitment: AnnualCommitment) -> None:
    require_edit(actor, commitment.agreement.coalition)
    commitment.delete()


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
    """A (bimonthly) progress meeting with its notes; a status given is the agreement's new status."""
    require_edit(actor, agreement.coalition)
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = _("A meeting cannot lie in the future.")
    if status and status not in AgreementStatus.values:
        errors["status"] = _("Choose a status.")
    if errors:
        raise ValidationError(errors)
    meeting = ProgressMeeting(agreement=agreement, held_on=held_on, notes=_text(notes, "notes"))
    _save(meeting)
    if status:
        agreement.status = status
        agreement.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def progress_meeting_update(*, actor: Actor, meeting: ProgressMeeting, held_on: date, notes: str) -> ProgressMeeting:
    require_edit(actor, meeting.agreement.coalition)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting cannot lie in the future.")})
    meeting.held_on, meeting.notes = held_on, _text(notes, "notes")
    _save(meeting)
    return meeting


@transaction.atomic
def progress_meeting_remove(*, actor: Actor, meeting: ProgressMeeting) -> None:
    require_edit(actor, meeting.agreement.coalition)
    meeting.delete()


# --- framework agreements ---------------------------------------------------------------------


def _framework_plan(
    coalition: Coalition,
    *,
    starts_in: int,
    ends_in: int,
    homes_per_year: Mapping[int, int],
    shares: Mapping[str, Decimal | str],
) -> dict[Organisation, Decimal]:
    """Checked shares (exactly 100%, parties of the coalition) and homes per year within the period."""
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
    return {parties[str(uuid.UUID(key))]: percent for key, percent in parsed.items()}


def _framework_numbers_put(
    agreement: FrameworkAgreement, homes_per_year: Mapping[int, int], shares: Mapping[Organisation, Decimal]
) -> None:
    FrameworkTarget.objects.bulk_create(
        [FrameworkTarget(agreement=agreement, year=year, homes=homes) for year, homes in sorted(homes_per_year.items())]
    )
    FrameworkShare.objects.bulk_create(
        [
            FrameworkShare(agreement=agreement, organisation=party, percent=percent, order=i)
            for i, (party, percent) in enumerate(shares.items())
        ]
    )


@transaction.atomic
def framework_agreement_create(
    *,
    actor: Actor,
    coalition: Coalition,
    target_group: str,
    starts_in: int,
    ends_in: int,
    homes_per_year: Mapping[int, int],
    shares: Mapping[str, Decimal | str],
) -> FrameworkAgreement:
    """Homes needed per year for a target group, divided over parties by shares adding up to 100%."""
    require_edit(actor, coalition)
    parties = _framework_plan(
        coalition, starts_in=starts_in, ends_in=ends_in, homes_per_year=homes_per_year, shares=shares
    )
    agreement = FrameworkAgreement(
        coalition=coalition, target_group=_text(target_group, "target_group"), starts_in=starts_in, ends_in=ends_in
    )
    _save(agreement)
    _framework_numbers_put(agreement, homes_per_year, parties)
    return agreement


@transaction.atomic
def framework_agreement_update(
    *,
    actor: Actor,
    agreement: FrameworkAgreement,
    target_group: str,
    starts_in: int,
    ends_in: int,
    homes_per_year: Mapping[int, int],
    shares: Mapping[str, Decimal | str],
) -> FrameworkAgreement:
    """Replace the period, homes per year and shares; recorded deliveries must still fit in them."""
    require_edit(actor, agreement.coalition)
    parties = _framework_plan(
        agreement.coalition, starts_in=starts_in, ends_in=ends_in, homes_per_year=homes_per_year, shares=shares
    )
    deliveries = list(agreement.deliveries.select_related("organisation"))
    if any(not starts_in <= d.year <= ends_in for d in deliveries):
        raise ValidationError({"ends_in": _("Homes were delivered in a year outside this period.")})
    without_share = sorted({d.organisation.name for d in deliveries if d.organisation not in parties})
    if without_share:
        raise ValidationError(
            {
                "shares": _("%(parties)s delivered homes under this agreement and keeps a share.")
                % {"parties": ", ".join(without_share)}
            }
        )
    agreement.target_group = _text(target_group, "target_group")
    agreement.starts_in, agreement.ends_in = starts_in, ends_in
    _save(agreement)
    agreement.targets.all().delete()
    agreement.shares.all().delete()
    _framework_numbers_put(agreement, homes_per_year, parties)
    return agreement


@transaction.atomic
def framework_agreement_archive(*, actor: Actor, agreement: FrameworkAgreement) -> FrameworkAgreement:
    """Take an agreement off the lists; from then on it owes no quota to the placement route."""
    require_edit(actor, agreement.coalition)
    _archive(agreement)
    return agreement


@transaction.atomic
def framework_delivery_remove(*, actor: Actor, delivery: FrameworkDelivery) -> None:
    require_edit(actor, delivery.agreement.coalition)
    delivery.delete()


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


def _kpi_targets(unit: str, targets: Mapping[int | None, Decimal | str], errors: dict[str, str]) -> dict[int, Decimal]:
    if not (unit or "").strip():
        errors["unit"] = _("A KPI needs a unit (for example %, number, score 1–10).")
    if any(year is None for year in targets):
        errors["targets"] = _("Every target needs a year.")
    return {int(year): _decimal(value, "targets") for year, value in targets.items() if year is not None}


def _kpi_targets_put(kpi: Kpi, targets: Mapping[int, Decimal]) -> None:
    made = [KpiTarget(kpi=kpi, year=year, value=value) for year, value in sorted(targets.items())]
    for target in made:
        target.full_clean()
    KpiTarget.objects.bulk_create(made)


def _kpi_name_free(coalition: Coalition, name: str, kpi: Kpi | None = None) -> None:
    # Archived KPIs keep their name: their history is still read under it.
    same_name = Kpi.objects.filter(coalition=coalition, name=name)
    if (same_name.exclude(pk=kpi.pk) if kpi else same_name).exists():
        raise ValidationError({"name": _("This coalition already has a KPI with this name.")})


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
    parsed = _kpi_targets(unit, targets, errors)
    if method == KpiMethod.AUTOMATIC and automatic_code not in AUTOMATIC_KPIS:
        errors["automatic_code"] = _("Choose an automatic source Wijkverband can compute.")
    elif method == KpiMethod.AUTOMATIC and not AUTOMATIC_KPIS[automatic_code].is_available:
        errors["automatic_code"] = _("This automatic source is not available yet.")
    if method == KpiMethod.FORMULA and not (formula or "").strip():
        errors["formula"] = _("Write down the formula.")
    if errors:
        raise ValidationError(errors)
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
    _kpi_name_free(coalition, kpi.name)
    _save(kpi)
    _kpi_targets_put(kpi, parsed)
    return kpi


@transaction.atomic
def kpi_update(
    *,
    actor: Actor,
    kpi: Kpi,
    name: str,
    unit: str,
    direction: str,
    source: str,
    targets: Mapping[int | None, Decimal | str],
    formula: str | None = None,
    result_area: str = "",
) -> Kpi:
    """Change a KPI's definition and replace its targets; how it is measured and rolled up (method,
    aggregation) stays as it was, since its recorded values were measured that way."""
    require_edit(actor, kpi.coalition)
    errors: dict[str, str] = {}
    parsed = _kpi_targets(unit, targets, errors)
    formula = kpi.formula if formula is None else formula
    if kpi.method == KpiMethod.FORMULA and not (formula or "").strip():
        errors["formula"] = _("Write down the formula.")
    if errors:
        raise ValidationError(errors)
    kpi.name, kpi.unit, kpi.direction = _text(name, "name"), unit.strip(), direction
    kpi.formula, kpi.source = _text(formula, "formula", required=False), _text(source, "source")
    kpi.result_area = _text(result_area, "result_area", required=False)
    _kpi_name_free(kpi.coalition, kpi.name, kpi)
    _save(kpi)
    kpi.targets.all().delete()
    _kpi_targets_put(kpi, parsed)
    return kpi


@transaction.atomic
def kpi_archive(*, actor: Actor, kpi: Kpi) -> Kpi:
    """Take a KPI off the dashboard and the annual report; its values are kept."""
    require_edit(actor, kpi.coalition)
    _archive(kpi)
    return kpi


@transaction.atomic
def kpi_measurement_remove(*, actor: Actor, measurement: KpiMeasurement) -> None:
    kpi = measurement.kpi
    require_edit(actor, kpi.coalition)
    if kpi.method == KpiMethod.AUTOMATIC:
        raise ValidationError({"value": _("This KPI is computed by Wijkverband; it cannot be entered by hand.")})
    measurement.delete()


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
    for kpi in Kpi.objects.filter(coalition=coalition, method=KpiMethod.AUTOMATIC, archived_on__isnull=True):
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


def _area_budget_fields(
    budget: AreaBudget,
    *,
    area_code: str,
    name: str,
    starts_in: int,
    ends_in: int,
    base_amount: Decimal | str,
    savings_split: Mapping[str, Decimal | str],
    indexation_percent: Decimal | str,
    efficiency_percent: Decimal | str,
    baseline_amount: Decimal | str | None,
) -> None:
    """Check and set a budget's fields: a known area, a split of exactly 100% and no overlap in time
    with another (not archived) budget of the same area."""
    coalition = budget.coalition
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
    in_use = AreaBudget.objects.filter(coalition=coalition, area_code=area, archived_on__isnull=True)
    overlapping = in_use.filter(starts_in__lte=ends_in, ends_in__gte=starts_in).exclude(pk=budget.pk).first()
    if overlapping is not None:
        raise ValidationError(
            {
                "starts_in": _("This area already has a budget for %(start)s–%(end)s; periods may not overlap.")
                % {"start": overlapping.starts_in, "end": overlapping.ends_in}
            }
        )
    budget.area_code, budget.name = area, _text(name, "name")
    budget.starts_in, budget.ends_in = starts_in, ends_in
    budget.base_amount = _decimal(base_amount, "base_amount")
    budget.indexation_percent = _decimal(indexation_percent, "indexation_percent")
    budget.efficiency_percent = _decimal(efficiency_percent, "efficiency_percent")
    budget.baseline_amount = _decimal(baseline_amount, "baseline_amount") if baseline_amount not in (None, "") else None
    budget.savings_residents = split["residents"]
    budget.savings_municipality = split["municipality"]
    budget.savings_providers = split["providers"]


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
    budget = AreaBudget(coalition=coalition)
    _area_budget_fields(
        budget,
        area_code=area_code,
        name=name,
        starts_in=starts_in,
        ends_in=ends_in,
        base_amount=base_amount,
        savings_split=savings_split,
        indexation_percent=indexation_percent,
        efficiency_percent=efficiency_percent,
        baseline_amount=baseline_amount,
    )
    _save(budget)
    return budget


@transaction.atomic
def area_budget_update(
    *,
    actor: Actor,
    budget: AreaBudget,
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
    """Change a budget with the same rules as a new one; recorded spending must stay within its years."""
    require_edit(actor, budget.coalition)
    _area_budget_fields(
        budget,
        area_code=area_code,
        name=name,
        starts_in=starts_in,
        ends_in=ends_in,
        base_amount=base_amount,
        savings_split=savings_split,
        indexation_percent=indexation_percent,
        efficiency_percent=efficiency_percent,
        baseline_amount=baseline_amount,
    )
    if budget.spendings.exclude(year__range=(starts_in, ends_in)).exists():
        raise ValidationError({"ends_in": _("Spending was recorded in a year outside this period.")})
    _save(budget)
    return budget


@transaction.atomic
def area_budget_archive(*, actor: Actor, budget: AreaBudget) -> AreaBudget:
    """Take a budget off the lists; its period is free for a new budget, its spending is kept."""
    require_edit(actor, budget.coalition)
    _archive(budget)
    return budget


@transaction.atomic
def budget_spending_remove(*, actor: Actor, spending: BudgetSpending) -> None:
    require_edit(actor, spending.budget.coalition)
    spending.delete()


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
    programme: str = "",
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
    analysis.programme = _text(programme, "programme", required=False)
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


@transaction.atomic
def micro_analysis_delete(*, actor: Actor, plan: CasePlan) -> None:
    """Remove a plan's micro-analysis (for who may contribute to the plan), audited like the plan."""
    allowed = policy.plan_permissions(actor, plan)
    analysis = MicroAnalysis.objects.filter(plan=plan).first()
    if not allowed or analysis is None:
        raise NotVisible()
    if policy.PLAN_CONTRIBUTE not in allowed:
        raise PermissionDenied(_("This plan is closed; it can no longer be changed."))
    analysis_uuid = analysis.uuid
    analysis.delete()
    audit_event_record(
        actor=actor,
        event_type="micro_analysis.delete",
        action=AuditAction.DELETE,
        resident_uuid=plan.resident.uuid,
        object_type="micro_analysis",
        object_uuid=analysis_uuid,
        scope=ConsentScope.CASE_PLAN,
    )


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
def learning_session_update(
    *,
    actor: Actor,
    session: LearningSession,
    level: str,
    held_on: date,
    themes: str,
    attendee_uuids: Sequence[str] = (),
) -> LearningSession:
    require_edit(actor, session.coalition)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session cannot lie in the future.")})
    parties = _parties(session.coalition, list(attendee_uuids), "attendees")
    session.level, session.held_on, session.themes = level, held_on, _text(themes, "themes")
    _save(session)
    session.attendees.set(parties.values())
    return session


@transaction.atomic
def learning_session_delete(*, actor: Actor, session: LearningSession) -> None:
    """Remove a session; its lessons stay in the learning history, without the session."""
    require_edit(actor, session.coalition)
    session.delete()


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
        recorded_by=actor.user,
    )
    _save(lesson)
    return lesson


def _require_lesson_edit(actor: Actor, lesson: Lesson) -> None:
    """The author corrects their own lesson; coordinators and managers any lesson of the coalition."""
    _member_of(actor, lesson.coalition)
    if lesson.recorded_by_id != actor.user.pk:
        require_edit(actor, lesson.coalition)


@transaction.atomic
def lesson_update(*, actor: Actor, lesson: Lesson, kind: str, title: str, text: str) -> Lesson:
    _require_lesson_edit(actor, lesson)
    if kind not in LessonKind.values:
        raise ValidationError({"kind": _("Choose what kind of lesson this is.")})
    lesson.kind, lesson.title, lesson.text = kind, _text(title, "title"), _text(text, "text")
    _save(lesson)
    return lesson


@transaction.atomic
def lesson_delete(*, actor: Actor, lesson: Lesson) -> None:
    _require_lesson_edit(actor, lesson)
    lesson.delete()


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


@transaction.atomic
def tool_update(*, actor: Actor, tool: Tool, name: str, description: str, source: str = "") -> Tool:
    require_edit(actor, tool.coalition)
    tool.name, tool.description = _text(name, "name"), _text(description, "description")
    tool.source = _text(source, "source", required=False)
    if Tool.objects.filter(coalition=tool.coalition, name=tool.name).exclude(pk=tool.pk).exists():
        raise ValidationError({"name": _("The toolbox already has an instrument with this name.")})
    _save(tool)
    return tool


@transaction.atomic
def tool_delete(*, actor: Actor, tool: Tool) -> None:
    """Remove an instrument added by mistake; one with evaluations stays, they are part of what was learned."""
    require_edit(actor, tool.coalition)
    if tool.evaluations.exists():
        raise ValidationError({"name": _("This instrument has evaluations; what was learned with it stays.")})
    tool.delete()


@transaction.atomic
def tool_evaluation_remove(*, actor: Actor, evaluation: ToolEvaluation) -> None:
    """Removed by the party that wrote it, or by a coordinator or manager of the coalition."""
    coalition = evaluation.tool.coalition
    _member_of(actor, coalition)
    if actor.membership is None or actor.membership.organisation_id != evaluation.organisation_id:
        require_edit(actor, coalition)
    evaluation.delete()


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
def pilot_update(
    *,
    actor: Actor,
    pilot: Pilot,
    title: str,
    goal: str,
    owner_uuid: uuid.UUID | str,
    starts_on: date,
    ends_on: date | None = None,
) -> Pilot:
    """Change a pilot; until its first progress check the first check moves with the start date."""
    require_edit(actor, pilot.coalition)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date cannot lie before the start date.")})
    pilot.owner = _parties(pilot.coalition, [owner_uuid], "owner")[str(_uuid(owner_uuid))]
    pilot.title, pilot.goal = _text(title, "title"), _text(goal, "goal")
    pilot.starts_on, pilot.ends_on = starts_on, ends_on
    if not pilot.checks.exists():
        pilot.next_check_on = next_check_after(starts_on)
    _save(pilot)
    return pilot


@transaction.atomic
def pilot_delete(*, actor: Actor, pilot: Pilot) -> None:
    """Remove a pilot put on the roadmap by mistake; one with progress checks stays (set it to dropped)."""
    require_edit(actor, pilot.coalition)
    if pilot.checks.exists():
        raise ValidationError(
            {"status": _("This pilot has progress checks; it stays on the roadmap. Set its status to dropped.")}
        )
    pilot.delete()


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
