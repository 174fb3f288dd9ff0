"""Outreach to a building or a neighbourhood, not only to a household: combined per place, visited on site,
ended with an agreed approach or "no action needed"; a case plan stays for households."""

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from wijkverband.signals import services
from wijkverband.signals.constants import AttemptKind, OutreachResult, SignalStatus, SourceKind, SubjectKind
from wijkverband.signals.models import OutreachTask
from wijkverband.testing.actors import actor_for

from .csvdata import row
from .test_api import token_client
from .test_services import deliver, report

pytestmark = pytest.mark.django_db


def about_neighbourhood(user, category, neighbourhood, **extra):
    return services.signal_create(
        actor=actor_for(user),
        category=category,
        subject_kind=SubjectKind.NEIGHBOURHOOD,
        source_kind=SourceKind.PROFESSIONAL,
        neighbourhood=neighbourhood,
        description=extra.pop("description", "Jongeren hangen 's avonds rond bij het winkelcentrum."),
        **extra,
    )


def about_building(user, category, building, **extra):
    return services.signal_create(
        actor=actor_for(user),
        category=category,
        subject_kind=SubjectKind.BUILDING,
        source_kind=SourceKind.PROFESSIONAL,
        building=building,
        description="Trappenhuis vervuild, bewoners durven niet naar buiten.",
        **extra,
    )


def test_signals_about_one_neighbourhood_are_combined_into_one_task(
    wijkcoach, nuisance, loneliness, catch_all, neighbourhood
):
    first = about_neighbourhood(wijkcoach, nuisance, neighbourhood)
    second = about_neighbourhood(wijkcoach, loneliness, neighbourhood, description="Veel eenzame ouderen.")

    task = OutreachTask.objects.get()
    assert first.outreach == second.outreach == task
    assert (task.kind, task.neighbourhood, task.house_number, task.display_name) == (
        "neighbourhood",
        neighbourhood,
        None,
        "",
    )
    assert task.address == neighbourhood.name


def test_signals_about_one_building_are_combined_whatever_the_spelling(wijkcoach, nuisance, loneliness, catch_all):
    about_building(wijkcoach, nuisance, "Flat De Toren")
    about_building(wijkcoach, loneliness, "  flat  de toren ")
    about_building(wijkcoach, nuisance, "Flat Het Anker")

    tasks = {task.building: task for task in OutreachTask.objects.filter(kind="building")}
    assert set(tasks) == {"Flat De Toren", "Flat Het Anker"}
    assert tasks["Flat De Toren"].signals.count() == 2


def test_a_building_and_a_household_at_the_same_address_are_separate_tasks(wijkcoach, nuisance, loneliness, catch_all):
    household = report(wijkcoach, loneliness)  # 5345 AB 3
    building = about_building(wijkcoach, nuisance, "Portiekflat", postcode="5345 AB", house_number=3)

    assert household.outreach != building.outreach
    assert (household.outreach.kind, building.outreach.kind) == ("household", "building")
    assert building.outreach.address.startswith("Portiekflat (3)")


def test_a_visit_on_site_with_an_agreed_approach_ends_the_neighbourhood_task(
    wijkcoach, nuisance, loneliness, catch_all, neighbourhood
):
    about_neighbourhood(wijkcoach, nuisance, neighbourhood)
    about_neighbourhood(wijkcoach, loneliness, neighbourhood)
    task = OutreachTask.objects.get()

    services.outreach_attempt_record(
        actor=actor_for(wijkcoach),
        task=task,
        kind=AttemptKind.AREA_VISIT,
        made_on=timezone.localdate(),
        is_reached=True,
        result=OutreachResult.ACTION_AGREED,
        note="Buurtschouw met corporatie en politie; jongerenwerk komt twee avonden per week.",
    )

    task.refresh_from_db()
    assert (task.status, task.result) == ("done", "action_agreed")
    # The signals stay "contact gelegd": each is closed or referred by the team itself.
    assert {s.status for s in task.signals.all()} == {SignalStatus.CONTACTED}


def test_no_action_needed_closes_the_building_signals_without_follow_up(wijkcoach, nuisance, catch_all):
    signal = about_building(wijkcoach, nuisance, "Flat De Toren")

    services.outreach_attempt_record(
        actor=actor_for(wijkcoach),
        task=signal.outreach,
        kind=AttemptKind.MEETING,
        made_on=timezone.localdate(),
        is_reached=True,
        result=OutreachResult.NO_ACTION_NEEDED,
    )

    signal.refresh_from_db()
    assert signal.status == SignalStatus.CLOSED_NO_FOLLOW_UP
    assert signal.outreach.status == "done"


