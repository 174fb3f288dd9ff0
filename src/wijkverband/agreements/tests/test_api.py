"""The agreements API: the same rules as the pages, as camelCase JSON with decimal strings for money,
404 for coalitions (and their parts) the caller's organisation is not in, and Dutch refusals that
write nothing."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from wijkverband.agreements import services
from wijkverband.agreements.demo import FIETS_LINES
from wijkverband.agreements.models import (
    AnnualCommitment,
    AreaBudget,
    BudgetSpending,
    Effort,
    FrameworkAgreement,
    FrameworkDelivery,
    Kpi,
    KpiMeasurement,
    LearningSession,
    Lesson,
    MicroAnalysis,
    PerformanceAgreement,
    Pilot,
    PilotCheck,
    PriceItem,
    ProgressMeeting,
    StrategicGoal,
    Tool,
    ToolEvaluation,
)
from wijkverband.audit.models import AuditEvent
from wijkverband.cases.services import measurement_record
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db

API = "/api/v1"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def reasons(response) -> dict[str, str]:
    assert response["Content-Type"].startswith("application/problem+json"), response.content
    return {param["name"]: param["reason"] for param in response.json()["invalidParams"]}


@pytest.fixture
def din(coalition, coordinator):
    return services.din_template_apply(
        actor=actor_for(coordinator), coalition=coalition, template_key="ruwaard", year=2026
    )


@pytest.fixture
def performance(coalition, coordinator):
    return services.performance_agreement_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        theme="vulnerable",
        title="Kwetsbare huurders",
        ambition="Iedereen een thuis",
        goal="12 woningen per jaar",
        starts_in=2026,
        ends_in=2029,
    )


@pytest.fixture
def framework(coalition, coordinator, wijkteam, corporation):
    return services.framework_agreement_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        target_group="Uitstroom beschermd wonen",
        starts_in=2026,
        ends_in=2027,
        homes_per_year={2026: 7, 2027: 10},
        shares={str(wijkteam.uuid): Decimal("33.5"), str(corporation.uuid): Decimal("66.5")},
    )


# --- coalitions and 404s --------------------------------------------------------------------------


def test_a_party_lists_only_its_own_coalitions(coalition, other_coalition, wijkcoach, outsider):
    names = [c["name"] for c in client_for(wijkcoach).get(f"{API}/coalitions").json()]
    assert names == ["Samen in de wijk"]
    body = client_for(outsider).get(f"{API}/coalitions").json()
    assert [c["name"] for c in body] == ["Veiligheidshuis"]


@pytest.mark.parametrize(
    "path",
    [
        "din",
        "performance-agreements",
        "framework-agreements",
        "kpis",
        "dashboard",
        "area-budgets",
        "impact",
        "learning-sessions",
        "lessons",
        "tools",
        "pilots",
    ],
)
def test_every_coalition_endpoint_is_a_404_for_a_party_outside_it(coalition, outsider, path):
    response = client_for(outsider).get(f"{API}/coalitions/{coalition.uuid}/{path}")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_writes_to_another_coalition_are_404_and_write_nothing(coalition, din, outsider):
    client = client_for(outsider)
    assert client.post(f"{API}/coalitions/{coalition.uuid}/din/strategic-goals", {"title": "X"}).status_code == 404
    assert (
        client.post(
            f"{API}/coalitions/{coalition.uuid}/lessons", {"kind": "success", "title": "X", "text": "Y"}
        ).status_code
        == 404
    )
    assert StrategicGoal.objects.count() == 5 and not Lesson.objects.exists()


def test_parts_of_another_coalition_are_404_through_ones_own(coalition, other_coalition, performance, coordinator):
    # The agreement exists, but not in the coalition named in the URL.
    url = f"{API}/coalitions/{other_coalition.uuid}/performance-agreements/{performance.uuid}/meetings"
    other_party = other_coalition.organisations.first()
    other_coalition.organisations.add(coordinator.memberships.first().organisation)
    response = client_for(coordinator).post(url, {"heldOn": "2026-01-10", "notes": "x"}, format="json")
    assert response.status_code == 404 and not ProgressMeeting.objects.exists()
    assert other_party is not None


# --- DIN ------------------------------------------------------------------------------------------


def test_din_from_template_goal_and_effort_with_rasci(coalition, coordinator, wijkteam, corporation):
    client = client_for(coordinator)
    base = f"{API}/coalitions/{coalition.uuid}/din"

    created = client.post(f"{base}/template", {"template": "selwerd", "year": 2026}, format="json")
    assert created.status_code == 201
    strategic_id = created.json()["strategicGoals"][0]["id"]
    goal = client.post(
        f"{base}/operational-goals", {"strategicGoalId": strategic_id, "title": "Welzijn +2"}, format="json"
    ).json()
    effort = client.post(
        f"{base}/efforts",
        {
            "title": "Keukentafelgesprekken",
            "goalIds": [goal["id"]],
            "roles": {str(wijkteam.uuid): "A", str(corporation.uuid): "C"},
        },
        format="json",
    )

    assert effort.status_code == 201
    din = client.get(base).json()
    assert len(din["strategicGoals"]) == 4 and din["startsIn"] == 2026
    assert din["efforts"][0]["roles"] == {str(wijkteam.uuid): "A", str(corporation.uuid): "C"}
    assert goal["id"] in din["efforts"][0]["goalIds"]


def test_effort_without_accountable_is_refused_in_dutch(coalition, din, coordinator, wijkteam):
    goal = services.operational_goal_add(
        actor=actor_for(coordinator),
        coalition=coalition,
        strategic_goal_uuid=din.strategic_goals.first().uuid,
        title="G",
    )
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/din/efforts",
        {"title": "Zonder A", "goalIds": [str(goal.uuid)], "roles": {str(wijkteam.uuid): "R"}},
        format="json",
    )

    assert response.status_code == 400
    assert "precies één verantwoordelijke (A)" in reasons(response)["roles"]
    assert not Effort.objects.exists()


def test_din_ambition_is_updated_and_a_professional_may_not(coalition, coordinator, wijkcoach):
    url = f"{API}/coalitions/{coalition.uuid}/din"
    body = {"ambition": "Samen gezond", "startsIn": 2026, "endsIn": 2030}
    assert client_for(wijkcoach).put(url, body, format="json").status_code == 403
    assert client_for(coordinator).put(url, body, format="json").json()["ambition"] == "Samen gezond"
    bad = client_for(coordinator).put(url, {**body, "endsIn": 2020}, format="json")
    assert bad.status_code == 400 and "endsIn" in reasons(bad)


def test_a_strategic_goal_before_an_ambition_is_refused(coalition, coordinator):
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/din/strategic-goals", {"title": "Doel"}, format="json"
    )
    assert response.status_code == 400 and "ambitie" in reasons(response)["ambition"]
    assert not StrategicGoal.objects.exists()


# --- performance agreements -----------------------------------------------------------------------


def test_performance_agreement_with_jaarschijf_and_progress_meeting(coalition, coordinator, corporation):
    client = client_for(coordinator)
    base = f"{API}/coalitions/{coalition.uuid}/performance-agreements"
    created = client.post(
        base,
        {
            "theme": "energy",
            "title": "Van het gas af",
            "ambition": "Duurzaam",
            "goal": "200 woningen",
            "startsIn": 2026,
            "endsIn": 2028,
        },
        format="json",
    ).json()

    commitment = client.post(
        f"{base}/{created['id']}/commitments",
        {"organisationId": str(corporation.uuid), "year": 2027, "action": "Isoleren", "status": "on_track"},
        format="json",
    )
    meeting = client.post(
        f"{base}/{created['id']}/meetings",
        {"heldOn": timezone.localdate().isoformat(), "notes": "Loopt", "status": "at_risk"},
        format="json",
    )

    assert commitment.status_code == 200 and meeting.status_code == 201
    listed = client.get(base).json()[0]
    assert listed["status"] == "at_risk" and listed["commitments"][0]["organisationName"] == "Maasland Wonen"
    assert listed["meetings"][0]["notes"] == "Loopt" and listed["meetingOverdue"] is False


def test_jaarschijf_outside_the_period_or_for_an_outsider_is_refused(
    coalition, performance, coordinator, other_organisation
):
    url = f"{API}/coalitions/{coalition.uuid}/performance-agreements/{performance.uuid}/commitments"
    outside = client_for(coordinator).post(
        url, {"organisationId": str(coalition.organisations.first().uuid), "year": 2035, "action": "x"}, format="json"
    )
    stranger = client_for(coordinator).post(
        url, {"organisationId": str(other_organisation.uuid), "year": 2027, "action": "x"}, format="json"
    )
    assert outside.status_code == 400 and "tussen 2026 en 2029" in reasons(outside)["year"]
    assert stranger.status_code == 400 and "doet niet mee" in reasons(stranger)["organisationId"]
    assert not AnnualCommitment.objects.exists()


def test_a_progress_meeting_in_the_future_is_refused(coalition, performance, coordinator):
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/performance-agreements/{performance.uuid}/meetings",
        {"heldOn": (timezone.localdate() + timedelta(days=3)).isoformat(), "notes": "x"},
        format="json",
    )
    assert response.status_code == 400 and "toekomst" in reasons(response)["heldOn"]
    assert not ProgressMeeting.objects.exists()


def test_unknown_performance_agreement_is_a_404(coalition, coordinator):
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/performance-agreements/00000000-0000-4000-8000-000000000000/meetings",
        {"heldOn": "2026-01-01", "notes": "x"},
        format="json",
    )
    assert response.status_code == 404


# --- framework agreements -------------------------------------------------------------------------


def test_framework_shares_quota_delivery_shortfall_and_remaining_quota(
    coalition, framework, coordinator, wijkteam, corporation
):
    client = client_for(coordinator)
    base = f"{API}/coalitions/{coalition.uuid}/framework-agreements/{framework.uuid}"
    delivered = client.post(
        f"{base}/deliveries", {"organisationId": str(corporation.uuid), "year": 2026, "homes": 3}, format="json"
    )
    assert delivered.status_code == 201

    body = client.get(f"{API}/coalitions/{coalition.uuid}/framework-agreements").json()[0]
    assert body["shares"] == {str(wijkteam.uuid): "33.5", str(corporation.uuid): "66.5"}
    assert body["homesPerYear"] == {"2026": 7, "2027": 10}
    rows_2026 = {row["organisation"]: row for row in body["rows"] if row["year"] == 2026}
    # 7 × 33.5% = 2.345 and 7 × 66.5% = 4.655: largest remainder gives 2 and 5.
    assert rows_2026["Wijkteam Ruwaard"]["quota"] == 2 and rows_2026["Maasland Wonen"]["quota"] == 5
    assert rows_2026["Maasland Wonen"]["shortfall"] == 2 and rows_2026["Maasland Wonen"]["sharePercent"] == "66.5"
    assert body["shortfall"] == 2 + 2 + 3 + 7

    remaining = client.get(f"{base}/remaining-quota", {"organisation": str(corporation.uuid), "year": 2026}).json()
    assert remaining == {
        "organisationId": str(corporation.uuid),
        "year": 2026,
        "quota": 5,
        "delivered": 3,
        "remaining": 2,
    }


def test_shares_not_adding_up_to_100_are_refused(coalition, coordinator, wijkteam, corporation):
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/framework-agreements",
        {
            "targetGroup": "Statushouders",
            "startsIn": 2026,
            "endsIn": 2026,
            "homesPerYear": {"2026": 10},
            "shares": {str(wijkteam.uuid): "50", str(corporation.uuid): "40"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert reasons(response)["shares"] == "De aandelen moeten samen precies 100% zijn (nu 90%)."
    assert not FrameworkAgreement.objects.exists()


def test_shares_as_json_floats_are_refused(coalition, coordinator, wijkteam, corporation):
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/framework-agreements",
        {
            "targetGroup": "Statushouders",
            "startsIn": 2026,
            "endsIn": 2026,
            "homesPerYear": {"2026": 10},
            "shares": {str(wijkteam.uuid): 33.3, str(corporation.uuid): 66.7},
        },
        format="json",
    )
    assert response.status_code == 400 and "als tekst" in str(reasons(response))
    assert not FrameworkAgreement.objects.exists()


def test_delivery_for_a_party_without_share_and_quota_for_unknown_party(
    coalition, framework, coordinator, other_organisation
):
    base = f"{API}/coalitions/{coalition.uuid}/framework-agreements/{framework.uuid}"
    client = client_for(coordinator)
    response = client.post(
        f"{base}/deliveries", {"organisationId": str(other_organisation.uuid), "year": 2026, "homes": 1}, format="json"
    )
    assert response.status_code == 400 and "geen aandeel" in reasons(response)["organisationId"]
    assert not FrameworkDelivery.objects.exists()
    quota = client.get(f"{base}/remaining-quota", {"organisation": str(other_organisation.uuid), "year": 2026})
    assert quota.status_code == 400 and "geen aandeel" in reasons(quota)["organisation"]
    assert client.get(f"{base}/remaining-quota", {"year": 2026}).status_code == 400


# --- KPIs and dashboard ---------------------------------------------------------------------------


def test_kpi_definition_value_and_dashboard_with_traffic_light(coalition, coordinator, neighbourhood):
    client = client_for(coordinator)
    base = f"{API}/coalitions/{coalition.uuid}"
    kpi = client.post(
        f"{base}/kpis",
        {
            "name": "Cliënttevredenheid",
            "unit": "rapportcijfer",
            "direction": "higher",
            "source": "CEO",
            "resultArea": "Cliënttevredenheid",
            "targets": {"2026": "7.5"},
        },
        format="json",
    )
    assert kpi.status_code == 201 and kpi.json()["targets"] == {"2026": "7.5"}
    value = client.post(
        f"{base}/kpis/{kpi.json()['id']}/values",
        {"areaCode": neighbourhood.district.code, "year": 2026, "value": "8.1"},
        format="json",
    )
    assert value.status_code == 200 and value.json()["value"] == "8.1"

    dashboard = client.get(f"{base}/dashboard", {"year": 2026}).json()
    row = dashboard["rows"][0]
    assert dashboard["counts"] == {"green": 1, "orange": 0, "red": 0, "grey": 0}
    assert (row["value"], row["target"], row["light"], row["progressPercent"]) == ("8.1", "7.5", "green", "108")
    assert row["history"] == {"2026": "8.1"}
    assert [m["areaCode"] for m in client.get(f"{base}/kpis/{kpi.json()['id']}/values").json()] == [
        neighbourhood.district.code
    ]


def test_kpi_target_without_unit_or_year_is_refused(coalition, coordinator):
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/kpis",
        {"name": "Terugval", "unit": "", "direction": "lower", "source": "Wmo", "targets": {"ooit": "5"}},
        format="json",
    )
    assert response.status_code == 400
    assert set(reasons(response)) >= {"unit", "targets"} and "eenheid" in reasons(response)["unit"]
    assert not Kpi.objects.exists()


def test_kpi_value_for_an_area_outside_the_coalition_is_refused(coalition, coordinator):
    kpi = services.kpi_define(
        actor=actor_for(coordinator),
        coalition=coalition,
        name="K",
        unit="%",
        direction="higher",
        source="S",
        targets={},
    )
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/kpis/{kpi.uuid}/values",
        {"areaCode": "BU99999999", "year": 2026, "value": "1"},
        format="json",
    )
    assert response.status_code == 400 and "CBS-code" in reasons(response)["areaCode"]
    assert not KpiMeasurement.objects.exists()


def test_automatic_kpis_are_refreshed_through_the_api(coalition, coordinator, eva_plan, neighbourhood):
    services.kpi_define(
        actor=actor_for(coordinator),
        coalition=coalition,
        name="Plannen geopend",
        unit="aantal",
        direction="higher",
        source="Wijkverband",
        targets={},
        aggregation="sum",
        method="automatic",
        automatic_code="plans_opened",
    )
    year = timezone.localdate().year
    body = client_for(coordinator).post(f"{API}/coalitions/{coalition.uuid}/kpis/refresh?year={year}").json()
    assert body["rows"][0]["value"] == "1"


# --- area budgets ---------------------------------------------------------------------------------


def _budget_body(neighbourhood, **extra):
    return {
        "areaCode": neighbourhood.district.code,
        "name": "Wmo Ruwaard",
        "startsIn": 2026,
        "endsIn": 2030,
        "baseAmount": "1000000.00",
        "indexationPercent": "2",
        "baselineAmount": "1100000.00",
        "savingsSplit": {"residents": "33.333", "municipality": "33.333", "providers": "33.334"},
        **extra,
    }


def test_area_budget_with_indexation_spending_and_savings_split(
    coalition, coordinator, neighbourhood, wijkteam, corporation
):
    client = client_for(coordinator)
    base = f"{API}/coalitions/{coalition.uuid}/area-budgets"
    created = client.post(base, _budget_body(neighbourhood), format="json")
    assert created.status_code == 201, created.content
    budget_id = created.json()["id"]
    for party, category, amount in (
        (wijkteam, "Begeleiding", "600000.00"),
        (corporation, "Woningaanpassing", "300000.00"),
        (wijkteam, "Huishoudelijke hulp", "50000.50"),
    ):
        spent = client.post(
            f"{base}/{budget_id}/spendings",
            {"organisationId": str(party.uuid), "year": 2026, "category": category, "amount": amount},
            format="json",
        )
        assert spent.status_code == 201 and spent.json()["amount"] == amount

    body = client.get(base).json()[0]
    assert body["years"][1] == {"year": 2027, "budget": "1020000.00", "spent": "0.00"}
    assert body["spentByParty"] == [
        {"label": "Maasland Wonen", "amount": "300000.00"},
        {"label": "Wijkteam Ruwaard", "amount": "650000.50"},
    ]
    assert {row["label"] for row in body["spentByCategory"]} == {
        "Begeleiding",
        "Woningaanpassing",
        "Huishoudelijke hulp",
    }
    # Baseline 1,100,000 − spent 950,000.50 = 149,999.50 = 14,999,950 cents. Exact parts: 4,999,933.33,
    # 4,999,933.33 and 5,000,083.33 cents; the one cent left over goes to the largest remainder
    # (residents and municipality tie at .3335; the first listed wins).
    assert body["savings"] == "149999.50"
    assert body["savingsSplit"] == {"residents": "49999.34", "municipality": "49999.33", "providers": "50000.83"}
    assert sum(Decimal(v) for v in body["savingsSplit"].values()) == Decimal("149999.50")


def test_overlapping_budget_periods_and_bad_splits_are_refused(coalition, coordinator, neighbourhood):
    client = client_for(coordinator)
    base = f"{API}/coalitions/{coalition.uuid}/area-budgets"
    assert client.post(base, _budget_body(neighbourhood), format="json").status_code == 201

    overlap = client.post(base, _budget_body(neighbourhood, startsIn=2029, endsIn=2031), format="json")
    split = client.post(
        base,
        _budget_body(neighbourhood, startsIn=2031, endsIn=2032, savingsSplit={"residents": "50", "providers": "40"}),
        format="json",
    )
    floats = client.post(
        base, _budget_body(neighbourhood, startsIn=2031, endsIn=2032, baseAmount=1000.5), format="json"
    )

    assert overlap.status_code == 400 and "overlappen" in reasons(overlap)["startsIn"]
    assert split.status_code == 400 and "(nu 90%)" in reasons(split)["savingsSplit"]
    assert floats.status_code == 400 and "baseAmount" in reasons(floats)
    assert AreaBudget.objects.count() == 1


def test_spending_outside_the_period_is_refused(coalition, coordinator, neighbourhood, wijkteam):
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
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/area-budgets/{budget.uuid}/spendings",
        {"organisationId": str(wijkteam.uuid), "year": 2030, "category": "x", "amount": "10.00"},
        format="json",
    )
    assert response.status_code == 400 and "budgetperiode" in reasons(response)["year"]
    assert not BudgetSpending.objects.exists()


# --- price list and micro-analysis ----------------------------------------------------------------


def test_price_list_is_readable_and_a_price_without_source_or_year_is_refused(coordinator, wijkcoach):
    items = client_for(wijkcoach).get(f"{API}/price-list").json()
    bike = next(item for item in items if item["code"] == "fiets-kind")
    assert bike["amount"] == "25.00" and bike["year"]
    before = PriceItem.objects.count()

    response = client_for(coordinator).post(
        f"{API}/price-list",
        {"code": "nacht-opvang", "name": "Nacht opvang", "amount": "95.00", "unit": "per nacht"},
        format="json",
    )

    assert response.status_code == 400
    assert set(reasons(response)) == {"source", "year"}
    assert PriceItem.objects.count() == before
    created = client_for(coordinator).post(
        f"{API}/price-list",
        {
            "code": "nacht-opvang",
            "name": "Nachtopvang",
            "amount": "95.00",
            "unit": "per nacht",
            "year": 2024,
            "source": "Gemeente Oss",
        },
        format="json",
    )
    assert created.status_code == 201 and created.json()["amount"] == "95.00"
    assert client_for(wijkcoach).post(f"{API}/price-list", {}, format="json").status_code == 400


def _wellbeing(plan, wijkcoach):
    for value, days in ((3, 5), (9, 0)):
        measurement_record(
            actor=actor_for(wijkcoach),
            plan=plan,
            instrument_code="wellbeing",
            measured_on=timezone.localdate() - timedelta(days=days),
            moment="start" if days else "review",
            scores={None: value},
        )


def test_casus_de_fiets_through_the_api(eva_plan, wijkcoach):
    _wellbeing(eva_plan, wijkcoach)
    lines = [
        {
            "kind": line.kind,
            "priceCode": line.price_code,
            "quantity": str(line.quantity),
            "description": line.description,
        }
        for line in FIETS_LINES
    ]
    url = f"{API}/case-plans/{eva_plan.uuid}/micro-analysis"

    saved = client_for(wijkcoach).put(
        url, {"referenceScenario": "Drie kinderen uit huis", "isNewCase": True, "lines": lines}, format="json"
    )

    assert saved.status_code == 200, saved.content
    body = client_for(wijkcoach).get(url).json()
    assert (body["spent"], body["avoided"], body["net"]) == ("5025.00", "120000.00", "114975.00")
    assert (body["wellbeingBefore"], body["wellbeingAfter"]) == (3, 9)
    assert body["exists"] is True and len(body["lines"]) == 3
    bike = next(line for line in body["lines"] if line["priceCode"] == "fiets-kind")
    assert (bike["quantity"], bike["unitAmount"], bike["amount"]) == ("1", "25.00", "25.00")
    assert any("Attributie" in caveat for caveat in body["caveats"])
    events = AuditEvent.objects.filter(object_type="micro_analysis").values_list("event_type", flat=True)
    assert "micro_analysis.save" in events and "micro_analysis.read" in events


def test_micro_analysis_is_a_404_for_those_outside_the_plan(eva_plan, wijkcoach, outsider, manager, coordinator):
    services.micro_analysis_save(actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario="x", lines=FIETS_LINES)
    url = f"{API}/case-plans/{eva_plan.uuid}/micro-analysis"
    for user in (outsider, manager):
        assert client_for(user).get(url).status_code == 404
        response = client_for(user).put(url, {"referenceScenario": "y", "lines": []}, format="json")
        assert response.status_code == 404
    assert MicroAnalysis.objects.get().reference_scenario == "x"


def test_micro_analysis_with_unknown_price_or_no_lines_is_refused(eva_plan, wijkcoach):
    url = f"{API}/case-plans/{eva_plan.uuid}/micro-analysis"
    unknown = client_for(wijkcoach).put(
        url,
        {"referenceScenario": "x", "lines": [{"kind": "spent", "priceCode": "bestaat-niet", "quantity": "1"}]},
        format="json",
    )
    empty = client_for(wijkcoach).put(url, {"referenceScenario": "x", "lines": []}, format="json")
    assert unknown.status_code == 400 and "prijslijst" in reasons(unknown)["lines"]
    assert empty.status_code == 400 and "kostenregel" in reasons(empty)["lines"]
    assert not MicroAnalysis.objects.exists()


def test_impact_aggregates_hide_groups_under_ten(coalition, eva_plan, wijkcoach, manager):
    services.micro_analysis_save(actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario="x", lines=FIETS_LINES)

    body = client_for(manager).get(f"{API}/coalitions/{coalition.uuid}/impact").json()

    assert body["minimumGroupSize"] == 10
    assert body["total"] == {
        "label": "Alle",
        "suppressed": True,
        "cases": None,
        "spent": None,
        "avoided": None,
        "wellbeingBefore": None,
        "wellbeingAfter": None,
    }
    assert all(group["suppressed"] and group["spent"] is None for group in body["byArea"] + body["byYear"])
    assert body["caveats"]


# --- learning, toolbox, roadmap -------------------------------------------------------------------


def test_learning_session_lessons_search_and_escalation(coalition, coordinator, wijkcoach, wijkteam, corporation):
    base = f"{API}/coalitions/{coalition.uuid}"
    session = client_for(coordinator).post(
        f"{base}/learning-sessions",
        {
            "level": "professionals",
            "heldOn": timezone.localdate().isoformat(),
            "themes": "Schulden en wonen",
            "attendeeIds": [str(wijkteam.uuid), str(corporation.uuid)],
        },
        format="json",
    )
    assert session.status_code == 201 and len(session.json()["attendeeIds"]) == 2
    lesson = client_for(wijkcoach).post(
        f"{base}/lessons",
        {
            "kind": "failure",
            "title": "Te laat gebeld",
            "text": "Huurachterstand eerder melden",
            "sessionId": session.json()["id"],
        },
        format="json",
    )
    assert lesson.status_code == 201
    client_for(wijkcoach).post(
        f"{base}/lessons", {"kind": "success", "title": "Buurtkamer", "text": "Werkt"}, format="json"
    )

    found = client_for(wijkcoach).get(f"{base}/lessons", {"q": "huurachterstand"}).json()
    assert [item["title"] for item in found] == ["Te laat gebeld"]
    assert [item["title"] for item in client_for(wijkcoach).get(f"{base}/lessons", {"kind": "failure"}).json()] == [
        "Te laat gebeld"
    ]

    url = f"{base}/lessons/{lesson.json()['id']}/escalate"
    assert client_for(wijkcoach).post(url).status_code == 403
    assert client_for(coordinator).post(url).json()["escalatedTo"] == "managers"
    assert client_for(coordinator).post(url).json()["escalatedTo"] == "board"
    again = client_for(coordinator).post(url)
    assert again.status_code == 400 and "bestuur" in reasons(again)["escalatedTo"]


def test_a_session_with_a_party_outside_the_coalition_is_refused(coalition, coordinator, other_organisation):
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/learning-sessions",
        {"level": "board", "heldOn": "2026-01-10", "themes": "x", "attendeeIds": [str(other_organisation.uuid)]},
        format="json",
    )
    assert response.status_code == 400 and "attendeeIds" in reasons(response)
    assert not LearningSession.objects.exists()


def test_toolbox_instrument_with_evaluations(coalition, coordinator, corporation_officer):
    base = f"{API}/coalitions/{coalition.uuid}/tools"
    tool = client_for(coordinator).post(
        base, {"name": "Buurtkamer", "description": "Inloop voor bewoners", "source": "Moderne Devoten"}, format="json"
    )
    assert tool.status_code == 201
    duplicate = client_for(coordinator).post(base, {"name": "Buurtkamer", "description": "x"}, format="json")
    assert duplicate.status_code == 400 and Tool.objects.count() == 1

    evaluation = client_for(corporation_officer).post(
        f"{base}/{tool.json()['id']}/evaluations",
        {"outcome": "did_not_work", "context": "Portiekflat Ruwaard", "text": "Niemand kwam"},
        format="json",
    )
    bad = client_for(corporation_officer).post(
        f"{base}/{tool.json()['id']}/evaluations", {"outcome": "misschien", "context": "x", "text": "y"}, format="json"
    )

    assert evaluation.status_code == 201 and evaluation.json()["organisation"] == "Maasland Wonen"
    assert bad.status_code == 400 and ToolEvaluation.objects.count() == 1
    listed = client_for(corporation_officer).get(base).json()[0]
    assert listed["evaluations"][0]["outcome"] == "did_not_work"


def test_pilot_on_the_roadmap_with_checks(coalition, coordinator, wijkteam):
    base = f"{API}/coalitions/{coalition.uuid}/pilots"
    pilot = client_for(coordinator).post(
        base,
        {"title": "Wijkbudget", "goal": "Eén budget", "ownerId": str(wijkteam.uuid), "startsOn": "2026-01-15"},
        format="json",
    )
    assert pilot.status_code == 201 and pilot.json()["nextCheckOn"] == "2026-07-15"

    checked = client_for(coordinator).post(
        f"{base}/{pilot.json()['id']}/checks",
        {"checkedOn": "2026-06-01", "progress": "Halverwege", "status": "on_track"},
        format="json",
    )
    future = client_for(coordinator).post(
        f"{base}/{pilot.json()['id']}/checks",
        {"checkedOn": (timezone.localdate() + timedelta(days=1)).isoformat(), "progress": "x", "status": "on_track"},
        format="json",
    )

    assert checked.status_code == 201 and checked.json()["nextCheckOn"] == "2026-12-01"
    assert future.status_code == 400 and PilotCheck.objects.count() == 1
    bad_dates = client_for(coordinator).post(
        base,
        {"title": "X", "goal": "Y", "ownerId": str(wijkteam.uuid), "startsOn": "2026-05-01", "endsOn": "2026-01-01"},
        format="json",
    )
    assert bad_dates.status_code == 400 and "einddatum" in reasons(bad_dates)["endsOn"]
    assert Pilot.objects.count() == 1
    assert Pilot.objects.get().status == "on_track"


def test_a_malformed_body_is_a_dutch_400(coalition, coordinator):
    response = client_for(coordinator).post(
        f"{API}/coalitions/{coalition.uuid}/performance-agreements", {"theme": "onbekend"}, format="json"
    )
    assert response.status_code == 400
    assert {"theme", "title", "ambition", "goal", "startsIn", "endsIn"} <= set(reasons(response))
    assert "verplicht" in reasons(response)["title"]
    assert not PerformanceAgreement.objects.exists()
