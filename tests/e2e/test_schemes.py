"""The Regelingenwijzer in headless Chromium: a resident finds bijzondere bijstand; a professional uses it in a plan."""

from pathlib import Path

from django.conf import settings

import pytest
from playwright.sync_api import Page, expect
from test_journeys import assert_accessible, login

from wijkverband.cases.models import CaseAction, CaseParticipant
from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
from wijkverband.organisations.constants import OrganisationKind
from wijkverband.organisations.models import Organisation
from wijkverband.schemes import formats, services
from wijkverband.schemes.models import Scheme

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_ORGANISATIONS = [
    ("Gemeente Oss", OrganisationKind.MUNICIPALITY),
    ("Maasland Wonen (demo)", OrganisationKind.HOUSING_CORPORATION),
    ("Welzijn en Wijkteam Ruwaard (demo)", OrganisationKind.WELFARE),
    ("Huurdersvereniging Ruwaard (demo)", OrganisationKind.TENANTS),
    ("GGZ Maasdelta (demo)", OrganisationKind.CARE_PROVIDER),
    ("Politie basisteam Maasland (demo)", OrganisationKind.POLICE_JUSTICE),
    ("Bewonersinitiatief Ruwaard Samen (demo)", OrganisationKind.RESIDENT_INITIATIVE),
]


@pytest.fixture
def demo_catalogue():
    from wijkverband.schemes.demo import schemes_demo_build

    areas_import_gebiedsindeling(folder=Path(settings.SHARED_DATA_DIR) / "gebiedsindeling", municipality_codes={"0828"})
    for name, kind in DEMO_ORGANISATIONS:
        Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return schemes_demo_build()


def test_a_resident_answers_the_wizard_and_finds_bijzondere_bijstand(page: Page, live_server, demo_catalogue):
    page.goto(f"{live_server.url}/regelingen/wijzer/")
    expect(page.locator("h1")).to_have_text("Welke regelingen kunnen u helpen?")
    assert_accessible(page)

    page.fill("#id_age", "41")
    page.select_option("#id_area", "WK082806")
    page.get_by_label("Ik woon alleen (of alleen met mijn kinderen)").check()
    page.locator("fieldset", has_text="Wonen er kinderen onder de 18 bij u?").get_by_label("Ja").check()
    page.get_by_label("Hoogstens het sociaal minimum (ongeveer bijstandsniveau)").check()
    page.get_by_label("Ik huur van een woningcorporatie").check()
    page.locator("fieldset", has_text="Hebt u schulden").get_by_label("Ja").check()
    page.click("[data-testid=wizard-form] button[type=submit]")

    results = page.locator("[data-testid=wizard-result]")
    card = results.filter(has=page.get_by_role("heading", name="Bijzondere bijstand", exact=True))
    expect(card).to_have_count(1)
    headings = page.locator("[data-testid=wizard-result] h4")
    expect(headings.filter(has_text="Kindgebonden budget")).to_have_count(1)
    expect(headings.filter(has_text="AOW-pensioen")).to_have_count(0)
    expect(headings.filter(has_text="Energietoeslag 2023")).to_have_count(0)
    card.locator("summary").click()
    expect(card).to_contain_text("Uw inkomen is hoogstens 130% van het sociaal minimum.")
    assert_accessible(page)

    card.get_by_role("link", name="Bijzondere bijstand").click()
    expect(page.locator("h1")).to_have_text("Bijzondere bijstand")
    expect(page.locator("main")).to_contain_text("Zo vraagt u het aan")
    assert_accessible(page)


