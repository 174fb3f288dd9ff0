"""Editors keep the catalogue: create, change and end schemes and services, in services and pages."""

from datetime import date, timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

import pytest
import time_machine

from wijkverband.neighbourhoods.models import Municipality
from wijkverband.organisations.constants import Role
from wijkverband.schemes import eligibility
from wijkverband.schemes.models import CatalogueEditor, Scheme, Service
from wijkverband.schemes.selectors import SearchFilters, catalogue_choices, catalogue_search, wizard_results
from wijkverband.schemes.services import (
    catalogue_item_create,
    catalogue_item_retire,
    catalogue_item_update,
    catalogue_review_reminders_run,
)
from wijkverband.testing import factories
from wijkverband.testing.actors import actor_for

from .conftest import scheme_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def oss_gemeente(gemeente):
    gemeente.municipality = Municipality.objects.get(code="GM0828")
    gemeente.save()
    return gemeente


@pytest.fixture
def editor(oss_gemeente):
    user = factories.UserFactory(username="redacteur", display_name="Rita Redacteur", email="rita@example.org")
    factories.MembershipFactory(user=user, organisation=oss_gemeente, role=Role.PROFESSIONAL)
    CatalogueEditor.objects.create(user=user, organisation=oss_gemeente)
    return user


@pytest.fixture
def colleague(oss_gemeente):
    """A professional of the same municipality who is not an editor."""
    user = factories.UserFactory(username="collega")
    factories.MembershipFactory(user=user, organisation=oss_gemeente, role=Role.PROFESSIONAL)
    return user


def _new_values(**overrides):
    values = scheme_values(code="oss-nieuw", name="Nieuwe toeslag", organisation="")
    values.pop("last_checked_on")
    values.pop("last_checked_by")
    values.update(overrides)
    return values


# --- services ------------------------------------------------------------------------------------


def test_an_editor_creates_a_scheme_of_their_own_organisation_checked_by_them(editor, oss_gemeente):
    with time_machine.travel(date(2026, 3, 2)):
        scheme = catalogue_item_create(actor=actor_for(editor), kind="scheme", values=_new_values())

    assert scheme.organisation == oss_gemeente
    assert (scheme.last_checked_on, scheme.last_checked_by) == (date(2026, 3, 2), "Rita Redacteur")
    assert [s.code for s in catalogue_search(filters=SearchFilters(query="toeslagen")).items] == ["oss-nieuw"]


def test_a_code_already_in_use_is_refused_rather_than_overwritten(editor, make_scheme):
    make_scheme(code="bestaand", name="Bestaande regeling")

    with pytest.raises(ValidationError) as error:
        catalogue_item_create(actor=actor_for(editor), kind="scheme", values=_new_values(code="bestaand"))

    assert error.value.message_dict["code"] == ["Deze code is al in gebruik. Kies een andere."]
    assert Scheme.objects.get(code="bestaand").name == "Bestaande regeling"


def test_an_update_keeps_the_code_and_the_maintaining_organisation(editor, make_scheme, oss_gemeente, wijkteam):
    scheme = make_scheme(code="vast")

    catalogue_item_update(
        actor=actor_for(editor), item=scheme, values=_new_values(code="anders", organisation=wijkteam.name)
    )

    scheme.refresh_from_db()
    assert (scheme.code, scheme.organisation, scheme.name) == ("vast", oss_gemeente, "Nieuwe toeslag")
    assert not Scheme.objects.filter(code="anders").exists()


def test_a_colleague_who_is_no_editor_may_not_create_change_or_end(colleague, make_scheme):
    scheme = make_scheme()
    actor = actor_for(colleague)

    with pytest.raises(PermissionDenied):
        catalogue_item_create(actor=actor, kind="scheme", values=_new_values())
    with pytest.raises(PermissionDenied):
        catalogue_item_update(actor=actor, item=scheme, values=_new_values(name="Gekaapt"))
    with pytest.raises(PermissionDenied):
        catalogue_item_retire(actor=actor, item=scheme)

    scheme.refresh_from_db()
    assert (scheme.name, scheme.valid_until) == ("Testregeling", None)
    assert not Scheme.objects.filter(code="oss-nieuw").exists()


def test_an_ended_scheme_leaves_the_wizard_and_the_plans_choices_but_stays(editor, make_scheme):
    scheme = make_scheme(code="oss-eindigt", eligibility={"income_max_pct": 120})
    answers = eligibility.Answers(income_pct=100, area_codes=frozenset({"GM0828"}))
    assert [r.scheme.code for r in wizard_results(answers=answers)] == ["oss-eindigt"]

    catalogue_item_retire(actor=actor_for(editor), item=scheme)

    scheme.refresh_from_db()
    assert scheme.valid_until == timezone.localdate() - timedelta(days=1)
    assert wizard_results(answers=answers) == []
    offered = [value for _group, options in catalogue_choices(area="GM0828") for value, _name in options]
    assert f"scheme:{scheme.uuid}" not in offered
    assert scheme.last_checked_by == "Rita Redacteur"


