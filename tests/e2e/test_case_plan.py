"""Casusregie in headless Chromium: one plan with Eva, across organisations, down to waakvlam."""

import re

from django.core import mail

import pytest
from playwright.sync_api import Page, expect
from test_journeys import assert_accessible, login

from wijkverband.cases.models import CaseParticipant, CasePlan
from wijkverband.organisations.models import Membership
from wijkverband.residents.models import Resident

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def record_consent(page: Page, base: str, resident, organisation, scope: str) -> None:
    page.goto(f"{base}/bewoners/{resident.uuid}/toestemmingen/")
    page.select_option("#id_organisation", str(organisation.uuid))
    page.select_option("#id_scope", scope)
    page.fill("#id_purpose", "Samenwerken aan het plan van Eva")
    page.click("form.wv-form button[type=submit]")
    expect(page.locator("[data-testid=consent-table]")).to_contain_text(organisation.name)


def test_a_plan_with_eva_from_kitchen_table_to_waakvlam(
    page: Page, live_server, eva, wijkteam, corporation, corporation_officer
):
    base = live_server.url
    login(page, base, "wijkcoach")
    # Eva agrees that the wijkteam and the corporation work with her plan.
    record_consent(page, base, eva, wijkteam, "case_plan")
    record_consent(page, base, eva, corporation, "basic")
    record_consent(page, base, eva, corporation, "case_plan")

    # Open the plan from Eva's own words.
    page.goto(f"{base}/bewoners/{eva.uuid}/")
    page.click("text=Een plan openen met de bewoner")
    page.fill("#id_want", "Een eigen kamer\nMijn studie afmaken")
    page.fill("#id_can", "Goed plannen")
    page.fill("#id_need", "Een briefadres voor mijn studiefinanciering")
    page.check("#id_as_case_director")
    page.click("form.wv-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Plan van Eva")
    expect(page.locator("#vragen")).to_contain_text("Mijn studie afmaken")

    # Invite the housing corporation's professional.
    page.click("text=Een professional uitnodigen")
    membership = Membership.objects.get(user=corporation_officer, organisation=corporation)
    page.select_option("[data-testid=invite-form] select[name=membership]", str(membership.uuid))
    page.click("[data-testid=invite-form] button[type=submit]")
    expect(page.locator("[data-testid=team-table]")).to_contain_text("Maasland Wonen")

    # The kitchen-table meeting.
    page.click("text=Een gesprek vastleggen")
    page.select_option("[data-testid=meeting-form] select[name=kind]", "kitchen_table")
    page.locator("[data-testid=meeting-form] input[name=attendees]").first.check()
    page.fill("[data-testid=meeting-form] textarea[name=notes]", "Eva wil vooral rust en een vaste plek.")
    page.click("[data-testid=meeting-form] button[type=submit]")
    expect(page.locator("#gesprekken")).to_contain_text("Eva wil vooral rust")

    # An agreement: the corporation does it (R), the wijkcoach is accountable (A).
    page.click("text=Een afspraak toevoegen")
    form = page.locator("[data-testid=action-form]")
    form.locator("input[name=description]").fill("Kamer via de corporatie zoeken")
    officer = CaseParticipant.objects.get(user=corporation_officer)
    form.locator("select[name=owner]").select_option(str(officer.uuid))
    form.locator("select[name^=role_]").nth(0).select_option("A")
    form.locator("select[name^=role_]").nth(1).select_option("R")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=action-table]")).to_contain_text("Kamer via de corporatie zoeken")

    # Wellbeing as Eva rates it.
    page.click("text=Welzijn of participatieladder vastleggen")
    page.select_option("[data-testid=score-form] select[name=instrument]", "wellbeing")
    page.fill("[data-testid=score-form] input[name=value]", "4")
    page.click("[data-testid=score-form] button[type=submit]")
    expect(page.locator("#metingen svg.wv-chart")).to_have_count(1)

    # Active, scale down, then waakvlam with the wijkcoach as contact.
    for status in ("active", "scaling_down"):
        page.click("text=De status wijzigen")
        page.select_option("[data-testid=transition-form] select[name=to_status]", status)
        page.fill("[data-testid=transition-form] input[name=reason]", "Volgende stap met Eva")
        page.click("[data-testid=transition-form] button[type=submit]")
    page.click("text=De status wijzigen")
    page.select_option("[data-testid=transition-form] select[name=to_status]", "watch")
    page.fill("[data-testid=transition-form] input[name=reason]", "Eva redt het zelf, lichte nazorg")
    me = CaseParticipant.objects.get(user__username="wijkcoach")
    page.select_option("[data-testid=transition-form] select[name=watch_contact]", str(me.uuid))
    page.click("[data-testid=transition-form] button[type=submit]")
    expect(page.locator("[data-testid=plan-status]")).to_contain_text("Waakvlam")
    expect(page.locator("[data-testid=watch-table] tbody tr")).to_have_count(4)
    assert_accessible(page)

    plan = CasePlan.objects.get(resident=eva)
    assert plan.status == "watch"
    page.goto(f"{base}/plannen/werklijst/")
    expect(page.locator("h1")).to_have_text("Mijn werklijst")
    assert_accessible(page)

    # Eva reads her own plan with the one-time link the wijkcoach sends her.
    Resident.objects.filter(pk=eva.pk).update(email="eva@example.org")
    page.goto(f"{base}/bewoners/{eva.uuid}/")
    page.click("[data-testid=portal-link-send]")
    link = re.search(r"https?://\S+/mijn/inloggen/\S+/", mail.outbox[-1].body)
    assert link is not None and mail.outbox[-1].to == ["eva@example.org"]
    page.context.clear_cookies()
    path = "/mijn/" + link.group(0).split("/mijn/", 1)[1]
    page.goto(base + path)
    page.click("main button[type=submit]")
    expect(page.locator("main")).to_contain_text("Waakvlam")
    expect(page.locator("main")).to_contain_text("Kamer via de corporatie zoeken")
    expect(page.locator("main")).to_contain_text("Mijn studie afmaken")
    assert_accessible(page)
