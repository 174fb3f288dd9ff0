from django.utils import timezone

import pytest

from wijkverband.accounts.models import User
from wijkverband.audit.services import audit_chain_verify
from wijkverband.cases.constants import ActionStatus, CasePlanStatus, InstrumentCode, MeasurementMoment
from wijkverband.cases.models import CaseAction, CasePlan
from wijkverband.cases.selectors import work_list_for_user
from wijkverband.demo.builder import demo_build, demo_is_loaded
from wijkverband.organisations.constants import OrganisationKind
from wijkverband.organisations.models import Organisation
from wijkverband.residents.models import Resident
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def test_demo_region_has_every_organisation_kind_and_the_seed_stories():
    report = demo_build(resident_count=30)

    assert demo_is_loaded()
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert report.residents == 30
    assert {("Eva", "Vermeulen"), ("Kees", "van Rooij"), ("Marianne", "van Rooij"), ("Samira", "de Fiets")} <= set(
        Resident.objects.values_list("first_name", "last_name")
    )
    kees = Resident.objects.get(first_name="Kees")
    assert kees.household is not None and kees.household.members.count() == 2
    assert all(r.reveal_bsn().startswith("9999") for r in Resident.objects.exclude(bsn_encrypted=""))
    assert audit_chain_verify() == []


def test_demo_case_plans_tell_the_seed_stories_in_every_status():
    report = demo_build(resident_count=30)

    assert report.plans == CasePlan.objects.count() >= 9
    assert set(CasePlan.objects.values_list("status", flat=True)) == set(CasePlanStatus.values)
    escalated = CasePlan.objects.filter(status=CasePlanStatus.ESCALATED)
    assert set(escalated.values_list("escalation_table", flat=True)) == {"Zorg- en Veiligheidshuis Brabant Noordoost"}

    # Casus de fiets: wellbeing 3 at the start, 9 at the review; the plan ends in waakvlam.
    fiets = CasePlan.objects.get(resident__first_name="Samira", resident__last_name="de Fiets")
    wellbeing = fiets.measurements.filter(instrument__code=InstrumentCode.WELLBEING).order_by("measured_on")
    assert [(m.moment, m.scores.get().value) for m in wellbeing] == [
        (MeasurementMoment.START, 3),
        (MeasurementMoment.REVIEW, 9),
    ]
    assert fiets.status == CasePlanStatus.WATCH
    assert fiets.actions.filter(description__contains="€25", status=ActionStatus.DONE).exists()
    zrm = fiets.measurements.filter(instrument__code=InstrumentCode.SELF_RELIANCE_MATRIX).first()
    assert zrm is not None and zrm.scores.count() == 11

    # Kees and Marianne: one household plan with the GGZ and the corporation taking part.
    kees_plan = CasePlan.objects.get(resident__first_name="Kees", resident__last_name="van Rooij")
    assert kees_plan.status == CasePlanStatus.ACTIVE
    assert kees_plan.household is not None and kees_plan.household.members.count() == 2
    kinds = set(
        kees_plan.participants.filter(removed_at__isnull=True, user__isnull=False).values_list(
            "organisation__kind", flat=True
        )
    )
    assert {
        OrganisationKind.MUNICIPALITY,
        OrganisationKind.CARE_PROVIDER,
        OrganisationKind.HOUSING_CORPORATION,
    } <= kinds
    assert kees_plan.meetings.filter(is_health_related=True).exists()

    # Eva: active, with one overdue agreement.
    eva_plan = CasePlan.objects.get(resident__first_name="Eva", resident__last_name="Vermeulen")
    assert eva_plan.status == CasePlanStatus.ACTIVE
    assert CaseAction.objects.filter(plan=eva_plan).overdue_on(timezone.localdate()).count() == 1

    # The wijkteam professional's work list is not empty.
    work = work_list_for_user(actor=actor_for(User.objects.get(username="prof.wijkteam")))
    assert work.my_actions and (work.my_overdue or work.directed_overdue) and work.watch_contacts

    assert audit_chain_verify() == []
