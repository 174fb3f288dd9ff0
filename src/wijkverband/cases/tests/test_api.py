"""The case plan API: the same rules as the pages, as JSON, with 404 for anything not visible."""

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wijkverband.audit.constants import AuditAction, AuditOutcome
from wijkverband.audit.models import AuditEvent
from wijkverband.cases import services
from wijkverband.cases.constants import ActionStatus, CasePlanStatus, EntryKind, ParticipantKind
from wijkverband.cases.models import (
    ActionRole,
    CaseAction,
    CaseParticipant,
    CasePlan,
    InstrumentDomain,
    Measurement,
    Meeting,
    PlanEntry,
    StatusChange,
    Watch,
    WatchContact,
)
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.models import ConsentGrant
from wijkverband.consent.services import consent_grant_withdraw
from wijkverband.organisations.models import Membership
from wijkverband.testing.actors import actor_for
from wijkverband.testing.consents import consent_for as _consent

pytestmark = pytest.mark.django_db

API = "/api/v1"


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _today() -> str:
    return timezone.localdate().isoformat()


def _participant(plan, user) -> CaseParticipant:
    return CaseParticipant.objects.get(plan=plan, user=user, removed_at__isnull=True)


def _invalid_names(response) -> set[str]:
    return {param["name"] for param in response.json()["invalidParams"]}


def _state() -> dict[str, Any]:
    """Everything an endpoint could change, plus the number of non-read audit events."""
    return {
        "plans": list(CasePlan.objects.order_by("pk").values_list("status", "closed_on", "escalation_table")),
        "entries": list(PlanEntry.objects.order_by("pk").values_list("text", "achieved_on")),
        "participants": list(
            CaseParticipant.objects.order_by("pk").values_list("name", "is_case_director", "removed_at")
        ),
        "actions": list(CaseAction.objects.order_by("pk").values_list("status", "result", "due_on")),
        "roles": list(ActionRole.objects.order_by("pk").values_list("participant_id", "role")),
        "meetings": Meeting.objects.count(),
        "measurements": Measurement.objects.count(),
        "status_changes": StatusChange.objects.count(),
        "watches": list(Watch.objects.order_by("pk").values_list("ended_at", flat=True)),
        "contacts": list(WatchContact.objects.order_by("pk").values_list("done_on", "outcome")),
        "writes": AuditEvent.objects.exclude(action=AuditAction.READ).count(),
    }


@pytest.fixture
def director(eva_plan, wijkcoach) -> CaseParticipant:
    return _participant(eva_plan, wijkcoach)


