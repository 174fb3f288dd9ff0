"""DIN integrity, agreements, KPIs, budgets and visibility of coalitions."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from wijkverband.agreements import access, quotas, selectors, services
from wijkverband.agreements.models import Effort, FrameworkAgreement, Kpi, KpiTarget, StrategicGoal
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def din(coalition, coordinator):
    return services.din_template_apply(
        actor=actor_for(coordinator), coalition=coalition, template_key="ruwaard", year=2026
    )


def test_ruwaard_template_gives_five_strategic_goals(din):
    titles = list(StrategicGoal.objects.filter(agreement=din).values_list("title", flat=True))
    assert len(titles) == 5
    assert titles[3] == "Lagere maatschappelijke kosten"


def test_selwerd_template_gives_four_domains_with_their_goal(coalition, coordinator):
    agreement = services.din_template_apply(
        actor=actor_for(coordinator), coalition=coalition, template_key="selwerd", year=2026
    )
    view = selectors.din_for_coalition(coalition)
    assert len(view.strategic_goals) == 4 and len(view.operational_goals) == 4
    assert "Meedoen" in [g.title for g in view.operational_goals]
    assert agreement.ambition.startswith("Gezondheid en welbevinden")


def _goal(coalition, coordinator, din):
    strategic = din.strategic_goals.first()
    return services.operational_goal_add(
        actor=actor_for(coordinator), coalition=coalition, strategic_goal_uuid=strategic.uuid, title="Welzijn +2"
    )


def test_an_effort_serves_several_goals_with_one_accountable_party(coalition, coordinator, din, wijkteam, corporation):
    first = _goal(coalition, coordinator, din)
    second = services.operational_goal_add(
        actor=actor_for(coordinator),
        coalition=coalition,
        strategic_goal_uuid=din.strategic_goals.last().uuid,
        title="Betere systemen",
    )

    effort = services.effort_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        title="Keukentafelgesprekken",
        goal_uuids=[first.uuid, second.uuid],
        roles={str(wijkteam.uuid): "A", str(corporation.uuid): "C"},
    )

    assert set(effort.goals.all()) == {first, second}
    view = selectors.din_for_coalition(coalition)
    # ambition→5 strategic goals, 2 strategic→operational goals, the effort→2 goals.
    assert view.svg.count("<line") == 5 + 2 + 2
    assert {r.role for r in view.efforts[0].roles.all()} == {"A", "C"}


def test_an_effort_without_an_accountable_party_is_refused(coalition, coordinator, din, wijkteam):
    goal = _goal(coalition, coordinator, din)

    with pytest.raises(ValidationError) as error:
        services.effort_create(
            actor=actor_for(coordinator),
            coalition=coalition,
            title="Zonder eigenaar",
            goal_uuids=[goal.uuid],
            roles={str(wijkteam.uuid): "R"},
        )

    assert "precies één" in str(error.value.message_dict["roles"]) or "exactly one" in str(error.value)
    assert not Effort.objects.exists()


def test_an_effort_with_a_party_outside_the_coalition_is_refused(coalition, coordinator, din, other_organisation):
    goal = _goal(coalition, coordinator, din)
    with pytest.raises(ValidationError):
        services.effort_create(
            actor=actor_for(coordinator),
            coalition=coalition,
            title="Met de politie",
            goal_uuids=[goal.uuid],
            roles={str(other_organisation.uuid): "A"},
        )
    assert not Effort.objects.exists()


def test_a_party_sees_only_its_own_coalitions(coalition, other_coalition, wijkcoach, outsider):
    assert list(access.coalitions_for(actor_for(wijkcoach))) == [coalition]
    with pytest.raises(NotVisible):
        access.coalition_get(actor_for(outsider), coalition.uuid)
    with pytest.raises(NotVisible):
        services.strategic_goal_add(actor=actor_for(outsider), coalition=coalition, title="x")


def test_professionals_read_but_do_not_change_agreements(coalition, wijkcoach):
    with pytest.raises(PermissionDenied):
        services.collaboration_agreement_save(
            actor=actor_for(wijkcoach), coalition=coalition, ambition="x", starts_in=2026, ends_in=2030
        )


def test_one_action_per_party_per_year(coalition, coordinator, wijkteam):
    agreement = services.performance_agreement_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        theme="vulnerable",
        title="Huisvesting kwetsbare huurders",
        ambition="Iedereen een thuis",
        goal="30 woningen per jaar",
        starts_in=2026,
        ends_in=2028,
    )
    services.annual_commitment_set(
        actor=actor_for(coordinator), agreement=agreement, organisation_uuid=wijkteam.uuid, year=2026, action="Eerst"
    )
    services.annual_commitment_set(
        actor=actor_for(coordinator), agreement=agreement, organisation_uuid=wijkteam.uuid, year=2026, action="Later"
    )

    assert [c.action for c in agreement.commitments.all()] == ["Later"]
    with pytest.raises(ValidationError):
        services.annual_commitment_set(
            actor=actor_for(coordinator), agreement=agreement, organisation_uuid=wijkteam.uuid, year=2031, action="x"
        )


def _framework(coalition, coordinator, wijkteam, corporation, shares=("50", "50")):
    return services.framework_agreement_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        target_group="Uitstroom beschermd wonen",
        starts_in=2026,
        ends_in=2027,
        homes_per_year={2026: 7, 2027: 10},
        shares={str(wijkteam.uuid): Decimal(shares[0]), str(corporation.uuid): Decimal(shares[1])},
    )


def test_shares_that_do_not_add_up_to_100_are_refused(coalition, coordinator, wijkteam, corporation):
    with pytest.raises(ValidationError) as error:
        _framework(coalition, coordinator, wijkteam, corporation, shares=("50", "40"))

    assert "90" in str(error.value.message_dict["shares"])
    assert not FrameworkAgreement.objects.exists()


def test_remaining_quota_counts_deliveries_and_never_goes_below_zero(coalition, coordinator, wijkteam, corporation):
    agreement = _framework(coalition, coordinator, wijkteam, corporation, shares=("60", "40"))
    # 7 homes at 60/40: 4.2 / 2.8 → 4 and 3 (largest remainder).
    assert quotas.remaining_quota(agreement=agreement, organisation=wijkteam, year=2026) == 4
    assert quotas.remaining_quota(agreement=agreement, organisation=corporation, year=2026) == 3

    services.framework_delivery_record(
        actor=actor_for(coordinator), agreement=agreement, organisation_uuid=corporation.uuid, year=2026, homes=2
    )
    services.framework_delivery_record(
        actor=actor_for(coordinator), agreement=agreement, organisation_uuid=wijkteam.uuid, year=2026, homes=9
    )

    assert quotas.remaining_quota(agreement=agreement, organisation=corporation, year=2026) == 1
    assert quotas.remaining_quota(agreement=agreement, organisation=wijkteam, year=2026) == 0
    assert quotas.remaining_quota(agreement=agreement, organisation=wijkteam, year=2030) == 0
    rows = {(r.organisation, r.year): r for r in quotas.framework_overview(agreement)}
    assert rows[(corporation.name, 2026)].shortfall == 1
    assert rows[(wijkteam.name, 2027)].quota == 6


def test_a_registered_delivery_source_counts_too(coalition, coordinator, wijkteam, corporation):
    agreement = _framework(coalition, coordinator, wijkteam, corporation)

    class Placements:
        def homes_delivered(self, agreement, organisation_id, year):
            return 2 if organisation_id == wijkteam.pk and year == 2027 else 0

    source = Placements()
    quotas.delivery_source_register(source)
    try:
        assert quotas.remaining_quota(agreement=agreement, organisation=wijkteam, year=2027) == 3
    finally:
        quotas.DELIVERY_SOURCES.remove(source)


def test_kpi_without_unit_or_target_year_is_refused(coalition, coordinator):
    for unit, targets in (("", {2026: "8"}), ("score", {None: "8"})):
        with pytest.raises(ValidationError):
            services.kpi_define(
                actor=actor_for(coordinator),
                coalition=coalition,
                name="Cliënttevredenheid",
                unit=unit,
                direction="higher",
                source="Enquête",
                targets=targets,
            )
    assert not Kpi.objects.exists() and not KpiTarget.objects.exists()


def test_dashboard_shows_a_traffic_light_per_kpi(coalition, coordinator, neighbourhood):
    actor = actor_for(coordinator)
    kpi = services.kpi_define(
        actor=actor,
        coalition=coalition,
        name="Cliënttevredenheid",
        unit="score 1–10",
        direction="higher",
        source="Enquête",
        targets={2026: "8"},
    )
    services.kpi_measurement_record(actor=actor, kpi=kpi, area_code=neighbourhood.code, year=2026, value="8.1")
    services.kpi_measurement_record(actor=actor, kpi=kpi, area_code=neighbourhood.district.code, year=2026, value="7.9")

    (row,) = selectors.kpi_dashboard(coalition, year=2026)

    assert row.value == Decimal("8.00") and row.light == "green" and row.areas == 2


def test_the_dashboard_adds_up_counts_exactly(coalition, coordinator, neighbourhood):
    # The database adds the values up (on SQLite in floating point); the sum must still be exact.
    actor = actor_for(coordinator)
    kpi = services.kpi_define(
        actor=actor,
        coalition=coalition,
        name="Uren vrijwilligerswerk",
        unit="uren",
        direction="higher",
        source="Registratie",
        targets={2026: "0.3"},
        aggregation="sum",
    )
    services.kpi_measurement_record(actor=actor, kpi=kpi, area_code=neighbourhood.code, year=2026, value="0.1")
    services.kpi_measurement_record(actor=actor, kpi=kpi, area_code=neighbourhood.district.code, year=2026, value="0.2")

    (row,) = selectors.kpi_dashboard(coalition, year=2026)

    assert row.value == Decimal("0.3") and row.light == "green" and row.history == {2026: Decimal("0.3")}


def test_kpi_measurement_in_an_unknown_area_is_refused(coalition, coordinator):
    actor = actor_for(coordinator)
    kpi = services.kpi_define(
        actor=actor, coalition=coalition, name="Terugval", unit="%", direction="lower", source="x", targets={2026: 5}
    )
    with pytest.raises(ValidationError):
        services.kpi_measurement_record(actor=actor, kpi=kpi, area_code="WK999999", year=2026, value="3")


def test_area_budget_periods_may_not_overlap(coalition, coordinator, neighbourhood):
    actor = actor_for(coordinator)
    split = {"residents": "33.333", "municipality": "33.333", "providers": "33.334"}
    kwargs = {
        "actor": actor,
        "coalition": coalition,
        "area_code": neighbourhood.district.code,
        "name": "Wijkbudget",
        "base_amount": "2100000",
    }
    services.area_budget_create(**kwargs, starts_in=2026, ends_in=2030, savings_split=split, indexation_percent="2")

    with pytest.raises(ValidationError) as error:
        services.area_budget_create(**kwargs, starts_in=2030, ends_in=2032, savings_split=split)
    assert "2026" in str(error.value)
    with pytest.raises(ValidationError):
        services.area_budget_create(
            **kwargs, starts_in=2031, ends_in=2032, savings_split={"residents": "50", "municipality": "40"}
        )

    (view,) = selectors.area_budgets_for(coalition)
    assert view.years[1][1] == Decimal("2142000.00")


def test_a_price_needs_a_source_and_a_year(coordinator):
    for source, year in (("", 2024), ("CBS", None)):
        with pytest.raises(ValidationError):
            services.price_item_create(
                actor=actor_for(coordinator), code="x", name="x", amount="10", unit="per jaar", year=year, source=source
            )


def test_lessons_are_searchable_and_include_failures(coalition, coordinator, wijkcoach):
    services.lesson_record(
        actor=actor_for(wijkcoach), coalition=coalition, kind="failure", title="Te lang gepraat", text="Randvoorwaarden"
    )
    services.lesson_record(
        actor=actor_for(coordinator), coalition=coalition, kind="success", title="Klein beginnen", text="Eén bewoner"
    )

    assert [lesson.title for lesson in selectors.lessons_search(coalition, query="randvoorwaarden")] == [
        "Te lang gepraat"
    ]
    assert len(selectors.lessons_search(coalition)) == 2


def test_a_progress_meeting_is_due_two_months_after_the_last(coalition, coordinator):
    agreement = services.performance_agreement_create(
        actor=actor_for(coordinator),
        coalition=coalition,
        theme="resilient",
        title="t",
        ambition="a",
        goal="g",
        starts_in=2026,
        ends_in=2026,
    )
    services.progress_meeting_record(
        actor=actor_for(coordinator),
        agreement=agreement,
        held_on=date(2026, 1, 15),
        notes="Op schema",
        status="on_track",
    )
    (view,) = selectors.performance_agreements_for(coalition)
    assert view.next_meeting_due == date(2026, 3, 15)
    assert view.agreement.status == "on_track"
