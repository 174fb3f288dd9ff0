"""Samenwerkingsafspraken in headless Chromium: a coalition's DIN, a performance agreement, a KPI on the
dashboard, and the micro-analysis of Casus de fiets as the case director sees it."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect
from test_journeys import assert_accessible, login

from wijkverband.agreements import services
from wijkverband.agreements.demo import FIETS_LINES
from wijkverband.cases.services import measurement_record
from wijkverband.organisations.models import Coalition
from wijkverband.testing.actors import actor_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_coalition_din_agreement_kpi_and_micro_analysis(
    page: Page, live_server, neighbourhood, wijkteam, corporation, coordinator, wijkcoach, eva_plan
):
    base = live_server.url
    coalition = Coalition.objects.create(name="Samen in de Ruwaard", municipality=neighbourhood.municipality)
    coalition.districts.add(neighbourhood.district)
    coalition.organisations.add(wijkteam, corporation)
    year = timezone.localdate().year

    login(page, base, "coordinator")
    page.goto(f"{base}/afspraken/")
    page.click("text=Samen in de Ruwaard")
    # The DIN from the Ruwaard template, then an effort with an Accountable party.
    page.select_option("[data-testid=template-form] select[name=template]", "ruwaard")
    page.click("[data-testid=template-form] button[type=submit]")
    expect(page.locator("[data-testid=din-table]")).to_contain_text("Lagere maatschappelijke kosten")
    page.click("text=Een operationeel doel toevoegen")
    page.fill("[data-testid=operational-form] input[name=title]", "Welzijn stijgt met 2 punten")
    page.click("[data-testid=operational-form] button[type=submit]")
    page.click("text=Een inspanning toevoegen")
    page.fill("[data-testid=effort-form] input[name=title]", "Keukentafelgesprekken")
    page.locator("[data-testid=effort-form] input[name=goals]").first.check()
    page.select_option(f"[data-testid=effort-form] select[name=role_{wijkteam.uuid}]", "A")
    page.select_option(f"[data-testid=effort-form] select[name=role_{corporation.uuid}]", "C")
    page.click("[data-testid=effort-form] button[type=submit]")
    expect(page.locator("[data-testid=effort-table]")).to_contain_text("Keukentafelgesprekken")
    expect(page.locator("[data-testid=din-diagram] svg")).to_be_visible()
    assert_accessible(page)
    # The change page of the DIN: every goal and effort with its own form.
    page.click("[data-testid=din-edit]")
    expect(page.locator("[data-testid=effort-edit]")).to_contain_text("Keukentafelgesprekken")
    assert_accessible(page)
    page.click("text=Terug naar het DIN")

    # A performance agreement.
    page.click("text=Prestatie- en raamafspraken")
    page.click("text=Een prestatieafspraak toevoegen")
    page.select_option("[data-testid=performance-form] select[name=theme]", "vulnerable")
    page.fill("[data-testid=performance-form] input[name=title]", "Kwetsbare huurders")
    page.fill("[data-testid=performance-form] textarea[name=ambition]", "Iedereen een thuis")
    page.fill("[data-testid=performance-form] textarea[name=goal]", "12 woningen per jaar")
    page.fill("[data-testid=performance-form] input[name=starts_in]", str(year))
    page.fill("[data-testid=performance-form] input[name=ends_in]", str(year + 3))
    page.click("[data-testid=performance-form] button[type=submit]")
    expect(page.locator("[data-testid=performance-agreement]")).to_contain_text("Kwetsbare huurders")
    # Its bimonthly progress meeting, and a framework agreement divided over both parties.
    page.click("text=Een voortgangsoverleg vastleggen")
    meeting = page.locator("[data-testid=meeting-form]")
    meeting.locator("textarea[name=notes]").fill("Eerste woningen toegewezen")
    meeting.locator("select[name=status]").select_option("on_track")
    meeting.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=meetings]")).to_contain_text("Eerste woningen toegewezen")
    page.click("text=Een raamafspraak toevoegen")
    framework = page.locator("[data-testid=framework-form]")
    framework.locator("input[name=target_group]").fill("Uitstroom beschermd wonen")
    framework.locator("input[name=starts_in]").fill(str(year))
    framework.locator("input[name=ends_in]").fill(str(year + 1))
    framework.locator("input[name=homes]").fill("10")
    framework.locator(f"input[name=share_{wijkteam.uuid}]").fill("50")
    framework.locator(f"input[name=share_{corporation.uuid}]").fill("50")
    framework.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=framework-table]")).to_contain_text("Uitstroom beschermd wonen")
    assert_accessible(page)

    # A KPI with a target, a recorded value and the traffic light on the dashboard.
    page.click("text=KPI-dashboard")
    page.click("text=Een KPI toevoegen")
    page.fill("[data-testid=kpi-form] input[name=name]", "Cliënttevredenheid")
    page.fill("[data-testid=kpi-form] input[name=unit]", "rapportcijfer")
    page.fill("[data-testid=kpi-form] input[name=source]", "Cliëntervaringsonderzoek")
    page.fill("[data-testid=kpi-form] input[name=target]", "7,5")
    page.click("[data-testid=kpi-form] button[type=submit]")
    page.click("text=Een KPI-waarde vastleggen")
    page.fill("[data-testid=measurement-form] input[name=area_code]", neighbourhood.district.code)
    page.fill("[data-testid=measurement-form] input[name=value]", "8,1")
    page.click("[data-testid=measurement-form] button[type=submit]")
    row = page.locator("[data-testid=kpi-table] tr[data-light=green]")
    expect(row).to_contain_text("Cliënttevredenheid")
    expect(row).to_contain_text("streefwaarde gehaald")
    assert_accessible(page)
    # The KPI's target is raised on its change page; the dashboard shows the new target.
    page.click("[data-testid=kpi-table] a:has-text('Cliënttevredenheid')")
    page.fill("[data-testid=kpi-edit-form] input[name=targets]", f"{year}: 9")
    assert_accessible(page)
    page.click("[data-testid=kpi-edit-form] button[type=submit]")
    page.click("text=Terug naar het dashboard")
    expect(page.locator("[data-testid=kpi-table]")).to_contain_text("9")
    expect(page.locator("[data-testid=kpi-table] tr[data-light=green]")).to_have_count(0)

    # Casus de fiets: the case director records the analysis; the page shows the seed's figures.
    for value, days in ((3, 7), (9, 0)):
        measurement_record(
            actor=actor_for(wijkcoach),
            plan=eva_plan,
            instrument_code="wellbeing",
            measured_on=timezone.localdate() - timedelta(days=days),
            moment="start" if days else "review",
            scores={None: value},
        )
    services.micro_analysis_save(
        actor=actor_for(wijkcoach), plan=eva_plan, reference_scenario="Drie kinderen uit huis", lines=FIETS_LINES
    )
    page.context.clear_cookies()
    login(page, base, "wijkcoach")
    page.goto(f"{base}/afspraken/casus/{eva_plan.uuid}/")
    expect(page.locator("[data-testid=spent]")).to_have_text("€ 5.025,00")
    expect(page.locator("[data-testid=avoided]")).to_have_text("€ 120.000,00")
    expect(page.locator("[data-testid=wellbeing]")).to_contain_text("3 → 9")
    expect(page.locator("[data-testid=caveats]")).to_contain_text("Attributie")
    assert_accessible(page)


def test_area_budget_learning_toolbox_roadmap_and_micro_analysis_form(
    page: Page, live_server, neighbourhood, wijkteam, corporation, coordinator, wijkcoach, eva_plan
):
    base = live_server.url
    coalition = Coalition.objects.create(name="Samen in de Ruwaard", municipality=neighbourhood.municipality)
    coalition.districts.add(neighbourhood.district)
    coalition.organisations.add(wijkteam, corporation)
    year = timezone.localdate().year

    login(page, base, "coordinator")
    page.goto(f"{base}/afspraken/{coalition.uuid}/budgetten/")
    page.click("text=Een gebiedsbudget toevoegen")
    form = page.locator("[data-testid=budget-form]")
    form.locator("input[name=area_code]").fill(neighbourhood.district.code)
    form.locator("input[name=name]").fill("Wmo Ruwaard")
    form.locator("input[name=starts_in]").fill(str(year))
    form.locator("input[name=ends_in]").fill(str(year + 4))
    form.locator("input[name=base_amount]").fill("1000000")
    form.locator("input[name=indexation_percent]").fill("2")
    form.locator("input[name=baseline_amount]").fill("1100000")
    form.locator("input[name=savings_residents]").fill("20")
    form.locator("input[name=savings_municipality]").fill("40")
    form.locator("input[name=savings_providers]").fill("40")
    form.locator("button[type=submit]").click()
    page.click("text=Besteding vastleggen")
    spending = page.locator("[data-testid=spending-form]")
    spending.locator("select[name=organisation]").select_option(str(wijkteam.uuid))
    spending.locator("input[name=year]").fill(str(year))
    spending.locator("input[name=category]").fill("Begeleiding")
    spending.locator("input[name=amount]").fill("900000")
    spending.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=spent-by-party]")).to_contain_text("Wijkteam Ruwaard")
    expect(page.locator("[data-testid=savings-split]")).to_contain_text("€ 40.000,00")
    assert_accessible(page)
    page.click("text=Wijzigen, bestedingen verwijderen of archiveren")
    expect(page.locator("[data-testid=spendings]")).to_contain_text("Begeleiding")
    assert_accessible(page)
    page.click("text=Terug naar de gebiedsbudgetten")

    page.click("text=Leren")
    page.click("text=Een les toevoegen")
    lesson = page.locator("[data-testid=lesson-form]")
    lesson.locator("select[name=kind]").select_option("failure")
    lesson.locator("input[name=title]").fill("Te laat gebeld bij huurachterstand")
    lesson.locator("textarea[name=text]").fill("Eerder bellen")
    lesson.locator("button[type=submit]").click()
    page.click("text=Dit thema een niveau hoger agenderen")
    expect(page.locator("[data-testid=escalated]")).to_contain_text("Managers")
    assert_accessible(page)

    page.click("text=Gereedschapskist")
    page.click("text=Een instrument toevoegen")
    page.fill("[data-testid=tool-form] input[name=name]", "Buurtkamer")
    page.fill("[data-testid=tool-form] textarea[name=description]", "Inloop voor bewoners")
    page.click("[data-testid=tool-form] button[type=submit]")
    page.click("text=Een evaluatie toevoegen")
    page.select_option("[data-testid=evaluation-form] select[name=outcome]", "did_not_work")
    page.fill("[data-testid=evaluation-form] input[name=context]", "Portiekflat")
    page.fill("[data-testid=evaluation-form] textarea[name=text]", "Niemand kwam")
    page.click("[data-testid=evaluation-form] button[type=submit]")
    expect(page.locator("[data-testid=tool]")).to_contain_text("Werkte niet")
    assert_accessible(page)

    page.click("text=Routekaart")
    page.click("text=Een pilot toevoegen")
    page.fill("[data-testid=pilot-form] input[name=title]", "Eén gebiedsbudget")
    page.fill("[data-testid=pilot-form] textarea[name=goal]", "Minder bureaucratie")
    page.fill("[data-testid=pilot-form] input[name=starts_on]", f"{year}-01-15")
    page.click("[data-testid=pilot-form] button[type=submit]")
    expect(page.locator("[data-testid=next-check]")).to_contain_text(f"15 juli {year}")
    assert_accessible(page)

    # The case director prices Casus de fiets with the form.
    page.context.clear_cookies()
    login(page, base, "wijkcoach")
    page.goto(f"{base}/afspraken/casus/{eva_plan.uuid}/")
    page.click("[data-testid=edit-micro-analysis]")
    page.fill("textarea[name=reference_scenario]", "Drie kinderen uit huis")
    for index, (kind, code, quantity) in enumerate(
        (
            ("spent", "fiets-kind", "1"),
            ("spent", "leerlingenvervoer-schooljaar", "1"),
            ("avoided", "uithuisplaatsing-kind", "3"),
        )
    ):
        page.select_option(f"select[name=line-{index}-kind]", kind)
        page.select_option(f"select[name=line-{index}-price_code]", code)
        page.fill(f"input[name=line-{index}-quantity]", quantity)
    assert_accessible(page)
    page.click("[data-testid=micro-analysis-form] button[type=submit]")
    expect(page.locator("[data-testid=spent]")).to_have_text("€ 5.025,00")
    expect(page.locator("[data-testid=avoided]")).to_have_text("€ 120.000,00")
