"""Writes on case plans: the plan from the resident's words, the team, agreements, meetings, measurements."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.cases import services
from wijkverband.cases.constants import ActionStatus, CasePlanStatus, EntryKind, ParticipantKind
from wijkverband.cases.models import ActionRole, CaseAction, CaseParticipant, CasePlan, Measurement, Meeting, PlanEntry
from wijkverband.consent.constants import ConsentScope
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.residents.models import Involvement
from wijkverband.testing.actors import actor_for
from wijkverband.testing.consents import consent_for

pytestmark = pytest.mark.django_db


def _participant(plan, user):
    return CaseParticipant.objects.get(plan=plan, user=user, removed_at__isnull=True)


def test_a_plan_starts_from_the_residents_own_words(eva_plan, wijkcoach):
    entries = {kind: list(eva_plan.entries.filter(kind=kind).values_list("text", flat=True)) for kind in EntryKind}

    assert entries[EntryKind.WANT] == ["Een eigen kamer en mijn studie afmaken"]
    assert entries[EntryKind.CAN] == ["Ik kan goed plannen", "Ik help de buurvrouw met boodschappen"]
    assert entries[EntryKind.NEED] == ["Een adres zodat mijn studiefinanciering blijft"]
    assert eva_plan.status == CasePlanStatus.REGISTERED
    assert _participant(eva_plan, wijkcoach).is_case_director
    assert AuditEvent.objects.filter(event_type="case_plan.create", resident_uuid=eva_plan.resident.uuid).count() == 1
    assert AuditEvent.objects.filter(event_type="plan_entry.create").count() == 4


def test_opening_needs_the_case_planconsent_for(eva, wijkcoach):
    # The wijkteam only holds the basic-details consent in the eva fixture.
    with pytest.raises(NotVisible):
        services.case_plan_open(actor=actor_for(wijkcoach), resident=eva)

    assert CasePlan.objects.count() == 0


def test_a_resident_has_one_open_plan_at_a_time(eva_plan, wijkcoach):
    with pytest.raises(ValidationError) as error:
        services.case_plan_open(actor=actor_for(wijkcoach), resident=eva_plan.resident)

    assert "al een open plan" in str(error.value.message_dict["resident"])
    assert CasePlan.objects.count() == 1


def test_inviting_a_corporation_professional_involves_them(corporation_in_plan, corporation_officer, eva_plan):
    assert corporation_in_plan.kind == ParticipantKind.PROFESSIONAL
    assert Involvement.objects.filter(user=corporation_officer, resident=eva_plan.resident, ended_at=None).exists()
    assert CasePlan.objects.visible_to(actor_for(corporation_officer)).get() == eva_plan


def test_removing_a_participant_ends_the_involvement_the_plan_gave(corporation_in_plan, wijkcoach, eva_plan):
    services.case_participant_remove(
        actor=actor_for(wijkcoach), plan=eva_plan, participant_uuid=corporation_in_plan.uuid, reason="Woning gevonden"
    )

    assert not CasePlan.objects.visible_to(actor_for(corporation_in_plan.user)).exists()
    assert not Involvement.objects.filter(user=corporation_in_plan.user, ended_at=None).exists()


def test_network_members_join_without_an_account(eva_plan, wijkcoach):
    neighbour = services.case_participant_add_network(
        actor=actor_for(wijkcoach), plan=eva_plan, name="Buurvrouw Ans", relation="buurvrouw", contact="06-00000000"
    )

    assert (neighbour.user, neighbour.kind) == (None, ParticipantKind.NETWORK)


def test_an_agreement_has_an_owner_a_date_and_one_accountable(eva_plan, wijkcoach, corporation_in_plan):
    director = _participant(eva_plan, wijkcoach)
    need = eva_plan.entries.get(kind=EntryKind.NEED)

    action = services.case_action_create(
        actor=actor_for(wijkcoach),
        plan=eva_plan,
        description="Briefadres aanvragen bij de gemeente",
        owner_uuid=corporation_in_plan.uuid,
        due_on=timezone.localdate() + timedelta(days=14),
        roles={str(director.uuid): "A", str(corporation_in_plan.uuid): "R"},
        need_uuid=need.uuid,
    )

    assert action.owner == corporation_in_plan
    assert dict(ActionRole.objects.filter(action=action).values_list("participant__name", "role")) == {
        director.name: "A",
        corporation_in_plan.name: "R",
    }
    assert action.need == need


@pytest.mark.parametrize(
    ("roles", "field"),
    [
        ({}, "roles"),  # the owner alone as R: no Accountable
        ({"director": "A", "owner": "A"}, "roles"),  # two Accountables
        ({"director": "A", "owner": "C"}, "owner"),  # owner only consulted
        ({"director": "A", "stranger": "I"}, "roles"),  # unknown participant
        ({"director": "X"}, "roles"),  # not a RASCI letter
    ],
)
def test_bad_rasci_sets_are_refused_and_nothing_is_written(eva_plan, wijkcoach, corporation_in_plan, roles, field):
    names = {
        "director": str(_participant(eva_plan, wijkcoach).uuid),
        "owner": str(corporation_in_plan.uuid),
        "stranger": "00000000-0000-0000-0000-000000000001",
    }
    resolved = {names[key]: value for key, value in roles.items()}
    if not roles:
        resolved = {names["owner"]: "R"}

    with pytest.raises(ValidationError) as error:
        services.case_action_create(
            actor=actor_for(wijkcoach),
            plan=eva_plan,
            description="Iets",
            owner_uuid=corporation_in_plan.uuid,
            due_on=timezone.localdate(),
            roles=resolved,
        )

    assert field in error.value.message_dict
    assert CaseAction.objects.count() == 0


def test_a_new_agreement_cannot_be_due_in_the_past(eva_plan, wijkcoach):
    director = _participant(eva_plan, wijkcoach)

    with pytest.raises(ValidationError) as error:
        services.case_action_create(
            actor=actor_for(wijkcoach),
            plan=eva_plan,
            description="Te laat",
            owner_uuid=director.uuid,
            due_on=timezone.localdate() - timedelta(days=1),
        )

    assert error.value.message_dict["due_on"] == ["De datum van een nieuwe afspraak kan niet in het verleden liggen."]
    assert CaseAction.objects.count() == 0


def test_done_needs_a_result(eva_plan, wijkcoach):
    director = _participant(eva_plan, wijkcoach)
    action = services.case_action_create(
        actor=actor_for(wijkcoach),
        plan=eva_plan,
        description="Bellen",
        owner_uuid=director.uuid,
        due_on=timezone.localdate(),
    )

    with pytest.raises(ValidationError):
        services.case_action_update(
            actor=actor_for(wijkcoach), plan=eva_plan, action_uuid=action.uuid, status=ActionStatus.DONE
        )
    services.case_action_update(
        actor=actor_for(wijkcoach), plan=eva_plan, action_uuid=action.uuid, status=ActionStatus.DONE, result="Gebeld"
    )

    action.refresh_from_db()
    assert (action.status, action.result, action.completed_on) == (ActionStatus.DONE, "Gebeld", timezone.localdate())


def test_health_related_notes_need_the_health_scope(eva_plan, wijkcoach, wijkteam):
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            actor=actor_for(wijkcoach),
            plan=eva_plan,
            kind="kitchen_table",
            held_on=timezone.localdate(),
            notes="Slaapt slecht",
            is_health_related=True,
        )
    assert "is_health_related" in error.value.message_dict

    consent_for(eva_plan.resident, wijkcoach, wijkteam, ConsentScope.HEALTH)
    meeting = services.meeting_record(
        actor=actor_for(wijkcoach),
        plan=eva_plan,
        kind="kitchen_table",
        held_on=timezone.localdate(),
        notes="Slaapt slecht",
        is_health_related=True,
        attendee_uuids=[_participant(eva_plan, wijkcoach).uuid],
    )
    assert Meeting.objects.get() == meeting
    assert AuditEvent.objects.filter(event_type="meeting.create").get().scope == "health"


def test_a_meeting_is_recorded_after_it_took_place(eva_plan, wijkcoach):
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            actor=actor_for(wijkcoach),
            plan=eva_plan,
            kind="kitchen_table",
            held_on=timezone.localdate() + timedelta(days=1),
        )

    assert "held_on" in error.value.message_dict
    assert Meeting.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "scores"),
    [
        ("wellbeing", {None: 0}),
        ("wellbeing", {None: 11}),
        ("participation_ladder", {None: 7}),
        ("wellbeing", {"financien": 3}),
        ("zrm", {"financien": 3}),  # not every domain scored
        ("zrm", {None: 3}),
    ],
)
def test_scores_outside_their_scale_are_refused(eva_plan, wijkcoach, code, scores):
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            actor=actor_for(wijkcoach),
            plan=eva_plan,
            instrument_code=code,
            measured_on=timezone.localdate(),
            moment="start",
            scores=scores,
        )

    assert "scores" in error.value.message_dict
    assert Measurement.objects.count() == 0


def test_the_self_reliance_matrix_scores_every_domain_once(eva_plan, wijkcoach):
    from wijkverband.cases.models import InstrumentDomain

    codes = list(InstrumentDomain.objects.filter(instrument__code="zrm").values_list("code", flat=True))
    measurement = services.measurement_record(
        actor=actor_for(wijkcoach),
        plan=eva_plan,
        instrument_code="zrm",
        measured_on=timezone.localdate(),
        moment="start",
        scores=dict.fromkeys(codes, 3),
    )

    assert len(codes) == 11
    assert measurement.scores.count() == 11


def test_others_cannot_write_in_a_plan_they_cannot_see(eva_plan, outsider, corporation_officer, manager):
    for user in (outsider, corporation_officer, manager):
        with pytest.raises(NotVisible):
            services.plan_entry_add(actor=actor_for(user), plan=eva_plan, kind="want", text="Stiekem")

    assert PlanEntry.objects.count() == 4


def test_a_participant_who_is_not_director_cannot_change_status(eva_plan, corporation_in_plan, corporation_officer):
    with pytest.raises(PermissionDenied):
        services.case_plan_transition(
            actor=actor_for(corporation_officer), plan=eva_plan, to_status=CasePlanStatus.ACTIVE, reason="Start"
        )

    eva_plan.refresh_from_db()
    assert eva_plan.status == CasePlanStatus.REGISTERED


def test_a_closed_plan_is_read_only(eva_plan, wijkcoach):
    services.case_plan_transition(
        actor=actor_for(wijkcoach), plan=eva_plan, to_status=CasePlanStatus.CLOSED, reason="Klaar"
    )

    with pytest.raises(PermissionDenied):
        services.plan_entry_add(actor=actor_for(wijkcoach), plan=eva_plan, kind="want", text="Nog iets")
    eva_plan.refresh_from_db()
    assert eva_plan.closed_on == timezone.localdate()


def test_watch_schedule_covers_the_period_at_the_interval():
    assert services.watch_schedule(date(2026, 1, 1), 6, 6) == [
        date(2026, 2, 12),
        date(2026, 3, 26),
        date(2026, 5, 7),
        date(2026, 6, 18),
    ]
