"""The wijkfoto in headless Chromium: from a district to a neighbourhood, then a stricter traffic light.

A coordinator opens the wijkfoto of the Ruwaard district, follows it to the Dichtersbuurt (green,
room for placements), lowers the orange threshold of the coalition's traffic light, and sees the
neighbourhood turn orange and the capacity the placement matcher reads go down.
"""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect
from test_journeys import assert_accessible, login

from wijkverband.organisations.models import Coalition
from wijkverband.testing import factories
from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import providers, selectors, services
from wijkverband.wijkfoto.catalogue import BY_CODE
from wijkverband.wijkfoto.importers import indicators_ensure
from wijkverband.wijkfoto.models import AreaValue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def traffic_light(neighbourhood, wijkteam, corporation, coordinator):
    factories.NeighbourhoodFactory(code="BU08280603", name="Schadewijk-Noord", district=neighbourhood.district)
    coalition = Coalition.objects.create(name="Samen Ruwaard", municipality=neighbourhood.municipality)
    coalition.organisations.set([wijkteam, corporation])
    minimum = indicators_ensure([BY_CODE["pct_households_social_minimum"]])["pct_households_social_minimum"]
    AreaValue.objects.create(indicator=minimum, level="neighbourhood", area_code=neighbourhood.code, year=2023, value=7)
    AreaValue.objects.create(indicator=minimum, level="district", area_code="WK082806", year=2023, value=6)
    actor = actor_for(coordinator)
    measured = timezone.localdate() - timedelta(days=10)
    for code, value in ((providers.SOCIAL_HOMES, 850), (providers.PLACEMENTS_12M, 3)):
        services.area_value_record(
            actor=actor,
            indicator=providers.network_indicators()[code],
            level="neighbourhood",
            area_code=neighbourhood.code,
            measured_on=measured,
            value=value,
        )
    config = services.traffic_light_config_create(actor=actor, coalition=coalition, name="Draagkracht Ruwaard")
    services.traffic_light_rule_set(actor=actor, config=config, indicator=minimum, orange_threshold=8, red_threshold=12)
    return config


def test_a_stricter_threshold_turns_the_neighbourhood_orange_and_lowers_capacity(
    page: Page, live_server, traffic_light, neighbourhood
):
    base = live_server.url
    assert selectors.capacity_for(neighbourhood.code).capacity == 5  # green: floor(10 × 850 / 1000) − 3

    login(page, base, "coordinator")
    page.click("nav >> text=Wijkfoto")
    page.goto(f"{base}/wijken/WK082806/")
    expect(page.locator("h1")).to_contain_text("Wijkfoto Ruwaard (WK082806)")
    expect(page.locator("[data-testid=group-income]")).to_contain_text("Huishoudens onder of rond het sociaal minimum")
    assert_accessible(page)

    page.click("text=Dichtersbuurt")
    expect(page.locator("[data-testid=light-BU08280602]")).to_have_text("Groen")
    expect(page.locator("[data-testid=capacity-BU08280602]")).to_have_text("5")

    page.goto(f"{base}/wijken/stoplicht/{traffic_light.uuid}/")
    assert_accessible(page)
    page.click("text=Een regel toevoegen of de drempels wijzigen")
    page.select_option("[data-testid=rule-form] select[name=indicator]", "pct_households_social_minimum")
    page.fill("[data-testid=rule-form] input[name=orange_threshold]", "6")
    page.fill("[data-testid=rule-form] input[name=red_threshold]", "12")
    page.click("[data-testid=rule-form] button[type=submit]")
    expect(page.locator("[data-testid=lights]")).to_contain_text("oranjedrempel ≥ 6 %")

    page.goto(f"{base}/wijken/{neighbourhood.code}/")
    expect(page.locator("[data-testid=light-BU08280602]")).to_have_text("Oranje")
    expect(page.locator("[data-testid=capacity-BU08280602]")).to_have_text("1")
    assert selectors.capacity_for(neighbourhood.code).capacity == 1  # orange: floor(5 × 850 / 1000) − 3
