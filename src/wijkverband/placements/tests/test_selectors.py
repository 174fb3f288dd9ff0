"""Who sees what of the route: consent, need to know, and never health notes for a corporation."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.models import ConsentGrant
from wijkverband.consent.services import consent_grant_withdraw
from wijkverband.core.exceptions import NotVisible
from wijkverband.placements import selectors, services
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def test_the_care_organisation_sees_the_whole_profile_with_health_notes_given_the_health_scope(
    eva_application, wijkcoach, wijkteam
):
    from wijkverband.testing.consents import consent_for

    consent_for(eva_application.resident, wijkcoach, wijkteam, ConsentScope.HEALTH)

    view = selectors.housing_need_profile_view(actor=actor_for(wijkcoach), application=eva_application)

    assert view is not None and not view.limited
    assert "yearly_income" in view.values and "network_notes" in view.values
    assert view.health_notes and "crisisplan" in view.health_notes


def test_without_the_health_scope_the_care_side_sees_no_health_notes(eva_application, wijkcoach):
    view = selectors.housing_need_profile_view(actor=actor_for(wijkcoach), application=eva_application)

    assert view is not None and view.health_notes is None


def test_a_corporation_sees_only_the_fields_the_consent_allows_and_never_health_notes(
    corporation_in_route, wijkcoach, corporation_officer, corporation
):
    from wijkverband.testing.consents import consent_for

    consent_for(corporation_in_route.resident, wijkcoach, corporation, ConsentScope.HEALTH)
    actor = actor_for(corporation_officer)

    application = selectors.outflow_application_get_for_user(actor=actor, application_uuid=corporation_in_route.uuid)
    view = selectors.housing_need_profile_view(actor=actor, application=application)

    assert view is not None and view.limited
    assert set(view.values) == {
        "household_size",
        "household_composition",
        "access_need",
        "rooms_wanted",
        "max_rent",
        "support_intensity",
    }
    assert view.health_notes is None


def test_a_corporation_without_the_housing_route_consent_gets_not_found(
    eva_application, eva_shared_with_corporation, corporation_officer
):
    with pytest.raises(NotVisible):
        selectors.outflow_application_get_for_user(
            actor=actor_for(corporation_officer), application_uuid=eva_application.uuid
        )

    assert AuditEvent.objects.filter(event_type="outflow_application.read", outcome="denied").count() == 1


def test_another_organisation_sees_nothing(eva_application, outsider):
    actor = actor_for(outsider)

    assert selectors.outflow_application_list_for_user(actor=actor) == []
    with pytest.raises(NotVisible):
        selectors.outflow_application_get_for_user(actor=actor, application_uuid=eva_application.uuid)


def test_withdrawn_consent_hides_the_application_at_once(eva_application, wijkcoach, wijkteam):
    actor = actor_for(wijkcoach)
    grant = ConsentGrant.objects.get(
        resident=eva_application.resident, organisation=wijkteam, scope=ConsentScope.HOUSING_ROUTE
    )

    consent_grant_withdraw(
        actor=actor, resident=eva_application.resident, grant_uuid=str(grant.uuid), reason="Wil het zelf regelen"
    )

    assert selectors.outflow_application_list_for_user(actor=actor) == []
    with pytest.raises(NotVisible):
        selectors.outflow_application_get_for_user(actor=actor, application_uuid=eva_application.uuid)


def test_reading_an_application_is_audited_per_resident(eva_application, wijkcoach):
    selectors.outflow_application_list_for_user(actor=actor_for(wijkcoach))
    selectors.outflow_application_get_for_user(actor=actor_for(wijkcoach), application_uuid=eva_application.uuid)

    events = AuditEvent.objects.filter(
        resident_uuid=eva_application.resident.uuid, event_type__startswith="outflow_application."
    )
    assert set(events.values_list("event_type", flat=True)) >= {
        "outflow_application.list",
        "outflow_application.read",
        "outflow_application.create",
    }


def test_tenancy_agreements_reach_the_corporation_only_with_consent(
    corporation_in_route, offer, green_light, coordinator, coalition, wijkcoach, corporation_officer
):
    run = services.match_run_start(actor=actor_for(coordinator), coalition=coalition, time_limit=10)
    placement = services.match_proposal_accept(actor=actor_for(coordinator), proposal=run.proposals.get())
    services.placement_introduction_record(
        actor=actor_for(wijkcoach), placement=placement, introduction_on=timezone.localdate()
    )
    services.placement_answer(actor=actor_for(wijkcoach), placement=placement, accepted=True)
    agreement = services.tripartite_agreement_save(
        actor=actor_for(wijkcoach),
        placement=placement,
        trial_starts_on=timezone.localdate(),
        tenancy_agreements="Elke maand de huur automatisch; buurman bij geluid aanspreken via de begeleider.",
    )

    assert selectors.tenancy_agreements_for(actor=actor_for(corporation_officer), agreement=agreement) is None
    assert selectors.tenancy_agreements_for(actor=actor_for(wijkcoach), agreement=agreement)

    agreement.tenancy_shared_with_corporation = True
    assert selectors.tenancy_agreements_for(actor=actor_for(corporation_officer), agreement=agreement)


def test_a_match_run_shows_proposals_only_for_clients_the_reader_may_see(
    eva_application, offer, green_light, coordinator, coalition, corporation_officer
):
    run = services.match_run_start(actor=actor_for(coordinator), coalition=coalition, time_limit=10)

    seen = selectors.match_run_get_for_user(actor=actor_for(corporation_officer), run_uuid=run.uuid)

    assert seen.proposals == [] and seen.hidden == 1


def test_a_coordinator_outside_the_coalition_does_not_find_the_run(
    eva_application, offer, green_light, coordinator, coalition, outsider
):
    run = services.match_run_start(actor=actor_for(coordinator), coalition=coalition, time_limit=10)

    with pytest.raises(NotVisible):
        selectors.match_run_get_for_user(actor=actor_for(outsider), run_uuid=run.uuid)


def test_early_signals_during_the_trial_period_reach_the_team_that_may_see_them(
    eva_application, offer, green_light, coordinator, coalition, wijkcoach, wijkteam, corporation_officer
):
    from wijkverband.organisations.models import Membership
    from wijkverband.signals.models import RoutingRule, SignalCategory, Team, TeamMember
    from wijkverband.signals.services import signal_create

    run = services.match_run_start(actor=actor_for(coordinator), coalition=coalition, time_limit=10)
    placement = services.match_proposal_accept(actor=actor_for(coordinator), proposal=run.proposals.get())
    services.placement_introduction_record(
        actor=actor_for(wijkcoach), placement=placement, introduction_on=timezone.localdate()
    )
    services.placement_answer(actor=actor_for(wijkcoach), placement=placement, accepted=True)
    agreement = services.tripartite_agreement_save(
        actor=actor_for(wijkcoach),
        placement=placement,
        pays_rent=True,
        opens_door_for_support=True,
        no_nuisance=True,
        trial_starts_on=timezone.localdate(),
    )
    services.tripartite_agreement_sign(actor=actor_for(wijkcoach), agreement=agreement)
    team = Team.objects.create(organisation=wijkteam, name="Wijkteam Ruwaard – signalen", kind="neighbourhood_team")
    TeamMember.objects.create(team=team, membership=Membership.objects.get(user=wijkcoach))
    RoutingRule.objects.create(order=1000, name="Alles naar het wijkteam", team=team)
    signal_create(
        actor=actor_for(wijkcoach),
        category=SignalCategory.objects.get(code="overlast-geluid"),
        subject_kind="resident",
        source_kind="professional",
        resident=eva_application.resident,
        description="Buren melden harde muziek 's nachts",
    )

    seen = selectors.trial_signals_for_user(actor=actor_for(wijkcoach), agreement=agreement)
    not_seen = selectors.trial_signals_for_user(actor=actor_for(corporation_officer), agreement=agreement)

    assert len(seen) == 1 and not_seen == []


def _register(wijkcoach, wijkteam, neighbourhood, n):
    from datetime import date

    from wijkverband.residents.services import resident_register
    from wijkverband.testing.consents import consent_for

    resident = resident_register(
        actor=actor_for(wijkcoach),
        first_name=f"Cliënt{n}",
        last_name="Test",
        date_of_birth=date(1990, 1, 1 + n),
        postcode="5345 AB",
        house_number=20 + n,
        neighbourhood=neighbourhood,
        consent_purpose="Uitstroom",
        consent_given_on=date(2026, 1, 5),
    )
    consent_for(resident, wijkcoach, wijkteam, ConsentScope.HOUSING_ROUTE)
    services.outflow_application_register(actor=actor_for(wijkcoach), resident=resident, kind="mo")


def test_the_application_list_costs_the_same_queries_for_one_or_many(
    wijkcoach, wijkteam, neighbourhood, django_assert_num_queries
):
    _register(wijkcoach, wijkteam, neighbourhood, 1)
    actor = actor_for(wijkcoach)

    with CaptureQueriesContext(connection) as one:
        assert len(selectors.outflow_application_list_for_user(actor=actor)) == 1
    for n in range(2, 6):
        _register(wijkcoach, wijkteam, neighbourhood, n)

    with django_assert_num_queries(len(one.captured_queries)):
        assert len(selectors.outflow_application_list_for_user(actor=actor)) == 5


def test_the_figures_show_delivery_against_each_framework_agreement_from_the_quota_module(
    eva_application, offer, green_light, coordinator, coalition, wijkcoach, corporation, wijkteam
):
    from decimal import Decimal

    from wijkverband.agreements.models import FrameworkAgreement, FrameworkShare, FrameworkTarget

    year = timezone.localdate().year
    agreement = FrameworkAgreement.objects.create(
        coalition=coalition, target_group="Uitstroom BW", starts_in=year, ends_in=year
    )
    FrameworkTarget.objects.create(agreement=agreement, year=year, homes=5)
    FrameworkShare.objects.create(agreement=agreement, organisation=corporation, percent=Decimal("60"))
    FrameworkShare.objects.create(agreement=agreement, organisation=wijkteam, percent=Decimal("40"))
    run = services.match_run_start(
        actor=actor_for(coordinator), coalition=coalition, framework_agreement=agreement, time_limit=10
    )
    placement = services.match_proposal_accept(actor=actor_for(coordinator), proposal=run.proposals.get())
    services.placement_introduction_record(
        actor=actor_for(wijkcoach), placement=placement, introduction_on=timezone.localdate()
    )
    services.placement_answer(actor=actor_for(wijkcoach), placement=placement, accepted=True)

    rows = {r.organisation: r for r in selectors.kpi_report_for_user(actor=actor_for(coordinator)).deliveries}

    # 5 homes over 60/40 by largest remainder: 3 and 2. The placement counts for the corporation only.
    by_corporation, by_care = rows[corporation.name], rows[wijkteam.name]
    assert (by_corporation.quota, by_corporation.placed, by_corporation.delivered) == (3, 1, 1)
    assert (by_care.quota, by_care.placed, by_care.delivered, by_care.shortfall) == (2, 0, 0, 2)
    csv = selectors.kpi_csv(selectors.kpi_report_for_user(actor=actor_for(coordinator)))
    assert f"Uitstroom BW;{corporation.name};{year};60;3;1;1" in csv


def test_an_outsider_sees_no_delivery_of_another_coalitions_agreements(coalition, outsider, corporation):
    from wijkverband.agreements.models import FrameworkAgreement, FrameworkTarget

    year = timezone.localdate().year
    agreement = FrameworkAgreement.objects.create(
        coalition=coalition, target_group="Uitstroom", starts_in=year, ends_in=year
    )
    FrameworkTarget.objects.create(agreement=agreement, year=year, homes=5)

    assert selectors.kpi_report_for_user(actor=actor_for(outsider)).deliveries == []
