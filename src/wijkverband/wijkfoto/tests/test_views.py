"""The wijkfoto pages as a professional uses them: figures in Dutch notation, map, exports, traffic light."""

import io
import zipfile
from datetime import timedelta

from django.utils import timezone

import pytest

from wijkverband.wijkfoto.importers import cbs_import, geo_import
from wijkverband.wijkfoto.models import AreaValue, Indicator, TrafficLightOverride, TrafficLightRule

from .conftest import set_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def oss(areas, data_dir):
    cbs_import(path=data_dir / "cbs_kwb/kwb2024_gemeente_wijk_nl.json")
    geo_import(path=data_dir / "geo/wijken_2024_nl.geojson")


def test_the_wijkfoto_of_a_district_shows_figures_next_to_municipality_and_country(oss, wijkcoach, verified_client):
    response = verified_client(wijkcoach).get("/wijken/WK082806/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Wijkfoto Ruwaard (WK082806)" in body
    # inhabitants 2024: Ruwaard 13.595, Oss 94.634, Nederland 17.942.942 (Dutch thousands separator)
    assert "13.595" in body and "94.634" in body and "17.942.942" in body
    assert "CBS Kerncijfers wijken en buurten, 85984NED, CC BY 4.0" in body
    assert 'data-testid="district-map"' in body and body.count('data-code="WK0828') == 23


def test_the_map_can_be_coloured_by_another_indicator(oss, wijkcoach, verified_client):
    body = verified_client(wijkcoach).get("/wijken/GM0828/?kaart=pct_age_65_plus").content.decode()

    assert "<title>Aandeel 65 jaar en ouder" in body and "(2024)</title>" in body


def test_an_unknown_area_is_a_404(oss, wijkcoach, verified_client):
    assert verified_client(wijkcoach).get("/wijken/WK999999/").status_code == 404


def test_exports_hold_the_same_figures(oss, wijkcoach, verified_client):
    client = verified_client(wijkcoach)

    csv_body = client.get("/wijken/WK082806/export.csv").content.decode("utf-8-sig")
    assert "WK082806;Ruwaard;" in csv_body and ";Inwoners;aantal;2024;13595,0;94634,0;17942942,0;" in csv_body

    xlsx = client.get("/wijken/WK082806/export.xlsx")
    sheet = zipfile.ZipFile(io.BytesIO(xlsx.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>13595.0</v>" in sheet and "Ruwaard" in sheet

    pdf = client.get("/wijken/WK082806/export.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_area_profile_warns_above_20000_inhabitants(oss, wijkcoach, verified_client):
    client = verified_client(wijkcoach)

    large = client.get("/wijken/GM0828/profiel/").content.decode()
    small = client.get("/wijken/WK082806/profiel/?basisjaar=2024").content.decode()

    assert 'data-testid="too-large"' in large
    assert 'data-testid="too-large"' not in small and 'data-testid="profile-table"' in small


def test_the_area_profile_shows_the_change_since_the_baseline(areas, wijkcoach, verified_client, data_dir):
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv")
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2024.csv")

    body = verified_client(wijkcoach).get("/wijken/WK034401/profiel/?basisjaar=2023").content.decode()

    # a_inw WK034401: 29040 (2023) → 29710 (2024)
    assert "29.040" in body and "2024: 29.710 (+670)" in body


def test_a_coordinator_lowers_a_threshold_and_the_neighbourhood_turns_orange(
    light, coordinator, neighbourhood, verified_client
):
    set_value(neighbourhood.code, "pct_households_social_minimum", 7)
    client = verified_client(coordinator)
    assert "wv-light--green" in client.get("/wijken/BU08280602/").content.decode()

    response = client.post(
        f"/wijken/stoplicht/{light.uuid}/regel/",
        {"indicator": "pct_households_social_minimum", "orange_threshold": "6", "red_threshold": "12", "weight": "1"},
    )

    assert response.status_code == 302
    assert TrafficLightRule.objects.get(config=light).orange_threshold == 6
    assert "wv-light--orange" in client.get("/wijken/BU08280602/").content.decode()


def test_a_professional_sees_the_traffic_light_but_cannot_change_it(light, wijkcoach, verified_client):
    client = verified_client(wijkcoach)

    page = client.get(f"/wijken/stoplicht/{light.uuid}/").content.decode()
    response = client.post(
        f"/wijken/stoplicht/{light.uuid}/regel/",
        {"indicator": "pct_households_social_minimum", "orange_threshold": "1", "red_threshold": "2", "weight": "1"},
    )

    assert 'data-testid="rule-form"' not in page
    assert response.status_code == 400
    assert TrafficLightRule.objects.get(config=light).orange_threshold == 8


def test_organisations_outside_the_coalition_get_a_404(light, outsider, verified_client):
    client = verified_client(outsider)

    assert client.get(f"/wijken/stoplicht/{light.uuid}/").status_code == 404
    assert client.get(f"/wijken/stoplicht/{light.uuid}/concentratie/").status_code == 404


def test_an_override_without_reason_is_refused_in_dutch(light, coordinator, neighbourhood, verified_client):
    response = verified_client(coordinator).post(
        f"/wijken/stoplicht/{light.uuid}/overrule/",
        {
            "area_code": neighbourhood.code,
            "colour": "red",
            "reason": "",
            "valid_until": (timezone.localdate() + timedelta(days=10)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert not TrafficLightOverride.objects.exists()


def test_the_concentration_monitor_warns_over_the_threshold(light, coordinator, neighbourhood, verified_client):
    set_value(neighbourhood.code, "pct_households_social_minimum", 9)  # orange: limit 5 per 1,000
    today = timezone.localdate()
    for code, value in (("social_homes", 800), ("placements_12m", 6)):
        set_value(neighbourhood.code, code, value, year=today.year)
    AreaValue.objects.filter(indicator__code__in=["social_homes", "placements_12m"]).update(measured_on=today)

    body = verified_client(coordinator).get(f"/wijken/stoplicht/{light.uuid}/concentratie/").content.decode()

    # 6 placements per 800 social homes = 7,5 per 1,000 > 5 (orange)
    assert 'data-testid="over-BU08280602"' in body and "7,5" in body


def test_own_indicator_is_added_and_a_figure_recorded(corporation_officer, neighbourhood, verified_client):
    client = verified_client(corporation_officer)

    client.post(
        "/wijken/indicatoren/",
        {
            "new-label": "Mutatiegraad",
            "new-unit": "%",
            "new-source": "Eigen administratie",
            "new-direction": "neutral",
            "new-decimals": "1",
        },
    )
    indicator = Indicator.objects.get(label="Mutatiegraad")
    response = client.post(
        "/wijken/indicatoren/",
        {
            "value-indicator": indicator.code,
            "value-level": "neighbourhood",
            "value-area_code": "bu08280602",
            "value-measured_on": "2025-06-30",
            "value-value": "12,5",
        },
    )

    assert response.status_code == 302
    assert indicator.values.get().value == 12.5
    body = client.get("/wijken/BU08280602/").content.decode()
    assert "Mutatiegraad" in body and "12,5" in body