def test_a_professional_attaches_a_scheme_to_an_agreement_in_evas_plan(
    page: Page, live_server, demo_catalogue, eva_plan, wijkcoach
):
    scheme = Scheme.objects.get(code="bijzondere-bijstand")
    director = CaseParticipant.objects.get(plan=eva_plan, user=wijkcoach)
    login(page, live_server.url, "wijkcoach")

    page.goto(f"{live_server.url}/regelingen/?q=bijzonder+bijstnad")
    expect(page.locator("[data-testid=catalogue-results]")).to_contain_text("Bijzondere bijstand")
    assert_accessible(page)

    page.goto(f"{live_server.url}/plannen/{eva_plan.uuid}/")
    page.click("text=Een afspraak toevoegen")
    form = page.locator("[data-testid=action-form]")
    form.locator("input[name=description]").fill("Borg voor een kamer aanvragen")
    form.locator("select[name=owner]").select_option(str(director.uuid))
    form.locator("select[name=resource]").select_option(f"scheme:{scheme.uuid}")
    form.locator("select[name^=role_]").nth(0).select_option("A")
    form.locator("button[type=submit]").click()
    table = page.locator("[data-testid=action-table]")
    expect(table).to_contain_text("Borg voor een kamer aanvragen")
    assert CaseAction.objects.get().resource_uuid == scheme.uuid

    table.get_by_role("link", name="Bijzondere bijstand").click()
    expect(page.locator("[data-testid=usage]")).to_have_text("Gebruikt in 1 plan")

    page.goto(f"{live_server.url}/regelingen/kansenkaart/?wijk=WK082806")
    expect(page.locator("[data-testid=white-spots]")).to_contain_text("Vervoer")
    assert_accessible(page)


def test_a_professional_adds_a_scheme_from_the_wizard_result_to_evas_plan(
    page: Page, live_server, demo_catalogue, eva_plan, wijkcoach
):
    login(page, live_server.url, "wijkcoach")
    page.goto(f"{live_server.url}/regelingen/wijzer/?toon=1&age=20&area=WK082806&income=100&housing=with_others")
    card = page.locator("[data-testid=wizard-result]").filter(
        has=page.get_by_role("heading", name="Bijzondere bijstand", exact=True)
    )
    card.locator("[data-testid=attach-link]").click()
    expect(page.locator("h1")).to_have_text("Bijzondere bijstand toevoegen aan een plan")
    assert_accessible(page)

    form = page.locator("[data-testid=attach-form]")
    form.locator("select[name=plan]").select_option(str(eva_plan.uuid))
    form.locator("button[type=submit]").click()

    expect(page.locator("[data-testid=action-table]")).to_contain_text("Aanvragen: Bijzondere bijstand")
    action = CaseAction.objects.get()
    assert (action.resource_kind, action.resource_label) == ("scheme", "Bijzondere bijstand")


def test_an_editor_changes_and_ends_a_scheme_of_their_organisation(
    page: Page, live_server, demo_catalogue, wijkcoach, wijkteam
):
    from wijkverband.schemes.models import CatalogueEditor

    Scheme.objects.filter(code="oss-formulierenhulp").update(organisation=wijkteam)
    CatalogueEditor.objects.create(user=wijkcoach, organisation=wijkteam)
    scheme = Scheme.objects.get(code="oss-formulierenhulp")
    login(page, live_server.url, "wijkcoach")

    page.goto(f"{live_server.url}/regelingen/regeling/{scheme.uuid}/")
    page.locator("[data-testid=edit-link]").click()
    assert_accessible(page)
    form = page.locator("[data-testid=item-form]")
    form.locator("input[name=name]").fill("Formulierenhulp Oss")
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Formulierenhulp Oss")

    page.get_by_role("link", name="Beëindigen (wordt niet meer aangeboden)").click()
    assert_accessible(page)
    page.locator("[data-testid=retire-form] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Deze regeling is beëindigd")
    scheme.refresh_from_db()
    assert scheme.valid_until is not None and scheme.last_checked_by == str(wijkcoach)

    page.goto(f"{live_server.url}/regelingen/beheer/importeren/")
    expect(page.locator("h1")).to_have_text("Regelingen en diensten importeren")
    assert_accessible(page)
    exported = services.scheme_export(Scheme.objects.get(code="oss-formulierenhulp"))
    exported["name"] = "Formulierenhulp Oss-Ruwaard"
    document = formats.json_write(schemes=[exported], services=[])
    page.set_input_files(
        "input[name=file]", files=[{"name": "c.json", "mimeType": "application/json", "buffer": document.encode()}]
    )
    page.locator("[data-testid=import-form] button[type=submit]").click()
    expect(page.locator("[data-testid=import-preview]")).to_contain_text("gewijzigd: name")
    assert_accessible(page)
    page.locator("[data-testid=import-apply] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Geïmporteerd: 0 nieuw, 1 bijgewerkt.")
    assert Scheme.objects.get(code="oss-formulierenhulp").name == "Formulierenhulp Oss-Ruwaard"
