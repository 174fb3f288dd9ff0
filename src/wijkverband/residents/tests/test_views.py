"""HTML pages: every read and write path audits, others get a plain 404, bad input a Dutch message."""

from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.consent.models import ConsentGrant
from wijkverband.residents.models import Resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_client(verified_client, wijkcoach):
    return verified_client(wijkcoach)


READ_PATHS = [
    ("/bewoners/{uuid}/", "resident.read"),
    ("/bewoners/{uuid}/wijzigen/", "resident.read"),
    ("/bewoners/{uuid}/toestemmingen/", "consent.list"),
    ("/bewoners/?q=Eva", "resident.search"),
    ("/", "resident.dashboard"),
]


@pytest.mark.parametrize(("path", "event_type"), READ_PATHS)
def test_every_page_with_personal_data_writes_an_audit_event(coach_client, eva, path, event_type):
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    response = coach_client.get(path.format(uuid=eva.uuid))

    assert response.status_code == 200
    new = AuditEvent.objects.filter(id__gt=before)
    assert new.filter(event_type=event_type, resident_uuid=eva.uuid, access_point="web").exists()


def test_the_coordinator_page_of_who_looked_is_audited(verified_client, coordinator, eva):
    response = verified_client(coordinator).get(f"/audit/bewoners/{eva.uuid}/inzage/")

    assert response.status_code == 200
    assert AuditEvent.objects.filter(event_type="audit_trail.read", resident_uuid=eva.uuid).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/bewoners/{uuid}/",
        "/bewoners/{uuid}/wijzigen/",
        "/bewoners/{uuid}/toestemmingen/",
        "/bewoners/{uuid}/team/toevoegen/",
        "/audit/bewoners/{uuid}/inzage/",
    ],
)
@pytest.mark.parametrize("persona", ["outsider", "corporation_officer"])
def test_other_organisations_get_a_plain_404(request, verified_client, eva, persona, path):
    response = verified_client(request.getfixturevalue(persona)).get(path.format(uuid=eva.uuid))

    assert response.status_code == 404
    assert b"Eva" not in response.content


def test_functional_admin_sees_no_residents(client, functional_admin, eva):
    client.force_login(functional_admin)

    assert client.get(f"/bewoners/{eva.uuid}/").status_code == 404
    assert b"Vermeulen" not in client.get("/bewoners/?q=Eva").content


def test_search_page_shows_masked_bsn_only(coach_client, eva):
    content = coach_client.get("/bewoners/?q=Eva").content.decode()

    assert "******333" in content and "111222333" not in content


def test_reveal_bsn_is_a_logged_post(coach_client, eva):
    assert coach_client.get(f"/bewoners/{eva.uuid}/bsn/").status_code == 405

    response = coach_client.post(f"/bewoners/{eva.uuid}/bsn/")

    assert "111222333" in response.content.decode()
    assert AuditEvent.objects.filter(event_type="resident.bsn_reveal").count() == 1


def test_register_with_bad_input_shows_dutch_messages_and_writes_nothing(coach_client, neighbourhood):
    before = (Resident.objects.count(), AuditEvent.objects.count())

    response = coach_client.post(
        "/bewoners/nieuw/",
        {
            "first_name": "<b>Eva</b>",
            "last_name": "Test",
            "date_of_birth": "31-02-2001",
            "postcode": "12",
            "house_number": "1",
            "bsn": "123456789",
            "consent_purpose": "Plan",
            "consent_given_on": timezone.localdate().isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert "elfproef" in content
    assert "postcode" in content.lower()
    assert "toestemming" in content.lower()  # the consent box was not ticked
    assert (Resident.objects.count(), AuditEvent.objects.count()) == before


def test_register_creates_and_opens_the_file(coach_client, neighbourhood):
    response = coach_client.post(
        "/bewoners/nieuw/",
        {
            "first_name": "Samira",
            "last_name": "de Fiets",
            "date_of_birth": "1992-09-09",
            "postcode": "5345 AB",
            "house_number": "40",
            "neighbourhood": neighbourhood.code,
            "consent_given": "on",
            "consent_purpose": "Vervoer en opvoeding",
            "consent_given_on": timezone.localdate().isoformat(),
        },
    )

    resident = Resident.objects.get(last_name="de Fiets")
    assert response["Location"] == f"/bewoners/{resident.uuid}/"


def test_recording_and_withdrawing_consent_in_the_page(coach_client, eva, corporation):
    response = coach_client.post(
        f"/bewoners/{eva.uuid}/toestemmingen/",
        {
            "organisation": str(corporation.uuid),
            "scope": "housing_route",
            "purpose": "Woning zoeken",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    grant = ConsentGrant.objects.get(resident=eva, organisation=corporation)

    coach_client.post(f"/bewoners/{eva.uuid}/toestemmingen/{grant.uuid}/intrekken/", {"reason": "Wil niet meer"})

    grant.refresh_from_db()
    assert grant.withdrawn_at is not None and grant.withdrawal_reason == "Wil niet meer"


def test_withdrawing_own_basic_consent_ends_access_and_returns_to_dashboard(coach_client, eva, wijkteam):
    grant = ConsentGrant.objects.get(resident=eva, organisation=wijkteam)

    response = coach_client.post(f"/bewoners/{eva.uuid}/toestemmingen/{grant.uuid}/intrekken/", {"reason": ""})

    assert response["Location"] == "/"
    assert coach_client.get(f"/bewoners/{eva.uuid}/").status_code == 404
