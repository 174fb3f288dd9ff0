"""A corporation's arrears batch arrives; the wijkteam sees the combined household, visits and opens a plan."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from test_journeys import assert_accessible, login

from wijkverband.cases.models import CasePlan
from wijkverband.organisations.models import Membership
from wijkverband.signals import arrears
from wijkverband.signals.constants import BatchSource, SignalStatus
from wijkverband.signals.models import PostcodeArea, RoutingRule, Signal, SignalPartner, Team, TeamMember
from wijkverband.signals.services import arrears_batch_ingest
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.e2e


def _row(reference: str, kind: str) -> dict[str, object]:
    return {
        "reference": reference,
        "firstName": "Anna",
        "lastName": "Jansen",
        "street": "Demolaan",
        "houseNumber": 7,
        "postcode": "5345 AB",
        "city": "Oss",
        "phone": "0612345678",
        "arrearsKind": kind,
        "amountOwed": "812.50" if kind == "huur" else "240.00",
        "monthsInArrears": 2,
    }


@pytest.fixture
def signals_setup(neighbourhood, wijkteam, wijkcoach, corporation, corporation_officer):
    PostcodeArea.objects.create(pc4="5345", municipality=neighbourhood.municipality, neighbourhood=neighbourhood)
    team = Team.objects.create(organisation=wijkteam, name="Wijkteam Ruwaard – signalen", kind="neighbourhood_team")
    TeamMember.objects.create(team=team, membership=Membership.objects.get(user=wijkcoach))
    RoutingRule.objects.create(order=1000, name="Alles naar het wijkteam", team=team)
    SignalPartner.objects.create(organisation=corporation, municipality=neighbourhood.municipality)
    return team


def test_arrears_batch_to_home_visit_to_plan(page: Page, live_server, signals_setup, corporation_officer):
    base = live_server.url
    # The corporation delivers rent and (through its energy partner agreement) energy arrears at once.
    outcome = arrears_batch_ingest(
        actor=actor_for(corporation_officer, access_point="api"),
        reference="MW-2026-11",
        rows=arrears.json_rows([_row("H-1", "huur"), _row("E-1", "energie")]),
        source=BatchSource.API,
    )
    assert outcome.created and outcome.new_count == 2

    login(page, base, "wijkcoach")
    page.goto(f"{base}/signalen/werklijst/")
    table = page.get_by_test_id("outreach-table")
    expect(table).to_contain_text("Anna Jansen")
    expect(table).to_contain_text("Huurachterstand")
    expect(table).to_contain_text("Achterstand energie")
    assert_accessible(page)

    table.get_by_role("link", name="Anna Jansen").click()
    expect(page.get_by_test_id("combined-signals").locator("li")).to_have_count(2)
    assert_accessible(page)
    page.select_option("#id_kind", "home_visit")
    page.check("#id_is_reached")
    page.select_option("#id_result", "help_accepted")
    page.fill("#id_note", "Keukentafelgesprek, wil hulp bij de schulden")
    page.get_by_role("button", name="Poging vastleggen").click()
    expect(page.get_by_test_id("attempts")).to_contain_text("Huisbezoek")
    assert set(Signal.objects.values_list("status", flat=True)) == {SignalStatus.CONTACTED}

    page.fill("#id_date_of_birth", "1984-02-29")
    page.check("#id_consent_confirmed")
    page.fill("#id_want", "Overzicht in mijn geld")
    page.get_by_role("button", name="Plan openen").click()

    plan = CasePlan.objects.get()
    expect(page).to_have_url(f"{base}/plannen/{plan.uuid}/")
    assert set(Signal.objects.values_list("status", flat=True)) == {SignalStatus.REFERRED_TO_PLAN}


def test_the_public_report_page_is_accessible(page: Page, live_server, signals_setup):
    page.goto(f"{live_server.url}/melden/")
    expect(page.locator("h1")).to_contain_text("Meld een zorg")
    assert_accessible(page)
