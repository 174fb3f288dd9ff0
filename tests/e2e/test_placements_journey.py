"""Uitstroom: a BW client's application, a corporation's offer, a match run, the coordinator accepts,
the tripartite agreement is signed, evaluation reminders go out, and the lease transfers (omklap)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Browser, Page, expect
from test_journeys import assert_accessible, login

from wijkverband.consent.constants import ConsentScope
from wijkverband.placements.constants import TrialStatus
from wijkverband.placements.models import OutflowApplication, TripartiteAgreement
from wijkverband.placements.services import evaluation_reminders_run
from wijkverband.placements.tests.conftest import coalition, green_light, second_neighbourhood  # noqa: F401
from wijkverband.testing.consents import consent_for

pytestmark = pytest.mark.e2e


def _page_for(browser: Browser, base: str, username: str) -> Page:
    """A page in a context of its own: three people work side by side, each with their own session."""
    page = browser.new_context(locale="nl-NL", bypass_csp=True).new_page()
    login(page, base, username)
    return page


def _close(*pages: Page) -> None:
    # Closing the contexts ends their keep-alive connections before the live server stops.
    for page in pages:
        page.context.close()


def test_bw_client_to_omklap(
    browser: Browser,
    live_server,
    eva_shared_with_corporation,
    wijkcoach,
    wijkteam,
    corporation,
    coordinator,
    green_light,  # noqa: F811
):
    eva = eva_shared_with_corporation
    base = live_server.url
    today = timezone.localdate()
    consent_for(eva, wijkcoach, wijkteam, ConsentScope.HOUSING_ROUTE)
    consent_for(eva, wijkcoach, corporation, ConsentScope.HOUSING_ROUTE)

    # The care side registers Eva for outflow, fills in her profile and completes the application.
    care = _page_for(browser, base, "wijkcoach")
    care.goto(f"{base}/uitstroom/aanmelden/{eva.uuid}/")
    care.select_option("#id_kind", "bw")
    for field in ("wmo_decision_on", "omslag_approved_on", "provisional_urgency_on"):
        care.fill(f"#id_{field}", str(today - timedelta(days=30)))
    care.get_by_role("button", name="Aanmelden voor uitstroom").click()
    care.fill("#id_household_size", "1")
    care.fill("#id_max_rent", "650")
    care.select_option("#id_origin_municipality", "GM0828")
    care.fill("#id_health_notes", "Crisisplan bij de GGZ")
    care.get_by_role("button", name="Profiel opslaan").click()
    care.get_by_role("button", name="Compleet maken").click()
    expect(care.locator("h1")).to_contain_text("Compleet")
    assert_accessible(care)
    application = OutflowApplication.objects.get(resident=eva)

    # The corporation offers a home in a green buurt.
    corporation_page = _page_for(browser, base, "corporatie")
    corporation_page.goto(f"{base}/uitstroom/aanbod/")
    for field, value in {
        "bag_id": "0828010000000042",
        "street": "Ruwaardlaan",
        "house_number": "42",
        "postcode": "5345 AB",
        "city": "Oss",
        "neighbourhood_code": "BU08280602",
        "rooms": "2",
        "rent": "595",
        "available_from": str(today),
        "offered_until": str(today + timedelta(days=60)),
    }.items():
        corporation_page.fill(f"#id_{field}", value)
    corporation_page.get_by_role("button", name="Aanbieden", exact=True).click()
    expect(corporation_page.get_by_test_id("offer-table")).to_contain_text("Ruwaardlaan 42")

    # The coordinator runs the matcher, reads the explanation card and accepts.
    coord = _page_for(browser, base, "coordinator")
    coord.goto(f"{base}/uitstroom/matching/")
    coord.get_by_role("button", name="Matchronde starten").click()
    card = coord.get_by_test_id("explanation-card")
    expect(card).to_contain_text("Voldoet aan")
    expect(card).to_contain_text("terug naar gemeente van herkomst")
    assert_accessible(coord)
    card.get_by_role("button", name="Accepteren: woning aanbieden").click()
    expect(coord.get_by_test_id("explanation-card")).to_contain_text("Geaccepteerd door de coördinator")

    # Introduction meeting, the client accepts, the agreement is signed.
    care.goto(f"{base}/uitstroom/{application.uuid}/")
    care.fill("#id_introduction_on", str(today))
    care.get_by_role("button", name="Kennismakingsgesprek vastleggen").click()
    care.check("#id_accepted_0")
    care.get_by_role("button", name="Antwoord vastleggen").click()
    for box in ("pays_rent", "opens_door_for_support", "no_nuisance"):
        care.check(f"#id_{box}")
    care.fill("#id_personal_goals", "Zelf de huur betalen; dagbesteding houden")
    care.fill("#id_trial_starts_on", str(today - timedelta(weeks=12)))
    care.get_by_role("button", name="Overeenkomst opslaan").click()
    care.get_by_role("button", name="Ondertekenen: proefperiode starten").click()
    expect(care.get_by_test_id("agreement")).to_contain_text("Proefperiode")
    expect(care.get_by_test_id("evaluations")).to_be_visible()
    assert_accessible(care)

    # The daily job reminds the care side of the evaluation that is due.
    assert evaluation_reminders_run().reminded == 1

    # A three-way meeting during the trial period (client, care provider, corporation).
    care.get_by_test_id("meeting-form").locator("summary").click()
    care.check("#id_meeting-client_attended")
    care.check("#id_meeting-care_provider_attended")
    care.check("#id_meeting-corporation_attended")
    care.fill("#id_meeting-notes", "Eerste maanden besproken; huur op tijd betaald")
    care.fill("#id_meeting-agreements_made", "Over zes weken opnieuw")
    care.get_by_role("button", name="Gesprek vastleggen").click()
    expect(care.get_by_test_id("meetings")).to_contain_text("Over zes weken opnieuw")
    assert_accessible(care)

    # Goals met: omklap with the client's and an independent third party's approval.
    care.select_option("#id_target", "transferred")
    care.check("#id_client_approved")
    care.fill("#id_third_party", "Cliëntondersteuner MEE")
    care.get_by_role("button", name="Stap vastleggen").click()
    expect(care.get_by_test_id("steps")).to_contain_text("omgeklapt")
    assert TripartiteAgreement.objects.get().status == TrialStatus.TRANSFERRED
    # Follow-up (waakvlam) continues in the resident's case plan.
    expect(care.get_by_test_id("after-omklap")).to_contain_text("waakvlam")
    assert_accessible(care)

    # The figures: charts with the same figures in tables, and an XLSX next to the CSV.
    coord.goto(f"{base}/uitstroom/kpis/")
    expect(coord.get_by_test_id("chart-groups")).to_be_visible()
    expect(coord.get_by_test_id("delivery-table")).to_be_visible()
    assert_accessible(coord)
    with coord.expect_download() as download:
        coord.get_by_role("link", name="Downloaden als XLSX").click()
    assert download.value.suggested_filename == "uitstroom-kpis.xlsx"

    # The corporation sees the route with the fields its consent allows, never the health notes.
    corporation_page.goto(f"{base}/uitstroom/{application.uuid}/")
    expect(corporation_page.get_by_test_id("profile-limited")).to_be_visible()
    expect(corporation_page.locator("body")).not_to_contain_text("Crisisplan")
    _close(care, corporation_page, coord)
