"""Who sees a plan, what they see of it, and that every read leaves an audit event."""

from datetime import timedelta

from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.cases import selectors, services
from wijkverband.cases.models import CaseParticipant
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.models import ConsentGrant
from wijkverband.consent.services import consent_grant_withdraw
from wijkverband.core.exceptions import NotVisible
from wijkverband.testing.actors import actor_for
from wijkverband.testing.consents import consent_for

pytestmark = pytest.mark.django_db


def _health_meeting(plan, user, organisation):
    consent_for(plan.resident, user, organisation, ConsentScope.HEALTH)
    return services.meeting_record(
        actor=actor_for(user),
        plan=plan,
        kind="kitchen_table",
        held_on=timezone.localdate(),
        notes="Na de TIA's is Marianne vaak verward",
        is_health_related=True,
    )


def test_reading_a_plan_is_audited(eva_plan, wijkcoach):
    plan = selectors.case_plan_get_for_user(actor=actor_for(wijkcoach), plan_uuid=eva_plan.uuid)

    event = AuditEvent.objects.filter(event_type="case_plan.read").latest("id")
    assert plan == eva_plan
    assert (event.resident_uuid, event.scope, event.outcome) == (eva_plan.resident.uuid, "case_plan", "success")


@pytest.mark.parametrize("persona", ["outsider", "manager", "functional_admin", "corporation_officer", "coordinator"])
def test_who_does_not_take_part_cannot_read_it(request, eva_plan, persona):
    # The coordinator is in Eva's team but not in her plan: need to know is per plan.
    user = request.getfixturevalue(persona)

    with pytest.raises(NotVisible):
        selectors.case_plan_get_for_user(actor=actor_for(user), plan_uuid=eva_plan.uuid)

    assert selectors.case_plan_list_for_user(actor=actor_for(user)) == []
    assert AuditEvent.objects.latest("id").outcome == "denied"


def test_a_participant_without_the_case_plan_consent_sees_nothing(
    eva_plan, wijkcoach, corporation, corporation_officer
):
    from wijkverband.organisations.models import Membership

    membership = Membership.objects.get(user=corporation_officer)
    services.case_participant_invite(actor=actor_for(wijkcoach), plan=eva_plan, membership_uuid=membership.uuid)

    with pytest.raises(NotVisible):
        selectors.case_plan_get_for_user(actor=actor_for(corporation_officer), plan_uuid=eva_plan.uuid)


def test_withdrawing_the_case_plan_consent_hides_the_plan_at_once(
    eva_plan, corporation_in_plan, corporation, wijkcoach
):
    officer = corporation_in_plan.user
    assert selectors.case_plan_get_for_user(actor=actor_for(officer), plan_uuid=eva_plan.uuid) == eva_plan
    grant = ConsentGrant.objects.get(organisation=corporation, scope=ConsentScope.CASE_PLAN)

    consent_grant_withdraw(
        actor=actor_for(wijkcoach), resident=eva_plan.resident, grant_uuid=str(grant.uuid), reason="Wil het niet"
    )

    with pytest.raises(NotVisible):
        selectors.case_plan_get_for_user(actor=actor_for(officer), plan_uuid=eva_plan.uuid)
    assert selectors.work_list_for_user(actor=actor_for(officer)).my_actions == []


def test_a_removed_participant_loses_sight_of_the_plan(eva_plan, corporation_in_plan, wijkcoach):
    services.case_participant_remove(
        actor=actor_for(wijkcoach), plan=eva_plan, participant_uuid=corporation_in_plan.uuid, reason="Klaar"
    )

    with pytest.raises(NotVisible):
        selectors.case_plan_get_for_user(actor=actor_for(corporation_in_plan.user), plan_uuid=eva_plan.uuid)


def test_health_notes_need_the_health_scope(eva_plan, corporation_in_plan, wijkcoach, wijkteam):
    _health_meeting(eva_plan, wijkcoach, wijkteam)

    own = selectors.case_plan_detail(actor=actor_for(wijkcoach), plan=eva_plan)
    corporation = selectors.case_plan_detail(actor=actor_for(corporation_in_plan.user), plan=eva_plan)

    assert own.meetings[0].notes == "Na de TIA's is Marianne vaak verward"
    assert corporation.meetings[0].notes == ""
    assert all("TIA" not in item.text for item in corporation.timeline())


