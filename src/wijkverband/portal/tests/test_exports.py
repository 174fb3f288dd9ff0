"""The AVG right of access as JSON: everything for the resident, what the organisation holds for it."""

import json

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.consent.services import consent_grant_withdraw
from wijkverband.testing.actors import actor_for

from .conftest import HEALTH_NOTE, PLAIN_NOTE

pytestmark = pytest.mark.django_db


def _json(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment")
    return json.loads(response.content)


def test_the_resident_downloads_all_her_data(eva_client, eva_full_plan):
    data = _json(eva_client.get("/mijn/gegevens.json"))

    resident = data["resident"]
    assert resident["first_name"] == "Eva" and resident["last_name"] == "Vermeulen"
    assert resident["bsn"].endswith("333") and "111222" not in json.dumps(data)
    assert {c["scope"] for c in data["consents"]} == {"basic", "case_plan", "health"}
    [plan] = data["case_plans"]
    assert {e["text"] for e in plan["entries"] if e["kind"] == "want"} == {"Een eigen kamer en mijn studie afmaken"}
    assert len(plan["participants"]) == 3 and "Lotte" in {p["name"] for p in plan["participants"]}
    assert [a["description"] for a in plan["actions"]] == ["Huurtoeslag aanvragen"]
    assert {m["notes"] for m in plan["meetings"]} == {PLAIN_NOTE, HEALTH_NOTE}
    assert plan["measurements"][0]["scores"] == [{"domain": None, "value": 6}]
    assert plan["status_history"][0]["to"] == "registered"
    assert any(e["event"] == "case_plan.create" for e in data["audit_trail"])
    assert AuditEvent.objects.filter(event_type="portal.export", resident_uuid=eva_full_plan.resident.uuid).exists()


def test_the_coordinator_exports_what_the_organisation_holds(verified_client, coordinator, eva_full_plan):
    data = _json(verified_client(coordinator).get(f"/bewoners/{eva_full_plan.resident.uuid}/gegevens.json"))

    assert data["organisation"] == "Wijkteam Ruwaard"
    assert data["resident"]["last_name"] == "Vermeulen"
    [plan] = data["case_plans"]
    assert {m["notes"] for m in plan["meetings"]} == {PLAIN_NOTE, HEALTH_NOTE}
    event = AuditEvent.objects.get(event_type="resident.export", outcome="success")
    assert event.resident_uuid == eva_full_plan.resident.uuid and event.username == "coordinator"


def test_health_notes_are_blanked_without_the_health_scope(verified_client, coordinator, wijkcoach, eva_full_plan):
    resident = eva_full_plan.resident
    consent_grant_withdraw(
        actor=actor_for(wijkcoach), resident=resident, grant_uuid=str(eva_full_plan.health_grant.uuid), reason="x"
    )

    data = _json(verified_client(coordinator).get(f"/bewoners/{resident.uuid}/gegevens.json"))

    meetings = {m["kind"]: m for m in data["case_plans"][0]["meetings"]}
    assert meetings["kitchen_table"]["notes"] == PLAIN_NOTE
    assert meetings["three_way"]["notes"] is None
    assert HEALTH_NOTE not in json.dumps(data)


def test_an_organisation_without_the_case_plan_consent_exports_no_plans(
    verified_client, corporation_coordinator, eva_full_plan
):
    data = _json(verified_client(corporation_coordinator).get(f"/bewoners/{eva_full_plan.resident.uuid}/gegevens.json"))

    assert data["resident"]["first_name"] == "Eva"
    assert data["case_plans"] == []
    assert "Huurtoeslag" not in json.dumps(data)


@pytest.mark.parametrize("persona", ["wijkcoach", "outsider", "corporation_officer", "manager"])
def test_only_coordinators_who_see_the_file_may_export_it(request, verified_client, eva_full_plan, persona):
    user = request.getfixturevalue(persona)

    response = verified_client(user).get(f"/bewoners/{eva_full_plan.resident.uuid}/gegevens.json")

    assert response.status_code == 404
    assert AuditEvent.objects.filter(event_type="resident.export", outcome="denied", username=user.username).exists()
    assert not AuditEvent.objects.filter(event_type="resident.export", outcome="success").exists()


def test_the_resident_page_offers_the_export_only_to_coordinators(verified_client, coordinator, wijkcoach, eva):
    path = f"/bewoners/{eva.uuid}/"
    export = f"/bewoners/{eva.uuid}/gegevens.json"

    assert export in verified_client(coordinator).get(path).content.decode()
    assert export not in verified_client(wijkcoach).get(path).content.decode()
