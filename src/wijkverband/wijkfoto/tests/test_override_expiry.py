"""An override that runs out is ended by the daily job, and the moment is in the history."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine
from django_q.models import Schedule

from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import selectors, services, tasks
from wijkverband.wijkfoto.models import TrafficLightOverride, TrafficLightResult

from .conftest import set_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def override(light, coordinator, neighbourhood):
    set_value(neighbourhood.code, "pct_households_social_minimum", 7)
    return services.traffic_light_override_set(
        actor=actor_for(coordinator),
        config=light,
        area_code=neighbourhood.code,
        colour="red",
        reason="Drie incidenten in één portiek; eerst rust.",
        valid_until=timezone.localdate() + timedelta(days=30),
    )


def history(code):
    return list(TrafficLightResult.objects.filter(area_code=code).order_by("recorded_at", "id"))


def test_the_daily_job_ends_an_expired_override_and_records_the_colour_it_falls_back_to(override, neighbourhood):
    with time_machine.travel(override.valid_until + timedelta(days=1)):
        assert tasks.expire_overrides() == "expired=1"

        override.refresh_from_db()
        assert override.ended_at is not None
        last = history(neighbourhood.code)[-1]
        assert (last.colour, last.overridden) == ("green", False)
        valid_until = override.valid_until.strftime("%d-%m-%Y")
        assert last.cause == f"handmatige kleur verlopen (was Rood tot en met {valid_until})"
        assert selectors.capacity_for(neighbourhood.code).colour == "green"

        # A second run finds nothing: the expiry is recorded once.
        assert tasks.expire_overrides() == "expired=0"
        assert history(neighbourhood.code)[-1].pk == last.pk


def test_an_override_still_valid_on_its_last_day_is_left_alone(override, neighbourhood):
    before = len(history(neighbourhood.code))
    with time_machine.travel(override.valid_until):
        assert tasks.expire_overrides() == "expired=0"
    override.refresh_from_db()
    assert override.ended_at is None and len(history(neighbourhood.code)) == before


def test_the_command_does_the_same(override, neighbourhood, capsys):
    with time_machine.travel(override.valid_until + timedelta(days=3)):
        call_command("expire_traffic_light_overrides")
    assert "beëindigd: 1" in capsys.readouterr().out
    assert not TrafficLightOverride.objects.filter(ended_at__isnull=True).exists()


def test_the_job_is_scheduled_daily():
    schedule = Schedule.objects.get(name="stoplicht-handmatige-kleuren-verlopen")
    assert (schedule.func, schedule.schedule_type) == ("wijkverband.wijkfoto.tasks.expire_overrides", "D")