@pytest.fixture
def full_plan(eva_plan, wijkcoach, director) -> dict[str, str]:
    """Eva's plan in waakvlam, with a neighbour in the team and an open agreement; the ids to use."""
    actor = actor_for(wijkcoach)
    neighbour = services.case_participant_add_network(actor=actor, plan=eva_plan, name="Buurvrouw Ans")
    action = services.case_action_create(
        actor=actor,
        plan=eva_plan,
        description="Briefadres aanvragen",
        owner_uuid=director.uuid,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    for to_status in (CasePlanStatus.ACTIVE, CasePlanStatus.SCALING_DOWN):
        services.case_plan_transition(actor=actor, plan=eva_plan, to_status=to_status, reason="Verder")
    services.case_plan_transition(
        actor=actor,
        plan=eva_plan,
        to_status=CasePlanStatus.WATCH,
        reason="Het gaat goed",
        watch=services.WatchPlan(contact_uuid=str(director.uuid), interval_weeks=4, period_months=6),
    )
    return {
        "plan": str(eva_plan.uuid),
        "resident": str(eva_plan.resident.uuid),
        "entry": str(eva_plan.entries.get(kind=EntryKind.WANT).uuid),
        "director": str(director.uuid),
        "network": str(neighbour.uuid),
        "action": str(action.uuid),
        "contact": str(WatchContact.objects.filter(watch__plan=eva_plan).order_by("due_on").first().uuid),
        "today": _today(),
    }


# --- who cannot see the plan ------------------------------------------------------------------------


def _corporation_without_plan_consent(request, plan):
    # Basic consent and involvement, and a place in the team, but no case-plan consent.
    request.getfixturevalue("eva_shared_with_corporation")
    officer = request.getfixturevalue("corporation_officer")
    membership = Membership.objects.get(user=officer)
    services.case_participant_invite(
        actor=actor_for(request.getfixturevalue("wijkcoach")), plan=plan, membership_uuid=membership.uuid
    )
    return officer


def _removed_participant(request, plan):
    participant = request.getfixturevalue("corporation_in_plan")
    services.case_participant_remove(
        actor=actor_for(request.getfixturevalue("wijkcoach")),
        plan=plan,
        participant_uuid=participant.uuid,
        reason="Woning gevonden",
    )
    return participant.user


def _withdrawn_consent(request, plan):
    participant = request.getfixturevalue("corporation_in_plan")
    grant = ConsentGrant.objects.get(
        resident=plan.resident, organisation=participant.organisation, scope=ConsentScope.CASE_PLAN
    )
    consent_grant_withdraw(
        actor=actor_for(request.getfixturevalue("wijkcoach")),
        resident=plan.resident,
        grant_uuid=str(grant.uuid),
        reason="Bewoner wil het niet meer",
    )
    return participant.user


PERSONAS = {
    "outsider": lambda request, plan: request.getfixturevalue("outsider"),
    "manager": lambda request, plan: request.getfixturevalue("manager"),
    "corporation_without_plan_consent": _corporation_without_plan_consent,
    "removed_participant": _removed_participant,
    "withdrawn_consent": _withdrawn_consent,
}


@pytest.fixture(params=sorted(PERSONAS))
def stranger(request, eva_plan, full_plan):
    return PERSONAS[request.param](request, eva_plan)


PLAN_ENDPOINTS = [
    ("get", "/case-plans/{plan}", None),
    ("get", "/case-plans/{plan}/timeline", None),
    ("post", "/case-plans/{plan}/entries", {"kind": "want", "text": "Stiekem"}),
    ("post", "/case-plans/{plan}/entries/{entry}/achieved", None),
    ("post", "/case-plans/{plan}/participants", {"name": "Stiekem"}),
    ("post", "/case-plans/{plan}/participants/{network}/remove", {"reason": "Stiekem"}),
    ("post", "/case-plans/{plan}/director", {"participantId": "{director}"}),
    ("post", "/case-plans/{plan}/actions", {"description": "Stiekem", "ownerId": "{director}", "dueOn": "{today}"}),
    ("patch", "/case-plans/{plan}/actions/{action}", {"status": "done", "result": "Stiekem"}),
    ("post", "/case-plans/{plan}/meetings", {"kind": "kitchen_table", "heldOn": "{today}", "notes": "Stiekem"}),
    (
        "post",
        "/case-plans/{plan}/measurements",
        {
            "instrument": "wellbeing",
            "measuredOn": "{today}",
            "moment": "review",
            "scores": [{"domain": None, "value": 7}],
        },
    ),
    ("post", "/case-plans/{plan}/transitions", {"toStatus": "closed", "reason": "Stiekem"}),
    ("post", "/case-plans/{plan}/watch-contacts/{contact}", {"doneOn": "{today}", "outcome": "reached_well"}),
]


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    return value


def _call(client: APIClient, method: str, path: str, body: Any, ids: dict[str, str]):
    url = API + path.format(**ids)
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, _fill(body, ids) or {}, format="json")


