"""Reads of the uitstroom route. Personal data only through ``consent.policy`` and always audited.

- An application (with its profile, proposals, placement and trial period) is visible when the resident
  gave the acting organisation the housing-route consent and the user is involved (need to know).
- A housing corporation reads only the profile fields ``policy.CORPORATION_PROFILE_FIELDS`` allows, never
  health notes, and the good-tenancy agreements only when the client consented to share them.
- Reading an application records one event; a list records one event per resident shown; a denied
  read is recorded without a resident.
- A match run's figures are for every member of the coalition; its proposals show only for clients
  the reader may see (the others are counted, not shown).
- Dwelling offers are supply, not personal data: readable within the corporation's coalitions.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.agreements.models import FrameworkAgreement
from wijkverband.agreements.quotas import framework_overview
from wijkverband.audit.constants import AuditAction, AuditOutcome
from wijkverband.audit.services import audit_event_record, audit_events_record
from wijkverband.consent import policy
from wijkverband.consent.constants import ConsentScope
from wijkverband.core import xlsx
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.validators import parse_uuid
from wijkverband.organisations.constants import Role
from wijkverband.organisations.models import Coalition, Membership
from wijkverband.wijkfoto.constants import TrafficLightLevel
from wijkverband.wijkfoto.selectors import social_homes

from . import charts, kpis
from .constants import (
    ApplicationKind,
    ApplicationStatus,
    PlacementStatus,
    ProposalStatus,
    SupportIntensity,
    TrialStatus,
)
from .models import (
    DwellingOffer,
    HousingNeedProfile,
    MatchingSettings,
    MatchProposal,
    MatchRun,
    OutflowApplication,
    Placement,
    ThreeWayMeeting,
    TrialEvaluation,
    TripartiteAgreement,
)


def _applications(actor: Actor) -> QuerySet[OutflowApplication]:
    queryset = OutflowApplication.objects.select_related(
        "resident", "care_organisation", "profile__origin_municipality"
    )
    return policy.visible_outflow_applications(queryset, actor=actor)


def _denied(actor: Actor, event_type: str, object_type: str, wanted: uuid.UUID | None) -> NotVisible:
    audit_event_record(
        actor=actor,
        event_type=event_type,
        action=AuditAction.READ,
        object_type=object_type,
        object_uuid=wanted,
        outcome=AuditOutcome.DENIED,
    )
    return NotVisible()


def outflow_application_list_for_user(*, actor: Actor, status: str = "") -> list[OutflowApplication]:
    queryset = _applications(actor).order_by("status", "complete_on", "created_at")
    if status:
        queryset = queryset.filter(status=status)
    applications = list(queryset[:500])
    audit_events_record(
        actor=actor,
        event_type="outflow_application.list",
        action=AuditAction.READ,
        resident_uuids=[a.resident.uuid for a in applications],
        object_type="OutflowApplication",
        scope=ConsentScope.HOUSING_ROUTE,
    )
    return applications


def outflow_application_get_for_user(*, actor: Actor, application_uuid: uuid.UUID | str) -> OutflowApplication:
    wanted = parse_uuid(application_uuid)
    application = _applications(actor).filter(uuid=wanted).first() if wanted else None
    if application is None:
        raise _denied(actor, "outflow_application.read", "OutflowApplication", wanted)
    audit_event_record(
        actor=actor,
        event_type="outflow_application.read",
        action=AuditAction.READ,
        resident_uuid=application.resident.uuid,
        object_type="OutflowApplication",
        object_uuid=application.uuid,
        scope=ConsentScope.HOUSING_ROUTE,
    )
    return application


# --- the profile as the reader may see it ----------------------------------------------------------

PROFILE_READ_FIELDS = (
    "household_size",
    "household_composition",
    "access_need",
    "rooms_wanted",
    "yearly_income",
    "max_rent",
    "origin_municipality",
    "origin_deviation_reason",
    "wished_areas",
    "wishes_are_hard",
    "excluded_areas",
    "support_intensity",
    "needs_core_nearby",
    "network_areas",
    "network_notes",
    "neighbourhood_must_carry",
)


@dataclass(frozen=True)
class ProfileView:
    values: dict[str, Any]  # field name → value, only the fields the reader may see
    labels: dict[str, str]
    health_notes: str | None  # None: not for this reader
    limited: bool  # some fields were left out for this reader


def _display(profile: HousingNeedProfile, name: str) -> Any:
    if name in ("access_need", "support_intensity"):
        return getattr(profile, f"get_{name}_display")()
    if name == "origin_municipality":
        return profile.origin_municipality.name
    value = getattr(profile, name)
    if isinstance(value, list):
        return ", ".join(value)
    return value


def housing_need_profile_view(*, actor: Actor, application: OutflowApplication) -> ProfileView | None:
    """The profile of a visible application, reduced to what the reader may see (``policy``)."""
    profile = HousingNeedProfile.objects.select_related("origin_municipality").filter(application=application).first()
    if profile is None:
        return None
    allowed = policy.profile_fields_for(actor)
    names = [n for n in PROFILE_READ_FIELDS if allowed is None or n in allowed]
    health = profile.health_notes if policy.may_see_profile_health_notes(actor, application.resident_id) else None
    return ProfileView(
        values={name: _display(profile, name) for name in names},
        labels={name: str(getattr(HousingNeedProfile._meta.get_field(name), "verbose_name", name)) for name in names},
        health_notes=health,
        limited=allowed is not None,
    )


def tenancy_agreements_for(*, actor: Actor, agreement: TripartiteAgreement) -> str | None:
    """The care provider shares the good-tenancy agreements with the corporation only with consent."""
    if policy.is_housing_corporation(actor) and not agreement.tenancy_shared_with_corporation:
        return None
    return agreement.tenancy_agreements


@dataclass
class ApplicationView:
    application: OutflowApplication
    profile: ProfileView | None
    proposals: list[MatchProposal]
    placements: list[Placement]
    agreement: TripartiteAgreement | None
    tenancy_agreements: str | None
    may_change: bool  # the care side (not a corporation)
    next_trial_steps: list[str] = field(default_factory=list)
    next_evaluation: TrialEvaluation | None = None
    early_signals: list[Any] = field(default_factory=list)  # signals.Signal during the trial period
    # Three-way meetings; the signals they link are counted, not named (a reader may not see them).
    meetings: list[ThreeWayMeeting] = field(default_factory=list)


def application_view(*, actor: Actor, application: OutflowApplication) -> ApplicationView:
    from . import lifecycle

    placements = list(application.placements.select_related("offer__neighbourhood", "proposal").order_by("-offered_on"))
    agreement = (
        TripartiteAgreement.objects.filter(placement__application=application)
        .prefetch_related("evaluations", "steps__by")
        .first()
    )
    return ApplicationView(
        application=application,
        profile=housing_need_profile_view(actor=actor, application=application),
        proposals=list(application.proposals.select_related("offer", "run").order_by("-created_at")[:10]),
        placements=placements,
        agreement=agreement,
        tenancy_agreements=tenancy_agreements_for(actor=actor, agreement=agreement) if agreement else None,
        may_change=not policy.is_housing_corporation(actor),
        next_trial_steps=sorted(lifecycle.allowed_next(agreement.status) - {TrialStatus.TRIAL}) if agreement else [],
        next_evaluation=agreement.evaluations.filter(held_on__isnull=True).order_by("due_on").first()
        if agreement
        else None,
        early_signals=trial_signals_for_user(actor=actor, agreement=agreement) if agreement else [],
        meetings=meetings_for(actor=actor, agreement=agreement) if agreement else [],
    )


def meetings_for(*, actor: Actor, agreement: TripartiteAgreement) -> list[ThreeWayMeeting]:
    """Three-way meetings of the trial period (read with the application). A corporation sees only the
    meetings it attended: the others may hold what the care side and the client discussed alone."""
    meetings = agreement.meetings.annotate(signal_count=Count("signals"))
    if policy.is_housing_corporation(actor):
        meetings = meetings.filter(corporation_attended=True)
    return list(meetings)


def trial_signals_for_user(*, actor: Actor, agreement: TripartiteAgreement) -> list[Any]:
    """Early signals (issue 4) about the client since the trial period started, as far as the actor's
    teams may see them (``policy.visible_signals``): the hook for a three-way meeting before it goes wrong."""
    from wijkverband.signals.lifecycle import OPEN_STATUSES
    from wijkverband.signals.models import Signal

    resident = agreement.placement.application.resident
    signals = list(
        policy.visible_signals(Signal.objects.filter(resident=resident), actor=actor)
        .filter(status__in=OPEN_STATUSES, received_at__date__gte=agreement.trial_starts_on)
        .select_related("category")
        .order_by("-received_at")[:20]
    )
    if signals:
        audit_events_record(
            actor=actor,
            event_type="signal.list",
            action=AuditAction.READ,
            resident_uuids=[resident.uuid],
            object_type="signal",
        )
    return signals


def placement_get_for_user(*, actor: Actor, placement_uuid: uuid.UUID | str) -> Placement:
    wanted = parse_uuid(placement_uuid)
    placement = (
        Placement.objects.select_related("application__resident", "offer").filter(uuid=wanted).first()
        if wanted
        else None
    )
    if placement is None or not _applications(actor).filter(pk=placement.application_id).exists():
        raise _denied(actor, "placement.read", "Placement", wanted)
    audit_event_record(
        actor=actor,
        event_type="placement.read",
        action=AuditAction.READ,
        resident_uuid=placement.application.resident.uuid,
        object_type="Placement",
        object_uuid=placement.uuid,
        scope=ConsentScope.HOUSING_ROUTE,
    )
    return placement


# --- supply ----------------------------------------------------------------------------------------


def _offers(actor: Actor) -> QuerySet[DwellingOffer]:
    organisation = actor.organisation
    if organisation is None:
        return DwellingOffer.objects.none()
    coalitions = Coalition.objects.filter(organisations=organisation)
    return (
        DwellingOffer.objects.filter(Q(corporation=organisation) | Q(corporation__coalitions__in=coalitions))
        .select_related("corporation", "neighbourhood")
        .distinct()
    )


def dwelling_offer_list_for_user(*, actor: Actor, status: str = "") -> list[DwellingOffer]:
    queryset = _offers(actor)
    if status:
        queryset = queryset.filter(status=status)
    return list(queryset.order_by("available_from", "bag_id")[:500])


def dwelling_offer_get_for_user(*, actor: Actor, offer_uuid: uuid.UUID | str) -> DwellingOffer:
    wanted = parse_uuid(offer_uuid)
    offer = _offers(actor).filter(uuid=wanted).first() if wanted else None
    if offer is None:
        raise NotVisible()
    return offer


def coalitions_for(actor: Actor) -> list[Coalition]:
    organisation = actor.organisation
    if organisation is None:
        return []
    return list(Coalition.objects.filter(organisations=organisation).order_by("name"))


def framework_agreements_for(actor: Actor) -> list[FrameworkAgreement]:
    return list(FrameworkAgreement.objects.filter(coalition__in=coalitions_for(actor)).select_related("coalition"))


def weekly_coordinator_choices(actor: Actor) -> list[Membership]:
    """Active coordinators of organisations in the actor's coalitions (staff, not residents)."""
    return list(
        Membership.objects.filter(
            organisation__coalitions__in=coalitions_for(actor), role=Role.COORDINATOR, is_active=True
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__username")
        .distinct()
    )


def matching_settings_for(actor: Actor) -> list[tuple[Coalition, MatchingSettings | None]]:
    found = {
        s.coalition_id: s
        for s in MatchingSettings.objects.filter(coalition__in=coalitions_for(actor)).select_related(
            "weekly_coordinator__user", "weekly_coordinator__organisation", "framework_agreement"
        )
    }
    return [(c, found.get(c.pk)) for c in coalitions_for(actor)]


# --- match runs ------------------------------------------------------------------------------------


def match_run_list_for_user(*, actor: Actor) -> list[MatchRun]:
    return list(
        MatchRun.objects.filter(coalition__in=coalitions_for(actor)).select_related("coalition", "started_by")[:100]
    )


@dataclass
class RunView:
    run: MatchRun
    proposals: list[MatchProposal]  # only for clients the reader may see
    hidden: int  # proposals for clients the reader may not see
    overrides: int
    unhoused: list[tuple[OutflowApplication, list[str]]]  # visible clients without a proposal, and why
    unhoused_hidden: int
    may_decide: bool


def match_run_get_for_user(*, actor: Actor, run_uuid: uuid.UUID | str) -> RunView:
    wanted = parse_uuid(run_uuid)
    run = (
        MatchRun.objects.filter(uuid=wanted, coalition__in=coalitions_for(actor)).select_related("coalition").first()
        if wanted
        else None
    )
    if run is None:
        raise NotVisible()
    all_proposals = list(
        run.proposals.select_related("application__resident", "offer__neighbourhood").order_by(
            "application__complete_on"
        )
    )
    application_ids = {p.application_id for p in all_proposals}
    unhoused_uuids = [parse_uuid(key) for key in run.unhoused]
    unhoused_apps = {
        str(a.uuid): a for a in OutflowApplication.objects.filter(uuid__in=[u for u in unhoused_uuids if u])
    }
    visible = set(
        _applications(actor)
        .filter(pk__in=application_ids | {a.pk for a in unhoused_apps.values()})
        .values_list("pk", flat=True)
    )
    proposals = [p for p in all_proposals if p.application_id in visible]
    unhoused = [
        (unhoused_apps[k], v) for k, v in run.unhoused.items() if k in unhoused_apps and unhoused_apps[k].pk in visible
    ]
    audit_events_record(
        actor=actor,
        event_type="match_run.read",
        action=AuditAction.READ,
        resident_uuids=[p.application.resident.uuid for p in proposals] + [a.resident.uuid for a, _ in unhoused],
        object_type="MatchRun",
        object_uuid=run.uuid,
        scope=ConsentScope.HOUSING_ROUTE,
    )
    return RunView(
        run=run,
        proposals=proposals,
        hidden=len(all_proposals) - len(proposals),
        overrides=sum(1 for p in all_proposals if p.status == ProposalStatus.OVERRIDDEN),
        unhoused=unhoused,
        unhoused_hidden=len(run.unhoused) - len(unhoused),
        may_decide=policy.may_run_matcher(actor, run.coalition_id),
    )


def match_proposal_get_for_user(*, actor: Actor, proposal_uuid: uuid.UUID | str) -> MatchProposal:
    wanted = parse_uuid(proposal_uuid)
    proposal = (
        MatchProposal.objects.select_related("run", "application__resident", "offer").filter(uuid=wanted).first()
        if wanted
        else None
    )
    if proposal is None or not _applications(actor).filter(pk=proposal.application_id).exists():
        raise _denied(actor, "match_proposal.read", "MatchProposal", wanted)
    audit_event_record(
        actor=actor,
        event_type="match_proposal.read",
        action=AuditAction.READ,
        resident_uuid=proposal.application.resident.uuid,
        object_type="MatchProposal",
        object_uuid=proposal.uuid,
        scope=ConsentScope.HOUSING_ROUTE,
    )
    return proposal


# --- KPIs (aggregates, no personal data) -----------------------------------------------------------


@dataclass(frozen=True)
class KpiReport:
    waits: kpis.Waits
    # The 90-day share alone can be gamed by housing the easy clients first: the same figures per group.
    groups: list[tuple[str, kpis.Waits]]
    concentration: list[tuple[str, str, int, float | None]]  # buurt code, name, placements, per 1,000 social homes
    trials: kpis.TrialOutcomes
    overrides: int
    proposals: int
    # Per framework agreement, party and year: agreed, placed through this route, delivered in total.
    deliveries: list[DeliveryRow] = field(default_factory=list)


@dataclass(frozen=True)
class DeliveryRow:
    """``quota``, ``delivered`` and ``percent`` come from ``agreements.quotas.framework_overview`` (the one
    place that divides a target over the shares); ``placed`` is the part this route delivered."""

    agreement: str
    organisation: str
    percent: object
    year: int
    quota: int
    placed: int
    delivered: int

    @property
    def shortfall(self) -> int:
        return max(0, self.quota - self.delivered)


def delivery_rows(coalitions: list[Coalition]) -> list[DeliveryRow]:
    """Delivery against each active framework agreement of the coalitions (counts, no personal data)."""
    rows: list[DeliveryRow] = []
    agreements = FrameworkAgreement.objects.filter(coalition__in=coalitions, archived_on__isnull=True).order_by(
        "target_group", "starts_in"
    )
    for agreement in agreements:
        placed = Counter(
            Placement.objects.filter(
                status=PlacementStatus.ACCEPTED, proposal__run__framework_agreement=agreement
            ).values_list("offer__corporation__name", "answered_on__year")
        )
        rows.extend(
            DeliveryRow(
                agreement=agreement.target_group,
                organisation=row.organisation,
                percent=row.percent,
                year=row.year,
                quota=row.quota,
                placed=placed[(row.organisation, row.year)],
                delivered=row.delivered,
            )
            for row in framework_overview(agreement)
        )
    return rows


def kpi_report_for_user(*, actor: Actor, today: date | None = None) -> KpiReport:
    """Figures over the applications of the actor's coalitions' care organisations (counts only)."""
    today = today or timezone.localdate()
    coalitions = coalitions_for(actor)
    applications = (
        OutflowApplication.objects.filter(care_organisation__coalitions__in=coalitions, complete_on__isnull=False)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .distinct()
    )
    full = [
        (done, housed, kind, support)
        for done, housed, kind, support in applications.values_list(
            "complete_on", "housed_on", "kind", "profile__support_intensity"
        )
        if done
    ]
    rows = [(done, housed) for done, housed, _kind, _support in full]
    groups = [
        (str(label), kpis.waits([(d, h) for d, h, k, _support in full if k == kind], today=today))
        for kind, label in ApplicationKind.choices
    ]
    groups.append(
        (
            str(_("High support")),
            kpis.waits([(d, h) for d, h, _kind, s in full if s == SupportIntensity.HIGH], today=today),
        )
    )
    placements = Placement.objects.filter(
        status=PlacementStatus.ACCEPTED, offer__corporation__coalitions__in=coalitions
    ).distinct()
    by_buurt = Counter(placements.values_list("offer__neighbourhood__code", flat=True))
    names = dict(
        DwellingOffer.objects.filter(neighbourhood__code__in=list(by_buurt)).values_list(
            "neighbourhood__code", "neighbourhood__name"
        )
    )
    homes = social_homes(TrafficLightLevel.NEIGHBOURHOOD, sorted(by_buurt), on=today) if by_buurt else {}
    rates = kpis.per_thousand(dict(by_buurt), homes)
    agreements = TripartiteAgreement.objects.filter(placement__in=placements)
    statuses = Counter(agreements.values_list("status", flat=True))
    runs = MatchRun.objects.filter(coalition__in=coalitions)
    proposals = MatchProposal.objects.filter(run__in=runs)
    return KpiReport(
        waits=kpis.waits(rows, today=today),
        groups=[(label, w) for label, w in groups if w.total],
        concentration=[(code, names.get(code, code), by_buurt[code], rates[code]) for code in sorted(by_buurt)],
        trials=kpis.TrialOutcomes(
            transferred=statuses[TrialStatus.TRANSFERRED],
            ended=statuses[TrialStatus.ENDED],
            running=statuses[TrialStatus.TRIAL] + statuses[TrialStatus.EXTENDED],
        ),
        overrides=proposals.filter(status=ProposalStatus.OVERRIDDEN).count(),
        proposals=proposals.count(),
        deliveries=delivery_rows(coalitions),
    )


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _days(value: float | None) -> float | None:
    return None if value is None else round(value)


def kpi_rows(report: KpiReport) -> list[list[object]]:
    """The figures as rows (numbers stay numbers, None for no figure): one source for CSV and XLSX."""
    w = report.waits
    rows: list[list[object]] = [
        ["kpi", "waarde"],
        ["aanmeldingen_compleet", w.total],
        ["binnen_3_maanden_gehuisvest_pct", _pct(w.share_in_time)],
        ["doel_pct", 80],
        ["ooit_gehuisvest_pct", _pct(w.share_ever_housed)],
        ["mediaan_dagen", _days(w.median_days)],
        ["p90_dagen", _days(w.p90_days)],
        ["proefperiode_omklap", report.trials.transferred],
        ["proefperiode_terug_naar_zorg", report.trials.ended],
        ["voorstellen", report.proposals],
        ["voorstellen_overruled", report.overrides],
        [],
        ["groep", "aanmeldingen", "binnen_3_maanden_pct", "ooit_gehuisvest_pct", "mediaan_dagen", "p90_dagen"],
    ]
    rows += [
        [label, g.total, _pct(g.share_in_time), _pct(g.share_ever_housed), _days(g.median_days), _days(g.p90_days)]
        for label, g in report.groups
    ]
    rows += [[], ["buurtcode", "buurt", "plaatsingen", "per_1000_sociale_huurwoningen"]]
    rows += [[code, name, n, _pct(rate)] for code, name, n, rate in report.concentration]
    rows += [[], ["raamafspraak", "partij", "jaar", "aandeel_pct", "afgesproken", "geplaatst_via_route", "geleverd"]]
    rows += [
        [d.agreement, d.organisation, d.year, float(str(d.percent)), d.quota, d.placed, d.delivered]
        for d in report.deliveries
    ]
    return rows


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    return f"{value:.0f}" if isinstance(value, float) and value.is_integer() else value


def kpi_csv(report: KpiReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    for row in kpi_rows(report):
        writer.writerow(
            ["" if v is None else f"{v:.0f}" if isinstance(v, float) and v.is_integer() else v for v in row]
        )
    return out.getvalue()


def kpi_xlsx(report: KpiReport) -> bytes:
    return xlsx.workbook(kpi_rows(report), sheet_name="Uitstroom")


def kpi_charts(report: KpiReport) -> dict[str, str]:
    """Inline SVG per figure group (empty string when there is nothing to draw); the tables stay the source."""
    share = _("Within 3 months")
    ever = _("Ever housed")
    groups = [charts.Bar(_("All applications"), (report.waits.share_in_time, report.waits.share_ever_housed))]
    groups += [charts.Bar(label, (g.share_in_time, g.share_ever_housed)) for label, g in report.groups]
    trials = report.trials
    return {
        "groups": charts.bar_chart_svg(
            groups,
            title=_("Housed within 3 months and ever housed, per group"),
            series=(str(share), str(ever)),
            unit="%",
            scale_max=100,
            target=80,
            target_label=_("target"),
        ),
        "concentration": charts.bar_chart_svg(
            [charts.Bar(f"{name} ({code})", (rate,)) for code, name, _n, rate in report.concentration],
            title=_("Placements per 1,000 social homes per neighbourhood"),
        ),
        "trials": charts.bar_chart_svg(
            [
                charts.Bar(_("Lease transferred (omklap)"), (float(trials.transferred),)),
                charts.Bar(_("Back to care"), (float(trials.ended),)),
                charts.Bar(_("Running"), (float(trials.running),)),
            ],
            title=_("Trial periods by outcome"),
        ),
        "deliveries": charts.bar_chart_svg(
            [
                charts.Bar(f"{d.organisation} {d.year}", (float(d.quota), float(d.placed), float(d.delivered)))
                for d in report.deliveries
            ],
            title=_("Delivery against the framework agreements"),
            series=(str(_("agreed")), str(_("placed")), str(_("delivered"))),
        ),
    }


# --- delivery for the framework agreements -----------------------------------------------------------


class PlacementDeliveries:
    """Accepted placements count as homes delivered by the corporation for the run's framework agreement."""

    def homes_delivered(self, agreement: FrameworkAgreement, organisation_id: int, year: int) -> int:
        return Placement.objects.filter(
            status=PlacementStatus.ACCEPTED,
            offer__corporation_id=organisation_id,
            answered_on__year=year,
            proposal__run__framework_agreement=agreement,
        ).count()
