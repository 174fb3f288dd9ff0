"""The life of a plan: allowed and forbidden transitions, over whole sequences, and the waakvlam."""

from datetime import date, timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkverband.audit.models import AuditEvent
from wijkverband.cases import lifecycle, services
from wijkverband.cases.constants import CasePlanStatus as S
from wijkverband.cases.models import CaseParticipant, CasePlan, StatusChange, Watch, WatchContact
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.testing.actors import actor_for

STATUSES = list(S.values)


@given(st.lists(st.sampled_from(STATUSES), max_size=12))
def test_replay_accepts_exactly_the_allowed_paths(targets):
    status = S.REGISTERED
    expected_ok = True
    for target in targets:
        if target not in lifecycle.TRANSITIONS[status]:
            expected_ok = False
            break
        status = target

    if expected_ok:
        assert lifecycle.replay(S.REGISTERED, targets) == status
    else:
        with pytest.raises(ValueError):
            lifecycle.replay(S.REGISTERED, targets)


def test_closed_is_final_and_every_open_status_can_close():
    assert lifecycle.allowed_next(S.CLOSED) == frozenset()
    assert all(S.CLOSED in lifecycle.allowed_next(status) for status in lifecycle.OPEN_STATUSES)
    assert not lifecycle.can_transition(S.REGISTERED, S.WATCH)  # no waakvlam without scaling down first


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(targets=st.lists(st.sampled_from(STATUSES), min_size=1, max_size=6))
def test_the_service_follows_the_state_machine_and_records_every_step(eva_plan, wijkcoach, targets):
    plan = CasePlan.objects.get(pk=eva_plan.pk)
    CasePlan.objects.filter(pk=plan.pk).update(status=S.REGISTERED, closed_on=None)
    StatusChange.objects.filter(plan=plan).exclude(from_status="").delete()
    # Hypothesis runs every example on the same plan: start each one without a waakvlam left over.
    Watch.objects.filter(plan=plan).delete()
    director = CaseParticipant.objects.get(plan=plan, user=wijkcoach)
    watch = services.WatchPlan(contact_uuid=str(director.uuid), interval_weeks=6, period_months=6)
    status = S.REGISTERED
    recorded = 0

    for target in targets:
        allowed = lifecycle.can_transition(status, target)
        try:
            services.case_plan_transition(
                actor=actor_for(wijkcoach),
                plan=plan,
                to_status=target,
                reason="stap",
                escalation_table="Zorg- en Veiligheidshuis",
                watch=watch,
            )
        except (ValidationError, PermissionDenied):
            # A closed plan refuses every change outright (PermissionDenied); others explain (ValidationError).
            assert not allowed
        else:
            assert allowed
            status = target
            recorded += 1
        assert CasePlan.objects.get(pk=plan.pk).status == status

    assert StatusChange.objects.filter(plan=plan).exclude(from_status="").count() == recorded
    # Leaving waakvlam ends its schedule; at most one watch is active.
    assert plan.watches.filter(ended_at__isnull=True).count() == (1 if status == S.WATCH else 0)


@pytest.mark.django_db
def test_waakvlam_reminds_the_contact_and_escalates_a_missed_contact(eva_plan, wijkcoach):
    wijkcoach.email = "wijkcoach@example.org"
    wijkcoach.save()
    actor = actor_for(wijkcoach)
    director = CaseParticipant.objects.get(plan=eva_plan, user=wijkcoach)
    start = date(2026, 3, 2)
    with time_machine.travel(start, tick=False):
        for status in (S.ACTIVE, S.SCALING_DOWN):
            services.case_plan_transition(actor=actor, plan=eva_plan, to_status=status, reason="stap")
        services.case_plan_transition(
            actor=actor,
            plan=eva_plan,
            to_status=S.WATCH,
            reason="Zelfstandig",
            watch=services.WatchPlan(contact_uuid=str(director.uuid), interval_weeks=6, period_months=6),
        )
    first = WatchContact.objects.order_by("due_on").first()
    assert first.due_on == start + timedelta(weeks=6)

    # A week before: nothing yet. Within the reminder window: one e-mail, once.
    assert services.watch_reminders_run(today=first.due_on - timedelta(days=8)).reminded == 0
    with time_machine.travel(first.due_on - timedelta(days=7), tick=False):
        report = services.watch_reminders_run(today=timezone.localdate())
        again = services.watch_reminders_run(today=timezone.localdate())
    assert (report.reminded, again.reminded) == (1, 0)
    assert mail.outbox[0].to == ["wijkcoach@example.org"]
    assert "Eva" not in mail.outbox[0].body  # no personal data leaves the platform by e-mail

    # Missed: after the grace period it escalates to the case director, once.
    with time_machine.travel(first.due_on + timedelta(days=15), tick=False):
        escalated = services.watch_reminders_run(today=timezone.localdate())
        work = __import__("wijkverband.cases.selectors", fromlist=["x"]).work_list_for_user(actor=actor)
    assert escalated.escalated == 1
    first.refresh_from_db()
    assert first.escalated_at is not None
    assert first in work.escalated_contacts
    assert (
        AuditEvent.objects.filter(event_type="watch_contact.escalate", resident_uuid=eva_plan.resident.uuid).count()
        == 1
    )


@pytest.mark.django_db
def test_the_daily_job_is_scheduled():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name="waakvlam-herinneringen")
    assert (schedule.func, schedule.schedule_type) == ("wijkverband.cases.tasks.watch_reminders", "D")


@pytest.mark.django_db
def test_recording_a_contact_takes_it_off_the_list(eva_plan, wijkcoach):
    actor = actor_for(wijkcoach)
    director = CaseParticipant.objects.get(plan=eva_plan, user=wijkcoach)
    for status in (S.ACTIVE, S.SCALING_DOWN):
        services.case_plan_transition(actor=actor, plan=eva_plan, to_status=status, reason="stap")
    services.case_plan_transition(
        actor=actor,
        plan=eva_plan,
        to_status=S.WATCH,
        reason="Zelfstandig",
        watch=services.WatchPlan(contact_uuid=str(director.uuid), interval_weeks=2, period_months=1),
    )
    contact, second = WatchContact.objects.order_by("due_on")

    services.watch_contact_record(
        actor=actor, plan=eva_plan, contact_uuid=contact.uuid, done_on=timezone.localdate(), outcome="reached_well"
    )

    with pytest.raises(ValidationError):
        services.watch_contact_record(
            actor=actor, plan=eva_plan, contact_uuid=contact.uuid, done_on=timezone.localdate(), outcome="reached_well"
        )
    assert services.watch_reminders_run(today=second.due_on).reminded == 1  # only the other contact
