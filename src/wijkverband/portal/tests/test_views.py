"""My Wijkverband in the browser: logging in with the link, the resident's own page, the boundaries."""

from datetime import timedelta

import pytest
import time_machine

from wijkverband.audit.models import AuditEvent
from wijkverband.portal import services
from wijkverband.portal.constants import PORTAL_SESSION_KEY
from wijkverband.portal.models import ResidentLoginLink
from wijkverband.testing.actors import actor_for

from .conftest import HEALTH_NOTE, PLAIN_NOTE, path_of

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_opening_the_link_shows_a_button_and_does_not_use_it(client, eva_account):
    path = path_of(services.resident_login_link_create_for_demo(resident=eva_account.resident))

    response = client.get(path)

    assert response.status_code == 200
    assert ResidentLoginLink.objects.get().used_at is None
    assert "_auth_user_id" not in client.session


def test_pressing_the_button_logs_the_resident_in_once(client, eva_account):
    path = path_of(services.resident_login_link_create_for_demo(resident=eva_account.resident))

    response = client.post(path)

    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert client.session["_auth_user_id"] == str(eva_account.user.pk)
    assert client.session[PORTAL_SESSION_KEY] == str(eva_account.uuid)
    assert AuditEvent.objects.filter(event_type="portal.login", resident_uuid=eva_account.resident.uuid).exists()
    client.logout()
    assert client.post(path).status_code == 404
    assert client.get(path).status_code == 404


def test_an_expired_link_gets_the_same_404_as_an_unknown_one(client, eva_account, settings):
    path = path_of(services.resident_login_link_create_for_demo(resident=eva_account.resident))

    with time_machine.travel(timedelta(hours=settings.RESIDENT_LINK_HOURS, seconds=1)):
        expired = client.post(path)
    unknown = client.post("/mijn/inloggen/niet-een-echte-link/")

    assert expired.status_code == unknown.status_code == 404
    assert _main(expired) == _main(unknown)
    assert "_auth_user_id" not in client.session


def test_the_resident_sees_her_own_plan_consents_and_who_looked(eva_client, eva_full_plan, wijkcoach):
    # The wijkcoach reads her file: that shows up in her list of who looked.
    from wijkverband.residents.selectors import resident_get_for_user

    resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva_full_plan.resident.uuid)

    response = eva_client.get("/mijn/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Een eigen kamer en mijn studie afmaken",
        "Ik kan goed plannen",
        "Een adres zodat mijn studiefinanciering blijft",
        "Huurtoeslag aanvragen",
        "Lotte",
        "Wijkteam Ruwaard",
        PLAIN_NOTE,
        HEALTH_NOTE,  # the notes are about her: she sees them all
        "Samenwerken aan een woning en studie",
    ):
        assert text in html
    assert str(wijkcoach) in html  # who looked
    assert "111222333" not in html
    assert AuditEvent.objects.filter(
        event_type="portal.read", resident_uuid=eva_full_plan.resident.uuid, organisation_uuid=None
    ).exists()


def test_who_looked_is_newest_first_and_paginated(eva_client, eva_account, wijkcoach):
    from wijkverband.residents.selectors import resident_get_for_user

    for _ in range(30):
        resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva_account.resident.uuid)

    first = eva_client.get("/mijn/")
    second = eva_client.get("/mijn/?page=2")

    assert first.context["page"].paginator.count > 30
    assert first.context["trail"][0].is_own  # this very page view
    assert len(first.context["trail"]) == 25
    assert second.status_code == 200 and second.context["page"].number == 2


def test_another_residents_data_is_never_shown(sam_client, eva_full_plan):
    response = sam_client.get("/mijn/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sam" in html
    assert "Eva" not in html and "Een eigen kamer" not in html
    eva_uuid = eva_full_plan.resident.uuid
    assert not AuditEvent.objects.filter(event_type__startswith="portal.", resident_uuid=eva_uuid).exists()
    assert str(eva_uuid) not in sam_client.get("/mijn/gegevens.json").content.decode()


def test_a_professional_gets_404_on_the_resident_pages(verified_client, wijkcoach, eva):
    client = verified_client(wijkcoach)

    assert client.get("/mijn/").status_code == 404
    assert client.get("/mijn/gegevens.json").status_code == 404


def test_without_login_the_resident_is_sent_to_the_page_about_the_link(client):
    response = client.get("/mijn/")

    assert response.status_code == 302
    assert response["Location"].startswith("/mijn/inloggen/")


@pytest.mark.parametrize(
    "path",
    [
        "/bewoners/",
        "/bewoners/{uuid}/",
        "/bewoners/{uuid}/toestemmingen/",
        "/bewoners/{uuid}/gegevens.json",
        "/audit/bewoners/{uuid}/inzage/",
        "/organisaties/",
        "/api/v1/",
        "/regelingen/beheer/",
    ],
)
def test_a_resident_cannot_open_professional_pages(eva_client, eva_account, path):
    response = eva_client.get(path.format(uuid=eva_account.resident.uuid))

    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/regelingen/wijzer/", "/melden/"])
def test_a_logged_in_resident_can_use_the_public_pages(eva_client, eva_account, path):
    assert eva_client.get(path).status_code == 200


def test_a_resident_with_a_plain_session_still_sees_no_professional_data(client, eva_account):
    # Even without the portal session mark (e.g. a forced login), the policy shows nothing.
    client.force_login(eva_account.user)

    assert client.get(f"/bewoners/{eva_account.resident.uuid}/").status_code == 404
    assert client.get("/").status_code == 302
    assert client.get("/mijn/").status_code == 200


def test_the_dashboard_sends_a_resident_to_her_own_page(eva_client):
    response = eva_client.get("/")

    assert response.status_code == 302 and response["Location"] == "/mijn/"


def test_the_resident_page_shows_no_professional_menu(eva_client):
    html = eva_client.get("/mijn/").content.decode()

    assert 'href="/bewoners/"' not in html
    assert 'href="/organisaties/"' not in html
    assert 'href="/mijn/"' in html


def test_the_professional_sends_a_link_from_the_resident_page(
    verified_client, wijkcoach, eva_with_email, django_capture_on_commit_callbacks
):
    from django.core import mail

    client = verified_client(wijkcoach)
    page = client.get(f"/bewoners/{eva_with_email.uuid}/").content.decode()
    assert f"/bewoners/{eva_with_email.uuid}/inloglink/" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bewoners/{eva_with_email.uuid}/inloglink/")

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(event_type="portal.link_send", resident_uuid=eva_with_email.uuid).exists()


def test_sending_a_link_without_e_mail_shows_a_message(verified_client, wijkcoach, eva):
    response = verified_client(wijkcoach).post(f"/bewoners/{eva.uuid}/inloglink/", follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not ResidentLoginLink.objects.exists()


def test_an_outsider_cannot_send_a_link(verified_client, outsider, eva_with_email):
    response = verified_client(outsider).post(f"/bewoners/{eva_with_email.uuid}/inloglink/")

    assert response.status_code == 404
    assert not ResidentLoginLink.objects.exists()
