"""The API for changing, archiving and removing agreements, and the annual report as JSON and PDF:
the same rules as the pages, 404 outside the coalition, 403 for readers, Dutch refusals that write
nothing."""

from django.utils import timezone

import pytest

from wijkverband.agreements import services
from wijkverband.agreements.demo import FIETS_LINES
from wijkverband.agreements.models import (
    AreaBudget,
    BudgetSpending,
    Effort,
    FrameworkAgreement,
    Kpi,
    KpiMeasurement,
    LearningSession,
    Lesson,
    MicroAnalysis,
    OperationalGoal,
    PerformanceAgreement,
    ProgressMeeting,
    StrategicGoal,
)
from wijkverband.agreements.tests.test_api import API, client_for, reasons
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def din(coalition, coordinator):
    return services.din_template_apply(
        actor=actor_for(coordinator), coalition=coalition, template_key="selwerd", year=2026
    )


def test_an_effort_is_changed_and_a_missing_accountable_named_in_dutch(
    coalition, coordinator, din, wijkteam, corporation
):
    goals = list(OperationalGoal.objects.filter(strategic_goal__agreement=din))
    effort = services.effort_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        title="Buurtkamer",
        goal_uuids=[goals[0].uuid],
        roles={str(wijkteam.uuid): "A"},
    )
    url = f"{API}/coalitions/{coalition.uuid}/din/efforts/{effort.uuid}"
    client = client_for(coordinator)

    refused = client.put(url, {"title": "x", "goalIds": [], "roles": {str(wijkteam.uuid): "R"}}, format="json")
    changed = client.put(
        url,
        {"title": "Buurtkamer+", "goalIds": [str(goals[1].uuid)], "roles": {str(corporation.uuid): "A"}},
        format="json",
    )

    assert refused.status_code == 400 and set(reasons(refused)) == {"goalIds", "roles"}
    assert changed.status_code == 200 and changed.json()["roles"] == {str(corporation.uuid): "A"}
    assert Effort.objects.get().title == "Buurtkamer+"
    assert client.delete(url).status_code == 204 and not Effort.objects.exists()


def test_goals_are_changed_and_removed(coalition, coordinator, din):
    strategic = StrategicGoal.objects.filter(agreement=din).first()
    goal = strategic.operational_goals.first()
    client = client_for(coordinator)
    base = f"{API}/coalitions/{coalition.uuid}/din"

    moved = client.put(
        f"{base}/operational-goals/{goal.uuid}",
        {"strategicGoalId": str(strategic.uuid), "title": "Meedoen+", "indicator": "ladder"},
        format="json",
    )
    not_empty = client.delete(f"{base}/strategic-goals/{strategic.uuid}")

    assert moved.status_code == 200 and moved.json()["title"] == "Meedoen+"
    assert not_empty.status_code == 400 and "strategicGoalId" in reasons(not_empty)
    assert client.delete(f"{base}/operational-goals/{goal.uuid}").status_code == 204
    assert client.put(f"{base}/strategic-goals/{strategic.uuid}", {"title": "Gezond"}, format="json").status_code == 200
    assert client.delete(f"{base}/strategic-goals/{strategic.uuid}").status_code == 204
    assert not StrategicGoal.objects.filter(pk=strategic.pk).exists()


def test_parts_of_another_coalition_are_a_404(coalition, other_coalition, coordinator, outsider, din):
    goal = StrategicGoal.objects.filter(agreement=din).first()
    own = client_for(coordinator)
    other = client_for(outsider)

    assert (
        other.put(
            f"{API}/coalitions/{coalition.uuid}/din/strategic-goals/{goal.uuid}", {"title": "x"}, format="json"
        ).status_code
        == 404
    )
    # The goal's id under a coalition it does not belong to is not found either.
    assert own.delete(f"{API}/coalitions/{other_coalition.uuid}/din/strategic-goals/{goal.uuid}").status_code == 404
    assert other.get(f"{API}/coalitions/{coalition.uuid}/annual-report").status_code == 404
    assert StrategicGoal.objects.get(pk=goal.pk).title != "x"


