"""The three-way meeting (driegesprek) during the trial period, from the early-signals hook."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.core.exceptions import NotVisible
from wijkverband.placements import services
from wijkverband.placements.models import ThreeWayMeeting
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def trial(eva_application, offer, green_light, coordinator, coalition, wijkcoach):
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
        trial_starts_on=timezone.localdate() - timedelta(days=30),
    )
    return services.tripartite_agreement_sign(actor=actor_for(wijkcoach), agreement=agreement)


@pytest.fixture
def early_signal(trial, eva_application, wijkcoach, wijkteam):
    from wijkverband.organisations.models import Membership
    from wijkverband.signals.models import RoutingRule, SignalCategory, Team, TeamMember
    from wijkverband.signals.services import signal_create

    team = Team.objects.create(organisation=wijkteam, name="Wijkteam Ruwaard – signalen", kind="neighbourhood_team")
    TeamMember.objects.create(team=team, membership=Membership.objects.get(user=wijkcoach))
    RoutingRule.objects.create(order=1000, name="Alles naar het wijkteam", team=team)
    return signal_create(
        actor=actor_for(wijkcoach),
        category=SignalCategory.objects.get(code="overlast-geluid"),
        subject_kind="resident",
        source_kind="professional",
        resident=eva_application.resident,
        description="Buren melden harde muziek 's nachts",
    )


def _record(actor, agreement, **overrides):
    values = {
        "held_on": timezone.localdate(),
        "notes": "Muziek 's nachts besproken; Eva herkent het.",
        "client_attended": True,
        "care_provider_attended": True,
        "corporation_attended": True,
        "attendees": "Eva, woonbegeleider, huismeester",
        "agreements_made": "Na 22.00 uur koptelefoon; over vier weken opnieuw.",
    }
    values.update(overrides)
    return services.three_way_meeting_record(actor=actor, agreement=agreement, **values)


def test_a_three_way_meeting_is_recorded_with_the_signals_that_prompted_it_and_audited(trial, early_signal, wijkcoach):
    meeting = _record(actor_for(wijkcoach), trial, signal_uuids=[str(early_signal.uuid)])

    assert list(meeting.signals.all()) == [early_signal]
    assert (meeting.client_attended, meeting.care_provider_attended, meeting.corporation_attended) == (True,) * 3
    event = AuditEvent.objects.get(event_type="three_way_meeting.create")
    assert event.resident_uuid == trial.placement.application.resident.uuid and event.details == {"signals": 1}


def test_a_meeting_needs_two_parties_a_held_date_and_notes_and_writes_nothing_otherwise(trial, wijkcoach):
    with pytest.raises(ValidationError) as error:
        _record(
            actor_for(wijkcoach),
            trial,
            held_on=timezone.localdate() + timedelta(days=1),
            notes=" ",
            care_provider_attended=False,
            corporation_attended=False,
        )

    assert set(error.value.message_dict) == {"held_on", "notes", "client_attended"}
    assert ThreeWayMeeting.objects.count() == 0


def test_a_signal_the_actor_cannot_see_cannot_be_linked(trial, early_signal, corporation_in_route, corporation_officer):
    with pytest.raises(ValidationError) as error:
        _record(actor_for(corporation_officer), trial, signal_uuids=[str(early_signal.uuid)])

    assert "signals" in error.value.message_dict and ThreeWayMeeting.objects.count() == 0


def test_the_corporation_in_the_route_records_a_meeting_without_signals(
    trial, corporation_in_route, corporation_officer
):
    assert _record(actor_for(corporation_officer), trial).signals.count() == 0


def test_an_outsider_cannot_record_or_see_a_meeting(trial, wijkcoach, outsider, verified_client):
    _record(actor_for(wijkcoach), trial)

    with pytest.raises(NotVisible):
        _record(actor_for(outsider), trial)
    application = trial.placement.application
    response = verified_client(outsider).get(reverse("placements:application-detail", args=[application.uuid]))
    assert response.status_code == 404
    assert ThreeWayMeeting.objects.count() == 1


def test_a_meeting_is_refused_after_the_trial_period_ended(trial, wijkcoach):
    services.lease_step_record(actor=actor_for(wijkcoach), agreement=trial, target="ended", reason="Terug naar zorg")

    with pytest.raises(ValidationError) as error:
        _record(actor_for(wijkcoach), trial)

    assert "held_on" in error.value.message_dict


def test_the_trial_page_offers_the_meeting_from_the_early_signals_and_lists_it(
    trial, early_signal, wijkcoach, verified_client
):
    application = trial.placement.application
    client = verified_client(wijkcoach)
    page = client.get(reverse("placements:application-detail", args=[application.uuid])).content.decode()
    assert 'data-testid="early-signals"' in page and 'data-testid="meeting-form"' in page

    response = client.post(
        reverse("placements:meeting", args=[application.uuid]),
        {
            "meeting-held_on": timezone.localdate().isoformat(),
            "meeting-client_attended": "on",
            "meeting-care_provider_attended": "on",
            "meeting-notes": "Overlast besproken",
            "meeting-agreements_made": "Koptelefoon na 22.00 uur",
            "meeting-signals": [str(early_signal.uuid)],
        },
    )

    assert response.status_code == 302
    page = client.get(reverse("placements:application-detail", args=[application.uuid])).content.decode()
    assert 'data-testid="meetings"' in page and "Koptelefoon na 22.00 uur" in page
    assert ThreeWayMeeting.objects.get().signals.get() == early_signal


def test_the_corporation_sees_only_the_meetings_it_attended(
    trial, wijkcoach, corporation_in_route, corporation_officer
):
    from wijkverband.placements import selectors

    _record(actor_for(wijkcoach), trial, notes="Met de corporatie erbij")
    _record(actor_for(wijkcoach), trial, notes="Zonder de corporatie", corporation_attended=False)

    seen_by_care = [m.notes for m in selectors.meetings_for(actor=actor_for(wijkcoach), agreement=trial)]
    seen_by_corporation = [
        m.notes for m in selectors.meetings_for(actor=actor_for(corporation_officer), agreement=trial)
    ]

    assert sorted(seen_by_care) == ["Met de corporatie erbij", "Zonder de corporatie"]
    assert seen_by_corporation == ["Met de corporatie erbij"]
