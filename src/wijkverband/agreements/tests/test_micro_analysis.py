"""The societal return of a case plan: exact figures, the plan's own policy, audit, group size."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from wijkverband.agreements import selectors, services
from wijkverband.agreements.demo import FIETS_LINES, FIETS_TITLE
from wijkverband.agreements.models import MicroAnalysis
from wijkverband.audit.models import AuditEvent
from wijkverband.cases.services import measurement_record
from wijkverband.core.exceptions import NotVisible
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db

SCENARIO = "Zonder steun worden de drie kinderen uit huis geplaatst."


def _wellbeing(plan, user, value, days_ago):
    measurement_record(
        actor=actor_for(user),
        plan=plan,
        instrument_code="wellbeing",
        measured_on=timezone.localdate() - timedelta(days=days_ago),
        moment="start" if days_ago else "review",
        scores={None: value},
    )


def test_casus_de_fiets_comes_out_as_in_the_seed(eva_plan, wijkcoach):
    _wellbeing(eva_plan, wijkcoach, 3, 10)
    _wellbeing(eva_plan, wijkcoach, 9, 0)
    services.micro_analysis_save(
        actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario=SCENARIO, lines=FIETS_LINES
    )

    view = selectors.micro_analysis_for_user(actor=actor_for(wijkcoach), plan_uuid=eva_plan.uuid)

    assert view.result.spent == Decimal("5025.00")
    assert view.result.avoided == Decimal("120000.00")
    assert (view.wellbeing_before, view.wellbeing_after) == (3, 9)
    assert view.indexed.avoided > view.result.avoided  # indexed to this year, shown beside
    assert len(view.caveats) == 3
    assert AuditEvent.objects.filter(event_type="micro_analysis.read", resident_uuid=eva_plan.resident.uuid).exists()


def test_the_demo_reproduces_casus_de_fiets():
    from wijkverband.accounts.actor import Actor
    from wijkverband.cases.models import CasePlan
    from wijkverband.demo.builder import demo_build
    from wijkverband.organisations.models import Membership

    demo_build(resident_count=30)
    plan = CasePlan.objects.get(title=FIETS_TITLE)
    membership = Membership.objects.select_related("organisation", "user").get(user__username="prof.wijkteam")

    view = selectors.micro_analysis_for_user(
        actor=Actor(user=membership.user, membership=membership), plan_uuid=plan.uuid
    )

    assert (view.result.spent, view.result.avoided) == (Decimal("5025.00"), Decimal("120000.00"))
    assert (view.wellbeing_before, view.wellbeing_after) == (3, 9)


def test_cost_data_of_a_case_is_a_404_for_who_may_not_see_the_plan(eva_plan, wijkcoach, outsider, manager):
    services.micro_analysis_save(
        actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario=SCENARIO, lines=FIETS_LINES
    )

    for user in (outsider, manager):
        with pytest.raises(NotVisible):
            selectors.micro_analysis_for_user(actor=actor_for(user), plan_uuid=eva_plan.uuid)
        with pytest.raises(NotVisible):
            services.micro_analysis_save(
                actor=actor_for(user), plan=eva_plan, reference_scenario="x", lines=FIETS_LINES
            )
    assert AuditEvent.objects.filter(event_type="case_plan.read", outcome="denied").count() == 2


def test_bad_lines_are_refused_and_nothing_is_written(eva_plan, wijkcoach):
    bad = [services.CostLineInput("spent", "bestaat-niet", Decimal(1))]
    for lines in (bad, [], [services.CostLineInput("spent", "fiets-kind", Decimal(0))]):
        with pytest.raises(ValidationError):
            services.micro_analysis_save(
                actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario=SCENARIO, lines=lines
            )
    assert not MicroAnalysis.objects.exists()


def test_aggregates_are_shown_only_from_ten_plans(eva_plan, wijkcoach, neighbourhood):
    from wijkverband.organisations.models import Coalition

    coalition = Coalition.objects.create(name="Ruwaard", municipality=neighbourhood.municipality)
    coalition.districts.add(neighbourhood.district)
    services.micro_analysis_save(
        actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario=SCENARIO, lines=FIETS_LINES
    )

    overview = selectors.impact_overview(coalition)
    assert overview.total.count == 1 and overview.total.is_suppressed

    loose = selectors.impact_overview(coalition, minimum=1)
    assert loose.total.spent == Decimal("5025.00") and loose.by_area[0].label == neighbourhood.district.name


def test_aggregates_per_programme_keep_the_minimum_group_size(eva_plan, wijkcoach, coalition, manager):
    services.micro_analysis_save(
        actor=actor_for(wijkcoach),
        plan=eva_plan,
        reference_scenario=SCENARIO,
        lines=FIETS_LINES,
        programme=" Vroegsignalering ",
    )

    strict = selectors.impact_overview(coalition)
    loose = selectors.impact_overview(coalition, minimum=1)

    assert [g.label for g in strict.by_programme] == ["Vroegsignalering"]
    assert strict.by_programme[0].figures.is_suppressed and strict.by_programme[0].figures.spent is None
    assert loose.by_programme[0].figures.spent == Decimal("5025.00")
    assert MicroAnalysis.objects.get().programme == "Vroegsignalering"


def test_an_analysis_without_a_programme_is_grouped_as_such(eva_plan, wijkcoach, coalition):
    services.micro_analysis_save(
        actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario=SCENARIO, lines=FIETS_LINES
    )
    assert [g.label for g in selectors.impact_overview(coalition, minimum=1).by_programme] == [
        "Geen programma opgegeven"
    ]