@pytest.fixture
def performance(coalition, coordinator):
    return services.performance_agreement_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        theme="energy",
        title="Label B",
        ambition="Duurzaam",
        goal="200 woningen",
        starts_in=2026,
        ends_in=2028,
    )


def test_a_performance_agreement_is_changed_its_meeting_corrected_and_archived(
    coalition, coordinator, wijkcoach, performance, wijkteam
):
    client = client_for(coordinator)
    url = f"{API}/coalitions/{coalition.uuid}/performance-agreements/{performance.uuid}"
    body = {
        "theme": "energy",
        "title": "Label A",
        "ambition": "Duurzaam",
        "goal": "300 woningen",
        "startsIn": 2026,
        "endsIn": 2025,
        "status": "on_track",
    }
    backwards = client.put(url, body, format="json")
    changed = client.put(url, {**body, "endsIn": 2030}, format="json")
    assert backwards.status_code == 400 and "endsIn" in reasons(backwards)
    assert changed.status_code == 200 and changed.json()["status"] == "on_track"

    meeting = services.progress_meeting_record(
        actor=actor_for(coordinator), agreement=performance, held_on=timezone.localdate(), notes="Eerste"
    )
    commitment = services.annual_commitment_set(
        actor=actor_for(coordinator), agreement=performance, organisation_uuid=wijkteam.uuid, year=2026, action="x"
    )
    meeting_url = f"{url}/meetings/{meeting.uuid}"
    corrected = client.put(meeting_url, {"heldOn": timezone.localdate().isoformat(), "notes": "Tweede"}, format="json")
    assert corrected.status_code == 200 and ProgressMeeting.objects.get().notes == "Tweede"
    assert client_for(wijkcoach).delete(meeting_url).status_code == 403
    assert client.delete(meeting_url).status_code == 204
    assert client.delete(f"{url}/commitments/{commitment.uuid}").status_code == 204

    assert client_for(wijkcoach).post(f"{url}/archive").status_code == 403
    assert client.post(f"{url}/archive").status_code == 204
    assert PerformanceAgreement.objects.get().archived_on is not None
    assert client.get(f"{API}/coalitions/{coalition.uuid}/performance-agreements").json() == []
    assert client.put(url, {**body, "endsIn": 2030}, format="json").status_code == 404


def test_a_framework_agreement_is_changed_and_archived_and_then_owes_nothing(
    coalition, coordinator, wijkteam, corporation
):
    framework = services.framework_agreement_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        target_group="Uitstroom",
        starts_in=2026,
        ends_in=2026,
        homes_per_year={2026: 10},
        shares={str(wijkteam.uuid): "50", str(corporation.uuid): "50"},
    )
    delivery = services.framework_delivery_record(
        actor=actor_for(coordinator), agreement=framework, organisation_uuid=corporation.uuid, year=2026, homes=1
    )
    client = client_for(coordinator)
    url = f"{API}/coalitions/{coalition.uuid}/framework-agreements/{framework.uuid}"
    body = {"targetGroup": "Uitstroom BW", "startsIn": 2026, "endsIn": 2027, "homesPerYear": {"2026": 20}}

    float_share = client.put(url, {**body, "shares": {str(wijkteam.uuid): 100.0}}, format="json")
    not_100 = client.put(
        url, {**body, "shares": {str(wijkteam.uuid): "60", str(corporation.uuid): "30"}}, format="json"
    )
    changed = client.put(
        url, {**body, "shares": {str(wijkteam.uuid): "60", str(corporation.uuid): "40"}}, format="json"
    )

    assert float_share.status_code == 400 and not_100.status_code == 400
    assert "(nu 90%)" in reasons(not_100)["shares"]
    assert changed.status_code == 200 and changed.json()["homesPerYear"] == {"2026": 20}
    assert client.delete(f"{url}/deliveries/{delivery.uuid}").status_code == 204
    remaining = f"{url}/remaining-quota?organisation={corporation.uuid}&year=2026"
    assert client.get(remaining).json()["remaining"] == 8
    assert client.post(f"{url}/archive").status_code == 204
    assert FrameworkAgreement.objects.get().archived_on is not None
    assert client.get(remaining).status_code == 404


