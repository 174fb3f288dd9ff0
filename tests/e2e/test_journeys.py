"""A professional's day in headless Chromium, and WCAG 2.1 AA checks with axe-core."""

from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from wijkverband.testing.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def login(page: Page, base: str, username: str, *, with_totp: bool = True) -> None:
    device = (
        TOTPDevice.objects.create(user_id=_user_id(username), name="default", confirmed=True) if with_totp else None
    )
    page.goto(f"{base}/account/login/")
    page.fill("input[name='auth-username']", username)
    page.fill("input[name='auth-password']", PASSWORD)
    page.click("button[type='submit'].utrecht-button--primary-action")
    if device is not None:
        page.fill("input[name='token-otp_token']", _code(device))
        page.click("button[type='submit'].utrecht-button--primary-action")
    expect(page.locator("h1")).to_contain_text("Welkom")


def _user_id(username: str) -> int:
    from wijkverband.accounts.models import User

    return User.objects.get(username=username).pk


def assert_accessible(page: Page) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, "
        "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], f"{page.url}: {violations}"


def test_wijkcoach_finds_eva_records_and_withdraws_consent(page: Page, live_server, eva, corporation):
    login(page, live_server.url, "wijkcoach")

    page.goto(f"{live_server.url}/bewoners/")
    page.fill("#id_q", "Eva")
    page.click("form[role=search] button[type=submit]")
    page.click(f"a[href='/bewoners/{eva.uuid}/']")
    expect(page.locator("h1")).to_have_text("Eva Vermeulen")
    expect(page.locator("#bsn")).to_contain_text("******333")
    expect(page.locator("body")).not_to_contain_text("111222333")

    page.goto(f"{live_server.url}/bewoners/{eva.uuid}/toestemmingen/")
    page.select_option("#id_organisation", str(corporation.uuid))
    page.select_option("#id_scope", "housing_route")
    page.fill("#id_purpose", "Woning zoeken met de corporatie")
    page.click("form.wv-form button[type=submit]")
    row = page.locator("[data-testid=consent-table] tr", has_text="Maasland Wonen")
    expect(row).to_contain_text("Geldig")

    row.locator("input[name=reason]").fill("Bewoner wil dit niet meer")
    row.locator("button[type=submit]").click()
    row = page.locator("[data-testid=consent-table] tr", has_text="Maasland Wonen")
    expect(row).to_contain_text("Ingetrokken op")
    expect(row.locator("button")).to_have_count(0)


def test_coordinator_sees_who_viewed_the_file(page: Page, live_server, eva):
    from wijkverband.accounts.models import User
    from wijkverband.residents.selectors import resident_get_for_user
    from wijkverband.testing.actors import actor_for

    resident_get_for_user(actor=actor_for(User.objects.get(username="wijkcoach")), resident_uuid=eva.uuid)
    login(page, live_server.url, "coordinator")

    page.goto(f"{live_server.url}/bewoners/{eva.uuid}/")
    page.click(f"a[href='/audit/bewoners/{eva.uuid}/inzage/']")

    table = page.locator("[data-testid=audit-table]")
    expect(table).to_contain_text("Wijkcoach")
    expect(table).to_contain_text("resident.read")


def test_a_wrong_second_factor_keeps_the_door_shut(page: Page, live_server, wijkcoach):
    TOTPDevice.objects.create(user=wijkcoach, name="default", confirmed=True)
    page.goto(f"{live_server.url}/account/login/")
    page.fill("input[name='auth-username']", "wijkcoach")
    page.fill("input[name='auth-password']", PASSWORD)
    page.click("button[type='submit'].utrecht-button--primary-action")

    page.fill("input[name='token-otp_token']", "000000")
    page.click("button[type='submit'].utrecht-button--primary-action")

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/account/login/?next=/")


def test_outsider_gets_a_404_for_evas_page(page: Page, live_server, eva, outsider):
    login(page, live_server.url, "buitenstaander")

    response = page.goto(f"{live_server.url}/bewoners/{eva.uuid}/")

    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("Vermeulen")


def test_main_pages_meet_wcag_21_aa(page: Page, live_server, eva, coordinator):
    page.goto(f"{live_server.url}/account/login/")
    assert_accessible(page)

    login(page, live_server.url, "coordinator")
    for path in [
        "/",
        "/bewoners/?q=Eva",
        f"/bewoners/{eva.uuid}/",
        f"/bewoners/{eva.uuid}/toestemmingen/",
        f"/audit/bewoners/{eva.uuid}/inzage/",
        "/organisaties/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)


def test_members_admin_page_is_accessible(page: Page, live_server, functional_admin):
    login(page, live_server.url, "beheerder", with_totp=False)

    page.goto(f"{live_server.url}/organisaties/leden/")

    expect(page.locator("h1")).to_contain_text("Leden van")
    assert_accessible(page)
