"""Writes to the catalogue: import all-or-nothing, export round trip, editors, review reminders, link check."""

import json
from datetime import date

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

import pytest
import time_machine

from wijkverband.organisations.constants import Role
from wijkverband.schemes import formats
from wijkverband.schemes.models import CatalogueEditor, Scheme, Service
from wijkverband.schemes.services import (
    ImportRejected,
    catalogue_import,
    catalogue_item_mark_checked,
    catalogue_item_save,
    catalogue_links_check,
    catalogue_review_reminders_run,
    scheme_export,
    service_export,
)
from wijkverband.testing import factories
from wijkverband.testing.actors import actor_for

from .conftest import scheme_values

pytestmark = pytest.mark.django_db


def _document(*schemes, **extra):
    return json.dumps({"format": "wijkverband-regelingen", "version": 1, "schemes": list(schemes), **extra})


def test_import_with_an_unknown_field_writes_nothing_and_reports_per_row(gemeente):
    good = scheme_values(code="goed")
    bad = scheme_values(code="fout", schoenmaat=42, eligibility={"age_min": "achttien"})
    rows, problems = formats.json_rows(_document(good, bad))

    with pytest.raises(ImportRejected) as rejected:
        catalogue_import(rows=rows, file_problems=problems)

    assert Scheme.objects.count() == 0
    assert rejected.value.report.problems == [
        "schemes[1] (fout): Onbekend veld: schoenmaat.",
        "schemes[1] (fout): age_min moet een heel getal zijn.",
    ]


def test_import_rejects_unknown_organisation_and_area_and_duplicate_codes(gemeente):
    rows, problems = formats.json_rows(
        _document(
            scheme_values(code="a", organisation="Bestaat Niet"),
            scheme_values(code="b", area="GM9999"),
            scheme_values(code="b"),
        )
    )
    with pytest.raises(ImportRejected) as rejected:
        catalogue_import(rows=rows, file_problems=problems)
    assert rejected.value.report.problems == [
        "schemes[0] (a): Onbekende organisatie: Bestaat Niet.",
        "schemes[1] (b): Onbekende gemeentecode: GM9999.",
        "schemes[2] (b): De code b staat ook in schemes[1].",
    ]
    assert Scheme.objects.count() == 0


def test_import_creates_then_updates_by_code(gemeente):
    rows, _p = formats.json_rows(_document(scheme_values(code="a", name="Eerste naam")))
    assert catalogue_import(rows=rows).created == 1
    rows, _p = formats.json_rows(_document(scheme_values(code="a", name="Nieuwe naam")))
    report = catalogue_import(rows=rows)
    assert (report.created, report.updated) == (0, 1)
    assert Scheme.objects.get(code="a").name == "Nieuwe naam"


def test_import_refuses_a_file_of_another_format(gemeente):
    rows, problems = formats.json_rows(json.dumps({"schemes": [], "extra": 1}))
    with pytest.raises(ImportRejected) as rejected:
        catalogue_import(rows=rows, file_problems=problems)
    assert rejected.value.report.problems == [
        "Onbekende velden in het bestand: extra.",
        "Het bestand moet format wijkverband-regelingen, versie 1 vermelden.",
    ]


def test_csv_export_imports_back_unchanged(make_scheme):
    original = make_scheme(
        code="rond",
        eligibility={"age_min": 18, "housing": ["social_rent", "private_rent"], "has_debts": True},
        links=[{"title": "Meer informatie", "url": "https://www.example.org/a"}],
        documents=["Identiteitsbewijs", "Bankafschriften"],
        valid_from="2026-01-01",
    )
    exported = scheme_export(original)
    text = formats.csv_write("scheme", [exported])
    Scheme.objects.all().delete()

    rows, problems = formats.csv_rows(text, kind="scheme")
    assert [r.errors for r in rows] == [[]]
    catalogue_import(rows=rows, file_problems=problems)

    assert scheme_export(Scheme.objects.get(code="rond")) == exported


def test_csv_with_an_unknown_column_is_rejected_per_line(gemeente):
    text = "code,name,kleur\nx,Naam,rood\n"
    rows, problems = formats.csv_rows(text, kind="scheme")
    with pytest.raises(ImportRejected) as rejected:
        catalogue_import(rows=rows, file_problems=problems)
    assert rejected.value.report.problems[0] == "regel 2 (x): Onbekend veld: kleur."
    assert Scheme.objects.count() == 0


def test_json_export_imports_back_through_the_commands(make_scheme, make_service, tmp_path):
    make_scheme(code="s1")
    make_service(code="d1", neighbourhood="BU08280602")
    path = tmp_path / "catalogus.json"
    call_command("schemes_export", "--output", str(path))
    before = ([scheme_export(s) for s in Scheme.objects.all()], [service_export(s) for s in Service.objects.all()])
    Scheme.objects.all().delete()
    Service.objects.all().delete()

    call_command("schemes_import", str(path))

    after = ([scheme_export(s) for s in Scheme.objects.all()], [service_export(s) for s in Service.objects.all()])
    assert after == before


def test_import_command_fails_loudly_and_writes_nothing(gemeente, tmp_path):
    path = tmp_path / "fout.json"
    path.write_text(_document(scheme_values(code="x", onbekend="ja")), encoding="utf-8")
    with pytest.raises(CommandError, match="niets opgeslagen"):
        call_command("schemes_import", str(path))
    assert Scheme.objects.count() == 0


