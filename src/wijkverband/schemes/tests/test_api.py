"""The catalogue API: public search with facets, details, the wizard; errors as problem+json."""

import pytest
from rest_framework.test import APIClient

from wijkverband.schemes.models import Scheme

pytestmark = pytest.mark.django_db


def test_search_finds_plural_and_typo_with_facets(demo_catalogue):
    client = APIClient()
    body = client.get("/api/v1/schemes", {"q": "schulden", "area": "WK082806"}).json()
    codes = [r["code"] for r in body["results"]]
    assert "schuldhulpverlening" in codes
    assert body["count"] == len(codes)
    assert {"theme", "targetGroup", "area"} == set(body["facets"])

    typo = client.get("/api/v1/schemes", {"q": "huurtoeslg"}).json()
    assert typo["results"][0]["code"] == "huurtoeslag"
    assert typo["searchedFor"] == [{"word": "huurtoeslg", "alternatives": ["huurtoeslag"]}]


def test_search_filters_on_repeated_facets_and_pages(demo_catalogue):
    body = APIClient().get("/api/v1/schemes?theme=youth&theme=care&pageSize=5&page=2").json()
    assert body["pageSize"] == 5 and body["page"] == 2
    assert len(body["results"]) == 5
    assert all({"youth", "care"} & set(r["themes"]) for r in body["results"])


def test_bad_search_input_is_a_problem_in_dutch(demo_catalogue):
    response = APIClient().get("/api/v1/schemes", {"theme": "ruimtevaart", "pageSize": 1000}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert {p["name"] for p in response.json()["invalidParams"]} == {"theme.0", "pageSize"}


def test_scheme_and_service_details(demo_catalogue):
    scheme = Scheme.objects.get(code="bijzondere-bijstand")
    body = APIClient().get(f"/api/v1/schemes/{scheme.uuid}").json()
    assert body["eligibility"] == {"age_min": 18, "income_max_pct": 130}
    assert body["areaCode"] == "GM0828" and body["isExample"] is False
    assert APIClient().get("/api/v1/schemes/11111111-1111-1111-1111-111111111111").status_code == 404
    services = APIClient().get("/api/v1/services", {"q": "wooncirkel"}).json()
    assert services["results"][0]["neighbourhoodCode"] == "BU08280601"


def test_wizard_returns_likely_schemes_with_reasons(demo_catalogue):
    response = APIClient().post(
        "/api/v1/schemes/wizard",
        {"age": 34, "incomePct": 100, "housing": "social_rent", "hasDebts": True, "area": "WK082806"},
        format="json",
    )
    assert response.status_code == 200
    results = {r["scheme"]["code"]: r for r in response.json()["results"]}
    assert results["bijzondere-bijstand"]["verdict"] == "likely"
    assert {r["outcome"] for r in results["bijzondere-bijstand"]["reasons"]} == {"met"}
    assert "energietoeslag-2023" not in results
    assert "aow" not in results


def test_wizard_rejects_unknown_answers(demo_catalogue):
    response = APIClient().post("/api/v1/schemes/wizard", {"housing": "kasteel", "age": 200}, format="json")
    assert response.status_code == 400
    assert {p["name"] for p in response.json()["invalidParams"]} == {"housing", "age"}