def test_household_ways_and_results_do_not_fit_a_neighbourhood_and_write_nothing(
    wijkcoach, nuisance, catch_all, neighbourhood
):
    task = about_neighbourhood(wijkcoach, nuisance, neighbourhood).outreach
    actor = actor_for(wijkcoach)
    today = timezone.localdate()

    with pytest.raises(ValidationError) as wrong_kind:
        services.outreach_attempt_record(
            actor=actor, task=task, kind=AttemptKind.HOME_VISIT, made_on=today, is_reached=True
        )
    with pytest.raises(ValidationError) as wrong_result:
        services.outreach_attempt_record(
            actor=actor,
            task=task,
            kind=AttemptKind.AREA_VISIT,
            made_on=today,
            is_reached=True,
            result=OutreachResult.HELP_ACCEPTED,
        )

    assert wrong_kind.value.message_dict == {"kind": ["Kies hoe u het gebouw of de buurt hebt benaderd."]}
    assert wrong_result.value.message_dict == {"result": ["Dit resultaat past niet bij deze outreachtaak."]}
    assert not task.attempts.exists()


def test_an_agreed_approach_does_not_fit_a_household(creditor, corporation_officer, wijkcoach, catch_all):
    deliver(corporation_officer, row("H-1"))
    task = OutreachTask.objects.get()

    with pytest.raises(ValidationError) as refused:
        services.outreach_attempt_record(
            actor=actor_for(wijkcoach),
            task=task,
            kind=AttemptKind.HOME_VISIT,
            made_on=timezone.localdate(),
            is_reached=True,
            result=OutreachResult.ACTION_AGREED,
        )
    assert "result" in refused.value.message_dict
    assert task.kind == "household"


def test_no_case_plan_is_opened_for_a_neighbourhood(wijkcoach, nuisance, catch_all, neighbourhood):
    task = about_neighbourhood(wijkcoach, nuisance, neighbourhood).outreach
    actor = actor_for(wijkcoach)
    services.outreach_attempt_record(
        actor=actor, task=task, kind=AttemptKind.AREA_VISIT, made_on=timezone.localdate(), is_reached=True
    )

    with pytest.raises(ValidationError) as refused:
        services.outreach_case_plan_open(
            actor=actor,
            task=task,
            first_name="A",
            last_name="B",
            date_of_birth=timezone.localdate().replace(year=1980),
            consent_given_on=timezone.localdate(),
            consent_purpose="Ondersteuning",
        )
    assert refused.value.message_dict["kind"][0].startswith("Een plan is voor een persoon")


def test_the_work_list_and_page_show_the_neighbourhood_with_fitting_choices(
    wijkcoach, nuisance, catch_all, neighbourhood, verified_client
):
    task = about_neighbourhood(wijkcoach, nuisance, neighbourhood).outreach
    client = verified_client(wijkcoach)

    work_list = client.get("/signalen/werklijst/").content.decode()
    assert f"{neighbourhood.name}" in work_list and ">Buurt</a>" in work_list

    page = client.get(f"/signalen/huishoudens/{task.uuid}/")
    form = page.context["attempt_form"]
    assert [value for value, _label in form.fields["kind"].choices] == ["area_visit", "meeting", "phone", "letter"]
    assert [value for value, _label in form.fields["result"].choices] == ["", "action_agreed", "no_action_needed"]
    body = page.content.decode()
    assert f"Buurt: {neighbourhood.name}" in body and "Bezoek ter plaatse (schouw)" in body
    assert page.context["may_open_plan"] is False

    response = client.post(
        f"/signalen/huishoudens/{task.uuid}/poging/",
        {
            "kind": "area_visit",
            "made_on": timezone.localdate().isoformat(),
            "is_reached": "on",
            "result": "action_agreed",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.result == "action_agreed"


def test_the_api_lists_the_kind_of_each_task(wijkcoach, nuisance, catch_all, neighbourhood):
    about_neighbourhood(wijkcoach, nuisance, neighbourhood)

    body = token_client(wijkcoach).get("/api/v1/signals/outreach-tasks").json()

    assert [(t["kind"], t["address"], t["neighbourhoodCode"]) for t in body] == [
        ("neighbourhood", neighbourhood.name, neighbourhood.code)
    ]


def test_a_residents_worry_about_the_neighbourhood_lands_on_the_work_list(nuisance, catch_all, neighbourhood):
    signal = services.signal_report_public(
        category=nuisance, description="Elke nacht lawaai op het pleintje.", postcode="5344 AA"
    )

    assert signal.subject_kind == SubjectKind.NEIGHBOURHOOD
    assert (signal.outreach.kind, signal.outreach.neighbourhood) == ("neighbourhood", neighbourhood)
