"""The page forms for framework agreements and progress meetings, and the pages that change, archive
and remove what a coalition agreed: Dutch refusals (400) that write nothing, 404 for who may not."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from wijkverband.agreements import services
from wijkverband.agreements.demo import FIETS_LINES
from wijkverband.agreements.models import (
    AnnualCommitment,
    AreaBudget,
    Effort,
    FrameworkAgreement,
    FrameworkDelivery,
    Kpi,
    KpiMeasurement,
    LearningSession,
    Lesson,
    MicroAnalysis,
    PerformanceAgreement,
    ProgressMeeting,
    StrategicGoal,
)
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def _framework_post(wijkteam, corporation, **extra):
    return {
        "form": "framework",
        "target_group": "Uitstroom beschermd wonen",
        "starts_in": 2026,
        "ends_in": 2027,
        "homes": "2026: 10; 2027: 12",
        f"share_{wijkteam.uuid}": "50",
        f"share_{corporation.uuid}": "50",
        **extra,
    }


def test_a_framework_agreement_is_added_on_the_page(coalition, coordinator, wijkteam, corporation, verified_client):
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/prestatieafspraken/"

    response = client.post(url, _framework_post(wijkteam, corporation))

    assert response.status_code == 302
    framework = FrameworkAgreement.objects.get()
    assert dict(framework.targets.values_list("year", "homes")) == {2026: 10, 2027: 12}
    assert sorted(framework.shares.values_list("percent", flat=True)) == [Decimal(50), Decimal(50)]
    body = client.get(url).content.decode()
    assert "Uitstroom beschermd wonen" in body and 'data-testid="framework-form"' in body


def test_one_number_of_homes_applies_to_every_year(coalition, coordinator, wijkteam, corporation, verified_client):
    post = _framework_post(wijkteam, corporation, homes="8", ends_in=2028)
    assert (
        verified_client(coordinator).post(f"/afspraken/{coalition.uuid}/prestatieafspraken/", post).status_code == 302
    )
    assert list(FrameworkAgreement.objects.get().targets.values_list("homes", flat=True)) == [8, 8, 8]


def test_framework_shares_or_homes_that_are_wrong_are_refused_on_the_page(
    coalition, coordinator, wijkteam, corporation, verified_client
):
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/prestatieafspraken/"

    shares = client.post(url, _framework_post(wijkteam, corporation, **{f"share_{corporation.uuid}": "25"}))
    homes = client.post(url, _framework_post(wijkteam, corporation, homes="veel"))
    outside = client.post(url, _framework_post(wijkteam, corporation, homes="2030: 4"))

    assert shares.status_code == 400 and "precies 100% zijn (nu 75%)" in shares.content.decode()
    assert homes.status_code == 400 and "2026: 40" in homes.content.decode()
    assert outside.status_code == 400
    assert not FrameworkAgreement.objects.exists()


def test_the_framework_form_is_only_for_coordinators_and_managers(
    coalition, wijkcoach, outsider, wijkteam, corporation, verified_client
):
    url = f"/afspraken/{coalition.uuid}/prestatieafspraken/"
    assert 'data-testid="framework-form"' not in verified_client(wijkcoach).get(url).content.decode()
    refused = verified_client(wijkcoach).post(url, _framework_post(wijkteam, corporation))
    hidden = verified_client(outsider).post(url, _framework_post(wijkteam, corporation))
    assert refused.status_code == 400 and hidden.status_code == 404
    assert not FrameworkAgreement.objects.exists()


@pytest.fixture
def performance(coalition, coordinator):
    return services.performance_agreement_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        theme="vulnerable",
        title="Kwetsbare huurders",
        ambition="Iedereen een thuis",
        goal="12 woningen",
        starts_in=2026,
        ends_in=2029,
    )


def test_a_progress_meeting_is_recorded_on_the_page(coalition, coordinator, performance, verified_client):
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/prestatieafspraken/"
    post = {"form": "meeting", "agreement": str(performance.uuid), "notes": "Op schema", "status": "on_track"}

    future = client.post(url, {**post, "held_on": (timezone.localdate() + timedelta(days=3)).isoformat()})
    done = client.post(url, {**post, "held_on": timezone.localdate().isoformat()})

    assert future.status_code == 400 and "toekomst" in future.content.decode()
    assert done.status_code == 302 and ProgressMeeting.objects.get().notes == "Op schema"
    assert PerformanceAgreement.objects.get().status == "on_track"
    assert "Op schema" in client.get(url).content.decode()


def test_a_meeting_for_an_agreement_of_another_coalition_is_a_404(
    coalition, other_coalition, coordinator, verified_client, outsider
):
    foreign = PerformanceAgreement.objects.create(
        coalition=other_coalition, theme="other", title="x", ambition="x", goal="x", starts_in=2026, ends_in=2026
    )
    response = verified_client(coordinator).post(
        f"/afspraken/{coalition.uuid}/prestatieafspraken/",
        {"form": "meeting", "agreement": str(foreign.uuid), "held_on": "2026-01-01", "notes": "x"},
    )
    assert response.status_code == 404 and not ProgressMeeting.objects.exists()


def test_a_performance_agreement_is_changed_its_action_removed_and_archived(
    coalition, coordinator, performance, wijkteam, verified_client
):
    commitment = services.annual_commitment_set(
        actor=actor_for(coordinator), agreement=performance, organisation_uuid=wijkteam.uuid, year=2029, action="Eind"
    )
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/prestatieafspraken/{performance.uuid}/"
    edit = {
        "form": "edit",
        "theme": "vulnerable",
        "title": "Kwetsbare huurders thuis",
        "ambition": "Iedereen",
        "goal": "12",
        "starts_in": 2026,
        "ends_in": 2027,
        "status": "at_risk",
    }
    assert 'value="Kwetsbare huurders"' in client.get(url).content.decode()

    refused = client.post(url, edit)
    assert refused.status_code == 400 and "Er zijn acties voor 2029" in refused.content.decode()
    assert client.post(url, {"form": "commitment-remove", "item": str(commitment.uuid)}).status_code == 302
    assert client.post(url, edit).status_code == 302
    assert PerformanceAgreement.objects.get().title == "Kwetsbare huurders thuis"
    assert not AnnualCommitment.objects.exists()

    assert client.post(url, {"form": "archive"}).status_code == 302
    assert PerformanceAgreement.objects.get().archived_on == timezone.localdate()
    assert client.get(url).status_code == 404
    assert (
        "Kwetsbare huurders thuis"
        not in client.get(f"/afspraken/{coalition.uuid}/prestatieafspraken/").content.decode()
    )


def test_the_change_pages_are_a_404_for_professionals_and_outsiders(
    coalition, performance, wijkcoach, outsider, verified_client
):
    url = f"/afspraken/{coalition.uuid}/prestatieafspraken/{performance.uuid}/"
    for user in (wijkcoach, outsider):
        assert verified_client(user).get(url).status_code == 404
        assert verified_client(user).post(url, {"form": "archive"}).status_code == 404
        assert verified_client(user).get(f"/afspraken/{coalition.uuid}/wijzigen/").status_code == 404
    assert PerformanceAgreement.objects.get().archived_on is None


def test_a_framework_agreement_is_changed_a_delivery_removed_and_archived(
    coalition, coordinator, wijkteam, corporation, verified_client
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
        actor=actor_for(coordinator), agreement=framework, organisation_uuid=corporation.uuid, year=2026, homes=2
    )
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/raamafspraken/{framework.uuid}/"
    assert "2026: 10" in client.get(url).content.decode()
    edit = {**_framework_post(wijkteam, corporation, target_group="Uitstroom BW", homes="2026: 20"), "form": "edit"}

    assert client.post(url, {**edit, f"share_{corporation.uuid}": ""}).status_code == 400
    assert client.post(url, edit).status_code == 302
    assert FrameworkAgreement.objects.get().targets.get(year=2026).homes == 20
    assert client.post(url, {"form": "delivery-remove", "item": str(delivery.uuid)}).status_code == 302
    assert not FrameworkDelivery.objects.exists()
    assert client.post(url, {"form": "archive"}).status_code == 302
    assert FrameworkAgreement.objects.get().archived_on is not None


def test_a_kpi_is_changed_a_value_removed_and_archived(coalition, coordinator, neighbourhood, verified_client):
    actor = actor_for(coordinator)
    kpi = services.kpi_define(
        actor=actor, coalition=coalition, name="Tevredenheid", unit="cijfer", direction="higher", source="x", targets={}
    )
    value = services.kpi_measurement_record(
        actor=actor, kpi=kpi, area_code=neighbourhood.district.code, year=2026, value="6"
    )
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/kpis/{kpi.uuid}/"
    edit = {"form": "edit", "name": "Tevredenheid", "direction": "higher", "source": "CEO", "targets": "2026: 7,5"}

    no_unit = client.post(url, {**edit, "unit": ""})
    bad_targets = client.post(url, {**edit, "unit": "cijfer", "targets": "zeven"})
    assert no_unit.status_code == 400 and "eenheid" in no_unit.content.decode()
    assert bad_targets.status_code == 400
    assert client.post(url, {**edit, "unit": "rapportcijfer"}).status_code == 302
    assert Kpi.objects.get().targets.get().value == Decimal("7.5") and Kpi.objects.get().unit == "rapportcijfer"
    assert client.post(url, {"form": "value-remove", "item": str(value.uuid)}).status_code == 302
    assert not KpiMeasurement.objects.exists()
    assert client.post(url, {"form": "archive"}).status_code == 302
    assert "Tevredenheid" not in client.get(f"/afspraken/{coalition.uuid}/kpis/").content.decode()


def test_an_area_budget_is_changed_and_archived(coalition, coordinator, neighbourhood, verified_client):
    budget = services.area_budget_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        area_code=neighbourhood.district.code,
        name="Wmo",
        starts_in=2026,
        ends_in=2027,
        base_amount="1000",
        savings_split={"municipality": "100"},
    )
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/budgetten/{budget.uuid}/"
    edit = {
        "form": "edit",
        "area_code": neighbourhood.district.code,
        "name": "Wmo Ruwaard",
        "starts_in": 2026,
        "ends_in": 2028,
        "base_amount": "1200,50",
        "indexation_percent": "2",
        "efficiency_percent": "0",
        "savings_residents": "0",
        "savings_municipality": "60",
        "savings_providers": "30",
    }

    refused = client.post(url, edit)
    assert refused.status_code == 400 and "(nu 90%)" in refused.content.decode()
    assert client.post(url, {**edit, "savings_providers": "40"}).status_code == 302
    assert AreaBudget.objects.get().base_amount == Decimal("1200.50")
    assert client.post(url, {"form": "archive"}).status_code == 302
    assert "Wmo Ruwaard" not in client.get(f"/afspraken/{coalition.uuid}/budgetten/").content.decode()


def test_din_goals_and_efforts_are_changed_and_removed_on_the_page(
    coalition, coordinator, wijkteam, corporation, verified_client
):
    actor = actor_for(coordinator)
    services.din_template_apply(actor=actor, coalition=coalition, template_key="selwerd", year=2026)
    strategic = StrategicGoal.objects.first()
    goal = strategic.operational_goals.first()
    effort = services.effort_create(
        actor=actor, coalition=coalition, title="Buurtkamer", goal_uuids=[goal.uuid], roles={str(wijkteam.uuid): "A"}
    )
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/wijzigen/"
    assert "Buurtkamer" in client.get(url).content.decode()

    no_a = client.post(
        url, {"form": "effort-edit", "effort": str(effort.uuid), "title": "Buurtkamer", "goals": [str(goal.uuid)]}
    )
    changed = client.post(
        url,
        {
            "form": "effort-edit",
            "effort": str(effort.uuid),
            "title": "Buurtkamer+",
            "goals": [str(goal.uuid)],
            f"role_{corporation.uuid}": "A",
        },
    )
    goal_refused = client.post(url, {"form": "operational-delete", "goal": str(goal.uuid)}, follow=True)

    assert no_a.status_code == 400 and "precies één verantwoordelijke" in no_a.content.decode()
    assert changed.status_code == 302 and Effort.objects.get().roles.get().organisation == corporation
    assert "“Buurtkamer+”" in goal_refused.content.decode()
    assert client.post(url, {"form": "effort-delete", "effort": str(effort.uuid)}).status_code == 302
    assert client.post(url, {"form": "operational-delete", "goal": str(goal.uuid)}).status_code == 302
    assert client.post(url, {"form": "strategic-delete", "goal": str(strategic.uuid)}).status_code == 302
    assert not Effort.objects.exists() and not StrategicGoal.objects.filter(pk=strategic.pk).exists()


def test_the_ambition_is_written_without_a_template(coalition, coordinator, verified_client):
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/"
    backwards = client.post(url, {"form": "din", "ambition": "Samen", "starts_in": 2030, "ends_in": 2026})
    assert backwards.status_code == 400
    assert client.post(url, {"form": "din", "ambition": "Samen", "starts_in": 2026, "ends_in": 2030}).status_code == 302
    assert coalition.agreement.ambition == "Samen"


def test_sessions_and_lessons_are_corrected_and_removed_on_the_page(
    coalition, coordinator, wijkcoach, corporation_officer, verified_client
):
    session = services.learning_session_record(
        actor=actor_for(coordinator), coalition=coalition, level="board", held_on=timezone.localdate(), themes="Geld"
    )
    lesson = services.lesson_record(
        actor=actor_for(wijkcoach), coalition=coalition, kind="failure", title="Te laat", text="x"
    )
    url = f"/afspraken/{coalition.uuid}/leren/"
    edit = {"form": "lesson-edit", "lesson": str(lesson.uuid), "kind": "success", "title": "Op tijd", "text": "y"}

    # The author corrects their own lesson; a professional of another party cannot.
    assert 'data-testid="lesson-edit"' not in verified_client(corporation_officer).get(url).content.decode()
    assert verified_client(corporation_officer).post(url, edit).status_code == 404
    assert verified_client(wijkcoach).post(url, edit).status_code == 302
    assert Lesson.objects.get().title == "Op tijd"

    client = verified_client(coordinator)
    session_edit = {"form": "session-edit", "session": str(session.uuid), "level": "managers", "themes": "Geld"}
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.post(url, {**session_edit, "held_on": future}).status_code == 400
    assert client.post(url, {**session_edit, "held_on": timezone.localdate().isoformat()}).status_code == 302
    assert LearningSession.objects.get().level == "managers"
    assert client.post(url, {"form": "session-delete", "session": str(session.uuid)}).status_code == 302
    assert client.post(url, {"form": "lesson-delete", "lesson": str(lesson.uuid)}).status_code == 302
    assert not LearningSession.objects.exists() and not Lesson.objects.exists()


def test_the_case_director_removes_a_micro_analysis(eva_plan, wijkcoach, outsider, verified_client):
    services.micro_analysis_save(actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario="x", lines=FIETS_LINES)
    url = f"/afspraken/casus/{eva_plan.uuid}/bewerken/"

    assert verified_client(outsider).post(url, {"form": "delete"}).status_code == 404
    assert 'data-testid="delete-micro-analysis"' in (
        verified_client(wijkcoach).get(f"/afspraken/casus/{eva_plan.uuid}/").content.decode()
    )
    assert verified_client(wijkcoach).post(url, {"form": "delete"}).status_code == 302
    assert not MicroAnalysis.objects.exists()
