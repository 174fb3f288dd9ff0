"""Who sees signals: the receiving team only; reporters hear the outcome as far as consent allows."""

import pytest

from wijkverband.audit.constants import AuditOutcome
from wijkverband.audit.models import AuditEvent
from wijkverband.consent.constants import ConsentScope
from wijkverband.core.exceptions import NotVisible
from wijkverband.signals import selectors, services
from wijkverband.signals.constants import SignalStatus, SourceKind, SubjectKind
from wijkverband.signals.models import OutreachTask, Signal
from wijkverband.testing.actors import actor_for
from wijkverband.testing.consents import consent_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal(wijkcoach, loneliness, catch_all):
    return services.signal_create(
        actor=actor_for(wijkcoach),
        category=loneliness,
        subject_kind=SubjectKind.ADDRESS,
        source_kind=SourceKind.PROFESSIONAL,
        postcode="5345 AB",
        house_number=3,
        subject_name="Mevrouw De Wit",
    )


def test_team_members_read_the_signal_and_the_read_is_audited(signal, coordinator):
    found = selectors.signal_get_for_user(actor=actor_for(coordinator), signal_uuid=signal.uuid)

    assert found == signal
    event = AuditEvent.objects.filter(event_type="signal.read").last()
    assert event.resident_uuid == signal.subject_uuid and event.outcome == AuditOutcome.SUCCESS


@pytest.mark.parametrize("persona", ["outsider", "manager", "functional_admin", "corporation_officer"])
def test_others_cannot_see_the_signal(signal, persona, request):
    actor = actor_for(request.getfixturevalue(persona))

    with pytest.raises(NotVisible):
        selectors.signal_get_for_user(actor=actor, signal_uuid=signal.uuid)
    assert selectors.signal_list_for_user(actor=actor) == []
    assert selectors.outreach_work_list(actor=actor) == []
    with pytest.raises(NotVisible):
        selectors.outreach_get_for_user(actor=actor, task_uuid=OutreachTask.objects.get().uuid)
    assert AuditEvent.objects.filter(event_type="signal.read", outcome=AuditOutcome.DENIED).exists()


def test_a_member_who_left_the_team_no_longer_sees_it(signal, wijkcoach):
    from wijkverband.signals.models import TeamMember

    TeamMember.objects.filter(membership__user=wijkcoach).delete()
    with pytest.raises(NotVisible):
        selectors.signal_get_for_user(actor=actor_for(wijkcoach), signal_uuid=signal.uuid)


def test_the_work_list_combines_signals_per_household(signal, wijkcoach, loneliness):
    services.signal_create(
        actor=actor_for(wijkcoach),
        category=loneliness,
        subject_kind=SubjectKind.ADDRESS,
        source_kind=SourceKind.WATCH_SUPPORTER,
        postcode="5345AB",
        house_number=3,
    )

    [task] = selectors.outreach_work_list(actor=actor_for(wijkcoach))

    assert len(task.signals.all()) == 2


def test_a_reporter_without_consent_only_hears_picked_up(eva, corporation_officer, wijkcoach, loneliness, catch_all):
    from wijkverband.residents.services import involvement_add

    signal = services.signal_create(
        actor=actor_for(wijkcoach),
        category=loneliness,
        subject_kind=SubjectKind.RESIDENT,
        source_kind=SourceKind.PROFESSIONAL,
        resident=eva,
    )
    services.signal_transition(actor=actor_for(wijkcoach), signal=signal, to_status=SignalStatus.IN_PROGRESS, reason="")
    [mine] = selectors.reported_by_my_organisation(actor=actor_for(wijkcoach))
    assert mine.outcome == SignalStatus.IN_PROGRESS  # the wijkteam may see Eva

    # The same signal as seen by someone without Eva's consent: only "picked up".
    corporation = corporation_officer.memberships.get().organisation
    Signal.objects.filter(pk=signal.pk).update(reporter_organisation=corporation)
    [theirs] = selectors.reported_by_my_organisation(actor=actor_for(corporation_officer))
    assert theirs.outcome == "picked_up"

    # Once Eva consents to the corporation and its officer is in her team, the real status shows.
    consent_for(eva, wijkcoach, corporation, ConsentScope.BASIC)
    involvement_add(
        actor=actor_for(wijkcoach),
        resident=eva,
        user=corporation_officer,
        organisation_uuid=str(corporation.uuid),
        role="professional",
        reason="Melder",
    )
    [theirs] = selectors.reported_by_my_organisation(actor=actor_for(corporation_officer))
    assert theirs.outcome == SignalStatus.IN_PROGRESS


def test_a_neighbour_checks_the_receipt_and_hears_only_picked_up(nuisance, catch_all, wijkcoach):
    signal = services.signal_create(
        actor=None,
        category=nuisance,
        subject_kind=SubjectKind.ADDRESS,
        source_kind=SourceKind.NEIGHBOUR,
        postcode="5345 AB",
        house_number=5,
    )
    assert selectors.public_outcome(signal.receipt_number) == "received"
    services.signal_transition(actor=actor_for(wijkcoach), signal=signal, to_status=SignalStatus.IN_PROGRESS, reason="")
    assert selectors.public_outcome(signal.receipt_number.lower()) == "picked_up"
    # A well-formed number that was never issued gets no answer at all, not even "unknown".
    assert selectors.public_outcome(services.receipt_number_new(2026)) is None


def test_the_overview_counts_without_personal_data(signal, manager, wijkcoach):
    figures = selectors.overview(actor=actor_for(manager))

    assert figures.total == 1
    assert sum(figures.per_category["Zorgen over welzijn of gezondheid"]) == 1
    # One signal in a neighbourhood is suppressed: it would point at one household.
    assert figures.per_neighbourhood[0][2] is None
    [team] = figures.teams
    assert (team.open, team.overdue, team.median_days) == (1, 0, None)
