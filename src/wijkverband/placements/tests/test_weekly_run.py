"""The scheduled weekly match run: proposals only, as the coordinator the coalition named."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

import pytest
import time_machine

from wijkverband.audit.models import AuditEvent
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.organisations.models import Membership
from wijkverband.placements import services, tasks
from wijkverband.placements.constants import ApplicationStatus, OfferStatus, ProposalStatus
from wijkverband.placements.models import MatchingSettings, MatchRun, Placement
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 6, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_the_weekly_match_run_is_scheduled():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name="wekelijkse-matchingsronde")

    assert schedule.func == "wijkverband.placements.tasks.weekly_match_run" and schedule.schedule_type == "W"


def test_the_weekly_run_stores_proposals_as_the_named_coordinator_and_accepts_nothing(
    eva_application, offer, green_light, coordinator, coalition
):
    membership = Membership.objects.get(user=coordinator)
    services.matching_settings_save(actor=actor_for(coordinator), coalition=coalition, weekly_coordinator=membership)

    with time_machine.travel(MONDAY, tick=False):
        assert tasks.weekly_match_run() == "runs=1 skipped=0"

    run = MatchRun.objects.get()
    assert run.started_by == coordinator and run.organisation == membership.organisation
    assert run.created_at == MONDAY
    assert run.proposals.get().status == ProposalStatus.PROPOSED
    assert Placement.objects.count() == 0
    offer.refresh_from_db()
    eva_application.refresh_from_db()
    assert (offer.status, eva_application.status) == (OfferStatus.AVAILABLE, ApplicationStatus.PROPOSED)
    event = AuditEvent.objects.get(event_type="match_run.process")
    assert event.user_id_ref == coordinator.pk and event.access_point == "cli"


def test_without_a_named_coordinator_the_weekly_run_does_nothing_and_logs_why(
    eva_application, offer, green_light, coalition, caplog
):
    with time_machine.travel(MONDAY, tick=False), caplog.at_level(logging.WARNING):
        outcomes = services.weekly_match_runs()

    assert MatchRun.objects.count() == 0
    assert [(o.coalition, o.run, o.skipped) for o in outcomes] == [
        ("Samen Ruwaard", None, "Er is geen coördinator aangewezen voor de wekelijkse matchingsronde.")
    ]
    assert "(no_coordinator)" in caplog.text


def test_a_named_coordinator_who_left_makes_the_weekly_run_skip(
    eva_application, offer, green_light, coordinator, coalition, caplog
):
    membership = Membership.objects.get(user=coordinator)
    services.matching_settings_save(actor=actor_for(coordinator), coalition=coalition, weekly_coordinator=membership)
    Membership.objects.filter(pk=membership.pk).update(is_active=False)

    with time_machine.travel(MONDAY, tick=False), caplog.at_level(logging.WARNING):
        outcomes = services.weekly_match_runs()

    assert MatchRun.objects.count() == 0 and outcomes[0].run is None
    assert "(coordinator_may_not_run)" in caplog.text


def test_a_week_without_homes_logs_the_reason_and_stores_no_run(eva_application, coordinator, coalition, caplog):
    membership = Membership.objects.get(user=coordinator)
    services.matching_settings_save(actor=actor_for(coordinator), coalition=coalition, weekly_coordinator=membership)

    with time_machine.travel(MONDAY, tick=False), caplog.at_level(logging.INFO):
        assert tasks.weekly_match_run() == "runs=0 skipped=1"

    assert MatchRun.objects.count() == 0 and "made no run" in caplog.text


def test_only_a_coordinator_of_the_coalition_names_the_weekly_coordinator(coalition, coordinator, wijkcoach, outsider):
    with pytest.raises(PermissionDenied):
        services.matching_settings_save(
            actor=actor_for(wijkcoach), coalition=coalition, weekly_coordinator=Membership.objects.get(user=wijkcoach)
        )
    with pytest.raises(ValidationError) as error:
        services.matching_settings_save(
            actor=actor_for(coordinator), coalition=coalition, weekly_coordinator=Membership.objects.get(user=outsider)
        )

    assert "weekly_coordinator" in error.value.message_dict and MatchingSettings.objects.count() == 0


def test_a_coordinator_names_the_weekly_coordinator_on_the_runs_page(coalition, coordinator, verified_client):
    from django.urls import reverse

    membership = Membership.objects.get(user=coordinator)
    client = verified_client(coordinator)
    page = client.get(reverse("placements:run-list")).content.decode()
    assert 'data-testid="weekly-settings"' in page and str(membership.uuid) in page

    response = client.post(
        reverse("placements:weekly-settings"),
        {"coalition": str(coalition.uuid), "weekly_coordinator": str(membership.uuid), "time_limit_s": "30"},
    )

    assert response.status_code == 302
    settings_ = MatchingSettings.objects.get(coalition=coalition)
    assert (settings_.weekly_coordinator, settings_.time_limit_s) == (membership, 30)
    event = AuditEvent.objects.get(event_type="matching_settings.create")
    assert event.resident_uuid is None
