"""The wijkfoto API: areas with figures, indicators with source and licence, traffic-light results."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wijkverband.wijkfoto.importers import cbs_import

from .conftest import set_value

pytestmark = pytest.mark.django_db
API = "/api/v1"


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_an_area_with_its_figures_municipality_and_country(areas, data_dir, wijkcoach):
    cbs_import(path=data_dir / "cbs_kwb/kwb2024_gemeente_wijk_nl.json")

    body = token_client(wijkcoach).get(f"{API}/areas/wk082806").json()

    assert body["area"] == {
        "code": "WK082806",
        "name": "Ruwaard",
        "level": "district",
        "municipalityCode": "GM0828",
        "districtCode": "WK082806",
    }
    inhabitants = next(f for f in body["figures"] if f["indicator"] == "inhabitants")
    assert (inhabitants["year"], inhabitants["value"], inhabitants["municipalityValue"]) == (2024, 13595, 94634)
    assert inhabitants["countryValue"] == 17942942 and inhabitants["countryDerived"] is True
    assert "CC BY 4.0" in inhabitants["source"]
    assert len(body["children"]) == 9


def test_unknown_area_is_a_problem_404(areas, wijkcoach):
    response = token_client(wijkcoach).get(f"{API}/areas/WK999999")

    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_area_search_and_indicator_values(areas, data_dir, wijkcoach):
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2024.csv")
    client = token_client(wijkcoach)

    assert [a["code"] for a in client.get(f"{API}/areas", {"q": "Ruwaard"}).json()] == ["WK082806"]
    values = client.get(f"{API}/indicators/pct_corporation/values", {"areaCode": "BU03440114"}).json()
    assert values["results"] == [
        {
            "level": "neighbourhood",
            "areaCode": "BU03440114",
            "year": 2024,
            "value": None,
            "derived": False,
            "measuredOn": None,
        }
    ]
    indicators = {i["code"]: i for i in client.get(f"{API}/indicators").json()}
    assert indicators["pct_corporation"]["licence"] == "CC BY 4.0"


def test_traffic_light_results_for_coalition_members_only(light, neighbourhood, coordinator, outsider):
    set_value(neighbourhood.code, "pct_households_social_minimum", 9)

    body = token_client(coordinator).get(f"{API}/traffic-lights/{light.uuid}").json()
    capacity = token_client(coordinator).get(f"{API}/areas/{neighbourhood.code}/capacity").json()

    result = next(r for r in body["results"] if r["areaCode"] == neighbourhood.code)
    assert (result["colour"], result["score"], result["capacity"]) == ("orange", 1.0, None)
    assert body["trafficLight"]["rules"] == [
        {"indicator": "pct_households_social_minimum", "orangeThreshold": 8.0, "redThreshold": 12.0, "weight": 1.0}
    ]
    assert capacity["colour"] == "orange" and capacity["trafficLight"] == "Draagkracht"
    assert token_client(outsider).get(f"{API}/traffic-lights/{light.uuid}").status_code == 404
    assert token_client(outsider).get(f"{API}/traffic-lights").json() == []
    assert token_client(outsider).get(f"{API}/areas/{neighbourhood.code}/capacity").status_code == 404