def test_a_scheme_cannot_end_before_it_starts(editor, make_scheme):
    scheme = make_scheme(valid_from="2026-06-01")

    with pytest.raises(ValidationError) as error:
        catalogue_item_retire(actor=actor_for(editor), item=scheme, last_day=date(2026, 5, 1))

    assert error.value.message_dict["last_day"] == ["De laatste dag kan niet vóór de start van de regeling liggen."]
    scheme.refresh_from_db()
    assert scheme.valid_until is None


def test_an_ended_service_is_inactive_and_no_longer_reminded(editor, make_service, make_scheme):
    service = make_service(last_checked_on="2026-01-01")
    scheme = make_scheme(last_checked_on="2026-01-01")
    catalogue_item_retire(actor=actor_for(editor), item=service)
    catalogue_item_retire(actor=actor_for(editor), item=scheme, last_day=date(2026, 2, 1))
    Service.objects.filter(pk=service.pk).update(review_due_on=date(2026, 6, 30))
    Scheme.objects.filter(pk=scheme.pk).update(review_due_on=date(2026, 6, 30))

    report = catalogue_review_reminders_run(today=date(2026, 7, 1))

    service.refresh_from_db()
    assert service.is_active is False
    assert (report.stale, report.reminded) == (0, 0)
    assert mail.outbox == []


# --- pages ---------------------------------------------------------------------------------------


def _scheme_post(**overrides):
    data = {
        "code": "oss-jeugdfonds",
        "name": "Jeugdfonds Oss",
        "summary": "Geld voor sport en cultuur voor kinderen.",
        "target_description": "Gezinnen met een laag inkomen",
        "benefit_kind": "money",
        "benefit": "Contributie tot 450 euro per jaar",
        "provider": "Gemeente Oss",
        "scope": "municipality",
        "area": "GM0828",
        "valid_from": "",
        "valid_until": "",
        "conditions": "",
        "how_to_apply": "Via de intermediair.",
        "documents": "Identiteitsbewijs\nInkomensgegevens",
        "url": "https://www.oss.nl",
        "links": "https://www.jeugdfondssportencultuur.nl Jeugdfonds",
        "age_min": "4",
        "age_max": "17",
        "households": [],
        "has_children": "",
        "income_max_pct": "120",
        "housing": [],
        "has_debts": "",
        "has_care_need": "",
        "themes": ["youth", "income"],
        "target_groups": ["families"],
        "keywords": "sportclub muziekles",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != []}


def test_an_editor_creates_a_scheme_through_the_page(editor, verified_client):
    client = verified_client(editor)
    page = client.get("/regelingen/beheer/nieuw/regeling/")
    assert page.status_code == 200
    assert ("WK082806", "Wijk Ruwaard") in page.context["form"].fields["area"].choices

    response = client.post("/regelingen/beheer/nieuw/regeling/", _scheme_post())

    scheme = Scheme.objects.get(code="oss-jeugdfonds")
    assert response.status_code == 302 and response["Location"] == f"/regelingen/regeling/{scheme.uuid}/"
    assert scheme.eligibility == {"age_max": 17, "age_min": 4, "income_max_pct": 120}
    assert scheme.document_list == ["Identiteitsbewijs", "Inkomensgegevens"]
    assert scheme.links == [{"title": "Jeugdfonds", "url": "https://www.jeugdfondssportencultuur.nl"}]
    assert sorted(t.code for t in scheme.themes.all()) == ["income", "youth"]


def test_the_edit_page_shows_the_item_and_saves_changes(editor, make_scheme, verified_client):
    scheme = make_scheme(code="oss-jeugdfonds", eligibility={"has_children": True, "households": ["single"]})
    client = verified_client(editor)
    form = client.get(f"/regelingen/regeling/{scheme.uuid}/bewerken/").context["form"]
    assert (form.initial["has_children"], form.initial["households"]) == ("yes", ["single"])

    response = client.post(
        f"/regelingen/regeling/{scheme.uuid}/bewerken/", _scheme_post(code="genegeerd", has_children="yes")
    )

    assert response.status_code == 302
    scheme.refresh_from_db()
    assert (scheme.code, scheme.name) == ("oss-jeugdfonds", "Jeugdfonds Oss")
    assert scheme.eligibility["has_children"] is True


