"""Changing, archiving and removing what a coalition agreed: same rules as adding it, refusals in
Dutch with nothing written, and only coordinators and managers of a party in the coalition."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from wijkverband.agreements import quotas, selectors, services
from wijkverband.agreements.demo import FIETS_LINES
from wijkverband.agreements.models import (
    AreaBudget,
    Effort,
    EffortRole,
    FrameworkAgreement,
    FrameworkShare,
    Kpi,
    KpiTarget,
    LearningSession,
    Lesson,
    MicroAnalysis,
    OperationalGoal,
    PerformanceAgreement,
    StrategicGoal,
)
from wijkverband.audit.models import AuditEvent
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(coordinator):
    return actor_for(coordinator)


@pytest.fixture
def din(coalition, editor):
    return services.din_template_apply(actor=editor, coalition=coalition, template_key="selwerd", year=2026)


@pytest.fixture
def effort(coalition, editor, din, wijkteam, corporation):
    goals = selectors.din_for_coalition(coalition).operational_goals
    return services.effort_create(
        actor=editor,
        coalition=coalition,
        title="Keukentafel",
        goal_uuids=[goals[0].uuid, goals[1].uuid],
        roles={str(wijkteam.uuid): "A", str(corporation.uuid): "C"},
    )


def _not_allowed(call, *actors):
    """Each actor is refused (another coalition: 404; a reader: 403)."""
    for actor in actors:
        with pytest.raises((NotVisible, PermissionDenied)):
            call(actor)


# --- DIN -----------------------------------------------------------------------------------------


def test_an_effort_is_changed_with_new_goals_and_roles(coalition, editor, effort, wijkteam, corporation):
    goals = selectors.din_for_coalition(coalition).operational_goals

    services.effort_update(
        actor=editor,
        effort=effort,
        title="Keukentafelgesprekken",
        goal_uuids=[goals[2].uuid],
        roles={str(corporation.uuid): "A", str(wijkteam.uuid): "R"},
    )

    effort.refresh_from_db()
    assert effort.title == "Keukentafelgesprekken" and list(effort.goals.all()) == [goals[2]]
    assert {(r.organisation, r.role) for r in effort.roles.all()} == {(corporation, "A"), (wijkteam, "R")}


def test_an_effort_change_without_an_accountable_party_writes_nothing(coalition, editor, effort, wijkteam):
    with pytest.raises(ValidationError) as error:
        services.effort_update(
            actor=editor, effort=effort, title="Nieuw", goal_uuids=[], roles={str(wijkteam.uuid): "R"}
        )

    assert "ten minste één operationeel doel" in str(error.value.message_dict["goals"])
    assert "precies één verantwoordelijke (A)" in str(error.value.message_dict["roles"])
    effort.refresh_from_db()
    assert effort.title == "Keukentafel" and EffortRole.objects.filter(effort=effort, role="A").count() == 1


def test_a_goal_an_effort_depends_on_alone_cannot_be_removed(coalition, editor, din, wijkteam):
    goal = selectors.din_for_coalition(coalition).operational_goals[0]
    services.effort_create(
        actor=editor, coalition=coalition, title="Alleen hier", goal_uuids=[goal.uuid], roles={str(wijkteam.uuid): "A"}
    )

    with pytest.raises(ValidationError) as error:
        services.operational_goal_delete(actor=editor, goal=goal)

    assert "“Alleen hier”" in str(error.value) and OperationalGoal.objects.filter(pk=goal.pk).exists()


def test_a_goal_shared_with_another_goal_is_removed_and_the_effort_keeps_the_other(coalition, editor, effort):
    first, second = effort.goals.order_by("created_at")

    services.operational_goal_delete(actor=editor, goal=first)

    assert list(Effort.objects.get(pk=effort.pk).goals.all()) == [second]


def test_a_strategic_goal_is_removed_only_when_empty(coalition, editor, din):
    strategic = din.strategic_goals.first()
    with pytest.raises(ValidationError):
        services.strategic_goal_delete(actor=editor, goal=strategic)

    for goal in strategic.operational_goals.all():
        services.operational_goal_delete(actor=editor, goal=goal)
    services.strategic_goal_update(actor=editor, goal=strategic, title="Gezond", purpose="Zodat")
    assert StrategicGoal.objects.get(pk=strategic.pk).purpose == "Zodat"
    services.strategic_goal_delete(actor=editor, goal=strategic)
    assert not StrategicGoal.objects.filter(pk=strategic.pk).exists()


def test_an_operational_goal_moves_only_within_its_own_din(coalition, editor, din):
    goal = selectors.din_for_coalition(coalition).operational_goals[0]
    target = din.strategic_goals.last()
    services.operational_goal_update(actor=editor, goal=goal, title="Meedoen", strategic_goal_uuid=target.uuid)
    assert OperationalGoal.objects.get(pk=goal.pk).strategic_goal == target

    # A strategic goal of another DIN (or none at all) is refused the same way.
    with pytest.raises(ValidationError):
        services.operational_goal_update(
            actor=editor, goal=goal, title="Meedoen", strategic_goal_uuid="00000000-0000-4000-8000-000000000001"
        )


def test_din_changes_are_refused_outside_the_coalition_and_for_readers(effort, wijkcoach, outsider, din):
    _not_allowed(lambda a: services.effort_delete(actor=a, effort=effort), actor_for(wijkcoach), actor_for(outsider))
    strategic = din.strategic_goals.first()
    _not_allowed(
        lambda a: services.strategic_goal_update(actor=a, goal=strategic, title="x"),
        actor_for(wijkcoach),
        actor_for(outsider),
    )
    assert Effort.objects.filter(pk=effort.pk).exists()


def test_the_din_selectors_give_404_for_another_coalition(coalition, other_coalition, effort):
    with pytest.raises(NotVisible):
        selectors.effort_get(other_coalition, effort.uuid)
    assert selectors.effort_get(coalition, effort.uuid) == effort


# --- performance agreements ----------------------------------------------------------------------


@pytest.fixture
def performance(coalition, editor):
    return services.performance_agreement_create(
        actor=editor,
        coalition=coalition,
        theme="vulnerable",
        title="Kwetsbare huurders",
        ambition="Iedereen een thuis",
        goal="12 woningen",
        starts_in=2026,
        ends_in=2029,
    )


def test_a_performance_agreement_is_changed(performance, editor):
    services.performance_agreement_update(
        actor=editor,
        agreement=performance,
        theme="resilient",
        title="Veerkrachtige wijken",
        ambition="Samen",
        goal="Minder overlast",
        starts_in=2026,
        ends_in=2030,
        status="on_track",
    )
    performance.refresh_from_db()
    assert (performance.theme, performance.ends_in, performance.status) == ("resilient", 2030, "on_track")


def test_shortening_the_period_past_agreed_actions_is_refused(performance, editor, wijkteam):
    services.annual_commitment_set(
        actor=editor, agreement=performance, organisation_uuid=wijkteam.uuid, year=2029, action="Evalueren"
    )

    with pytest.raises(ValidationError) as error:
        services.performance_agreement_update(
            actor=editor,
            agreement=performance,
            theme="vulnerable",
            title="Kort",
            ambition="x",
            goal="x",
            starts_in=2026,
            ends_in=2027,
            status="planned",
        )

    assert "2029" in str(error.value.message_dict["starts_in"])
    assert PerformanceAgreement.objects.get(pk=performance.pk).title == "Kwetsbare huurders"


def test_an_archived_performance_agreement_leaves_the_lists(coalition, performance, editor):
    services.performance_agreement_archive(actor=editor, agreement=performance)

    assert selectors.performance_agreements_for(coalition) == []
    with pytest.raises(NotVisible):
        selectors.performance_agreement_get(coalition, performance.uuid)
    assert PerformanceAgreement.objects.filter(pk=performance.pk).exists()
    with pytest.raises(ValidationError):
        services.performance_agreement_archive(actor=editor, agreement=performance)


def test_actions_and_meetings_are_changed_and_removed(performance, editor, wijkteam):
    commitment = services.annual_commitment_set(
        actor=editor, agreement=performance, organisation_uuid=wijkteam.uuid, year=2026, action="Starten"
    )
    meeting = services.progress_meeting_record(
        actor=editor, agreement=performance, held_on=timezone.localdate(), notes="Goed begin"
    )

    services.progress_meeting_update(
        actor=editor, meeting=meeting, held_on=timezone.localdate() - timedelta(days=1), notes="Beter"
    )
    assert performance.meetings.get().notes == "Beter"
    with pytest.raises(ValidationError):
        services.progress_meeting_update(
            actor=editor, meeting=meeting, held_on=timezone.localdate() + timedelta(days=1), notes="x"
        )
    services.progress_meeting_remove(actor=editor, meeting=meeting)
    services.annual_commitment_remove(actor=editor, commitment=commitment)
    assert not performance.meetings.exists() and not performance.commitments.exists()


def test_a_meeting_with_an_unknown_status_writes_nothing(performance, editor):
    with pytest.raises(ValidationError):
        services.progress_meeting_record(
            actor=editor, agreement=performance, held_on=timezone.localdate(), notes="x", status="unknown"
        )
    assert not performance.meetings.exists()


def test_performance_changes_are_refused_for_readers_and_outsiders(performance, wijkcoach, outsider, manager):
    _not_allowed(
        lambda a: services.performance_agreement_archive(actor=a, agreement=performance),
        actor_for(wijkcoach),
        actor_for(outsider),
    )
    assert PerformanceAgreement.objects.get(pk=performance.pk).archived_on is None
    services.performance_agreement_archive(actor=actor_for(manager), agreement=performance)


# --- framework agreements ------------------------------------------------------------------------


@pytest.fixture
def framework(coalition, editor, wijkteam, corporation):
    return services.framework_agreement_create(
        actor=editor,
        coalition=coalition,
        target_group="Uitstroom beschermd wonen",
        starts_in=2026,
        ends_in=2027,
        homes_per_year={2026: 10, 2027: 12},
        shares={str(wijkteam.uuid): "50", str(corporation.uuid): "50"},
    )


def test_a_framework_agreement_gets_new_shares_and_homes(framework, editor, wijkteam, corporation):
    services.framework_agreement_update(
        actor=editor,
        agreement=framework,
        target_group="Uitstroom",
        starts_in=2026,
        ends_in=2028,
        homes_per_year={2026: 10, 2028: 20},
        shares={str(wijkteam.uuid): "25", str(corporation.uuid): "75"},
    )

    assert dict(framework.targets.values_list("year", "homes")) == {2026: 10, 2028: 20}
    assert quotas.remaining_quota(agreement=framework, organisation=corporation, year=2028) == 15


def test_framework_shares_not_adding_up_are_refused_and_the_old_ones_stay(framework, editor, wijkteam, corporation):
    with pytest.raises(ValidationError) as error:
        services.framework_agreement_update(
            actor=editor,
            agreement=framework,
            target_group="x",
            starts_in=2026,
            ends_in=2027,
            homes_per_year={2026: 1},
            shares={str(wijkteam.uuid): "33,3", str(corporation.uuid): "66,6"},
        )
    assert "(nu 99,9%)" in str(error.value)
    assert sorted(FrameworkShare.objects.filter(agreement=framework).values_list("percent", flat=True)) == [
        Decimal(50),
        Decimal(50),
    ]


def test_a_party_that_delivered_keeps_its_share_and_deliveries_keep_their_years(
    framework, editor, wijkteam, corporation
):
    services.framework_delivery_record(
        actor=editor, agreement=framework, organisation_uuid=corporation.uuid, year=2027, homes=3
    )
    base = {"actor": editor, "agreement": framework, "target_group": "x", "homes_per_year": {}}

    with pytest.raises(ValidationError) as without:
        services.framework_agreement_update(**base, starts_in=2026, ends_in=2027, shares={str(wijkteam.uuid): "100"})
    with pytest.raises(ValidationError) as shorter:
        services.framework_agreement_update(
            **base, starts_in=2026, ends_in=2026, shares={str(wijkteam.uuid): "50", str(corporation.uuid): "50"}
        )

    assert "Maasland Wonen" in str(without.value) and "buiten deze periode" in str(shorter.value)
    assert FrameworkAgreement.objects.get(pk=framework.pk).target_group == "Uitstroom beschermd wonen"


def test_an_archived_framework_agreement_owes_no_quota(coalition, framework, editor, corporation):
    assert quotas.remaining_quota(agreement=framework, organisation=corporation, year=2026) == 5

    services.framework_agreement_archive(actor=editor, agreement=framework)

    framework.refresh_from_db()
    assert quotas.remaining_quota(agreement=framework, organisation=corporation, year=2026) == 0
    assert selectors.framework_agreements_for(coalition) == []


def test_a_delivery_is_removed_and_the_shortfall_returns(framework, editor, corporation, wijkcoach):
    delivery = services.framework_delivery_record(
        actor=editor, agreement=framework, organisation_uuid=corporation.uuid, year=2026, homes=5
    )
    _not_allowed(lambda a: services.framework_delivery_remove(actor=a, delivery=delivery), actor_for(wijkcoach))

    services.framework_delivery_remove(actor=editor, delivery=delivery)

    assert quotas.remaining_quota(agreement=framework, organisation=corporation, year=2026) == 5


# --- KPIs ----------------------------------------------------------------------------------------


@pytest.fixture
def kpi(coalition, editor):
    return services.kpi_define(
        actor=editor,
        coalition=coalition,
        name="Tevredenheid",
        unit="cijfer",
        direction="higher",
        source="Enquête",
        targets={2026: "7,5"},
    )


def test_a_kpi_is_redefined_and_its_targets_replaced(kpi, editor):
    services.kpi_update(
        actor=editor,
        kpi=kpi,
        name="Cliënttevredenheid",
        unit="rapportcijfer",
        direction="higher",
        source="CEO",
        targets={2026: "8", 2027: "8,5"},
    )
    assert dict(KpiTarget.objects.filter(kpi=kpi).values_list("year", "value")) == {
        2026: Decimal(8),
        2027: Decimal("8.5"),
    }


def test_a_kpi_without_unit_or_target_year_is_not_changed(kpi, editor, coalition):
    services.kpi_define(
        actor=editor, coalition=coalition, name="Andere", unit="%", direction="lower", source="x", targets={}
    )
    with pytest.raises(ValidationError) as error:
        services.kpi_update(
            actor=editor, kpi=kpi, name="Tevredenheid", unit=" ", direction="higher", source="x", targets={None: "8"}
        )
    with pytest.raises(ValidationError) as taken:
        services.kpi_update(actor=editor, kpi=kpi, name="Andere", unit="%", direction="higher", source="x", targets={})

    assert set(error.value.message_dict) == {"unit", "targets"} and "name" in taken.value.message_dict
    assert Kpi.objects.get(pk=kpi.pk).unit == "cijfer" and KpiTarget.objects.get(kpi=kpi).value == Decimal("7.5")


def test_an_archived_kpi_leaves_the_dashboard_and_a_wrong_value_is_removed(
    coalition, kpi, editor, neighbourhood, wijkcoach
):
    measurement = services.kpi_measurement_record(
        actor=editor, kpi=kpi, area_code=neighbourhood.district.code, year=2026, value="6"
    )
    _not_allowed(lambda a: services.kpi_measurement_remove(actor=a, measurement=measurement), actor_for(wijkcoach))
    services.kpi_measurement_remove(actor=editor, measurement=measurement)
    assert selectors.kpi_dashboard(coalition, year=2026)[0].value is None

    services.kpi_archive(actor=editor, kpi=kpi)

    assert selectors.kpi_dashboard(coalition, year=2026) == []
    with pytest.raises(NotVisible):
        selectors.kpi_get(coalition, kpi.uuid)


# --- area budgets --------------------------------------------------------------------------------


def _budget(editor, coalition, neighbourhood, **extra):
    data = {
        "area_code": neighbourhood.district.code,
        "name": "Wmo",
        "starts_in": 2026,
        "ends_in": 2028,
        "base_amount": "1000",
        "savings_split": {"residents": "20", "municipality": "40", "providers": "40"},
        **extra,
    }
    return data


def test_a_budget_is_changed_but_may_not_overlap_or_drop_years_with_spending(
    coalition, editor, neighbourhood, wijkteam
):
    first = services.area_budget_create(actor=editor, coalition=coalition, **_budget(editor, coalition, neighbourhood))
    second = services.area_budget_create(
        actor=editor, coalition=coalition, **_budget(editor, coalition, neighbourhood, starts_in=2029, ends_in=2030)
    )
    services.budget_spending_record(
        actor=editor, budget=first, organisation_uuid=str(wijkteam.uuid), year=2028, category="Zorg", amount="10"
    )

    with pytest.raises(ValidationError) as overlap:
        services.area_budget_update(
            actor=editor, budget=second, **_budget(editor, coalition, neighbourhood, starts_in=2028, ends_in=2030)
        )
    with pytest.raises(ValidationError) as spending:
        services.area_budget_update(
            actor=editor, budget=first, **_budget(editor, coalition, neighbourhood, ends_in=2027)
        )
    services.area_budget_update(
        actor=editor, budget=first, **_budget(editor, coalition, neighbourhood, name="Wmo Ruwaard", base_amount="1200")
    )

    assert "mogen niet overlappen" in str(overlap.value) and "buiten deze periode" in str(spending.value)
    first.refresh_from_db()
    assert (first.name, first.base_amount, first.ends_in) == ("Wmo Ruwaard", Decimal(1200), 2028)
    assert AreaBudget.objects.get(pk=second.pk).starts_in == 2029


def test_an_archived_budget_frees_its_period(coalition, editor, neighbourhood, wijkteam, outsider):
    budget = services.area_budget_create(actor=editor, coalition=coalition, **_budget(editor, coalition, neighbourhood))
    spending = services.budget_spending_record(
        actor=editor, budget=budget, organisation_uuid=str(wijkteam.uuid), year=2026, category="Zorg", amount="10"
    )
    _not_allowed(lambda a: services.area_budget_archive(actor=a, budget=budget), actor_for(outsider))
    services.budget_spending_remove(actor=editor, spending=spending)

    services.area_budget_archive(actor=editor, budget=budget)

    assert selectors.area_budgets_for(coalition) == []
    services.area_budget_create(actor=editor, coalition=coalition, **_budget(editor, coalition, neighbourhood))


# --- learning ------------------------------------------------------------------------------------


def test_a_session_is_changed_and_removed_while_its_lessons_stay(coalition, editor, wijkteam, corporation, wijkcoach):
    session = services.learning_session_record(
        actor=editor, coalition=coalition, level="professionals", held_on=timezone.localdate(), themes="Schulden"
    )
    lesson = services.lesson_record(
        actor=editor, coalition=coalition, kind="failure", title="Te laat", text="x", session=session
    )

    services.learning_session_update(
        actor=editor,
        session=session,
        level="managers",
        held_on=timezone.localdate(),
        themes="Schulden en wonen",
        attendee_uuids=[str(wijkteam.uuid), str(corporation.uuid)],
    )
    assert LearningSession.objects.get(pk=session.pk).attendees.count() == 2
    _not_allowed(lambda a: services.learning_session_delete(actor=a, session=session), actor_for(wijkcoach))
    services.learning_session_delete(actor=editor, session=session)

    assert Lesson.objects.get(pk=lesson.pk).session is None


def test_a_session_with_a_party_outside_the_coalition_is_not_changed(coalition, editor, other_organisation):
    session = services.learning_session_record(
        actor=editor, coalition=coalition, level="board", held_on=timezone.localdate(), themes="Geld"
    )
    with pytest.raises(ValidationError):
        services.learning_session_update(
            actor=editor,
            session=session,
            level="board",
            held_on=timezone.localdate(),
            themes="Anders",
            attendee_uuids=[str(other_organisation.uuid)],
        )
    assert LearningSession.objects.get(pk=session.pk).themes == "Geld"


def test_the_author_or_a_coordinator_corrects_a_lesson(coalition, editor, wijkcoach, corporation_officer, outsider):
    lesson = services.lesson_record(
        actor=actor_for(wijkcoach), coalition=coalition, kind="failure", title="Te lang", text="x"
    )

    services.lesson_update(actor=actor_for(wijkcoach), lesson=lesson, kind="success", title="Kort", text="y")
    _not_allowed(
        lambda a: services.lesson_update(actor=a, lesson=lesson, kind="success", title="z", text="z"),
        actor_for(corporation_officer),
        actor_for(outsider),
    )
    with pytest.raises(ValidationError):
        services.lesson_update(actor=editor, lesson=lesson, kind="unknown", title="z", text="z")

    assert Lesson.objects.get(pk=lesson.pk).title == "Kort"
    services.lesson_delete(actor=editor, lesson=lesson)
    assert not Lesson.objects.exists()


# --- micro-analysis ------------------------------------------------------------------------------


def test_a_micro_analysis_is_removed_by_the_team_and_audited(eva_plan, wijkcoach, outsider, manager):
    services.micro_analysis_save(actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario="x", lines=FIETS_LINES)
    _not_allowed(
        lambda a: services.micro_analysis_delete(actor=a, plan=eva_plan), actor_for(outsider), actor_for(manager)
    )
    assert MicroAnalysis.objects.exists()

    services.micro_analysis_delete(actor=actor_for(wijkcoach), plan=eva_plan)

    assert not MicroAnalysis.objects.exists()
    assert AuditEvent.objects.filter(event_type="micro_analysis.delete", resident_uuid=eva_plan.resident.uuid).exists()