def test_only_editors_of_the_maintaining_organisation_may_change_an_item(make_scheme, gemeente, wijkteam):
    scheme = make_scheme()
    editor = factories.UserFactory(username="redacteur")
    factories.MembershipFactory(user=editor, organisation=gemeente, role=Role.PROFESSIONAL)
    stranger = factories.UserFactory(username="vreemde")
    factories.MembershipFactory(user=stranger, organisation=gemeente, role=Role.PROFESSIONAL)
    CatalogueEditor.objects.create(user=editor, organisation=gemeente)

    with pytest.raises(PermissionDenied):
        catalogue_item_mark_checked(actor=actor_for(stranger), item=scheme)
    with pytest.raises(PermissionDenied):
        catalogue_item_save(actor=actor_for(stranger), kind="scheme", values=scheme_values(name="Anders"))

    with time_machine.travel(date(2026, 9, 1)):
        catalogue_item_mark_checked(actor=actor_for(editor), item=scheme)
        catalogue_item_save(actor=actor_for(editor), kind="scheme", values=scheme_values(name="Anders"))
    scheme.refresh_from_db()
    assert (scheme.name, scheme.review_due_on) == ("Anders", date(2027, 2, 28))


def test_invalid_values_are_refused_with_dutch_messages(gemeente):
    with pytest.raises(ValidationError) as error:
        catalogue_item_save(actor=None, kind="scheme", values=scheme_values(url="javascript:alert(1)", scope="heelal"))
    assert "Geen geldig webadres: javascript:alert(1)." in error.value.messages
    assert Scheme.objects.count() == 0


def test_stale_items_remind_their_editors_once_per_due_date(make_scheme, make_service, gemeente):
    editor = factories.UserFactory(username="redacteur", email="redacteur@example.org")
    CatalogueEditor.objects.create(user=editor, organisation=gemeente)
    make_scheme(code="oud", name="Oude regeling", last_checked_on="2026-01-01")  # due 2026-06-30
    make_scheme(code="vers", name="Verse regeling", last_checked_on="2026-05-01")  # due 2026-10-28
    make_service(code="weesdienst", organisation="", last_checked_on="2026-01-01")

    with time_machine.travel(date(2026, 6, 29)):
        assert catalogue_review_reminders_run().stale == 0
    with time_machine.travel(date(2026, 7, 1)):
        report = catalogue_review_reminders_run()
        again = catalogue_review_reminders_run()

    assert (report.stale, report.reminded, report.without_editor) == (2, 1, 1)
    assert again.reminded == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["redacteur@example.org"]
    assert "Oude regeling" in mail.outbox[0].body and "Verse regeling" not in mail.outbox[0].body


def test_marking_checked_starts_a_new_review_period(make_scheme, gemeente):
    editor = factories.UserFactory(username="redacteur", email="redacteur@example.org")
    factories.MembershipFactory(user=editor, organisation=gemeente, role=Role.PROFESSIONAL)
    CatalogueEditor.objects.create(user=editor, organisation=gemeente)
    scheme = make_scheme(last_checked_on="2026-01-01")
    with time_machine.travel(date(2026, 7, 1)):
        catalogue_review_reminders_run()
        catalogue_item_mark_checked(actor=actor_for(editor), item=scheme)
    with time_machine.travel(date(2026, 12, 28)):
        assert catalogue_review_reminders_run().reminded == 1  # due again 180 days after the new check
    assert len(mail.outbox) == 2


def test_link_check_flags_broken_links_with_an_injected_fetcher(make_scheme):
    scheme = make_scheme(
        url="https://goed.example.org/",
        links=[{"title": "Kapot", "url": "https://kapot.example.org/"}],
    )
    asked = []

    def fetch(url):
        asked.append(url)
        return "kapot" not in url

    report = catalogue_links_check(fetch=fetch)

    scheme.refresh_from_db()
    assert scheme.broken_links == ["https://kapot.example.org/"]
    assert report.broken == [("test-regeling", "https://kapot.example.org/")]
    assert sorted(asked) == ["https://goed.example.org/", "https://kapot.example.org/"]

    catalogue_links_check(fetch=lambda url: True)
    scheme.refresh_from_db()
    assert scheme.broken_links == []


def test_themes_survive_a_database_without_the_seeded_lists(gemeente):
    from wijkverband.schemes.models import Theme

    Theme.objects.all().delete()
    scheme = catalogue_item_save(actor=None, kind="scheme", values=scheme_values(themes=["debts", "income"]))
    assert sorted(t.code for t in scheme.themes.all()) == ["debts", "income"]
    assert Theme.objects.get(code="debts").name == "Debts and money matters"


def test_an_admin_edit_keeps_the_item_findable(make_scheme, verified_client):
    from wijkverband.accounts.models import User

    admin_client = verified_client(User.objects.create_superuser("platformbeheer", "b@example.org", "x" * 12))
    scheme = make_scheme(code="adm", name="Oude naam")
    page = admin_client.get(f"/beheer/schemes/scheme/{scheme.pk}/change/")
    assert page.status_code == 200
    data = {k: v for k, v in page.context["adminform"].form.initial.items() if v is not None}
    data.update(
        name="Voedselpakket",
        themes=[t.pk for t in scheme.themes.all()],
        target_groups=[],
        municipality=scheme.municipality_id,
        links="[]",
        eligibility="{}",
        broken_links="[]",
        last_checked_on="2026-01-01",
        review_due_on="2026-06-30",
    )
    data.pop("district", None)
    data.pop("organisation", None)
    response = admin_client.post(f"/beheer/schemes/scheme/{scheme.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    from wijkverband.schemes.selectors import SearchFilters, catalogue_search

    assert [s.code for s in catalogue_search(filters=SearchFilters(query="voedselpakketten")).items] == ["adm"]
