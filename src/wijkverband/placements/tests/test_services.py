from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.placements import matching, services
from wijkverband.placements.constants import (
    ApplicationStatus,
    OfferStatus,
    PlacementStatus,
    ProposalStatus,
    TrialStatus,
)
from wijkverband.placements.models import MatchProposal, MatchRun, TrialEvaluation
from wijkverband.testing.actors import actor_for

from .conftest import BAG, offer_values

pytestmark = pytest.mark.django_db


def _run(coordinator, coalition, **kwargs):
    return services.match_run_start(actor=actor_for(coordinator), coalition=coalition, time_limit=10, **kwargs)


def test_a_complete_application_is_matched_to_the_offered_home_with_an_explanation(
    eva_application, offer, green_light, coordinator, coalition
):
    run = _run(coordinator, coalition)

    assert (run.clients, run.homes, run.housed, run.fcfs_housed) == (1, 1, 1, 1)
    assert run.ratio is not None and run.ratio <= 1 + 1e-6
    proposal = run.proposals.get()
    assert proposal.offer == offer and proposal.application == eva_application
    card = proposal.explanation
    assert any("2 kamers" in line for line in card["criteria"])
    assert {part["part"] for part in card["breakdown"]} >= {"origin", "urgency"}
    eva_application.refresh_from_db()
    assert eva_application.status == ApplicationStatus.PROPOSED


def test_an_offer_in_a_buurt_without_traffic_light_gets_the_default_shown_and_no_placement(
    eva_application, corporation_officer, second_neighbourhood, green_light, coordinator, coalition
):
    services.dwelling_offer_create(
        actor=actor_for(corporation_officer), neighbourhood_code=second_neighbourhood.code, **offer_values()
    )

    run = _run(coordinator, coalition)

    assert run.defaults_used == [{"buurt": second_neighbourhood.code, "capacity": 0}]
    assert run.housed == 0
    reasons = run.unhoused[str(eva_application.uuid)]
    assert any("geen stoplichtgegevens" in r or "buurt zonder stoplicht" in r for r in reasons)


def test_a_profile_that_can_never_match_is_explained(eva_application, offer, green_light, coordinator, coalition):
    profile = eva_application.profile
    profile.max_rent = Decimal("400.00")
    profile.save()

    run = _run(coordinator, coalition)

    assert run.housed == 0
    reasons = run.unhoused[str(eva_application.uuid)]
    assert "geen van de 1 woningen in de regio komt in aanmerking" in reasons
    assert any("huur boven de huurgrens" in r for r in reasons)


def test_a_home_nobody_can_take_is_explained(
    eva_application, offer, corporation_officer, neighbourhood, green_light, coordinator, coalition
):
    services.dwelling_offer_create(
        actor=actor_for(corporation_officer),
        neighbourhood_code=neighbourhood.code,
        **offer_values(bag_id="0828010000000009", rooms=5),
    )

    run = _run(coordinator, coalition)

    assert list(run.idle_homes) == ["0828010000000009"]
    assert run.idle_homes["0828010000000009"] == ["te veel kamers: sluit 1 cliënten uit"]


def test_the_daily_evaluation_reminder_is_scheduled():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name="woonevaluatie-herinneringen")

    assert schedule.func == "wijkverband.placements.tasks.evaluation_reminders" and schedule.schedule_type == "D"