def test_the_timeline_tells_the_plan_in_order(eva_plan, wijkcoach):
    actor = actor_for(wijkcoach)
    director = CaseParticipant.objects.get(plan=eva_plan, user=wijkcoach)
    services.case_action_create(
        actor=actor,
        plan=eva_plan,
        description="Briefadres aanvragen",
        owner_uuid=director.uuid,
        due_on=timezone.localdate(),
    )
    services.measurement_record(
        actor=actor,
        plan=eva_plan,
        instrument_code="wellbeing",
        measured_on=timezone.localdate() - timedelta(days=2),
        moment="start",
        scores={None: 4},
    )
    services.case_plan_transition(actor=actor, plan=eva_plan, to_status="active", reason="Eva doet mee")

    items = selectors.case_plan_detail(actor=actor, plan=eva_plan).timeline()

    kinds = [item.kind for item in items]
    assert {"entry", "action", "measurement", "status"} <= set(kinds)
    assert items[-1].kind == "measurement"  # two days ago: the oldest
    assert [item.day for item in items] == sorted((item.day for item in items), reverse=True)


def test_the_work_list_filters_by_neighbourhood(eva_plan, wijkcoach):
    director = CaseParticipant.objects.get(plan=eva_plan, user=wijkcoach)
    services.case_action_create(
        actor=actor_for(wijkcoach),
        plan=eva_plan,
        description="Bellen",
        owner_uuid=director.uuid,
        due_on=timezone.localdate(),
    )

    here = selectors.work_list_for_user(
        actor=actor_for(wijkcoach), neighbourhood_code=eva_plan.resident.neighbourhood.code
    )
    elsewhere = selectors.work_list_for_user(actor=actor_for(wijkcoach), neighbourhood_code="BU03630000")

    assert [a.description for a in here.my_actions] == ["Bellen"]
    assert elsewhere.my_actions == []


def test_plans_without_case_director_wait_in_the_work_list(eva, wijkcoach, wijkteam):
    consent_for(eva, wijkcoach, wijkteam, ConsentScope.CASE_PLAN)
    plan = services.case_plan_open(actor=actor_for(wijkcoach), resident=eva)

    work = selectors.work_list_for_user(actor=actor_for(wijkcoach))

    assert work.without_director == [plan]
    events = AuditEvent.objects.filter(event_type="case_plan.work_list")
    assert [e.resident_uuid for e in events] == [eva.uuid]


def test_the_work_list_leaves_out_a_plan_whose_consent_was_withdrawn(eva_plan, wijkcoach, wijkteam, neighbourhood):
    from datetime import date

    from wijkverband.cases.models import CaseAction
    from wijkverband.residents.services import resident_register

    actor = actor_for(wijkcoach)
    kees = resident_register(
        actor=actor,
        first_name="Kees",
        last_name="de Vries",
        date_of_birth=date(1958, 7, 1),
        postcode="5345 AC",
        house_number=3,
        city="Oss",
        neighbourhood=neighbourhood,
        consent_purpose="Samenwerken aan thuis blijven wonen",
        consent_given_on=date(2026, 1, 5),
    )
    consent_for(kees, wijkcoach, wijkteam, ConsentScope.CASE_PLAN)
    kees_plan = services.case_plan_open(actor=actor, resident=kees, as_case_director=True)
    today = timezone.localdate()
    for plan, description in ((eva_plan, "Eva bellen"), (kees_plan, "Kees bellen")):
        me = CaseParticipant.objects.get(plan=plan, user=wijkcoach)
        services.case_action_create(actor=actor, plan=plan, description=description, owner_uuid=me.uuid, due_on=today)
    CaseAction.objects.update(due_on=today - timedelta(days=3))
    grant = ConsentGrant.objects.get(resident=kees, organisation=wijkteam, scope=ConsentScope.CASE_PLAN)

    consent_grant_withdraw(actor=actor, resident=kees, grant_uuid=str(grant.uuid), reason="Wil het niet meer")

    work = selectors.work_list_for_user(actor=actor)
    assert [a.description for a in work.my_overdue] == ["Eva bellen"]
    assert work.directed_overdue == []
    assert (work.counts["my_actions"], work.counts["my_overdue"], work.counts["directed_overdue"]) == (1, 1, 0)
    assert selectors.work_list_counts(actor=actor) == {"actions": 1, "overdue": 1, "watch": 0}
    events = AuditEvent.objects.filter(event_type="case_plan.work_list")
    assert {e.resident_uuid for e in events} == {eva_plan.resident.uuid}