def test_a_kpi_is_changed_a_value_removed_and_archived(coalition, coordinator, neighbourhood):
    actor = actor_for(coordinator)
    kpi = services.kpi_define(
        actor=actor,
        coalition=coalition,
        name="Zelfredzaamheid",
        unit="score",
        direction="higher",
        source="ZRM",
        targets={2026: "3"},
    )
    value = services.kpi_measurement_record(
        actor=actor, kpi=kpi, area_code=neighbourhood.district.code, year=2026, value="2,5"
    )
    client = client_for(coordinator)
    url = f"{API}/coalitions/{coalition.uuid}/kpis/{kpi.uuid}"
    body = {"name": "Zelfredzaamheid", "direction": "higher", "source": "ZRM", "targets": {"2026": "3.5"}}

    no_unit = client.put(url, {**body, "unit": ""}, format="json")
    no_year = client.put(url, {**body, "unit": "score", "targets": {"volgend jaar": "4"}}, format="json")
    changed = client.put(url, {**body, "unit": "score 1-5"}, format="json")

    assert no_unit.status_code == 400 and "unit" in reasons(no_unit)
    assert no_year.status_code == 400 and "targets" in reasons(no_year)
    assert changed.status_code == 200 and changed.json()["targets"] == {"2026": "3.5"}
    assert client.delete(f"{url}/values/{value.uuid}").status_code == 204 and not KpiMeasurement.objects.exists()
    assert client.post(f"{url}/archive").status_code == 204
    assert client.get(f"{API}/coalitions/{coalition.uuid}/dashboard?year=2026").json()["rows"] == []
    assert Kpi.objects.get().archived_on is not None


def test_an_area_budget_is_changed_its_spending_removed_and_archived(coalition, coordinator, neighbourhood, wijkteam):
    actor = actor_for(coordinator)
    budget = services.area_budget_create(
        actor=actor,
        coalition=coalition,
        area_code=neighbourhood.district.code,
        name="Wmo",
        starts_in=2026,
        ends_in=2027,
        base_amount="1000",
        savings_split={"municipality": "100"},
    )
    spending = services.budget_spending_record(
        actor=actor, budget=budget, organisation_uuid=str(wijkteam.uuid), year=2027, category="Zorg", amount="5"
    )
    client = client_for(coordinator)
    url = f"{API}/coalitions/{coalition.uuid}/area-budgets/{budget.uuid}"
    body = {
        "areaCode": neighbourhood.district.code,
        "name": "Wmo Ruwaard",
        "startsIn": 2026,
        "endsIn": 2026,
        "baseAmount": "1500.00",
        "savingsSplit": {"municipality": "100"},
    }

    dropped_year = client.put(url, body, format="json")
    assert dropped_year.status_code == 400 and "endsIn" in reasons(dropped_year)
    assert client.delete(f"{url}/spendings/{spending.uuid}").status_code == 204
    changed = client.put(url, body, format="json")
    assert changed.status_code == 200 and changed.json()["baseAmount"] == "1500.00"
    assert not BudgetSpending.objects.exists()
    assert client.post(f"{url}/archive").status_code == 204
    assert AreaBudget.objects.get().archived_on is not None


def test_sessions_and_lessons_are_changed_and_removed(coalition, coordinator, wijkcoach, corporation_officer):
    session = services.learning_session_record(
        actor=actor_for(coordinator), coalition=coalition, level="board", held_on=timezone.localdate(), themes="Geld"
    )
    lesson = services.lesson_record(
        actor=actor_for(wijkcoach), coalition=coalition, kind="failure", title="Te laat", text="x", session=session
    )
    base = f"{API}/coalitions/{coalition.uuid}"
    body = {"kind": "success", "title": "Op tijd", "text": "y"}

    assert client_for(corporation_officer).put(f"{base}/lessons/{lesson.uuid}", body, format="json").status_code == 403
    assert client_for(wijkcoach).put(f"{base}/lessons/{lesson.uuid}", body, format="json").status_code == 200
    changed = client_for(coordinator).put(
        f"{base}/learning-sessions/{session.uuid}",
        {"level": "managers", "heldOn": timezone.localdate().isoformat(), "themes": "Geld en wonen"},
        format="json",
    )
    assert changed.status_code == 200 and LearningSession.objects.get().level == "managers"
    assert client_for(coordinator).delete(f"{base}/learning-sessions/{session.uuid}").status_code == 204
    assert Lesson.objects.get().session is None and Lesson.objects.get().title == "Op tijd"
    assert client_for(wijkcoach).delete(f"{base}/lessons/{lesson.uuid}").status_code == 204


