"""Routekaart, gereedschapskist and escalation: pilots checked at least twice a year with reminders
(frozen clock), instruments with where they worked, themes escalated professionals → managers → board."""

from datetime import date
from io import StringIO

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

import pytest
import time_machine
from django_q.models import Schedule

from wijkverband.agreements import selectors, services
from wijkverband.agreements.models import Pilot
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(coalition, coordinator, wijkteam):
    with time_machine.travel(date(2026, 1, 10), tick=False):
        return services.pilot_create(
            actor=actor_for(coordinator),
            coalition=coalition,
            title="Eén gebiedsbudget",
            goal="Minder bureaucratie",
            owner_uuid=wijkteam.uuid,
            starts_on=date(2026, 1, 15),
        )


def test_the_first_check_falls_due_six_months_after_the_start(pilot):
    assert pilot.next_check_on == date(2026, 7, 15)


def test_a_check_moves_the_next_one_six_months_on(pilot, coordinator):
    with time_machine.travel(date(2026, 5, 31), tick=False):
        services.pilot_check_record(
            actor=actor_for(coordinator),
            pilot=pilot,
            checked_on=date(2026, 5, 31),
            progress="Op koers",
            status="on_track",
        )
    pilot.refresh_from_db()
    assert pilot.next_check_on == date(2026, 11, 28)  # day capped at 28 so every month has it
    assert pilot.status == "on_track"


def test_an_earlier_check_recorded_late_does_not_move_the_due_date_back(pilot, coordinator):
    with time_machine.travel(date(2026, 6, 1), tick=False):
        for day in (date(2026, 5, 20), date(2026, 3, 1)):
            services.pilot_check_record(
                actor=actor_for(coordinator), pilot=pilot, checked_on=day, progress="x", status="on_track"
            )
    pilot.refresh_from_db()
    assert pilot.next_check_on == date(2026, 11, 20)


def test_reminders_once_before_and_once_after_the_due_date(pilot, coordinator, manager, wijkcoach):
    coordinator.email, manager.email, wijkcoach.email = "c@example.org", "m@example.org", "w@example.org"
    for user in (coordinator, manager, wijkcoach):
        user.save()

    with time_machine.travel(date(2026, 6, 30), tick=False):  # 15 days before: too early
        assert services.pilot_reminders_run().reminded == 0
    with time_machine.travel(date(2026, 7, 1), tick=False):  # 14 days before
        assert services.pilot_reminders_run().reminded == 1
        assert services.pilot_reminders_run().reminded == 0  # once per due date
    with time_machine.travel(date(2026, 7, 15), tick=False):  # the due day itself is not late yet
        report = services.pilot_reminders_run()
        assert (report.reminded, report.overdue) == (0, 0)
    with time_machine.travel(date(2026, 7, 16), tick=False):
        assert services.pilot_reminders_run().overdue == 1
        assert services.pilot_reminders_run().overdue == 0

    assert len(mail.outbox) == 2
    # Coordinators and managers of the owning party; professionals are not the pilot's owners.
    assert sorted(mail.outbox[0].to) == ["c@example.org", "m@example.org"]
    assert "15-07-2026" in mail.outbox[0].body and "Eén gebiedsbudget" in mail.outbox[1].body


def test_after_a_check_the_next_due_date_is_reminded_again(pilot, coordinator):
    with time_machine.travel(date(2026, 7, 1), tick=False):
        services.pilot_reminders_run()
        services.pilot_check_record(
            actor=actor_for(coordinator), pilot=pilot, checked_on=date(2026, 7, 1), progress="x", status="at_risk"
        )
    with time_machine.travel(date(2026, 12, 20), tick=False):
        assert services.pilot_reminders_run().reminded == 1


def test_finished_pilots_are_not_reminded(pilot):
    Pilot.objects.filter(pk=pilot.pk).update(status="done")
    with time_machine.travel(date(2026, 8, 1), tick=False):
        report = services.pilot_reminders_run()
    assert (report.reminded, report.overdue) == (0, 0)


def test_the_command_and_the_daily_schedule(pilot):
    out = StringIO()
    with time_machine.travel(date(2026, 7, 20), tick=False):
        call_command("pilot_reminders", stdout=out)
    assert out.getvalue().strip() == "Herinnerd: 0, te laat: 1"
    schedule = Schedule.objects.get(name="routekaart-herinneringen")
    assert schedule.func == "wijkverband.agreements.tasks.pilot_reminders" and schedule.schedule_type == "D"


def test_a_pilot_owned_by_a_party_outside_the_coalition_is_refused(coalition, coordinator, other_organisation):
    with pytest.raises(ValidationError) as error:
        services.pilot_create(
            actor=actor_for(coordinator),
            coalition=coalition,
            title="X",
            goal="Y",
            owner_uuid=other_organisation.uuid,
            starts_on=date(2026, 1, 1),
        )
    assert "owner" in error.value.message_dict
    assert not Pilot.objects.exists()


def test_themes_escalate_one_level_at_a_time(coalition, coordinator, wijkcoach):
    session = services.learning_session_record(
        actor=actor_for(coordinator), coalition=coalition, level="managers", held_on=date(2026, 1, 5), themes="Wonen"
    )
    lesson = services.lesson_record(
        actor=actor_for(wijkcoach), coalition=coalition, kind="failure", title="Wachtlijst", text="x", session=session
    )

    # Raised in a managers' session, so the next level is the board.
    services.lesson_escalate(actor=actor_for(coordinator), lesson=lesson)
    assert lesson.escalated_to == "board" and lesson.escalated_on is not None
    with pytest.raises(ValidationError):
        services.lesson_escalate(actor=actor_for(coordinator), lesson=lesson)
    with pytest.raises(PermissionDenied):
        services.lesson_escalate(actor=actor_for(wijkcoach), lesson=lesson)
    assert [item.title for item in selectors.escalated_lessons(coalition)] == ["Wachtlijst"]


def test_a_lesson_without_a_session_starts_with_the_professionals(coalition, coordinator):
    lesson = services.lesson_record(
        actor=actor_for(coordinator), coalition=coalition, kind="success", title="T", text="x"
    )
    assert services.lesson_escalate(actor=actor_for(coordinator), lesson=lesson).escalated_to == "managers"


def test_tool_evaluations_by_any_member_but_not_by_outsiders(coalition, coordinator, corporation_officer, outsider):
    tool = services.tool_create(actor=actor_for(coordinator), coalition=coalition, name="Buurtkamer", description="x")
    services.tool_evaluation_record(
        actor=actor_for(corporation_officer), tool=tool, outcome="worked", context="Ruwaard", text="Goed bezocht"
    )
    with pytest.raises(NotVisible):
        services.tool_evaluation_record(actor=actor_for(outsider), tool=tool, outcome="worked", context="x", text="y")
    with pytest.raises(PermissionDenied):
        services.tool_create(actor=actor_for(corporation_officer), coalition=coalition, name="X", description="y")
    assert [e.outcome for e in selectors.tools_for(coalition)[0].evaluations.all()] == ["worked"]