@pytest.mark.parametrize(("method", "path", "body"), PLAN_ENDPOINTS, ids=[f"{m} {p}" for m, p, _b in PLAN_ENDPOINTS])
def test_others_get_a_plain_404_and_nothing_is_written(stranger, full_plan, method, path, body):
    before = _state()

    response = _call(token_client(stranger), method, path, body, full_plan)

    assert response.status_code == 404, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert "Eva" not in response.content.decode() and "Stiekem" not in response.content.decode()
    assert _state() == before
    assert AuditEvent.objects.filter(
        event_type="case_plan.read", outcome=AuditOutcome.DENIED, object_uuid=full_plan["plan"], access_point="api"
    ).exists()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [endpoint for endpoint in PLAN_ENDPOINTS if endpoint[0] != "get"],
    ids=[f"{m} {p}" for m, p, _b in PLAN_ENDPOINTS if m != "get"],
)
def test_a_bad_body_on_a_plan_one_cannot_see_is_still_a_404(outsider, full_plan, method, path, body):
    response = _call(token_client(outsider), method, path, {"kind": "<b>", "dueOn": "gisteren"}, full_plan)

    assert response.status_code == 404


def test_others_cannot_open_a_plan_for_the_resident(stranger, full_plan):
    # Eva's plan is in waakvlam; closing it first makes a second plan possible for those allowed.
    CasePlan.objects.filter(uuid=full_plan["plan"]).update(status=CasePlanStatus.CLOSED)
    before = _state()

    response = token_client(stranger).post(
        f"{API}/case-plans", {"residentId": full_plan["resident"], "needs": ["Stiekem"]}, format="json"
    )

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert _state() == before


def test_lists_show_nothing_to_others(stranger, full_plan):
    client = token_client(stranger)

    assert client.get(f"{API}/case-plans").json() == []
    work_list = client.get(f"{API}/work-list").json()
    totals = work_list.pop("totals")
    assert all(items == [] for items in work_list.values())
    assert set(totals.values()) == {0}


# --- plans: list, open, detail, timeline ----------------------------------------------------------


def test_list_shows_visible_plans_and_audits_the_read(eva_plan, wijkcoach, neighbourhood):
    client = token_client(wijkcoach)

    body = client.get(f"{API}/case-plans").json()

    assert [plan["id"] for plan in body] == [str(eva_plan.uuid)]
    assert set(body[0]) == {"id", "title", "status", "resident", "openedOn", "closedOn", "escalationTable"}
    assert body[0]["resident"] == {
        "id": str(eva_plan.resident.uuid),
        "firstName": "Eva",
        "lastName": "Vermeulen",
        "neighbourhoodCode": neighbourhood.code,
    }
    assert AuditEvent.objects.filter(
        event_type="case_plan.list", resident_uuid=eva_plan.resident.uuid, access_point="api"
    ).exists()


def test_list_filters_on_status_and_neighbourhood(eva_plan, wijkcoach, neighbourhood):
    client = token_client(wijkcoach)

    assert len(client.get(f"{API}/case-plans", {"status": "registered"}).json()) == 1
    assert client.get(f"{API}/case-plans", {"status": "closed"}).json() == []
    assert len(client.get(f"{API}/case-plans", {"neighbourhood": neighbourhood.code}).json()) == 1
    assert client.get(f"{API}/case-plans", {"neighbourhood": "BU99999999"}).json() == []


def test_an_unknown_status_filter_is_a_400(eva_plan, wijkcoach):
    response = token_client(wijkcoach).get(f"{API}/case-plans", {"status": "lost"})

    assert response.status_code == 400
    assert _invalid_names(response) == {"status"}