def test_the_annual_report_as_figures_and_as_a_pdf(coalition, coordinator, wijkcoach, din, neighbourhood, wijkteam):
    actor = actor_for(coordinator)
    kpi = services.kpi_define(
        actor=actor,
        coalition=coalition,
        name="Tevredenheid",
        unit="cijfer",
        direction="higher",
        source="x",
        targets={2026: "7.5"},
    )
    services.kpi_measurement_record(actor=actor, kpi=kpi, area_code=neighbourhood.district.code, year=2026, value="8")
    framework = services.framework_agreement_create(
        actor=actor,
        coalition=coalition,
        target_group="Uitstroom",
        starts_in=2026,
        ends_in=2027,
        homes_per_year={2026: 10, 2027: 4},
        shares={str(wijkteam.uuid): "100"},
    )
    services.framework_delivery_record(
        actor=actor, agreement=framework, organisation_uuid=wijkteam.uuid, year=2026, homes=3
    )
    client = client_for(wijkcoach)  # every member of the coalition reads the report

    body = client.get(f"{API}/coalitions/{coalition.uuid}/annual-report?year=2026").json()
    pdf = client.get(f"{API}/coalitions/{coalition.uuid}/annual-report.pdf?year=2026")

    assert body["year"] == 2026 and len(body["goals"]) == 4
    assert body["kpiCounts"]["green"] == 1 and body["kpis"][0]["value"] == "8"
    assert body["frameworkAgreements"][0]["shortfall"] == 7
    assert body["frameworkAgreements"][0]["rows"] == [
        {
            "organisation": "Wijkteam Ruwaard",
            "sharePercent": "100",
            "year": 2026,
            "quota": 10,
            "delivered": 3,
            "shortfall": 7,
        }
    ]
    assert body["impact"]["suppressed"] is True and body["impact"]["spent"] is None and body["caveats"]
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    bad_year = client.get(f"{API}/coalitions/{coalition.uuid}/annual-report?year=1900")
    assert bad_year.status_code == 400 and "year" in reasons(bad_year)


def test_the_team_removes_a_micro_analysis_through_the_api(eva_plan, wijkcoach, manager):
    services.micro_analysis_save(actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario="x", lines=FIETS_LINES)
    url = f"{API}/case-plans/{eva_plan.uuid}/micro-analysis"
    assert client_for(manager).delete(url).status_code == 404
    assert client_for(wijkcoach).delete(url).status_code == 204
    assert not MicroAnalysis.objects.exists()
    assert client_for(wijkcoach).delete(url).status_code == 404  # nothing left to remove


def test_the_programme_of_an_analysis_is_sent_and_aggregated_under_the_group_size(
    coalition, eva_plan, wijkcoach, manager
):
    lines = [{"kind": "spent", "priceCode": "fiets-kind", "quantity": "1"}]
    saved = client_for(wijkcoach).put(
        f"{API}/case-plans/{eva_plan.uuid}/micro-analysis",
        {"referenceScenario": "x", "programme": "Vroegsignalering", "lines": lines},
        format="json",
    )
    body = client_for(manager).get(f"{API}/coalitions/{coalition.uuid}/impact").json()

    assert saved.status_code == 200 and saved.json()["programme"] == "Vroegsignalering"
    assert [(g["label"], g["suppressed"], g["spent"]) for g in body["byProgramme"]] == [
        ("Vroegsignalering", True, None)
    ]
