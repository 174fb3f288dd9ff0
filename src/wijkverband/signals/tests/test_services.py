"""Handling signals: routing and terms, the state machine, outreach, plans, escalation, retention."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.cases.models import CasePlan
from wijkverband.consent.constants import ConsentScope
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.signals import arrears, services
from wijkverband.signals.constants import (
    AttemptKind,
    BatchSource,
    OutreachResult,
    SignalStatus,
    SourceKind,
    SubjectKind,
)
from wijkverband.signals.models import OutreachTask, RoutingRule, Signal, SignalCategory, Team
from wijkverband.testing.actors import actor_for

from .csvdata import csv_bytes, row

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def report(user, category, **extra):
    values = {
        "subject_kind": SubjectKind.ADDRESS,
        "source_kind": SourceKind.PROFESSIONAL,
        "postcode": "5345 AB",
        "house_number": 3,
        "subject_name": "Mevrouw De Wit",
        "description": "Ze komt de deur niet meer uit.",
    }
    values.update(extra)
    return services.signal_create(actor=actor_for(user) if user else None, category=category, **values)


def deliver(user, *rows, reference="B-1"):
    return services.arrears_batch_ingest(
        actor=actor_for(user),
        reference=reference,
        rows=arrears.csv_rows(io.BytesIO(csv_bytes(*rows))),
        source=BatchSource.CSV,
    )


def test_a_signal_is_routed_with_its_deadline_in_working_days(wijkcoach, loneliness, catch_all, team):
    received = datetime(2026, 4, 2, 9, tzinfo=AMS)  # Thursday before Easter
    signal = report(wijkcoach, loneliness, received_at=received)

    assert signal.team == team and signal.routing_rule == catch_all
    assert signal.due_on == date(2026, 4, 17)  # 10 working days, Easter Monday skipped
    assert signal.outreach is not None
    assert signal.status_changes.get().to_status == SignalStatus.NEW


def test_the_urgent_term_applies_when_cut_off_threatens(wijkcoach, loneliness, catch_all):
    signal = report(wijkcoach, loneliness, is_urgent=True, received_at=datetime(2026, 4, 2, 9, tzinfo=AMS))
    assert signal.due_on == date(2026, 4, 8)


def test_an_earlier_rule_for_the_category_wins(wijkcoach, nuisance, catch_all, corporation, neighbourhood):
    social = Team.objects.create(organisation=corporation, name="Sociaal beheer", kind="social_management")
    rule = RoutingRule.objects.create(order=10, name="Overlast naar sociaal beheer", team=social)
    rule.categories.add(SignalCategory.objects.get(code="overlast"))

    assert report(wijkcoach, nuisance).team == social


def test_a_postcode_outside_the_working_area_is_refused(wijkcoach, loneliness, catch_all):
    with pytest.raises(ValidationError) as error:
        report(wijkcoach, loneliness, postcode="1011 AB")
    assert "postcode" in error.value.message_dict
    assert not Signal.objects.exists()


def test_managers_do_not_report(manager, loneliness, catch_all):
    with pytest.raises(PermissionDenied):
        report(manager, loneliness)


def test_a_resident_the_reporter_cannot_see_cannot_be_named(outsider, eva, loneliness, catch_all):
    with pytest.raises(NotVisible):
        report(outsider, loneliness, subject_kind=SubjectKind.RESIDENT, resident=eva)


def test_transitions_follow_the_state_machine_with_who_and_why(wijkcoach, loneliness, catch_all):
    signal = report(wijkcoach, loneliness)
    actor = actor_for(wijkcoach)

    services.signal_transition(actor=actor, signal=signal, to_status=SignalStatus.IN_PROGRESS, reason="")
    with pytest.raises(ValidationError):
        services.signal_transition(actor=actor, signal=signal, to_status=SignalStatus.REFERRED_TO_PLAN, reason="x")
    with pytest.raises(ValidationError):
        services.signal_transition(actor=actor, signal=signal, to_status=SignalStatus.CLOSED_NO_FOLLOW_UP, reason="")
    services.signal_transition(
        actor=actor, signal=signal, to_status=SignalStatus.CLOSED_NO_FOLLOW_UP, reason="Buurvrouw helpt al"
    )

    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED_NO_FOLLOW_UP and signal.closed_at
    last = signal.status_changes.last()
    assert (last.changed_by, last.organisation_name, last.reason) == (
        wijkcoach,
        "Wijkteam Ruwaard",
        "Buurvrouw helpt al",
    )


def test_members_of_other_teams_cannot_handle_a_signal(outsider, wijkcoach, loneliness, catch_all):
    signal = report(wijkcoach, loneliness)
    with pytest.raises(NotVisible):
        services.signal_transition(
            actor=actor_for(outsider), signal=signal, to_status=SignalStatus.IN_PROGRESS, reason=""
        )


def test_a_home_visit_contacts_every_combined_signal(creditor, corporation_officer, wijkcoach, catch_all):
    deliver(corporation_officer, row("H-1"), row("E-1", kind="energie"))
    task = OutreachTask.objects.get()

    services.outreach_attempt_record(
        actor=actor_for(wijkcoach), task=task, kind=AttemptKind.PHONE, made_on=timezone.localdate(), is_reached=False
    )
    assert set(Signal.objects.values_list("status", flat=True)) == {SignalStatus.IN_PROGRESS}
    services.outreach_attempt_record(
        actor=actor_for(wijkcoach),
        task=task,
        kind=AttemptKind.HOME_VISIT,
        made_on=timezone.localdate(),
        is_reached=True,
        result=OutreachResult.HELP_ACCEPTED,
        note="Wil hulp bij de huurschuld",
    )

    signals = list(Signal.objects.all())
    assert {s.status for s in signals} == {SignalStatus.CONTACTED}
    assert all(s.first_contact_at for s in signals)
    steps = [c.to_status for c in signals[0].status_changes.all()]
    assert steps == [SignalStatus.NEW, SignalStatus.IN_PROGRESS, SignalStatus.CONTACTED]
    assert AuditEvent.objects.filter(event_type="outreach.attempt").exists()


def test_a_refusal_closes_the_signals_and_the_task(creditor, corporation_officer, wijkcoach, catch_all):
    deliver(corporation_officer, row("H-1"))
    task = OutreachTask.objects.get()

    services.outreach_attempt_record(
        actor=actor_for(wijkcoach),
        task=task,
        kind=AttemptKind.HOME_VISIT,
        made_on=timezone.localdate(),
        is_reached=True,
        result=OutreachResult.HELP_REFUSED,
    )

    task.refresh_from_db()
    assert task.status == "done"
    assert Signal.objects.get().status == SignalStatus.CLOSED_NO_FOLLOW_UP


def test_a_last_attempt_without_contact_ends_as_not_reached(creditor, corporation_officer, wijkcoach, catch_all):
    deliver(corporation_officer, row("H-1"))
    task = OutreachTask.objects.get()

    services.outreach_attempt_record(
        actor=actor_for(wijkcoach),
        task=task,
        kind=AttemptKind.LETTER,
        made_on=timezone.localdate(),
        is_reached=False,
        is_final=True,
    )

    assert Signal.objects.get().status == SignalStatus.NOT_REACHED


def test_a_result_needs_contact(creditor, corporation_officer, wijkcoach, catch_all):
    deliver(corporation_officer, row("H-1"))
    with pytest.raises(ValidationError):
        services.outreach_attempt_record(
            actor=actor_for(wijkcoach),
            task=OutreachTask.objects.get(),
            kind=AttemptKind.PHONE,
            made_on=timezone.localdate(),
            is_reached=False,
            result=OutreachResult.HELP_ACCEPTED,
        )


def test_a_plan_opens_only_after_contact_and_with_consent(creditor, corporation_officer, wijkcoach, catch_all):
    deliver(corporation_officer, row("H-1", bsn="123456782"))
    task = OutreachTask.objects.get()
    actor = actor_for(wijkcoach)
    plan_data = {
        "first_name": "Anna",
        "last_name": "Jansen",
        "date_of_birth": date(1980, 5, 1),
        "consent_given_on": timezone.localdate(),
        "consent_purpose": "Hulp bij betalingsachterstand",
        "want": "Rust in mijn hoofd over geld",
    }
    with pytest.raises(ValidationError):
        services.outreach_case_plan_open(actor=actor, task=task, **plan_data)

    services.outreach_attempt_record(
        actor=actor, task=task, kind=AttemptKind.HOME_VISIT, made_on=timezone.localdate(), is_reached=True
    )
    plan = services.outreach_case_plan_open(actor=actor, task=task, **plan_data)

    signal = Signal.objects.get()
    assert signal.status == SignalStatus.REFERRED_TO_PLAN and signal.case_plan == plan
    assert plan.resident.reveal_bsn() == "123456782"
    assert plan.resident.consent_grants.filter(scope=ConsentScope.CASE_PLAN, organisation=actor.organisation).exists()
    task.refresh_from_db()
    assert task.status == "done"


def test_a_signal_attaches_to_an_existing_plan_visible_to_the_actor(wijkcoach, eva_plan, loneliness, catch_all):
    signal = report(wijkcoach, loneliness, subject_kind=SubjectKind.RESIDENT, resident=eva_plan.resident)

    services.signal_attach_to_plan(actor=actor_for(wijkcoach), signal=signal, plan_uuid=eva_plan.uuid)

    signal.refresh_from_db()
    assert signal.status == SignalStatus.REFERRED_TO_PLAN and signal.case_plan == eva_plan


def test_a_plan_the_actor_does_not_take_part_in_is_not_found(coordinator, wijkcoach, eva_plan, loneliness, catch_all):
    signal = report(wijkcoach, loneliness, subject_kind=SubjectKind.RESIDENT, resident=eva_plan.resident)
    with pytest.raises(NotVisible):
        services.signal_attach_to_plan(actor=actor_for(coordinator), signal=signal, plan_uuid=eva_plan.uuid)
    assert CasePlan.objects.count() == 1


def test_overdue_signals_escalate_once_to_the_coordinator(wijkcoach, coordinator, loneliness, catch_all):
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    signal = report(wijkcoach, loneliness)

    assert services.signals_escalate_overdue(today=signal.due_on) == 0
    assert services.signals_escalate_overdue(today=signal.due_on + timedelta(days=1)) == 1
    assert services.signals_escalate_overdue(today=signal.due_on + timedelta(days=2)) == 0

    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
    assert "Mevrouw" not in mail.outbox[0].body  # no personal data leaves the platform


def test_retention_removes_personal_data_of_arrears_without_contact(
    creditor, corporation_officer, wijkcoach, catch_all, settings, caplog
):
    settings.SIGNALS_ARREARS_RETENTION_DAYS = 30
    deliver(corporation_officer, row("H-1", last_name="Verborgen"), row("H-2", house_number="9"))
    contacted = OutreachTask.objects.get(house_number=9)
    services.outreach_attempt_record(
        actor=actor_for(wijkcoach),
        task=contacted,
        kind=AttemptKind.PHONE,
        made_on=timezone.localdate(),
        is_reached=True,
    )

    assert services.arrears_retention_run(now=timezone.now() + timedelta(days=29)).removed == 0
    with caplog.at_level("INFO", logger="wijkverband.signals.services"):
        outcome = services.arrears_retention_run(now=timezone.now() + timedelta(days=31))

    assert outcome.removed == 1
    removed = Signal.objects.get(creditor_reference="H-1")
    assert (removed.subject_name, removed.bsn_encrypted, removed.house_number, removed.postcode) == (
        "",
        "",
        None,
        "5345",
    )
    assert removed.status == SignalStatus.NOT_REACHED and removed.personal_data_removed_at
    assert Signal.objects.get(creditor_reference="H-2").subject_name  # contact made: kept
    assert str(removed.uuid) in caplog.text and "Verborgen" not in caplog.text
    assert AuditEvent.objects.filter(event_type="signal.erase", resident_uuid=removed.subject_uuid).exists()
    assert OutreachTask.objects.get(pk=removed.outreach_id).display_name == ""
    # A second run finds nothing left to remove.
    assert services.arrears_retention_run(now=timezone.now() + timedelta(days=62)).removed == 0


def test_the_public_page_reports_as_a_neighbour_only(nuisance, catch_all):
    signal = report(None, nuisance, source_kind=SourceKind.NEIGHBOUR)
    assert signal.reporter_organisation is None and signal.receipt_number.startswith("WV-")
    with pytest.raises(PermissionDenied):
        report(None, nuisance, source_kind=SourceKind.PROFESSIONAL)