def test_opening_a_plan_from_the_residents_words(eva, wijkcoach, wijkteam):
    _consent(eva, wijkcoach, wijkteam, ConsentScope.CASE_PLAN)

    response = token_client(wijkcoach).post(
        f"{API}/case-plans",
        {
            "residentId": str(eva.uuid),
            "title": "Eigen plek",
            "asCaseDirector": True,
            "wants": ["Een eigen kamer"],
            "cans": ["Plannen"],
            "needs": ["Een briefadres", "Hulp bij post"],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Eigen plek" and response.json()["status"] == "registered"
    plan = CasePlan.objects.get(uuid=response.json()["id"])
    assert sorted(plan.entries.values_list("kind", flat=True)) == ["can", "need", "need", "want"]
    assert _participant(plan, wijkcoach).is_case_director
    assert AuditEvent.objects.filter(event_type="case_plan.create", access_point="api").exists()


def test_opening_a_second_open_plan_is_a_400(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans", {"residentId": str(eva_plan.resident.uuid)}, format="json"
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"resident"}
    assert CasePlan.objects.count() == 1


def test_opening_for_an_unknown_resident_is_a_404(wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans", {"residentId": "00000000-0000-0000-0000-000000000001"}, format="json"
    )

    assert response.status_code == 404
    assert CasePlan.objects.count() == 0


def test_detail_shows_the_whole_plan(full_plan, eva_plan, wijkcoach, director):
    actor = actor_for(wijkcoach)
    meeting = services.meeting_record(
        actor=actor, plan=eva_plan, kind="kitchen_table", held_on=timezone.localdate(), attendee_uuids=[director.uuid]
    )
    services.measurement_record(
        actor=actor,
        plan=eva_plan,
        instrument_code="wellbeing",
        measured_on=timezone.localdate(),
        moment="start",
        scores={None: 6},
    )

    response = token_client(wijkcoach).get(f"{API}/case-plans/{full_plan['plan']}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "id",
        "title",
        "status",
        "resident",
        "openedOn",
        "openedByOrganisation",
        "closedOn",
        "escalationTable",
        "caseDirectorId",
        "entries",
        "participants",
        "actions",
        "meetings",
        "measurements",
        "statusHistory",
        "watch",
        "watchContacts",
        "allowedTransitions",
        "permissions",
    }
    assert body["status"] == "watch" and body["caseDirectorId"] == full_plan["director"]
    assert [e["text"] for e in body["entries"]["want"]] == ["Een eigen kamer en mijn studie afmaken"]
    assert len(body["entries"]["can"]) == 2 and len(body["entries"]["need"]) == 1
    assert {p["id"]: p["kind"] for p in body["participants"]} == {
        full_plan["director"]: "professional",
        full_plan["network"]: "network",
    }
    [action] = body["actions"]
    assert action["id"] == full_plan["action"] and action["ownerId"] == full_plan["director"]
    assert action["roles"] == {full_plan["director"]: "A"}
    assert body["meetings"] == [
        {
            "id": str(meeting.uuid),
            "kind": "kitchen_table",
            "heldOn": _today(),
            "attendeeIds": [full_plan["director"]],
            "notes": "",
            "isHealthRelated": False,
            "notesWithheld": False,
        }
    ]
    assert body["measurements"][0]["instrument"] == "wellbeing"
    assert body["measurements"][0]["scores"] == [{"domain": None, "domainName": None, "value": 6}]
    assert [c["toStatus"] for c in body["statusHistory"]] == ["registered", "active", "scaling_down", "watch"]
    assert body["watch"]["contactId"] == full_plan["director"] and body["watch"]["intervalWeeks"] == 4
    assert full_plan["contact"] in [c["id"] for c in body["watchContacts"]]
    assert sorted(body["allowedTransitions"]) == ["active", "closed", "escalated"]
    assert body["permissions"] == ["contribute", "direct", "name_director", "view"]
    assert AuditEvent.objects.filter(
        event_type="case_plan.read", object_uuid=eva_plan.uuid, access_point="api"
    ).exists()


def test_health_notes_are_withheld_without_the_health_scope(
    eva_plan, wijkcoach, wijkteam, corporation_in_plan, corporation_officer
):
    _consent(eva_plan.resident, wijkcoach, wijkteam, ConsentScope.HEALTH)
    services.meeting_record(
        actor=actor_for(wijkcoach),
        plan=eva_plan,
        kind="case_conference",
        held_on=timezone.localdate(),
        notes="Slaapt slecht",
        is_health_related=True,
    )

    own = token_client(wijkcoach).get(f"{API}/case-plans/{eva_plan.uuid}").json()["meetings"][0]
    other = token_client(corporation_officer).get(f"{API}/case-plans/{eva_plan.uuid}").json()["meetings"][0]

    assert (own["notes"], own["notesWithheld"]) == ("Slaapt slecht", False)
    assert (other["notes"], other["notesWithheld"]) == ("", True)


def test_detail_needs_the_same_number_of_queries_however_full_the_plan(eva_plan, wijkcoach, director):
    client = token_client(wijkcoach)
    actor = actor_for(wijkcoach)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{API}/case-plans/{eva_plan.uuid}").status_code == 200
        return len(queries)

    def add_things() -> None:
        meeting = services.meeting_record(
            actor=actor, plan=eva_plan, kind="three_way", held_on=timezone.localdate(), attendee_uuids=[director.uuid]
        )
        services.case_action_create(
            actor=actor,
            plan=eva_plan,
            description="Iets",
            owner_uuid=director.uuid,
            due_on=timezone.localdate(),
            meeting_uuid=meeting.uuid,
            need_uuid=eva_plan.entries.get(kind=EntryKind.NEED).uuid,
        )
        services.measurement_record(
            actor=actor,
            plan=eva_plan,
            instrument_code="zrm",
            measured_on=timezone.localdate(),
            moment="review",
            scores=dict.fromkeys(
                InstrumentDomain.objects.filter(instrument__code="zrm").values_list("code", flat=True), 3
            ),
        )
        services.case_participant_add_network(actor=actor, plan=eva_plan, name="Broer")

    add_things()
    few = count()
    for _ in range(3):
        add_things()

    assert count() == few


def test_timeline_tells_the_story_newest_first(full_plan, wijkcoach):
    response = token_client(wijkcoach).get(f"{API}/case-plans/{full_plan['plan']}/timeline")

    assert response.status_code == 200
    items = response.json()
    assert set(items[0]) == {"kind", "date", "title", "text", "objectId"}
    assert {item["kind"] for item in items} == {"entry", "action", "status"}
    assert full_plan["action"] in {item["objectId"] for item in items if item["kind"] == "action"}
    assert all(item["objectId"] is None for item in items if item["kind"] == "status")
    assert [item["date"] for item in items] == sorted((item["date"] for item in items), reverse=True)


# --- the resident's words and the team ---------------------------------------------------------------


def test_adding_an_entry(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/entries",
        {"kind": "can", "text": "Koken voor de buren", "forOthers": True},
        format="json",
    )

    assert response.status_code == 201, response.content
    entry = PlanEntry.objects.get(uuid=response.json()["id"])
    assert (entry.kind, entry.text, entry.for_others) == ("can", "Koken voor de buren", True)
    assert response.json()["forOthers"] is True


def test_an_entry_with_html_is_refused(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/entries", {"kind": "maybe", "text": "<script>x</script>"}, format="json"
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"kind", "text"}
    assert PlanEntry.objects.count() == 4


def test_marking_a_wish_achieved(full_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{full_plan['plan']}/entries/{full_plan['entry']}/achieved"
    )

    assert response.status_code == 200
    assert response.json()["achievedOn"] == _today()
    assert PlanEntry.objects.get(uuid=full_plan["entry"]).achieved_on == timezone.localdate()


def test_an_entry_of_another_plan_is_a_404(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/entries/00000000-0000-0000-0000-000000000001/achieved"
    )

    assert response.status_code == 404


def test_adding_someone_of_the_own_network(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/participants",
        {"name": "Buurvrouw Ans", "relation": "buurvrouw", "contact": "06-00000000"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "network" and response.json()["organisationId"] is None
    assert CaseParticipant.objects.get(uuid=response.json()["id"]).kind == ParticipantKind.NETWORK


def test_inviting_a_professional_by_membership(eva_plan, wijkcoach, corporation, corporation_officer):
    membership = Membership.objects.get(user=corporation_officer)

    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/participants", {"membershipId": str(membership.uuid)}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["organisationId"] == str(corporation.uuid)
    assert _participant(eva_plan, corporation_officer).kind == ParticipantKind.PROFESSIONAL


@pytest.mark.parametrize("body", [{}, {"name": "Ans", "membershipId": "00000000-0000-0000-0000-000000000001"}])
def test_a_participant_is_either_a_professional_or_from_the_network(eva_plan, wijkcoach, body):
    response = token_client(wijkcoach).post(f"{API}/case-plans/{eva_plan.uuid}/participants", body, format="json")

    assert response.status_code == 400
    assert _invalid_names(response) == {"membershipId"}
    assert CaseParticipant.objects.count() == 1


def test_inviting_an_unknown_membership_is_a_400(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/participants",
        {"membershipId": "00000000-0000-0000-0000-000000000001"},
        format="json",
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"membership"}


def test_removing_a_participant(full_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{full_plan['plan']}/participants/{full_plan['network']}/remove",
        {"reason": "Verhuisd"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["removedAt"] is not None
    assert CaseParticipant.objects.get(uuid=full_plan["network"]).removed_at is not None


def test_naming_another_case_director(eva_plan, wijkcoach, corporation_in_plan, director):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/director", {"participantId": str(corporation_in_plan.uuid)}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["isCaseDirector"] is True
    corporation_in_plan.refresh_from_db()
    director.refresh_from_db()
    assert (corporation_in_plan.is_case_director, director.is_case_director) == (True, False)


# --- agreements ---------------------------------------------------------------------------------------


def test_making_an_agreement_with_rasci_roles(eva_plan, wijkcoach, corporation_in_plan, director):
    need = eva_plan.entries.get(kind=EntryKind.NEED)
    due_on = (timezone.localdate() + timedelta(days=14)).isoformat()

    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/actions",
        {
            "description": "Briefadres aanvragen bij de gemeente",
            "ownerId": str(corporation_in_plan.uuid),
            "dueOn": due_on,
            "roles": {str(director.uuid): "A", str(corporation_in_plan.uuid): "R"},
            "needId": str(need.uuid),
            "resourceKind": "scheme",
            "resourceId": "11111111-1111-1111-1111-111111111111",
            "resourceLabel": "Briefadres",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["roles"] == {str(director.uuid): "A", str(corporation_in_plan.uuid): "R"}
    assert (body["ownerId"], body["dueOn"], body["needId"], body["status"]) == (
        str(corporation_in_plan.uuid),
        due_on,
        str(need.uuid),
        "open",
    )
    action = CaseAction.objects.get(uuid=body["id"])
    assert (action.resource_kind, action.resource_label) == ("scheme", "Briefadres")
    assert dict(ActionRole.objects.filter(action=action).values_list("participant_id", "role")) == {
        director.pk: "A",
        corporation_in_plan.pk: "R",
    }


def test_an_agreement_due_in_the_past_is_refused(eva_plan, wijkcoach, director):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/actions",
        {
            "description": "Te laat",
            "ownerId": str(director.uuid),
            "dueOn": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
        format="json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert _invalid_names(response) == {"dueOn"}
    assert CaseAction.objects.count() == 0


def test_two_accountables_are_refused(eva_plan, wijkcoach, corporation_in_plan, director):
    before = _state()

    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/actions",
        {
            "description": "Samen",
            "ownerId": str(director.uuid),
            "dueOn": _today(),
            "roles": {str(director.uuid): "A", str(corporation_in_plan.uuid): "A"},
        },
        format="json",
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"roles"}
    assert _state() == before


def test_a_role_that_is_not_rasci_is_refused_by_the_serializer(eva_plan, wijkcoach, director):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/actions",
        {"description": "Iets", "ownerId": str(director.uuid), "dueOn": _today(), "roles": {str(director.uuid): "X"}},
        format="json",
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {f"roles.{director.uuid}"}
    assert CaseAction.objects.count() == 0


def test_finishing_an_agreement(full_plan, wijkcoach):
    response = token_client(wijkcoach).patch(
        f"{API}/case-plans/{full_plan['plan']}/actions/{full_plan['action']}",
        {"status": "done", "result": "Briefadres geregeld"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["completedOn"]) == ("done", _today())
    action = CaseAction.objects.get(uuid=full_plan["action"])
    assert (action.status, action.result) == (ActionStatus.DONE, "Briefadres geregeld")


def test_done_without_a_result_is_refused(full_plan, wijkcoach):
    response = token_client(wijkcoach).patch(
        f"{API}/case-plans/{full_plan['plan']}/actions/{full_plan['action']}", {"status": "done"}, format="json"
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"result"}
    assert CaseAction.objects.get(uuid=full_plan["action"]).status == ActionStatus.OPEN


# --- meetings and measurements ------------------------------------------------------------------------


def test_recording_a_meeting(eva_plan, wijkcoach, director):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/meetings",
        {"kind": "kitchen_table", "heldOn": _today(), "attendeeIds": [str(director.uuid)], "notes": "Goed gesprek"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["attendeeIds"] == [str(director.uuid)]
    meeting = Meeting.objects.get(uuid=response.json()["id"])
    assert (meeting.notes, list(meeting.attendees.all())) == ("Goed gesprek", [director])


def test_a_health_related_meeting_without_the_health_scope_is_refused(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/meetings",
        {"kind": "kitchen_table", "heldOn": _today(), "notes": "Slaapt slecht", "isHealthRelated": True},
        format="json",
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"isHealthRelated"}
    assert Meeting.objects.count() == 0


def test_recording_a_self_reliance_measurement(eva_plan, wijkcoach):
    codes = list(InstrumentDomain.objects.filter(instrument__code="zrm").values_list("code", flat=True))

    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/measurements",
        {
            "instrument": "zrm",
            "measuredOn": _today(),
            "moment": "start",
            "scores": [{"domain": code, "value": 3} for code in codes],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert {s["domain"] for s in response.json()["scores"]} == set(codes)
    assert Measurement.objects.get(uuid=response.json()["id"]).scores.count() == len(codes) == 11


def test_a_score_outside_the_scale_is_refused(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/measurements",
        {
            "instrument": "wellbeing",
            "measuredOn": _today(),
            "moment": "start",
            "scores": [{"domain": None, "value": 11}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"scores"}
    assert Measurement.objects.count() == 0


def test_a_domain_scored_twice_is_refused(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/measurements",
        {
            "instrument": "wellbeing",
            "measuredOn": _today(),
            "moment": "start",
            "scores": [{"domain": None, "value": 5}, {"domain": None, "value": 6}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"scores"}
    assert Measurement.objects.count() == 0


# --- status and waakvlam ------------------------------------------------------------------------------


def test_activating_a_plan(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/transitions", {"toStatus": "active", "reason": "Start"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "active"
    eva_plan.refresh_from_db()
    assert eva_plan.status == CasePlanStatus.ACTIVE
    assert StatusChange.objects.filter(plan=eva_plan, to_status="active", reason="Start").exists()


def test_going_to_waakvlam_plans_the_contacts(eva_plan, wijkcoach, director):
    client = token_client(wijkcoach)
    for to_status in ("active", "scaling_down"):
        client.post(
            f"{API}/case-plans/{eva_plan.uuid}/transitions", {"toStatus": to_status, "reason": "x"}, format="json"
        )

    response = client.post(
        f"{API}/case-plans/{eva_plan.uuid}/transitions",
        {
            "toStatus": "watch",
            "reason": "Het gaat goed",
            "watch": {"contactId": str(director.uuid), "intervalWeeks": 6, "periodMonths": 6},
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    watch = Watch.objects.get(plan=eva_plan, ended_at__isnull=True)
    assert (watch.contact, watch.interval_weeks) == (director, 6)
    assert watch.contacts.count() == 4


def test_escalating_needs_a_table(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/transitions", {"toStatus": "escalated", "reason": "Zorgen"}, format="json"
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"escalationTable"}


def test_a_forbidden_transition_is_refused(eva_plan, wijkcoach):
    before = _state()

    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/transitions", {"toStatus": "scaling_down", "reason": "Snel"}, format="json"
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert _invalid_names(response) == {"toStatus"}
    assert _state() == before


def test_an_unknown_status_is_refused_by_the_serializer(eva_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{eva_plan.uuid}/transitions", {"toStatus": "lost", "reason": "x"}, format="json"
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"toStatus"}


def test_a_participant_who_is_not_director_may_not_change_the_status(
    eva_plan, corporation_in_plan, corporation_officer
):
    before = _state()

    response = token_client(corporation_officer).post(
        f"{API}/case-plans/{eva_plan.uuid}/transitions", {"toStatus": "active", "reason": "Start"}, format="json"
    )

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert _state() == before


def test_recording_a_waakvlam_contact(full_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{full_plan['plan']}/watch-contacts/{full_plan['contact']}",
        {"doneOn": _today(), "outcome": "reached_well", "note": "Gaat goed"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert (response.json()["doneOn"], response.json()["outcome"]) == (_today(), "reached_well")
    contact = WatchContact.objects.get(uuid=full_plan["contact"])
    assert (contact.done_on, contact.done_by, contact.note) == (timezone.localdate(), wijkcoach, "Gaat goed")


def test_a_waakvlam_contact_in_the_future_is_refused(full_plan, wijkcoach):
    response = token_client(wijkcoach).post(
        f"{API}/case-plans/{full_plan['plan']}/watch-contacts/{full_plan['contact']}",
        {"doneOn": (timezone.localdate() + timedelta(days=1)).isoformat(), "outcome": "reached_well"},
        format="json",
    )

    assert response.status_code == 400
    assert _invalid_names(response) == {"doneOn"}
    assert WatchContact.objects.get(uuid=full_plan["contact"]).done_on is None


# --- across plans -------------------------------------------------------------------------------------


def test_work_list_shows_my_agreements(full_plan, wijkcoach, neighbourhood):
    client = token_client(wijkcoach)

    body = client.get(f"{API}/work-list").json()

    assert set(body) == {
        "myActions",
        "myOverdue",
        "myUpcoming",
        "directedOverdue",
        "watchContacts",
        "escalatedContacts",
        "withoutDirector",
        "totals",
    }
    assert [a["id"] for a in body["myActions"]] == [full_plan["action"]]
    assert [a["id"] for a in body["myUpcoming"]] == [full_plan["action"]]
    assert body["totals"]["myActions"] == 1 and body["totals"]["myOverdue"] == 0
    assert body["myActions"][0]["plan"]["id"] == full_plan["plan"]
    assert body["myOverdue"] == [] and body["withoutDirector"] == []
    assert len(client.get(f"{API}/work-list", {"neighbourhood": neighbourhood.code}).json()["myActions"]) == 1
    assert client.get(f"{API}/work-list", {"neighbourhood": "BU99999999"}).json()["myActions"] == []
    assert AuditEvent.objects.filter(event_type="case_plan.work_list", access_point="api").exists()


def test_work_list_shows_plans_without_a_director(eva, wijkcoach, wijkteam):
    _consent(eva, wijkcoach, wijkteam, ConsentScope.CASE_PLAN)
    plan = services.case_plan_open(actor=actor_for(wijkcoach), resident=eva)

    body = token_client(wijkcoach).get(f"{API}/work-list").json()

    assert [p["id"] for p in body["withoutDirector"]] == [str(plan.uuid)]


def test_instruments_with_their_scales(wijkcoach):
    response = token_client(wijkcoach).get(f"{API}/instruments")

    assert response.status_code == 200
    by_code = {instrument["code"]: instrument for instrument in response.json()}
    assert set(by_code) == {"wellbeing", "participation_ladder", "zrm"}
    assert (by_code["wellbeing"]["scaleMin"], by_code["wellbeing"]["scaleMax"]) == (1, 10)
    assert len(by_code["zrm"]["domains"]) == 11 and by_code["zrm"]["domains"][0] == {
        "code": "financien",
        "name": "Financiën",
    }
    assert [level["value"] for level in by_code["participation_ladder"]["levels"]] == [1, 2, 3, 4, 5, 6]


def test_unauthenticated_requests_get_401(eva_plan):
    assert APIClient().get(f"{API}/case-plans/{eva_plan.uuid}").status_code == 401
    assert APIClient().get(f"{API}/instruments").status_code == 401