def test_bad_input_on_the_edit_page_is_explained_in_dutch_and_saves_nothing(editor, make_scheme, verified_client):
    scheme = make_scheme(code="oss-jeugdfonds")
    response = verified_client(editor).post(
        f"/regelingen/regeling/{scheme.uuid}/bewerken/",
        _scheme_post(
            scope="district",
            area="GM0828",
            valid_from="2026-05-01",
            valid_until="2026-04-01",
            links="geen-adres Titel",
            age_min="30",
            age_max="20",
            name="<b>vet</b>",
        ),
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["area"] == ["Kies een van de wijken."]
    assert errors["valid_until"] == ["De einddatum ligt vóór de begindatum."]
    assert errors["links"] == ["Geen geldig webadres: geen-adres."]
    assert errors["age_max"] == ["De maximumleeftijd is lager dan de minimumleeftijd."]
    assert errors["name"]
    scheme.refresh_from_db()
    assert scheme.name == "Testregeling"


def test_non_editors_get_a_404_on_every_editing_page(colleague, outsider, make_scheme, verified_client):
    scheme = make_scheme()
    for user in (colleague, outsider):
        client = verified_client(user)
        assert client.get("/regelingen/beheer/nieuw/regeling/").status_code == 404
        assert client.get(f"/regelingen/regeling/{scheme.uuid}/bewerken/").status_code == 404
        assert client.post(f"/regelingen/regeling/{scheme.uuid}/bewerken/", _scheme_post()).status_code == 404
        assert client.post(f"/regelingen/regeling/{scheme.uuid}/beeindigen/").status_code == 404
        assert client.get("/regelingen/beheer/importeren/").status_code == 404
    assert Client().get(f"/regelingen/regeling/{scheme.uuid}/bewerken/").status_code == 302  # to the login
    scheme.refresh_from_db()
    assert scheme.valid_until is None


def test_an_editor_adds_and_ends_a_service_through_the_pages(editor, verified_client):
    client = verified_client(editor)
    response = client.post(
        "/regelingen/beheer/nieuw/dienst/",
        {
            "code": "ruwaard-repaircafe",
            "name": "Repair café Ruwaard",
            "kind_choice": "initiative",
            "summary": "Samen spullen repareren.",
            "provider": "Bewoners Ruwaard",
            "scope": "district",
            "area": "WK082806",
            "location": "Wijkcentrum",
            "opening_hours": "Elke eerste zaterdag",
            "themes": ["participation"],
            "is_active": "on",
        },
    )
    service = Service.objects.get(code="ruwaard-repaircafe")
    assert response.status_code == 302
    assert (service.district.code, service.is_active) == ("WK082806", True)

    assert client.get(f"/regelingen/dienst/{service.uuid}/beeindigen/").status_code == 200
    assert client.post(f"/regelingen/dienst/{service.uuid}/beeindigen/").status_code == 302

    service.refresh_from_db()
    assert service.is_active is False
    detail = client.get(f"/regelingen/dienst/{service.uuid}/").content.decode()
    assert 'data-testid="edit-link"' in detail


def test_the_maintenance_page_offers_editors_new_items_and_the_import(editor, colleague, verified_client):
    assert 'data-testid="editor-actions"' in verified_client(editor).get("/regelingen/beheer/").content.decode()
    assert 'data-testid="editor-actions"' not in verified_client(colleague).get("/regelingen/beheer/").content.decode()


def test_ended_items_are_listed_last_and_not_due(editor, make_scheme, verified_client):
    make_scheme(code="oud-en-beeindigd", name="A-regeling", last_checked_on="2025-01-01", valid_until="2025-06-30")
    make_scheme(code="oud", name="B-regeling", last_checked_on="2025-01-01")

    rows = verified_client(editor).get("/regelingen/beheer/").context["rows"]

    assert [(r.item.code, r.is_stale, r.is_retired) for r in rows] == [
        ("oud", True, False),
        ("oud-en-beeindigd", False, True),
    ]


# --- who edits -----------------------------------------------------------------------------------


def test_a_functional_administrator_names_and_removes_editors(oss_gemeente, colleague, verified_client):
    admin = factories.UserFactory(username="fb")
    factories.MembershipFactory(user=admin, organisation=oss_gemeente, role=Role.FUNCTIONAL_ADMIN)
    client = verified_client(admin)
    assert 'data-testid="editors-link"' in client.get("/regelingen/beheer/").content.decode()
    membership = colleague.memberships.get()

    client.post("/regelingen/beheer/redacteuren/", {"membership": str(membership.uuid), "action": "add"})
    assert CatalogueEditor.objects.filter(user=colleague, organisation=oss_gemeente).exists()
    rows = client.get("/regelingen/beheer/redacteuren/").context["rows"]
    assert [(r.membership.user, r.is_editor) for r in rows if r.membership.user == colleague] == [(colleague, True)]

    client.post("/regelingen/beheer/redacteuren/", {"membership": str(membership.uuid), "action": "remove"})
    assert not CatalogueEditor.objects.filter(user=colleague).exists()


def test_only_functional_administrators_manage_editors_and_only_their_own_members(
    oss_gemeente, editor, colleague, functional_admin, verified_client
):
    assert verified_client(editor).get("/regelingen/beheer/redacteuren/").status_code == 404
    other_admin = verified_client(functional_admin)  # administrator of the wijkteam, not of the municipality
    response = other_admin.post(
        "/regelingen/beheer/redacteuren/", {"membership": str(colleague.memberships.get().uuid), "action": "add"}
    )
    assert response.status_code == 404
    assert other_admin.post("/regelingen/beheer/redacteuren/", {"membership": "geen-uuid"}).status_code == 404
    assert not CatalogueEditor.objects.filter(user=colleague).exists()
