"""The agreements pages: visibility (404 for other coalitions), Dutch refusals, the annual report."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from wijkverband.agreements import services
from wijkverband.agreements.demo import FIETS_LINES
from wijkverband.agreements.models import Effort, PerformanceAgreement
from wijkverband.cases.services import measurement_record
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def din(coalition, coordinator):
    return services.din_template_apply(
        actor=actor_for(coordinator), coalition=coalition, template_key="selwerd", year=2026
    )


def test_din_page_shows_diagram_and_table(din, coalition, wijkcoach, verified_client):
    response = verified_client(wijkcoach).get(f"/afspraken/{coalition.uuid}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "Wonen &amp; duurzaamheid" in body and "Meedoen" in body


def test_another_coalition_is_a_404(coalition, other_coalition, wijkcoach, outsider, verified_client):
    assert verified_client(outsider).get(f"/afspraken/{coalition.uuid}/").status_code == 404
    assert verified_client(outsider).get(f"/afspraken/{coalition.uuid}/kpis/").status_code == 404
    assert verified_client(wijkcoach).get(f"/afspraken/{other_coalition.uuid}/jaarverslag.pdf").status_code == 404


def test_effort_without_accountable_shows_a_dutch_message(din, coalition, coordinator, wijkteam, verified_client):
    goal = din.strategic_goals.first().operational_goals.first()

    response = verified_client(coordinator).post(
        f"/afspraken/{coalition.uuid}/",
        {"form": "effort", "title": "Zonder A", "goals": [str(goal.uuid)], f"role_{wijkteam.uuid}": "R"},
    )

    assert response.status_code == 400
    assert "precies één verantwoordelijke (A)" in response.content.decode()
    assert not Effort.objects.exists()


def test_a_coordinator_adds_a_performance_agreement(coalition, coordinator, verified_client):
    response = verified_client(coordinator).post(
        f"/afspraken/{coalition.uuid}/prestatieafspraken/",
        {
            "form": "create",
            "theme": "energy",
            "title": "Energiezuinige voorraad",
            "ambition": "Van het gas af",
            "goal": "200 woningen per jaar",
            "starts_in": 2026,
            "ends_in": 2029,
        },
    )
    assert response.status_code == 302
    assert PerformanceAgreement.objects.get().theme == "energy"


def test_annual_report_renders_as_pdf(din, coalition, coordinator, neighbourhood, verified_client):
    kpi = services.kpi_define(
        actor=actor_for(coordinator),
        coalition=coalition,
        name="Tevredenheid",
        unit="cijfer",
        direction="higher",
        source="Enquête",
        targets={2026: Decimal(8)},
    )
    services.kpi_measurement_record(
        actor=actor_for(coordinator), kpi=kpi, area_code=neighbourhood.code, year=2026, value="8.1"
    )

    response = verified_client(coordinator).get(f"/afspraken/{coalition.uuid}/jaarverslag.pdf?jaar=2026")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_micro_analysis_page_for_the_team_and_404_for_others(eva_plan, wijkcoach, outsider, verified_client):
    for value, days in ((3, 5), (9, 0)):
        measurement_record(
            actor=actor_for(wijkcoach),
            plan=eva_plan,
            instrument_code="wellbeing",
            measured_on=timezone.localdate() - timedelta(days=days),
            moment="start" if days else "review",
            scores={None: value},
        )
    services.micro_analysis_save(
        actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario="Uithuisplaatsing", lines=FIETS_LINES
    )

    body = verified_client(wijkcoach).get(f"/afspraken/casus/{eva_plan.uuid}/").content.decode()
    assert "€ 5.025,00" in body and "€ 120.000,00" in body and "3 → 9" in body and "Attributie" in body
    assert verified_client(outsider).get(f"/afspraken/casus/{eva_plan.uuid}/").status_code == 404


def test_overview_pages_render_for_a_member(din, coalition, wijkcoach, manager, verified_client):
    services.lesson_record(
        actor=actor_for(wijkcoach),
        coalition=coalition,
        kind="failure",
        title="Te groot begonnen",
        text="Klein beginnen",
    )
    for user in (wijkcoach, manager):
        client = verified_client(user)
        for url in (
            "/afspraken/",
            f"/afspraken/{coalition.uuid}/kpis/",
            f"/afspraken/{coalition.uuid}/rendement/",
            f"/afspraken/{coalition.uuid}/prestatieafspraken/",
            "/afspraken/prijslijst/",
        ):
            assert client.get(url).status_code == 200, url
    learning = verified_client(wijkcoach).get(f"/afspraken/{coalition.uuid}/leren/?q=klein").content.decode()
    assert "Te groot begonnen" in learning
    impact = verified_client(manager).get(f"/afspraken/{coalition.uuid}/rendement/").content.decode()
    assert "Alle" in impact and "Attributie" in impact