def test_a_run_writes_all_proposals_or_nothing(
    eva_application, offer, green_light, coordinator, coalition, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("explanation failed halfway")

    monkeypatch.setattr(matching, "explain", broken)

    with pytest.raises(RuntimeError):
        _run(coordinator, coalition)

    assert MatchRun.objects.count() == 0 and MatchProposal.objects.count() == 0
    eva_application.refresh_from_db()
    assert eva_application.status == ApplicationStatus.COMPLETE


def test_the_solver_time_limit_keeps_the_best_feasible_with_its_gap(
    eva_application, offer, green_light, coordinator, coalition, monkeypatch
):
    real = matching.solve

    def limited(instance, graph=None, **kwargs):
        result = real(instance, graph, **kwargs)
        return matching.MatchResult(
            method=result.method,
            status="time_limit",
            assignment=result.assignment,
            evaluation=result.evaluation,
            bound=result.objective * 1.1,
            bound_housed=result.bound_housed,
            runtime_s=result.runtime_s,
            graph=result.graph,
            weights_version=result.weights_version,
            rules_version=result.rules_version,
        )

    monkeypatch.setattr(matching, "solve", limited)

    run = _run(coordinator, coalition)

    assert run.solver_status == "time_limit" and run.housed == 1
    assert run.gap == pytest.approx(0.1 / 1.1)


def test_duplicate_bag_id_is_refused_in_dutch(offer, corporation_officer, neighbourhood):
    with pytest.raises(ValidationError) as error:
        services.dwelling_offer_create(
            actor=actor_for(corporation_officer), neighbourhood_code=neighbourhood.code, **offer_values()
        )

    assert error.value.message_dict["bag_id"] == [f"BAG-id {BAG} wordt al aangeboden voor de route."]


def test_a_withdrawn_offer_frees_its_bag_id(offer, corporation_officer, neighbourhood):
    services.dwelling_offer_withdraw(actor=actor_for(corporation_officer), offer=offer)

    again = services.dwelling_offer_create(
        actor=actor_for(corporation_officer), neighbourhood_code=neighbourhood.code, **offer_values()
    )

    assert again.status == OfferStatus.AVAILABLE


def test_only_a_corporation_offers_dwellings(wijkcoach, neighbourhood):
    with pytest.raises(PermissionDenied):
        services.dwelling_offer_create(
            actor=actor_for(wijkcoach), neighbourhood_code=neighbourhood.code, **offer_values()
        )


def test_contradictory_wishes_are_refused_and_nothing_is_written(eva_application, wijkcoach, neighbourhood):
    with pytest.raises(ValidationError) as error:
        services.housing_need_profile_save(
            actor=actor_for(wijkcoach),
            application=eva_application,
            origin_municipality=neighbourhood.municipality,
            household_size=1,
            max_rent=Decimal("650"),
            wishes_are_hard=True,
            wished_areas=[neighbourhood.code],
            excluded_areas=[neighbourhood.code],
        )

    assert "kan dit profiel nooit" in error.value.message_dict["excluded_areas"][0]
    eva_application.profile.refresh_from_db()
    assert eva_application.profile.excluded_areas == []


def test_an_incomplete_application_cannot_be_completed(eva, wijkcoach, wijkteam):
    from wijkverband.consent.constants import ConsentScope
    from wijkverband.testing.consents import consent_for

    consent_for(eva, wijkcoach, wijkteam, ConsentScope.HOUSING_ROUTE)
    application = services.outflow_application_register(actor=actor_for(wijkcoach), resident=eva, kind="mo")

    with pytest.raises(ValidationError) as error:
        services.outflow_application_complete(actor=actor_for(wijkcoach), application=application)

    assert set(error.value.message_dict) == {"wmo_decision_on", "profile"}


def test_override_needs_a_reason_is_counted_and_the_pair_is_not_proposed_again(
    eva_application, offer, green_light, coordinator, coalition
):
    proposal = _run(coordinator, coalition).proposals.get()
    with pytest.raises(ValidationError):
        services.match_proposal_override(actor=actor_for(coordinator), proposal=proposal, reason="  ")

    services.match_proposal_override(
        actor=actor_for(coordinator), proposal=proposal, reason="Ex-partner woont om de hoek"
    )
    again = _run(coordinator, coalition)

    assert again.housed == 0
    assert MatchProposal.objects.filter(status=ProposalStatus.OVERRIDDEN).count() == 1
    assert AuditEvent.objects.filter(event_type="match_proposal.override").count() == 1


def test_only_a_coordinator_of_the_coalition_starts_a_run(eva_application, offer, wijkcoach, coalition):
    with pytest.raises(PermissionDenied):
        _run(wijkcoach, coalition)


def _housed(eva_application, offer, green_light, coordinator, coalition, wijkcoach):
    proposal = _run(coordinator, coalition).proposals.get()
    placement = services.match_proposal_accept(actor=actor_for(coordinator), proposal=proposal)
    with pytest.raises(ValidationError):
        services.placement_answer(actor=actor_for(wijkcoach), placement=placement, accepted=True)
    services.placement_introduction_record(
        actor=actor_for(wijkcoach), placement=placement, introduction_on=timezone.localdate()
    )
    return services.placement_answer(actor=actor_for(wijkcoach), placement=placement, accepted=True)


def test_the_route_from_proposal_to_omklap(eva_application, offer, green_light, coordinator, coalition, wijkcoach):
    placement = _housed(eva_application, offer, green_light, coordinator, coalition, wijkcoach)
    assert placement.status == PlacementStatus.ACCEPTED
    eva_application.refresh_from_db()
    offer.refresh_from_db()
    assert (eva_application.status, offer.status) == (ApplicationStatus.HOUSED, OfferStatus.LET)

    actor = actor_for(wijkcoach)
    agreement = services.tripartite_agreement_save(
        actor=actor,
        placement=placement,
        trial_starts_on=date(2026, 3, 1),
        trial_months=12,
        evaluation_interval_weeks=13,
    )
    with pytest.raises(ValidationError) as error:
        services.tripartite_agreement_sign(actor=actor, agreement=agreement)
    assert "three_conditions" in error.value.message_dict
    agreement = services.tripartite_agreement_save(
        actor=actor, placement=placement, pays_rent=True, opens_door_for_support=True, no_nuisance=True
    )
    agreement = services.tripartite_agreement_sign(actor=actor, agreement=agreement)
    assert agreement.status == TrialStatus.TRIAL
    assert TrialEvaluation.objects.filter(agreement=agreement).count() == 5  # 4 every 13 weeks + the end

    with pytest.raises(ValidationError) as error:
        services.lease_step_record(
            actor=actor, agreement=agreement, target=TrialStatus.TRANSFERRED, client_approved=True
        )
    assert set(error.value.message_dict) == {"third_party_approval"}

    services.lease_step_record(
        actor=actor,
        agreement=agreement,
        target=TrialStatus.TRANSFERRED,
        client_approved=True,
        third_party="Cliëntondersteuner MEE",
    )
    agreement.refresh_from_db()
    assert agreement.status == TrialStatus.TRANSFERRED


def test_an_extension_keeps_the_trial_within_18_months(
    eva_application, offer, green_light, coordinator, coalition, wijkcoach
):
    placement = _housed(eva_application, offer, green_light, coordinator, coalition, wijkcoach)
    actor = actor_for(wijkcoach)
    agreement = services.tripartite_agreement_save(
        actor=actor,
        placement=placement,
        pays_rent=True,
        opens_door_for_support=True,
        no_nuisance=True,
        trial_starts_on=date(2026, 3, 1),
        trial_months=12,
    )
    agreement = services.tripartite_agreement_sign(actor=actor, agreement=agreement)

    with pytest.raises(ValidationError) as error:
        services.lease_step_record(
            actor=actor, agreement=agreement, target=TrialStatus.EXTENDED, reason="Schulden", extra_months=7
        )
    assert "18" in error.value.message_dict["extra_months"][0]

    services.lease_step_record(
        actor=actor, agreement=agreement, target=TrialStatus.EXTENDED, reason="Schulden", extra_months=6
    )
    agreement.refresh_from_db()
    assert (agreement.status, agreement.trial_months) == (TrialStatus.EXTENDED, 18)


def test_a_declined_offer_returns_the_client_and_the_home(
    eva_application, offer, green_light, coordinator, coalition, wijkcoach
):
    proposal = _run(coordinator, coalition).proposals.get()
    placement = services.match_proposal_accept(actor=actor_for(coordinator), proposal=proposal)
    services.placement_introduction_record(
        actor=actor_for(wijkcoach), placement=placement, introduction_on=timezone.localdate()
    )

    services.placement_answer(actor=actor_for(wijkcoach), placement=placement, accepted=False, reason="Te ver van werk")

    eva_application.refresh_from_db()
    offer.refresh_from_db()
    assert (eva_application.status, offer.status) == (ApplicationStatus.COMPLETE, OfferStatus.AVAILABLE)


def test_evaluation_reminders_are_sent_once(
    eva_application, offer, green_light, coordinator, coalition, wijkcoach, mailoutbox
):
    placement = _housed(eva_application, offer, green_light, coordinator, coalition, wijkcoach)
    actor = actor_for(wijkcoach)
    agreement = services.tripartite_agreement_save(
        actor=actor,
        placement=placement,
        pays_rent=True,
        opens_door_for_support=True,
        no_nuisance=True,
        trial_starts_on=timezone.localdate() - timedelta(weeks=12),
        evaluation_interval_weeks=12,
    )
    services.tripartite_agreement_sign(actor=actor, agreement=agreement)

    first = services.evaluation_reminders_run()
    second = services.evaluation_reminders_run()

    assert (first.reminded, second.reminded) == (1, 0)
    assert len(mailoutbox) == (1 if wijkcoach.email else 0)


def test_a_corporation_may_not_register_or_change_the_profile(corporation_in_route, corporation_officer, neighbourhood):
    with pytest.raises(PermissionDenied):
        services.housing_need_profile_save(
            actor=actor_for(corporation_officer),
            application=corporation_in_route,
            origin_municipality=neighbourhood.municipality,
            household_size=2,
            max_rent=Decimal("700"),
        )


def test_an_outsider_cannot_touch_the_application(eva_application, outsider):
    with pytest.raises(NotVisible):
        services.outflow_application_withdraw(actor=actor_for(outsider), application=eva_application, reason="x")


def test_after_an_override_the_matcher_runs_again_without_that_pair(
    eva_application, offer, green_light, coordinator, coalition, corporation_officer, neighbourhood
):
    from .conftest import offer_values

    second = services.dwelling_offer_create(
        actor=actor_for(corporation_officer),
        neighbourhood_code=neighbourhood.code,
        **offer_values(bag_id="0828010000099999", house_number="12"),
    )
    first_run = _run(coordinator, coalition)
    proposal = first_run.proposals.get()

    overridden, rerun, problems = services.match_proposal_override_and_rerun(
        actor=actor_for(coordinator), proposal=proposal, reason="Ex-partner woont om de hoek"
    )

    assert overridden.status == ProposalStatus.OVERRIDDEN and problems == []
    assert rerun is not None and rerun.pk != first_run.pk
    (again,) = rerun.proposals.all()
    assert again.application == eva_application and again.offer != proposal.offer
    assert {proposal.offer.pk, again.offer.pk} == {offer.pk, second.pk}


def test_an_override_stands_when_the_new_run_finds_nothing_to_do(
    eva_application, offer, green_light, coordinator, coalition
):
    proposal = _run(coordinator, coalition).proposals.get()

    overridden, rerun, problems = services.match_proposal_override_and_rerun(
        actor=actor_for(coordinator), proposal=proposal, reason="Ex-partner woont om de hoek"
    )

    # The only home is left out for the only client: the new run houses nobody (or is refused), the override stays.
    assert overridden.status == ProposalStatus.OVERRIDDEN
    assert rerun is None or rerun.housed == 0
    assert MatchProposal.objects.filter(status=ProposalStatus.OVERRIDDEN).count() == 1
