"""The forms added to the agreements pages: area budgets, deliveries, learning sessions and lessons,
prices, toolbox, roadmap and the micro-analysis form; Dutch refusals (400) that write nothing."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from wijkverband.agreements import services
from wijkverband.agreements.models import (
    AreaBudget,
    BudgetSpending,
    FrameworkDelivery,
    LearningSession,
    Lesson,
    MicroAnalysis,
    Pilot,
    PilotCheck,
    PriceItem,
    Tool,
    ToolEvaluation,
)
from wijkverband.cases.services import measurement_record
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def _budget_post(neighbourhood, **extra):
    return {
        "form": "budget",
        "area_code": neighbourhood.district.code,
        "name": "Wmo Ruwaard",
        "starts_in": 2026,
        "ends_in": 2030,
        "base_amount": "1000000",
        "indexation_percent": "2,5",
        "efficiency_percent": "0",
        "baseline_amount": "1100000",
        "savings_residents": "20",
        "savings_municipality": "40",
        "savings_providers": "40",
        **extra,
    }


def test_area_budget_with_spending_per_party_and_the_savings_split(
    coalition, coordinator, neighbourhood, wijkteam, corporation, verified_client
):
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/budgetten/"
    assert client.post(url, _budget_post(neighbourhood)).status_code == 302
    budget = AreaBudget.objects.get()
    assert budget.indexation_percent == Decimal("2.5")
    for party, category, amount in ((wijkteam, "Begeleiding", "700000"), (corporation, "Woningaanpassing", "200000")):
        response = client.post(
            url,
            {
                "form": "spending",
                "budget": str(budget.uuid),
                "organisation": str(party.uuid),
                "year": 2026,
                "category": category,
                "amount": amount,
            },
        )
        assert response.status_code == 302

    body = client.get(url).content.decode()
    assert "€ 1.025.000,00" in body  # 2027: one year of 2.5% indexation
    assert "Wijkteam Ruwaard" in body and "€ 700.000,00" in body and "Woningaanpassing" in body
    # Savings 1,100,000 − 900,000 = 200,000: residents 20%, municipality and providers 40% each.
    assert "€ 40.000,00" in body and "€ 80.000,00" in body


def test_an_overlapping_budget_is_refused_on_the_page(coalition, coordinator, neighbourhood, verified_client):
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/budgetten/"
    client.post(url, _budget_post(neighbourhood))

    response = client.post(url, _budget_post(neighbourhood, starts_in=2028, ends_in=2032))
    split = client.post(url, _budget_post(neighbourhood, starts_in=2031, ends_in=2032, savings_providers="30"))

    assert response.status_code == 400 and "periodes mogen niet overlappen" in response.content.decode()
    assert split.status_code == 400 and "(nu 90%)" in split.content.decode()
    assert AreaBudget.objects.count() == 1


def test_spending_by_a_professional_is_refused(
    coalition, coordinator, wijkcoach, neighbourhood, wijkteam, verified_client
):
    budget = services.area_budget_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        area_code=neighbourhood.district.code,
        name="B",
        starts_in=2026,
        ends_in=2027,
        base_amount="100",
        savings_split={"municipality": "100"},
    )
    response = verified_client(wijkcoach).post(
        f"/afspraken/{coalition.uuid}/budgetten/",
        {
            "form": "spending",
            "budget": str(budget.uuid),
            "organisation": str(wijkteam.uuid),
            "year": 2026,
            "category": "x",
            "amount": "10",
        },
    )
    assert response.status_code == 400 and not BudgetSpending.objects.exists()


def test_a_delivery_is_recorded_on_the_performance_page(coalition, coordinator, wijkteam, corporation, verified_client):
    framework = services.framework_agreement_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        target_group="Uitstroom",
        starts_in=2026,
        ends_in=2026,
        homes_per_year={2026: 10},
        shares={str(wijkteam.uuid): Decimal(50), str(corporation.uuid): Decimal(50)},
    )
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/prestatieafspraken/"
    post = {"form": "delivery", "agreement": str(framework.uuid), "organisation": str(corporation.uuid), "year": 2026}

    assert client.post(url, {**post, "homes": 0}).status_code == 400
    assert client.post(url, {**post, "homes": 4}).status_code == 302
    assert FrameworkDelivery.objects.get().homes == 4
    assert "Woningen geleverd vastleggen" in client.get(url).content.decode()


def test_learning_session_lesson_and_escalation_on_the_page(coalition, coordinator, wijkteam, verified_client):
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/leren/"
    created = client.post(
        url,
        {
            "form": "session",
            "level": "professionals",
            "held_on": timezone.localdate().isoformat(),
            "themes": "Schulden",
            "attendees": [str(wijkteam.uuid)],
        },
    )
    assert created.status_code == 302
    session = LearningSession.objects.get()
    assert (
        client.post(
            url,
            {
                "form": "lesson",
                "kind": "failure",
                "title": "Te laat",
                "text": "Eerder bellen",
                "session": str(session.uuid),
            },
        ).status_code
        == 302
    )
    lesson = Lesson.objects.get()

    assert client.post(url, {"form": "escalate", "lesson": str(lesson.uuid)}).status_code == 302
    lesson.refresh_from_db()
    assert lesson.escalated_to == "managers"
    body = client.get(url).content.decode()
    assert "Te laat" in body and "Managers" in body


def test_a_future_session_is_refused_on_the_page(coalition, coordinator, verified_client):
    response = verified_client(coordinator).post(
        f"/afspraken/{coalition.uuid}/leren/",
        {
            "form": "session",
            "level": "board",
            "held_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "themes": "x",
        },
    )
    assert response.status_code == 400 and "toekomst" in response.content.decode()
    assert not LearningSession.objects.exists()


def test_a_price_without_source_or_year_is_refused(coordinator, wijkcoach, verified_client):
    before = PriceItem.objects.count()
    post = {
        "code": "opvang-nacht",
        "name": "Nachtopvang",
        "amount": "95,00",
        "unit": "per nacht",
        "indexation_percent": "0",
    }

    refused = verified_client(coordinator).post("/afspraken/prijslijst/", post)

    body = refused.content.decode()
    assert refused.status_code == 400 and "Een prijs heeft een bron nodig." in body
    assert "jaar nodig" in body and PriceItem.objects.count() == before
    ok = verified_client(coordinator).post("/afspraken/prijslijst/", {**post, "year": 2024, "source": "Gemeente Oss"})
    assert ok.status_code == 302 and PriceItem.objects.get(code="opvang-nacht").amount == Decimal("95.00")
    assert "price-form" not in verified_client(wijkcoach).get("/afspraken/prijslijst/").content.decode()


def _line(index, kind, code, quantity, description=""):
    return {
        f"line-{index}-kind": kind,
        f"line-{index}-price_code": code,
        f"line-{index}-quantity": quantity,
        f"line-{index}-description": description,
    }


def test_casus_de_fiets_is_entered_through_the_form(eva_plan, wijkcoach, verified_client):
    for value, days in ((3, 5), (9, 0)):
        measurement_record(
            actor=actor_for(wijkcoach),
            plan=eva_plan,
            instrument_code="wellbeing",
            measured_on=timezone.localdate() - timedelta(days=days),
            moment="start" if days else "review",
            scores={None: value},
        )
    client = verified_client(wijkcoach)
    url = f"/afspraken/casus/{eva_plan.uuid}/bewerken/"
    assert "fiets-kind" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "reference_scenario": "Drie kinderen uit huis",
            "is_new_case": "on",
            **_line(0, "spent", "fiets-kind", "1", "Fietsje"),
            **_line(1, "spent", "leerlingenvervoer-schooljaar", "1"),
            **_line(2, "avoided", "uithuisplaatsing-kind", "3"),
        },
    )

    assert response.status_code == 302
    body = client.get(f"/afspraken/casus/{eva_plan.uuid}/").content.decode()
    assert "€ 5.025,00" in body and "€ 120.000,00" in body and "3 → 9" in body
    # The form shows the saved lines again for a change.
    assert 'value="Drie kinderen uit huis"' in client.get(url).content.decode() or "Drie kinderen uit huis" in (
        client.get(url).content.decode()
    )


def test_a_line_without_price_or_quantity_is_refused(eva_plan, wijkcoach, verified_client):
    url = f"/afspraken/casus/{eva_plan.uuid}/bewerken/"
    response = verified_client(wijkcoach).post(url, {"reference_scenario": "x", **_line(0, "spent", "", "1")})
    empty = verified_client(wijkcoach).post(url, {"reference_scenario": "x"})
    assert response.status_code == 400 and "Kies een prijs uit de prijslijst." in response.content.decode()
    assert empty.status_code == 400 and "Voeg ten minste één kostenregel toe." in empty.content.decode()
    assert not MicroAnalysis.objects.exists()


def test_the_micro_analysis_form_is_a_404_outside_the_plan(eva_plan, outsider, manager, verified_client):
    for user in (outsider, manager):
        client = verified_client(user)
        assert client.get(f"/afspraken/casus/{eva_plan.uuid}/bewerken/").status_code == 404
        response = client.post(
            f"/afspraken/casus/{eva_plan.uuid}/bewerken/",
            {"reference_scenario": "x", **_line(0, "spent", "fiets-kind", "1")},
        )
        assert response.status_code == 404
    assert not MicroAnalysis.objects.exists()


def test_toolbox_and_evaluation_on_the_page(coalition, coordinator, corporation_officer, verified_client):
    url = f"/afspraken/{coalition.uuid}/gereedschapskist/"
    assert (
        verified_client(coordinator)
        .post(url, {"form": "tool", "name": "Buurtkamer", "description": "Inloop"})
        .status_code
        == 302
    )
    tool = Tool.objects.get()
    response = verified_client(corporation_officer).post(
        url,
        {"form": "evaluation", "tool": str(tool.uuid), "outcome": "did_not_work", "context": "Flat", "text": "Niemand"},
    )
    assert response.status_code == 302
    body = verified_client(corporation_officer).get(url).content.decode()
    assert "Werkte niet" in body and "Flat" in body
    assert ToolEvaluation.objects.get().organisation.name == "Maasland Wonen"


def test_roadmap_pilot_and_check_on_the_page(coalition, coordinator, wijkteam, outsider, verified_client):
    url = f"/afspraken/{coalition.uuid}/routekaart/"
    client = verified_client(coordinator)
    created = client.post(
        url,
        {
            "form": "pilot",
            "title": "Wijkbudget",
            "goal": "Eén budget",
            "owner": str(wijkteam.uuid),
            "starts_on": "2026-01-10",
        },
    )
    assert created.status_code == 302
    pilot = Pilot.objects.get()
    assert (
        client.post(
            url,
            {
                "form": "check",
                "pilot": str(pilot.uuid),
                "checked_on": "2026-03-01",
                "progress": "Goed",
                "status": "on_track",
            },
        ).status_code
        == 302
    )
    assert PilotCheck.objects.count() == 1
    body = client.get(url).content.decode()
    assert "1 september 2026" in body and "Goed" in body
    assert verified_client(outsider).get(url).status_code == 404
    assert date(2026, 9, 1) == Pilot.objects.get().next_check_on
