"""The uitstroom pages: Dutch, thin, and 404 for anything the user may not see."""

from __future__ import annotations

from django.urls import reverse

import pytest

from wijkverband.placements.models import DwellingOffer, MatchRun

from .conftest import BAG, offer_values

pytestmark = pytest.mark.django_db


def test_the_application_page_shows_the_profile_in_dutch(eva_application, wijkcoach, verified_client):
    client = verified_client(wijkcoach)

    response = client.get(reverse("placements:application-detail", args=[eva_application.uuid]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Woonbehoefteprofiel" in page and "Beschermd wonen (BW)" in page


def test_the_corporation_page_never_shows_health_notes(corporation_in_route, corporation_officer, verified_client):
    page = (
        verified_client(corporation_officer)
        .get(reverse("placements:application-detail", args=[corporation_in_route.uuid]))
        .content.decode()
    )

    assert "crisisplan" not in page and "18000" not in page and "Zus woont" not in page
    assert 'data-testid="profile-limited"' in page


def test_an_outsider_gets_not_found(eva_application, outsider, verified_client):
    response = verified_client(outsider).get(reverse("placements:application-detail", args=[eva_application.uuid]))

    assert response.status_code == 404


def test_a_duplicate_bag_id_shows_a_dutch_error_and_writes_nothing(
    offer, corporation_officer, neighbourhood, verified_client
):
    data = {**offer_values(), "neighbourhood_code": neighbourhood.code, "access_level": 0}

    response = verified_client(corporation_officer).post(reverse("placements:offer-list"), data)

    assert response.status_code == 400
    assert f"BAG-id {BAG} wordt al aangeboden voor de route." in response.content.decode()
    assert DwellingOffer.objects.count() == 1


def test_the_coordinator_runs_the_matcher_and_sees_the_explanation_card(
    eva_application, offer, green_light, coordinator, coalition, verified_client
):
    client = verified_client(coordinator)

    response = client.post(reverse("placements:run-list"), {"coalition": str(coalition.uuid), "time_limit": 10})

    run = MatchRun.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("placements:run-detail", args=[run.uuid])).content.decode()
    assert 'data-testid="explanation-card"' in page and "Voldoet aan" in page
    assert "terug naar gemeente van herkomst" in page


def test_a_run_without_applications_is_refused_in_dutch(offer, green_light, coordinator, coalition, verified_client):
    response = verified_client(coordinator).post(
        reverse("placements:run-list"), {"coalition": str(coalition.uuid), "time_limit": 10}
    )

    assert response.status_code == 400
    assert "Er zijn geen complete aanmeldingen met een profiel om te matchen." in response.content.decode()
    assert MatchRun.objects.count() == 0


def test_the_figures_download_as_csv(eva_application, coordinator, coalition, verified_client):
    response = verified_client(coordinator).get(reverse("placements:kpis") + "?formaat=csv")

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "binnen_3_maanden_gehuisvest_pct" in body
    # Per group too, so a backlog in one group cannot hide behind the overall share.
    assert "Beschermd wonen (BW);1;" in body


def test_the_figures_page_shows_the_groups(eva_application, coordinator, coalition, verified_client):
    page = verified_client(coordinator).get(reverse("placements:kpis")).content.decode()

    assert 'data-testid="group-table"' in page and "Beschermd wonen (BW)" in page


def test_completing_keeps_the_dates_typed_just_before(eva, wijkcoach, wijkteam, neighbourhood, verified_client):
    from decimal import Decimal

    from wijkverband.consent.constants import ConsentScope
    from wijkverband.placements import services
    from wijkverband.testing.actors import actor_for
    from wijkverband.testing.consents import consent_for

    consent_for(eva, wijkcoach, wijkteam, ConsentScope.HOUSING_ROUTE)
    application = services.outflow_application_register(actor=actor_for(wijkcoach), resident=eva, kind="bw")
    services.housing_need_profile_save(
        actor=actor_for(wijkcoach),
        application=application,
        origin_municipality=neighbourhood.municipality,
        household_size=1,
        max_rent=Decimal("600"),
    )
    dates = {
        "wmo_decision_on": "2026-01-10",
        "omslag_approved_on": "2026-01-20",
        "provisional_urgency_on": "2026-02-01",
    }

    response = verified_client(wijkcoach).post(reverse("placements:complete", args=[application.uuid]), dates)

    application.refresh_from_db()
    assert response.status_code == 302 and application.status == "complete"


def test_the_figures_download_as_xlsx_with_the_same_rows_as_the_csv(
    eva_application, coordinator, coalition, verified_client
):
    import io
    import zipfile

    response = verified_client(coordinator).get(reverse("placements:kpis") + "?formaat=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml").decode()
    assert "binnen_3_maanden_gehuisvest_pct" in sheet and "Beschermd wonen (BW)" in sheet
    assert "raamafspraak" in sheet


def test_the_figures_page_draws_charts_with_the_figures_also_in_tables(
    eva_application, coordinator, coalition, verified_client
):
    page = verified_client(coordinator).get(reverse("placements:kpis")).content.decode()

    assert 'data-testid="chart-groups"' in page and "<desc>" in page
    assert 'data-testid="group-table"' in page and 'data-testid="delivery-table"' in page
    assert "?formaat=xlsx" in page
