from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import pytest
import yaml
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wijkverband.audit.models import AuditEvent
from wijkverband.consent.models import ConsentGrant
from wijkverband.residents.models import Resident

pytestmark = pytest.mark.django_db


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_detail_for_a_team_member(eva, wijkcoach):
    response = token_client(wijkcoach).get(f"/api/v1/residents/{eva.uuid}")

    assert response.status_code == 200
    assert response.json()["firstName"] == "Eva"
    assert response.json()["bsnMasked"] == "******333"
    assert "111222333" not in response.content.decode()
    assert response["API-Version"] == settings.API_VERSION
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(resident_uuid=eva.uuid, access_point="api", event_type="resident.read").exists()


@pytest.mark.parametrize("persona", ["outsider", "manager", "functional_admin", "corporation_officer"])
@pytest.mark.parametrize("suffix", ["", "/consents", "/audit-events"])
def test_others_get_a_plain_404(request, eva, persona, suffix):
    response = token_client(request.getfixturevalue(persona)).get(f"/api/v1/residents/{eva.uuid}{suffix}")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "Eva" not in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "manager", "corporation_officer"])
def test_list_and_search_show_nothing_to_others(request, eva, persona):
    client = token_client(request.getfixturevalue(persona))

    assert client.get("/api/v1/residents").json()["count"] == 0
    assert client.get("/api/v1/residents", {"q": "111222333"}).json()["count"] == 0


def test_list_shows_visible_residents_and_audits_each(eva, wijkcoach):
    before = AuditEvent.objects.count()

    body = token_client(wijkcoach).get("/api/v1/residents", {"q": "Vermeulen"}).json()

    assert [r["id"] for r in body["results"]] == [str(eva.uuid)]
    assert AuditEvent.objects.count() == before + 1


def test_withdrawal_through_the_api_hides_the_resident(
    eva_shared_with_corporation, wijkcoach, corporation, corporation_officer
):
    eva = eva_shared_with_corporation
    officer = token_client(corporation_officer)
    assert officer.get(f"/api/v1/residents/{eva.uuid}").status_code == 200
    grant = ConsentGrant.objects.get(resident=eva, organisation=corporation)

    response = token_client(wijkcoach).post(
        f"/api/v1/residents/{eva.uuid}/consents/{grant.uuid}/withdraw",
        {"reason": "Bewoner wil het niet"},
        format="json",
    )

    assert response.status_code == 200 and response.json()["isValid"] is False
    assert officer.get(f"/api/v1/residents/{eva.uuid}").status_code == 404


def test_register_through_the_api(wijkcoach, neighbourhood):
    response = token_client(wijkcoach).post(
        "/api/v1/residents",
        {
            "firstName": "Marianne",
            "lastName": "van Rooij",
            "dateOfBirth": "1938-01-20",
            "postcode": "5345AB",
            "houseNumber": 3,
            "neighbourhoodCode": neighbourhood.code,
            "consentPurpose": "Wmo",
            "consentGivenOn": "2026-01-02",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["postcode"] == "5345 AB"


def test_bad_input_lists_all_errors_as_problem_details_and_writes_nothing(wijkcoach):
    before = (Resident.objects.count(), AuditEvent.objects.count())

    response = token_client(wijkcoach).post(
        "/api/v1/residents",
        {
            "firstName": "<script>x</script>",
            "lastName": "A" * 200,
            "dateOfBirth": "gisteren",
            "postcode": "12",
            "houseNumber": 0,
            "bsn": "123456789",
            "consentPurpose": "x",
            "consentGivenOn": "2026-01-01",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    names = {p["name"] for p in response.json()["invalidParams"]}
    assert names == {"firstName", "lastName", "dateOfBirth", "postcode", "houseNumber", "bsn"}
    assert (Resident.objects.count(), AuditEvent.objects.count()) == before


def test_dates_in_the_future_are_refused_by_the_service(wijkcoach):
    response = token_client(wijkcoach).post(
        "/api/v1/residents",
        {
            "firstName": "Toekomst",
            "lastName": "Test",
            "dateOfBirth": "2999-01-01",
            "postcode": "5345AB",
            "houseNumber": 1,
            "consentPurpose": "x",
            "consentGivenOn": "2026-01-01",
        },
        format="json",
    )

    assert response.status_code == 400
    # The service names the model field; the answer uses the name the client sent.
    assert [p["name"] for p in response.json()["invalidParams"]] == ["dateOfBirth"]


def test_unauthenticated_requests_get_401_problem(eva):
    response = APIClient().get(f"/api/v1/residents/{eva.uuid}")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_a_session_without_second_factor_does_not_count_for_the_api(client, eva, wijkcoach):
    client.force_login(wijkcoach)

    assert client.get(f"/api/v1/residents/{eva.uuid}").status_code == 401


def test_a_verified_session_works_for_the_api(verified_client, eva, wijkcoach):
    assert verified_client(wijkcoach).get(f"/api/v1/residents/{eva.uuid}").status_code == 200


def test_openapi_document_is_public_and_committed_file_is_current(tmp_path):
    assert APIClient().get("/api/v1/openapi.json").status_code == 200
    generated = tmp_path / "openapi.yaml"

    call_command("spectacular", "--file", str(generated), "--validate")

    committed = Path(settings.BASE_DIR) / "openapi.yaml"
    assert committed.exists(), "openapi.yaml missing: run `make openapi`"
    assert yaml.safe_load(generated.read_text()) == yaml.safe_load(committed.read_text()), (
        "openapi.yaml is stale: run `make openapi` and commit it"
    )
