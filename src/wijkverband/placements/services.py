"""Writes of the uitstroom route. Every function is atomic, checks the policy, validates fully and audits.

- A care organisation registers a client (application) for a resident it may see for the housing-route
  scope; a resident has at most one open application. It is complete once the Wmo decision, the omslag
  approval and the provisional urgency are dated and a housing-need profile exists; the 3-month target
  counts from that day.
- Return to the municipality of origin is the default: a profile whose hard wishes lie elsewhere needs a
  reason. Wishes that are all excluded are contradictory and refused.
- Corporations offer dwellings; a BAG id is offered once at a time.
- A match run (coordinators of the coalition) validates the whole input first; refused input writes nothing.
  The run and all its proposals are written in one transaction; earlier open proposals of the same
  clients are superseded, so a run never half-applies.
- A coordinator accepts a proposal (the home is offered to the client) or overrides it with a reason; the
  overridden pair is never proposed again. The client answers after the introduction meeting.
- The tripartite agreement is signed only with the three conditions agreed and a trial period of at most
  18 months; evaluations follow its schedule. The trial ends in omklap (client and an independent third
  party approve), in an extension with a reason (still within 18 months), or in a return to care.
- Anything refused raises ValidationError (Dutch, per field) before anything is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.agreements.models import FrameworkAgreement
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record, audit_events_record
from wijkverband.consent import policy
from wijkverband.consent.constants import ConsentScope
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.constants import Role
from wijkverband.organisations.models import Coalition, Membership
from wijkverband.residents.models import Resident

from . import instances, lifecycle, matching
from .constants import (
    ACTIVE_OFFER_STATUSES,
    MAX_TRIAL_MONTHS,
    ApplicationStatus,
    MatchRunStatus,
    OfferStatus,
    PlacementStatus,
    ProposalStatus,
    TrialStatus,
)
from .models import (
    DwellingOffer,
    HousingNeedProfile,
    LeaseStep,
    MatchingSettings,
    MatchProposal,
    MatchRun,
    OutflowApplication,
    Placement,
    ThreeWayMeeting,
    TrialEvaluation,
    TripartiteAgreement,
)

logger = logging.getLogger(__name__)

# Explanations re-solve the batch "as if green"; beyond this many proposals the what-if is left out.
COUNTERFACTUAL_LIMIT = 25


def _audit(
    *,
    actor: Actor | None,
    resident: Resident,
    event_type: str,
    action: str,
    obj: Any,
    details: dict[str, Any] | None = None,
) -> None:
    audit_event_record(
        actor=actor,
        event_type=event_type,
        action=action,
        resident_uuid=resident.uuid,
        object_type=type(obj).__name__,
        object_uuid=obj.uuid,
        scope=ConsentScope.HOUSING_ROUTE,
        details=details or {},
    )


def _require_application(actor: Actor, application: OutflowApplication, *, care_side: bool = False) -> None:
    """Invisible applications are 404; corporations may not change what the care side owns."""
    visible = policy.visible_outflow_applications(OutflowApplication.objects.filter(pk=application.pk), actor=actor)
    if not visible.exists():
        raise NotVisible()
    if care_side and policy.is_housing_corporation(actor):
        raise PermissionDenied(_("Only the care organisation changes the application and the profile."))


def _text(value: str | None, field: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    return value


# --- applications and profiles -------------------------------------------------------------------


@transaction.atomic
def outflow_application_register(
    *,
    actor: Actor,
    resident: Resident,
    kind: str,
    wmo_decision_on: date | None = None,
    omslag_approved_on: date | None = None,
    provisional_urgency_on: date | None = None,
) -> OutflowApplication:
    if not policy.may(actor, "change", resident, scope=ConsentScope.HOUSING_ROUTE):
        raise NotVisible()
    if policy.is_housing_corporation(actor):
        raise PermissionDenied(_("A care organisation registers a client for outflow, not a corporation."))
    open_statuses = [
        s for s in ApplicationStatus.values if s not in (ApplicationStatus.HOUSED, ApplicationStatus.WITHDRAWN)
    ]
    if OutflowApplication.objects.filter(resident=resident, status__in=open_statuses).exists():
        raise ValidationError({"kind": _("This resident already has an open outflow application.")})
    application = OutflowApplication(
        resident=resident,
        care_organisation=actor.organisation,
        kind=kind,
        wmo_decision_on=wmo_decision_on,
        omslag_approved_on=omslag_approved_on,
        provisional_urgency_on=provisional_urgency_on,
        registered_by=actor.user,
    )
    application.full_clean()
    application.save()
    _audit(
        actor=actor,
        resident=resident,
        event_type="outflow_application.create",
        action=AuditAction.CREATE,
        obj=application,
    )
    return application


@transaction.atomic
def outflow_application_update_documents(
    *,
    actor: Actor,
    application: OutflowApplication,
    wmo_decision_on: date | None,
    omslag_approved_on: date | None,
    provisional_urgency_on: date | None,
) -> OutflowApplication:
    _require_application(actor, application, care_side=True)
    application.wmo_decision_on = wmo_decision_on
    application.omslag_approved_on = omslag_approved_on
    application.provisional_urgency_on = provisional_urgency_on
    application.full_clean()
    application.save()
    _audit(
        actor=actor,
        resident=application.resident,
        event_type="outflow_application.update",
        action=AuditAction.UPDATE,
        obj=application,
        details={"fields": ["wmo_decision_on", "omslag_approved_on", "provisional_urgency_on"]},
    )
    return application


@transaction.atomic
def outflow_application_complete(
    *, actor: Actor, application: OutflowApplication, complete_on: date | None = None
) -> OutflowApplication:
    """Mark the application complete: the three documents are dated and the profile exists."""
    _require_application(actor, application, care_side=True)
    errors: dict[str, str] = {}
    if not application.has_documents:
        errors["wmo_decision_on"] = _(
            "An application is complete only with the dates of the Wmo decision, the omslag approval and the "
            "provisional urgency."
        )
    if not HousingNeedProfile.objects.filter(application=application).exists():
        errors["profile"] = _("Fill in the housing-need profile first.")
    if not lifecycle.application_can_transition(application.status, ApplicationStatus.COMPLETE):
        errors["status"] = _("This application can no longer be completed.")
    day = complete_on or timezone.localdate()
    latest = max(
        (
            d
            for d in (application.wmo_decision_on, application.omslag_approved_on, application.provisional_urgency_on)
            if d
        ),
        default=None,
    )
    if latest and day < latest:
        errors["complete_on"] = _("An application cannot be complete before its last document.")
    if errors:
        raise ValidationError(errors)
    application.status = ApplicationStatus.COMPLETE
    application.complete_on = day
    application.save(update_fields=["status", "complete_on", "updated_at"])
    _audit(
        actor=actor,
        resident=application.resident,
        event_type="outflow_application.complete",
        action=AuditAction.UPDATE,
        obj=application,
    )
    return application


@transaction.atomic
def outflow_application_withdraw(*, actor: Actor, application: OutflowApplication, reason: str) -> OutflowApplication:
    _require_application(actor, application, care_side=True)
    reason = _text(reason, "reason")
    if not lifecycle.application_can_transition(application.status, ApplicationStatus.WITHDRAWN):
        raise ValidationError({"reason": _("A housed client's application cannot be withdrawn.")})
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    application.proposals.filter(status=ProposalStatus.PROPOSED).update(status=ProposalStatus.SUPERSEDED)
    _audit(
        actor=actor,
        resident=application.resident,
        event_type="outflow_application.withdraw",
        action=AuditAction.UPDATE,
        obj=application,
        details={"reason": "given"},
    )
    return application


def _area_codes(codes: list[str] | None, field: str) -> list[str]:
    """CBS codes of buurten, wijken or gemeenten; unknown codes are refused with their names."""
    cleaned = sorted({c.strip().upper() for c in (codes or []) if c and c.strip()})
    known = set(Neighbourhood.objects.filter(code__in=cleaned).values_list("code", flat=True))
    known |= set(District.objects.filter(code__in=cleaned).values_list("code", flat=True))
    known |= set(Municipality.objects.filter(code__in=cleaned).values_list("code", flat=True))
    unknown = [c for c in cleaned if c not in known]
    if unknown:
        raise ValidationError({field: _("Unknown area code(s): %(codes)s.") % {"codes": ", ".join(unknown)}})
    return cleaned


def _in_municipality(code: str, municipality: Municipality) -> bool:
    if code == municipality.code:
        return True
    if code.startswith("WK"):
        return District.objects.filter(code=code, municipality=municipality).exists()
    return Neighbourhood.objects.filter(code=code, district__municipality=municipality).exists()


PROFILE_FIELDS = (
    "household_size",
    "household_composition",
    "access_need",
    "rooms_wanted",
    "yearly_income",
    "max_rent",
    "origin_deviation_reason",
    "wishes_are_hard",
    "support_intensity",
    "needs_core_nearby",
    "network_notes",
    "neighbourhood_must_carry",
    "health_notes",
)


@transaction.atomic
def housing_need_profile_save(
    *,
    actor: Actor,
    application: OutflowApplication,
    origin_municipality: Municipality,
    wished_areas: list[str] | None = None,
    excluded_areas: list[str] | None = None,
    network_areas: list[str] | None = None,
    **values: Any,
) -> HousingNeedProfile:
    _require_application(actor, application, care_side=True)
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    wished = _area_codes(wished_areas, "wished_areas")
    excluded = _area_codes(excluded_areas, "excluded_areas")
    network = _area_codes(network_areas, "network_areas")
    profile = HousingNeedProfile.objects.filter(application=application).first() or HousingNeedProfile(
        application=application
    )
    for name, value in values.items():
        setattr(profile, name, value.strip() if isinstance(value, str) else value)
    profile.origin_municipality = origin_municipality
    profile.wished_areas, profile.excluded_areas, profile.network_areas = wished, excluded, network
    errors: dict[str, str] = {}
    if profile.wishes_are_hard and not wished:
        errors["wished_areas"] = _("Name at least one wished area when only wished areas count.")
    elif profile.wishes_are_hard and set(wished) <= set(excluded):
        errors["excluded_areas"] = _(
            "Every wished area is also excluded: this profile can never match. Remove the area from one of the two."
        )
    elif (
        profile.wishes_are_hard
        and not any(_in_municipality(code, origin_municipality) for code in wished)
        and not profile.origin_deviation_reason
    ):
        errors["origin_deviation_reason"] = _(
            "Return to the municipality of origin is the default; give a reason to look only elsewhere."
        )
    if origin_municipality.code in excluded and not profile.origin_deviation_reason:
        errors["origin_deviation_reason"] = _(
            "Return to the municipality of origin is the default; give a reason to exclude it."
        )
    if profile.max_rent is not None and Decimal(profile.max_rent) <= 0:
        errors["max_rent"] = _("The maximum rent must be more than zero.")
    if errors:
        raise ValidationError(errors)
    profile.full_clean()
    created = profile.pk is None
    profile.save()
    _audit(
        actor=actor,
        resident=application.resident,
        event_type="housing_need_profile.create" if created else "housing_need_profile.update",
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=profile,
        details={"fields": sorted([*values, "origin_municipality", "wished_areas", "excluded_areas", "network_areas"])},
    )
    return profile


# --- supply ----------------------------------------------------------------------------------------

OFFER_FIELDS = (
    "bag_id",
    "street",
    "house_number",
    "postcode",
    "city",
    "complex_code",
    "stairwell_code",
    "rooms",
    "access_level",
    "rent",
    "available_from",
    "offered_until",
    "latitude",
    "longitude",
    "care_team_nearby",
)


@transaction.atomic
def dwelling_offer_create(*, actor: Actor, neighbourhood_code: str, **values: Any) -> DwellingOffer:
    """A corporation offers a home for the route. Supply, not personal data: no resident in the audit."""
    if not policy.may_manage_dwelling_offers(actor):
        raise PermissionDenied(_("Only a housing corporation offers dwellings."))
    unknown = set(values) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"unknown offer fields: {sorted(unknown)}")
    neighbourhood = Neighbourhood.objects.filter(code=(neighbourhood_code or "").strip().upper()).first()
    if neighbourhood is None:
        raise ValidationError({"neighbourhood_code": _("Unknown neighbourhood (CBS buurt code).")})
    offer = DwellingOffer(corporation=actor.organisation, neighbourhood=neighbourhood, **values)
    bag_id = (offer.bag_id or "").strip()
    offer.bag_id = bag_id
    if DwellingOffer.objects.filter(bag_id=bag_id, status__in=ACTIVE_OFFER_STATUSES).exists():
        raise ValidationError({"bag_id": _("BAG id %(bag_id)s is already offered for the route.") % {"bag_id": bag_id}})
    if offer.stairwell_code and not offer.complex_code:
        raise ValidationError({"stairwell_code": _("A stairwell (portiek) belongs to a complex; fill in the complex.")})
    if offer.available_from and offer.offered_until and offer.offered_until < offer.available_from:
        raise ValidationError({"offered_until": _("The offer must end on or after the day the home is available.")})
    offer.full_clean()
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError as error:  # two requests with the same BAG id at once
        raise ValidationError(
            {"bag_id": _("BAG id %(bag_id)s is already offered for the route.") % {"bag_id": bag_id}}
        ) from error
    audit_event_record(
        actor=actor,
        event_type="dwelling_offer.create",
        action=AuditAction.CREATE,
        object_type="DwellingOffer",
        object_uuid=offer.uuid,
    )
    return offer


@transaction.atomic
def dwelling_offer_withdraw(*, actor: Actor, offer: DwellingOffer) -> DwellingOffer:
    if not policy.may_manage_dwelling_offers(actor) or offer.corporation_id != actor.organisation.pk:  # type: ignore[union-attr]
        raise NotVisible()
    if offer.status != OfferStatus.AVAILABLE:
        raise ValidationError({"status": _("Only an available offer can be withdrawn; this home is proposed or let.")})
    offer.status = OfferStatus.WITHDRAWN
    offer.save(update_fields=["status", "updated_at"])
    offer.proposals.filter(status=ProposalStatus.PROPOSED).update(status=ProposalStatus.SUPERSEDED)
    audit_event_record(
        actor=actor,
        event_type="dwelling_offer.withdraw",
        action=AuditAction.UPDATE,
        object_type="DwellingOffer",
        object_uuid=offer.uuid,
    )
    return offer


# --- match runs ------------------------------------------------------------------------------------


def _explanation_json(explanation: matching.Explanation, offers: dict[str, DwellingOffer]) -> dict[str, Any]:
    def address(home_id: str) -> str:
        offer = offers.get(home_id)
        return offer.address if offer else home_id

    cf = explanation.counterfactual
    return {
        "weights_version": explanation.weights_version,
        "criteria": [matching.reason_nl(r) for r in explanation.criteria],
        "breakdown": [{"part": name, "points": round(points, 1)} for name, points in explanation.breakdown],
        "total": round(explanation.total, 1),
        "alternatives": [
            {
                "home": alt.home_id,
                "address": address(alt.home_id),
                "points": round(alt.value, 1),
                "why_not": [matching.reason_nl(r) for r in alt.reasons],
            }
            for alt in explanation.alternatives
        ],
        "binding": [matching.reason_nl(r) for r in explanation.binding],
        "what_if_green": (
            {
                "buurt": cf.buurt,
                "capacity": cf.capacity,
                "housed_before": cf.housed_before,
                "housed_after": cf.housed_after,
                "home_after": address(cf.home_after) if cf.home_after else None,
            }
            if cf
            else None
        ),
        "text": matching.explain_nl(explanation),
    }


def idle_homes(instance: matching.Instance, graph: matching.CandidateGraph) -> dict[str, list[str]]:
    """Homes no client of the batch can take, with the criteria that exclude the most clients (in Dutch)."""
    wanted = set(range(len(instance.homes))) - {j for _, j in graph.pairs}
    out: dict[str, list[str]] = {}
    for j in sorted(wanted):
        home = instance.homes[j]
        counts: dict[str, int] = {}
        for client in instance.clients:
            for code in {r.code for r in matching.ineligibility(instance, client, home)}:
                counts[code] = counts.get(code, 0) + 1
        top = sorted(counts.items(), key=lambda t: (-t[1], t[0]))[:3]
        # The matcher's text counts homes per criterion for a client; here the count is of clients.
        out[home.id] = [
            matching.reason_nl(matching.Reason("criterion_excludes", {"criterion": code, "homes": n})).replace(
                "woningen", "cliënten"
            )
            for code, n in top
        ]
    return out


def _finite(value: float | None) -> float | None:
    return None if value is None or value != value or value in (float("inf"), float("-inf")) else value


@transaction.atomic
def match_run_start(
    *,
    actor: Actor,
    coalition: Coalition,
    framework_agreement: FrameworkAgreement | None = None,
    time_limit: float = 30.0,
    today: date | None = None,
) -> MatchRun:
    """Run the matcher for the coalition and store the run with every proposal, or nothing at all."""
    if not policy.may_run_matcher(actor, coalition.pk):
        raise PermissionDenied(_("Only a coordinator of an organisation in the coalition starts a match run."))
    if framework_agreement is not None and framework_agreement.coalition_id != coalition.pk:
        raise ValidationError({"framework_agreement": _("This framework agreement belongs to another coalition.")})
    if not 1 <= time_limit <= 600:
        raise ValidationError({"time_limit": _("The time limit is between 1 and 600 seconds.")})
    today = today or timezone.localdate()
    built = instances.build(coalition=coalition, today=today, framework_agreement=framework_agreement)
    instance = built.instance
    if not instance.clients:
        raise ValidationError(_("There are no complete applications with a profile to match."))
    if not instance.homes:
        raise ValidationError(_("There are no dwellings on offer to match."))
    try:
        graph = instances.graph_without(matching.candidates(instance), built.excluded_pairs)
    except matching.InstanceError as error:
        raise ValidationError([matching.reason_nl(issue) for issue in error.issues]) from error
    result = matching.solve(instance, graph, time_limit=time_limit)
    baseline = matching.fcfs(instance, graph)
    bound = _finite(result.bound)
    run = MatchRun.objects.create(
        coalition=coalition,
        framework_agreement=framework_agreement,
        started_by=actor.user,
        organisation=actor.organisation,
        status=MatchRunStatus.DONE,
        weights_version=result.weights_version,
        rules_version=result.rules_version,
        solver_status=result.status,
        clients=len(instance.clients),
        homes=len(instance.homes),
        housed=result.housed,
        objective=result.objective,
        bound=bound,
        ratio=_finite(result.ratio),
        gap=_finite(result.gap),
        fcfs_housed=baseline.housed,
        fcfs_objective=baseline.objective,
        fcfs_ratio=(baseline.objective / bound) if bound else None,
        runtime_s=result.runtime_s + baseline.runtime_s,
        time_limit_s=time_limit,
        defaults_used=built.defaults_used,
        unhoused={cid: [matching.reason_nl(r) for r in reasons] for cid, reasons in matching.diagnose(result).items()},
        idle_homes=idle_homes(instance, graph),
    )
    # Earlier open proposals of these clients make way for this run's.
    MatchProposal.objects.filter(application__in=built.applications.values(), status=ProposalStatus.PROPOSED).update(
        status=ProposalStatus.SUPERSEDED
    )
    proposals = []
    for n, (client_id, home_id) in enumerate(sorted(result.assignment.items())):
        explanation = matching.explain(result, client_id, counterfactual=n < COUNTERFACTUAL_LIMIT)
        proposals.append(
            MatchProposal(
                run=run,
                application=built.applications[client_id],
                offer=built.offers[home_id],
                score=explanation.total,
                explanation=_explanation_json(explanation, built.offers),
            )
        )
    MatchProposal.objects.bulk_create(proposals)
    proposed = {p.application.pk for p in proposals}
    OutflowApplication.objects.filter(pk__in=proposed).update(status=ApplicationStatus.PROPOSED)
    OutflowApplication.objects.filter(
        pk__in=[a.pk for a in built.applications.values() if a.pk not in proposed], status=ApplicationStatus.PROPOSED
    ).update(status=ApplicationStatus.COMPLETE)
    # The run processes every client's profile: one event per resident (NEN 7513), no contents.
    audit_events_record(
        actor=actor,
        event_type="match_run.process",
        action=AuditAction.EXECUTE,
        resident_uuids=[a.resident.uuid for a in built.applications.values()],
        object_type="MatchRun",
        object_uuid=run.uuid,
        scope=ConsentScope.HOUSING_ROUTE,
    )
    return run


def _require_decider(actor: Actor, proposal: MatchProposal) -> None:
    visible = policy.visible_outflow_applications(
        OutflowApplication.objects.filter(pk=proposal.application_id), actor=actor
    )
    if not visible.exists():
        raise NotVisible()
    if not policy.may_run_matcher(actor, proposal.run.coalition_id):
        raise PermissionDenied(_("Only a coordinator of the coalition decides on proposals."))
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been decided or replaced by a later run."))


@transaction.atomic
def match_proposal_accept(*, actor: Actor, proposal: MatchProposal, offered_on: date | None = None) -> Placement:
    proposal = (
        MatchProposal.objects.select_for_update()
        .select_related("run", "application__resident", "offer")
        .get(pk=proposal.pk)
    )
    _require_decider(actor, proposal)
    # Lock the home too: two proposals for it (from different runs) may be accepted at the same moment.
    proposal.offer = DwellingOffer.objects.select_for_update().get(pk=proposal.offer_id)
    if proposal.offer.status != OfferStatus.AVAILABLE:
        raise ValidationError(_("This home is no longer available; start a new match run."))
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_by = actor.user
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    application = proposal.application
    application.status = ApplicationStatus.OFFERED
    application.save(update_fields=["status", "updated_at"])
    proposal.offer.status = OfferStatus.PROPOSED
    proposal.offer.save(update_fields=["status", "updated_at"])
    placement = Placement.objects.create(
        application=application, offer=proposal.offer, proposal=proposal, offered_on=offered_on or timezone.localdate()
    )
    _audit(
        actor=actor,
        resident=application.resident,
        event_type="match_proposal.accept",
        action=AuditAction.UPDATE,
        obj=proposal,
    )
    return placement


@transaction.atomic
def match_proposal_override(*, actor: Actor, proposal: MatchProposal, reason: str) -> MatchProposal:
    """Refuse a proposal with a reason. The pair is left out of later runs; overrides are counted per run."""
    proposal = (
        MatchProposal.objects.select_for_update().select_related("run", "application__resident").get(pk=proposal.pk)
    )
    _require_decider(actor, proposal)
    reason = _text(reason, "reason")
    proposal.status = ProposalStatus.OVERRIDDEN
    proposal.override_reason = reason
    proposal.decided_by = actor.user
    proposal.decided_at = timezone.now()
    proposal.full_clean()
    proposal.save(update_fields=["status", "override_reason", "decided_by", "decided_at", "updated_at"])
    application = proposal.application
    application.status = ApplicationStatus.COMPLETE
    application.save(update_fields=["status", "updated_at"])
    _audit(
        actor=actor,
        resident=application.resident,
        event_type="match_proposal.override",
        action=AuditAction.UPDATE,
        obj=proposal,
        details={"reason": "given"},
    )
    return proposal


def match_run_repeat(*, actor: Actor, run: MatchRun) -> MatchRun:
    """Run the matcher again with the settings of ``run`` (after an override): the overridden pair is
    left out, every open client is weighed again and their earlier open proposals make way."""
    return match_run_start(
        actor=actor,
        coalition=run.coalition,
        framework_agreement=run.framework_agreement,
        time_limit=float(run.time_limit_s or 30.0),
    )


def match_proposal_override_and_rerun(
    *, actor: Actor, proposal: MatchProposal, reason: str
) -> tuple[MatchProposal, MatchRun | None, list[str]]:
    """Override with a reason, then let the matcher run again. The override stands even when the new
    run finds nothing to do (its Dutch reasons are returned, not raised)."""
    proposal = match_proposal_override(actor=actor, proposal=proposal, reason=reason)
    try:
        return proposal, match_run_repeat(actor=actor, run=proposal.run), []
    except ValidationError as error:
        return proposal, None, error.messages


# --- offer, acceptance and introduction -------------------------------------------------------------


def _placement_for(actor: Actor, placement: Placement) -> Placement:
    placement = Placement.objects.select_related("application__resident", "offer").get(pk=placement.pk)
    _require_application(actor, placement.application)
    return placement


@transaction.atomic
def placement_introduction_record(*, actor: Actor, placement: Placement, introduction_on: date) -> Placement:
    placement = _placement_for(actor, placement)
    if placement.status != PlacementStatus.OFFERED:
        raise ValidationError({"introduction_on": _("The client has already answered this offer.")})
    if introduction_on < placement.offered_on:
        raise ValidationError({"introduction_on": _("The introduction meeting cannot be before the offer.")})
    placement.introduction_on = introduction_on
    placement.save(update_fields=["introduction_on", "updated_at"])
    _audit(
        actor=actor,
        resident=placement.application.resident,
        event_type="placement.introduction",
        action=AuditAction.UPDATE,
        obj=placement,
    )
    return placement


@transaction.atomic
def placement_answer(
    *, actor: Actor, placement: Placement, accepted: bool, answered_on: date | None = None, reason: str = ""
) -> Placement:
    """The client accepts (housed: the 3-month clock stops) or declines (back to complete, home available)."""
    placement = _placement_for(actor, placement)
    if placement.status != PlacementStatus.OFFERED:
        raise ValidationError(_("The client has already answered this offer."))
    if placement.introduction_on is None:
        raise ValidationError({"introduction_on": _("Record the introduction meeting with the corporation first.")})
    day = answered_on or timezone.localdate()
    application, offer = placement.application, placement.offer
    if accepted:
        placement.status = PlacementStatus.ACCEPTED
        application.status = ApplicationStatus.HOUSED
        application.housed_on = day
        offer.status = OfferStatus.LET
    else:
        placement.decline_reason = _text(reason, "reason")
        placement.status = PlacementStatus.DECLINED
        application.status = ApplicationStatus.COMPLETE
        offer.status = OfferStatus.AVAILABLE
    placement.answered_on = day
    placement.save(update_fields=["status", "answered_on", "decline_reason", "updated_at"])
    application.save(update_fields=["status", "housed_on", "updated_at"])
    offer.save(update_fields=["status", "updated_at"])
    _audit(
        actor=actor,
        resident=application.resident,
        event_type="placement.answer",
        action=AuditAction.UPDATE,
        obj=placement,
        details={"accepted": accepted},
    )
    return placement


# --- tripartite agreement and trial period ---------------------------------------------------------

AGREEMENT_FIELDS = (
    "pays_rent",
    "opens_door_for_support",
    "no_nuisance",
    "tenancy_agreements",
    "tenancy_shared_with_corporation",
    "personal_goals",
    "support_plan_reference",
    "trial_starts_on",
    "trial_months",
    "evaluation_interval_weeks",
)


@transaction.atomic
def tripartite_agreement_save(*, actor: Actor, placement: Placement, **values: Any) -> TripartiteAgreement:
    """Draft or change the agreement before it is signed (the care side writes it with the client)."""
    placement = _placement_for(actor, placement)
    _require_application(actor, placement.application, care_side=True)
    unknown = set(values) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown agreement fields: {sorted(unknown)}")
    if placement.status != PlacementStatus.ACCEPTED:
        raise ValidationError(_("A tripartite agreement follows the client's acceptance of the home."))
    agreement = TripartiteAgreement.objects.filter(placement=placement).first() or TripartiteAgreement(
        placement=placement
    )
    if agreement.status != TrialStatus.DRAFT:
        raise ValidationError(_("A signed agreement is not changed; record a step of the trial period instead."))
    for name, value in values.items():
        setattr(agreement, name, value.strip() if isinstance(value, str) else value)
    if agreement.trial_months and agreement.trial_months > MAX_TRIAL_MONTHS:
        raise ValidationError({"trial_months": _("The trial period is at most 18 months.")})
    agreement.full_clean()
    created = agreement.pk is None
    agreement.save()
    _audit(
        actor=actor,
        resident=placement.application.resident,
        event_type="tripartite_agreement.create" if created else "tripartite_agreement.update",
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=agreement,
        details={"fields": sorted(values)},
    )
    return agreement


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return date(year, month, min(day.day, days[month - 1]))


def evaluation_schedule(starts_on: date, months: int, interval_weeks: int) -> list[date]:
    """Due dates every ``interval_weeks`` within the trial period, plus one at its end."""
    end = add_months(starts_on, months)
    days, step = [], timedelta(weeks=interval_weeks)
    day = starts_on + step
    while day < end:
        days.append(day)
        day += step
    return [*days, end]


def _step(
    actor: Actor, agreement: TripartiteAgreement, target: str, given: lifecycle.StepInput, extra_months: int = 0
) -> LeaseStep:
    if not lifecycle.can_transition(agreement.status, target):
        raise ValidationError(
            _("From %(current)s the trial period cannot go to %(target)s.")
            % {"current": TrialStatus(agreement.status).label, "target": TrialStatus(target).label}
        )
    messages = {
        "reason": _("Give a reason for this step."),
        "client_approval": _("The lease transfer needs the client's approval."),
        "third_party_approval": _("The lease transfer needs the approval of an independent third party."),
        "three_conditions": _(
            "The client agrees to the three conditions: pay the rent, open the door for support, no nuisance."
        ),
    }
    missing = lifecycle.missing(target, given)
    if missing:
        raise ValidationError({("reason" if code == "reason" else code): messages[code] for code in missing})
    step = LeaseStep.objects.create(
        agreement=agreement,
        from_status=agreement.status,
        to_status=target,
        reason=given.reason.strip(),
        client_approved=given.client_approved,
        third_party=given.third_party.strip(),
        extra_months=extra_months,
        by=actor.user,
    )
    agreement.status = target
    return step


@transaction.atomic
def tripartite_agreement_sign(
    *, actor: Actor, agreement: TripartiteAgreement, signed_on: date | None = None
) -> TripartiteAgreement:
    agreement = (
        TripartiteAgreement.objects.select_for_update()
        .select_related("placement__application__resident")
        .get(pk=agreement.pk)
    )
    _require_application(actor, agreement.placement.application, care_side=True)
    given = lifecycle.StepInput(
        three_conditions=agreement.pays_rent and agreement.opens_door_for_support and agreement.no_nuisance
    )
    _step(actor, agreement, TrialStatus.TRIAL, given)
    agreement.signed_on = signed_on or timezone.localdate()
    agreement.save(update_fields=["status", "signed_on", "updated_at"])
    TrialEvaluation.objects.bulk_create(
        TrialEvaluation(agreement=agreement, due_on=day)
        for day in evaluation_schedule(
            agreement.trial_starts_on, agreement.trial_months, agreement.evaluation_interval_weeks
        )
    )
    _audit(
        actor=actor,
        resident=agreement.placement.application.resident,
        event_type="tripartite_agreement.sign",
        action=AuditAction.UPDATE,
        obj=agreement,
    )
    return agreement


@transaction.atomic
def trial_evaluation_record(
    *, actor: Actor, evaluation: TrialEvaluation, held_on: date, summary: str, goals_met: bool = False
) -> TrialEvaluation:
    evaluation = TrialEvaluation.objects.select_related("agreement__placement__application__resident").get(
        pk=evaluation.pk
    )
    application = evaluation.agreement.placement.application
    _require_application(actor, application, care_side=True)
    if evaluation.agreement.status in lifecycle.FINAL_TRIAL_STATUSES:
        raise ValidationError(_("The trial period has ended."))
    evaluation.held_on = held_on
    evaluation.summary = _text(summary, "summary")
    evaluation.goals_met = goals_met
    evaluation.full_clean()
    evaluation.save()
    _audit(
        actor=actor,
        resident=application.resident,
        event_type="trial_evaluation.record",
        action=AuditAction.UPDATE,
        obj=evaluation,
    )
    return evaluation


@transaction.atomic
def lease_step_record(
    *,
    actor: Actor,
    agreement: TripartiteAgreement,
    target: str,
    reason: str = "",
    client_approved: bool = False,
    third_party: str = "",
    extra_months: int = 0,
) -> LeaseStep:
    """Omklap, extension or ending of the trial period (``lifecycle.TRIAL_TRANSITIONS``)."""
    agreement = (
        TripartiteAgreement.objects.select_for_update()
        .select_related("placement__application__resident")
        .get(pk=agreement.pk)
    )
    _require_application(actor, agreement.placement.application)
    if target not in (TrialStatus.EXTENDED, TrialStatus.TRANSFERRED, TrialStatus.ENDED):
        raise ValidationError({"target": _("Choose lease transfer, extension or ending.")})
    given = lifecycle.StepInput(reason=reason or "", client_approved=client_approved, third_party=third_party or "")
    too_long = extra_months < 1 or agreement.trial_months + extra_months > MAX_TRIAL_MONTHS
    if target == TrialStatus.EXTENDED and too_long:
        raise ValidationError(
            {
                "extra_months": _("An extension keeps the whole trial period at 18 months or less (now %(months)s).")
                % {"months": agreement.trial_months}
            }
        )
    step = _step(actor, agreement, target, given, extra_months=extra_months if target == TrialStatus.EXTENDED else 0)
    fields = ["status", "updated_at"]
    if target == TrialStatus.EXTENDED:
        old_end = add_months(agreement.trial_starts_on, agreement.trial_months)
        agreement.trial_months += extra_months
        fields.append("trial_months")
        TrialEvaluation.objects.filter(agreement=agreement, held_on__isnull=True, due_on=old_end).delete()
        TrialEvaluation.objects.bulk_create(
            TrialEvaluation(agreement=agreement, due_on=day)
            for day in evaluation_schedule(
                agreement.trial_starts_on, agreement.trial_months, agreement.evaluation_interval_weeks
            )
            if day > old_end
        )
    else:
        # Final: evaluations still open are no longer due.
        TrialEvaluation.objects.filter(agreement=agreement, held_on__isnull=True).delete()
    agreement.save(update_fields=fields)
    _audit(
        actor=actor,
        resident=agreement.placement.application.resident,
        event_type=f"lease.{target}",
        action=AuditAction.UPDATE,
        obj=agreement,
        details={"to": target},
    )
    return step


@transaction.atomic
def three_way_meeting_record(
    *,
    actor: Actor,
    agreement: TripartiteAgreement,
    held_on: date,
    notes: str,
    client_attended: bool = False,
    care_provider_attended: bool = False,
    corporation_attended: bool = False,
    attendees: str = "",
    agreements_made: str = "",
    signal_uuids: list[str] | None = None,
) -> ThreeWayMeeting:
    """Record a driegesprek during the trial period, linked to the early signals that prompted it.

    Any party that may see the application records it; the linked signals must be about this client
    and visible to the actor (``policy.visible_signals``), so nobody links a signal they cannot see."""
    from wijkverband.signals.models import Signal

    agreement = TripartiteAgreement.objects.select_related("placement__application__resident").get(pk=agreement.pk)
    application = agreement.placement.application
    _require_application(actor, application)
    errors: dict[str, str] = {}
    if agreement.status not in (TrialStatus.TRIAL, TrialStatus.EXTENDED):
        errors["held_on"] = _("A three-way meeting is recorded during a running trial period.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("A three-way meeting is recorded once it has been held, not before.")
    elif held_on < agreement.trial_starts_on:
        errors["held_on"] = _("The meeting cannot be before the trial period started.")
    if sum((client_attended, care_provider_attended, corporation_attended)) < 2:
        errors["client_attended"] = _("At least two of the three parties attend a three-way meeting.")
    if not (notes or "").strip():
        errors["notes"] = _("This field is required.")
    wanted = sorted({str(u) for u in (signal_uuids or [])})
    signals = list(
        policy.visible_signals(
            Signal.objects.filter(resident=application.resident, uuid__in=wanted), actor=actor
        ).distinct()
    )
    if len(signals) != len(wanted):
        errors["signals"] = _("Only early signals about this client that you may see can be linked.")
    if errors:
        raise ValidationError(errors)
    meeting = ThreeWayMeeting(
        agreement=agreement,
        held_on=held_on,
        client_attended=client_attended,
        care_provider_attended=care_provider_attended,
        corporation_attended=corporation_attended,
        attendees=(attendees or "").strip(),
        notes=notes.strip(),
        agreements_made=(agreements_made or "").strip(),
        recorded_by=actor.user,
    )
    meeting.full_clean()
    meeting.save()
    meeting.signals.set(signals)
    _audit(
        actor=actor,
        resident=application.resident,
        event_type="three_way_meeting.create",
        action=AuditAction.CREATE,
        obj=meeting,
        details={"signals": len(signals)},
    )
    return meeting


# --- weekly match run -----------------------------------------------------------------------------


@transaction.atomic
def matching_settings_save(
    *,
    actor: Actor,
    coalition: Coalition,
    weekly_coordinator: Membership | None,
    framework_agreement: FrameworkAgreement | None = None,
    time_limit_s: int = 60,
) -> MatchingSettings:
    """A coordinator of the coalition names who the weekly run acts as (a coordinator in the coalition)."""
    if not policy.may_run_matcher(actor, coalition.pk):
        raise PermissionDenied(_("Only a coordinator of the coalition sets up the weekly match run."))
    errors: dict[str, str] = {}
    if weekly_coordinator is not None and not _may_run_weekly(weekly_coordinator, coalition):
        errors["weekly_coordinator"] = _(
            "The weekly run acts as an active coordinator of an organisation in this coalition."
        )
    if framework_agreement is not None and framework_agreement.coalition_id != coalition.pk:
        errors["framework_agreement"] = _("This framework agreement belongs to another coalition.")
    if not 1 <= time_limit_s <= 600:
        errors["time_limit_s"] = _("The time limit is between 1 and 600 seconds.")
    if errors:
        raise ValidationError(errors)
    settings_, created = MatchingSettings.objects.get_or_create(coalition=coalition)
    settings_.weekly_coordinator = weekly_coordinator
    settings_.framework_agreement = framework_agreement
    settings_.time_limit_s = time_limit_s
    settings_.full_clean()
    settings_.save()
    audit_event_record(
        actor=actor,
        event_type="matching_settings.create" if created else "matching_settings.update",
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        object_type="MatchingSettings",
        object_uuid=settings_.uuid,
        details={"weekly_coordinator": str(weekly_coordinator.uuid) if weekly_coordinator else None},
    )
    return settings_


def _may_run_weekly(membership: Membership, coalition: Coalition) -> bool:
    actor = Actor(user=membership.user, membership=membership, access_point="cli")
    return membership.is_active and membership.role == Role.COORDINATOR and policy.may_run_matcher(actor, coalition.pk)


@dataclass(frozen=True)
class WeeklyOutcome:
    coalition: str
    run: MatchRun | None
    skipped: str = ""  # why no run was made (Dutch), empty when a run was stored


def weekly_match_runs(*, today: date | None = None) -> list[WeeklyOutcome]:
    """Weekly: per coalition with open applications, compute and store proposals as the named coordinator.

    Never accepts anything: a coordinator still decides on each proposal. A coalition without a named
    coordinator (or whose coordinator no longer may run the matcher) gets no run, and the log says why."""
    today = today or timezone.localdate()
    waiting = Coalition.objects.filter(
        organisations__outflow_applications__status__in=[ApplicationStatus.COMPLETE, ApplicationStatus.PROPOSED]
    )
    configured = Coalition.objects.filter(matching_settings__weekly_coordinator__isnull=False)
    coalitions = (waiting | configured).distinct().order_by("name")
    outcomes: list[WeeklyOutcome] = []
    for coalition in coalitions:
        found = (
            MatchingSettings.objects.filter(coalition=coalition)
            .select_related("weekly_coordinator__user", "weekly_coordinator__organisation", "framework_agreement")
            .first()
        )
        membership = found.weekly_coordinator if found else None
        if found is None or membership is None:
            reason = _("No coordinator is named for the weekly match run.")
            logger.warning("weekly match run skipped for coalition %s (no_coordinator): %s", coalition.uuid, reason)
            outcomes.append(WeeklyOutcome(coalition.name, None, reason))
            continue
        if not _may_run_weekly(membership, coalition):
            reason = _("The coordinator named for the weekly match run may no longer run the matcher.")
            logger.warning(
                "weekly match run skipped for coalition %s (coordinator_may_not_run): %s", coalition.uuid, reason
            )
            outcomes.append(WeeklyOutcome(coalition.name, None, reason))
            continue
        actor = Actor(user=membership.user, membership=membership, access_point="cli")
        try:
            run = match_run_start(
                actor=actor,
                coalition=coalition,
                framework_agreement=found.framework_agreement,
                time_limit=float(found.time_limit_s),
                today=today,
            )
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error.message)
            logger.info("weekly match run for coalition %s made no run: %s", coalition.uuid, text)
            outcomes.append(WeeklyOutcome(coalition.name, None, text))
            continue
        outcomes.append(WeeklyOutcome(coalition.name, run))
    return outcomes


# --- background -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderReport:
    reminded: int


def evaluation_reminders_run(*, today: date | None = None) -> ReminderReport:
    """Remind the care side of evaluations due within a week (once each). System job: no actor."""
    today = today or timezone.localdate()
    due = TrialEvaluation.objects.filter(
        held_on__isnull=True,
        reminded_on__isnull=True,
        due_on__lte=today + timedelta(days=7),
        agreement__status__in=[TrialStatus.TRIAL, TrialStatus.EXTENDED],
    ).select_related("agreement__placement__application__registered_by", "agreement__placement__application__resident")
    reminded = 0
    for evaluation in due:
        with transaction.atomic():
            application = evaluation.agreement.placement.application
            user = application.registered_by
            if user is not None and user.email:
                # No personal data in the mail: the link leads to the page behind the policy.
                send_mail(
                    subject=_("Wijkverband: a living evaluation is due"),
                    message=_("A living evaluation of a trial period is due on %(day)s. Open Wijkverband to plan it.")
                    % {"day": evaluation.due_on.strftime("%d-%m-%Y")},
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[user.email],
                )
            evaluation.reminded_on = today
            evaluation.save(update_fields=["reminded_on", "updated_at"])
            audit_event_record(
                actor=None,
                event_type="trial_evaluation.remind",
                action=AuditAction.EXECUTE,
                resident_uuid=application.resident.uuid,
                object_type="TrialEvaluation",
                object_uuid=evaluation.uuid,
                scope=ConsentScope.HOUSING_ROUTE,
            )
            reminded += 1
    return ReminderReport(reminded=reminded)
