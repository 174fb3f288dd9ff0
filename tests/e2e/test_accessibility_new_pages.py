"""WCAG 2.1 A/AA (axe-core) on the pages added for signals, wijkfoto, schemes, agreements and uitstroom.

One test per app: each builds its data with the services, logs in per persona in one browser context and
walks the pages; a few forms are also checked after an invalid submit, with their error messages. Closed
``<details>`` are opened first, because the forms that change things sit in them and axe skips what is hidden.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from test_journeys import assert_accessible, login
from test_schemes import demo_catalogue  # noqa: F401

from wijkverband.organisations.models import Coalition, Membership
from wijkverband.placements.tests.conftest import (  # noqa: F401
    coalition,
    corporation_in_route,
    eva_application,
    green_light,
    offer,
    second_neighbourhood,
)
from wijkverband.testing.actors import actor_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _check(page: Page, base: str, path: str, shows: str) -> None:
    response = page.goto(f"{base}{path}")
    assert response is not None and response.status == 200, f"{path}: {response and response.status}"
    expect(page.locator("main")).to_contain_text(shows)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page)


def _check_errors(page: Page, form: str, values: dict[str, str]) -> None:
    """The same page after an invalid submit: the error messages and invalid fields must be accessible too."""
    locator = page.locator(form)
    locator.evaluate("f => { f.noValidate = true; }")
    for name, value in values.items():
        locator.locator(f"[name={name}]").fill(value)
    locator.locator("button[type=submit]").first.click()
    expect(page.locator(".utrecht-form-field-error-message").first).to_be_visible()
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page)


def _switch(page: Page, base: str, username: str, *, with_totp: bool = True) -> None:
    page.context.clear_cookies()
    # login() gives the persona a new authenticator; a second one would not be the default device.
    TOTPDevice.objects.filter(user__username=username).delete()
    login(page, base, username, with_totp=with_totp)


def test_signals_routing_and_outreach_to_a_building_and_a_neighbourhood_are_accessible(
    page: Page, live_server, neighbourhood, wijkteam, wijkcoach, coordinator
):
    from wijkverband.signals.constants import AttemptKind, OutreachResult, SourceKind, SubjectKind, TeamKind
    from wijkverband.signals.models import OutreachTask, PostcodeArea, RoutingRule, SignalCategory, Team, TeamMember
    from wijkverband.signals.services import outreach_attempt_record, signal_create

    PostcodeArea.objects.create(pc4="5345", municipality=neighbourhood.municipality, neighbourhood=neighbourhood)
    team = Team.objects.create(
        organisation=wijkteam, name="Wijkteam Ruwaard – signalen", kind=TeamKind.NEIGHBOURHOOD_TEAM
    )
    for user in (wijkcoach, coordinator):
        TeamMember.objects.create(team=team, membership=Membership.objects.get(user=user))
    RoutingRule.objects.create(order=1000, name="Alles naar het wijkteam", team=team)
    nuisance = SignalCategory.objects.get(code="overlast-geluid")
    common = {"actor": actor_for(wijkcoach), "category": nuisance, "source_kind": SourceKind.PROFESSIONAL}
    signal_create(
        **common,
        subject_kind=SubjectKind.BUILDING,
        building="Flat De Toren",
        postcode="5345 AB",
        description="Trappenhuis vervuild, bewoners durven niet naar buiten.",
    )
    signal_create(
        **common,
        subject_kind=SubjectKind.NEIGHBOURHOOD,
        neighbourhood=neighbourhood,
        description="Jongeren hangen 's avonds rond bij het winkelcentrum.",
    )
    building = OutreachTask.objects.get(kind="building")
    area = OutreachTask.objects.get(kind="neighbourhood")

    base = live_server.url
    login(page, base, "wijkcoach")
    _check(page, base, "/signalen/routering/", "Alles naar het wijkteam")
    _check(page, base, f"/signalen/huishoudens/{building.uuid}/", "Flat De Toren")
    _check(page, base, f"/signalen/huishoudens/{area.uuid}/", neighbourhood.name)
    _check_errors(page, "form[action$='/poging/']", {"made_on": ""})

    # The building task once the visit on site agreed an approach: the attempts list, no form.
    outreach_attempt_record(
        actor=actor_for(wijkcoach),
        task=building,
        kind=AttemptKind.AREA_VISIT,
        made_on=timezone.localdate(),
        is_reached=True,
        result=OutreachResult.ACTION_AGREED,
        note="Schouw met de corporatie, schoonmaak afgesproken",
    )
    _check(page, base, f"/signalen/huishoudens/{building.uuid}/", "Schouw met de corporatie")


def test_traffic_light_create_and_detail_pages_are_accessible(
    page: Page,
    live_server,
    green_light,  # noqa: F811
    coordinator,
):
    base = live_server.url
    login(page, base, "coordinator")
    _check(page, base, "/wijken/stoplicht/nieuw/", "Nieuw stoplicht")
    _check_errors(page, "[data-testid=traffic-light-create-form]", {"name": ""})
    _check(page, base, f"/wijken/stoplicht/{green_light.uuid}/", green_light.name)


def test_catalogue_maintenance_edit_import_editors_and_attach_pages_are_accessible(
    page: Page,
    live_server,
    demo_catalogue,  # noqa: F811
    functional_admin,
    wijkteam,
    wijkcoach,
    eva_plan,
):
    from wijkverband.schemes.models import CatalogueEditor, Scheme

    Scheme.objects.filter(code="oss-formulierenhulp").update(organisation=wijkteam)
    CatalogueEditor.objects.create(user=wijkcoach, organisation=wijkteam)
    scheme = Scheme.objects.get(code="oss-formulierenhulp")
    attachable = Scheme.objects.get(code="bijzondere-bijstand")

    base = live_server.url
    login(page, base, "beheerder", with_totp=False)
    _check(page, base, "/regelingen/beheer/", "Onderhoud van de catalogus")
    _check(page, base, f"/regelingen/regeling/{scheme.uuid}/bewerken/", "Formulierenhulp Oss")
    _check_errors(page, "[data-testid=item-form]", {"name": ""})
    _check(page, base, "/regelingen/beheer/nieuw/dienst/", "Nieuwe dienst of nieuw initiatief")
    _check(page, base, "/regelingen/beheer/importeren/", "Regelingen en diensten importeren")
    _check(page, base, "/regelingen/beheer/redacteuren/", "Redacteuren van de catalogus")

    _switch(page, base, "wijkcoach")
    _check(page, base, f"/regelingen/regeling/{attachable.uuid}/in-plan/", "Bijzondere bijstand toevoegen aan een plan")


def test_performance_agreement_kpi_and_din_change_pages_are_accessible(
    page: Page, live_server, neighbourhood, wijkteam, corporation, coordinator
):
    from wijkverband.agreements import services
    from wijkverband.agreements.models import StrategicGoal

    year = timezone.localdate().year
    ruwaard = Coalition.objects.create(name="Samen in de Ruwaard", municipality=neighbourhood.municipality)
    ruwaard.districts.add(neighbourhood.district)
    ruwaard.organisations.add(wijkteam, corporation)
    actor = actor_for(coordinator)
    services.din_template_apply(actor=actor, coalition=ruwaard, template_key="ruwaard", year=year)
    strategic = StrategicGoal.objects.filter(agreement__coalition=ruwaard).first()
    assert strategic is not None
    goal = services.operational_goal_add(
        actor=actor, coalition=ruwaard, strategic_goal_uuid=strategic.uuid, title="Welzijn stijgt met 2 punten"
    )
    services.effort_create(
        actor=actor,
        coalition=ruwaard,
        title="Keukentafelgesprekken",
        goal_uuids=[goal.uuid],
        roles={str(wijkteam.uuid): "A", str(corporation.uuid): "C"},
    )
    agreement = services.performance_agreement_create(
        actor=actor,
        coalition=ruwaard,
        theme="vulnerable",
        title="Kwetsbare huurders",
        ambition="Iedereen een thuis",
        goal="12 woningen per jaar",
        starts_in=year,
        ends_in=year + 3,
    )
    services.progress_meeting_record(
        actor=actor, agreement=agreement, held_on=timezone.localdate(), notes="Eerste woningen", status="on_track"
    )
    kpi = services.kpi_define(
        actor=actor,
        coalition=ruwaard,
        name="Cliënttevredenheid",
        unit="rapportcijfer",
        direction="higher",
        source="Cliëntervaringsonderzoek",
        targets={year: Decimal("7.5")},
    )
    services.kpi_measurement_record(
        actor=actor, kpi=kpi, area_code=neighbourhood.district.code, year=year, value=Decimal("8.1")
    )

    base = live_server.url
    login(page, base, "coordinator")
    _check(page, base, f"/afspraken/{ruwaard.uuid}/prestatieafspraken/{agreement.uuid}/", "Kwetsbare huurders")
    _check_errors(page, "[data-testid=performance-edit-form]", {"title": ""})
    _check(page, base, f"/afspraken/{ruwaard.uuid}/kpis/{kpi.uuid}/", "Cliënttevredenheid")
    _check_errors(page, "[data-testid=kpi-edit-form]", {"targets": "ooit: veel"})
    _check(page, base, f"/afspraken/{ruwaard.uuid}/wijzigen/", "Keukentafelgesprekken")


def test_uitstroom_application_profile_match_run_and_trial_period_pages_are_accessible(
    page: Page,
    live_server,
    corporation_in_route,  # noqa: F811
    offer,  # noqa: F811
    green_light,  # noqa: F811
    coalition,  # noqa: F811
    coordinator,
    wijkcoach,
):
    from wijkverband.placements import services

    application = corporation_in_route.uuid
    base = live_server.url
    login(page, base, "wijkcoach")
    _check(page, base, "/uitstroom/", "Eva Vermeulen")
    _check(page, base, f"/uitstroom/{application}/", "Compleet")
    _check(page, base, f"/uitstroom/{application}/profiel/", "Woonbehoefteprofiel van Eva Vermeulen")
    _check_errors(page, "main form.wv-form", {"household_size": "0", "max_rent": "-5"})

    run = services.match_run_start(actor=actor_for(coordinator), coalition=coalition, time_limit=10)
    _check(page, base, f"/uitstroom/{application}/", "Woning voorgesteld")

    _switch(page, base, "coordinator")
    _check(page, base, f"/uitstroom/matching/{run.uuid}/", "Matchronde")
    expect(page.get_by_test_id("explanation-card")).to_contain_text("Voldoet aan")

    # Accepted, introduced, agreed and signed: the application page now shows the trial period.
    placement = services.match_proposal_accept(actor=actor_for(coordinator), proposal=run.proposals.get())
    services.placement_introduction_record(
        actor=actor_for(wijkcoach), placement=placement, introduction_on=timezone.localdate()
    )
    services.placement_answer(actor=actor_for(wijkcoach), placement=placement, accepted=True)
    agreement = services.tripartite_agreement_save(
        actor=actor_for(wijkcoach),
        placement=placement,
        pays_rent=True,
        opens_door_for_support=True,
        no_nuisance=True,
        personal_goals="Zelf de huur betalen",
        trial_starts_on=timezone.localdate() - timedelta(weeks=12),
    )
    services.tripartite_agreement_sign(actor=actor_for(wijkcoach), agreement=agreement)
    _check(page, base, f"/uitstroom/matching/{run.uuid}/", "Geaccepteerd door de coördinator")

    _switch(page, base, "wijkcoach")
    _check(page, base, f"/uitstroom/{application}/", "Gehuisvest (proefperiode)")
    expect(page.get_by_test_id("evaluations")).to_be_visible()

    # The corporation's view of the same route: only the fields its consent allows.
    _switch(page, base, "corporatie")
    _check(page, base, f"/uitstroom/{application}/", "Proefperiode")
    expect(page.get_by_test_id("profile-limited")).to_be_visible()
