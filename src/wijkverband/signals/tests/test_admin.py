"""The platform admin (/beheer/) edits categories, teams, routing rules, postcode areas and signal partners;
signals themselves (personal data) are not in it. Bad codes get a Dutch message and nothing is saved."""

import pytest

from wijkverband.accounts.models import User
from wijkverband.signals.models import RoutingRule, SignalCategory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["signalcategory", "team", "routingrule", "postcodearea", "signalpartner"]


@pytest.fixture
def platform_admin(verified_client):
    user = User.objects.create_superuser(username="beheerder", password="x" * 20, email="beheer@example.org")
    return verified_client(user)


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_the_list_and_add_pages_load(model, platform_admin, catch_all, creditor):
    assert platform_admin.get(f"/beheer/signals/{model}/").status_code == 200
    assert platform_admin.get(f"/beheer/signals/{model}/add/").status_code == 200


def test_the_change_pages_of_existing_rows_load(platform_admin, catch_all, loneliness):
    assert platform_admin.get(f"/beheer/signals/routingrule/{catch_all.pk}/change/").status_code == 200
    assert platform_admin.get(f"/beheer/signals/team/{catch_all.team.pk}/change/").status_code == 200
    main = loneliness.parent or loneliness
    body = platform_admin.get(f"/beheer/signals/signalcategory/{main.pk}/change/").content.decode()
    # the subcategories are edited inline on their main category
    assert "Subcategorieën" in body
    assert all(f'value="{child.code}"' in body for child in main.children.all())


def test_signals_and_outreach_tasks_are_not_in_the_admin(platform_admin):
    assert platform_admin.get("/beheer/signals/signal/").status_code == 404
    assert platform_admin.get("/beheer/signals/outreachtask/").status_code == 404
    assert platform_admin.get("/beheer/signals/arrearsbatch/").status_code == 404


def test_categories_are_listed_main_category_first_then_its_subcategories(platform_admin):
    rows = list(platform_admin.get("/beheer/signals/signalcategory/").context["cl"].result_list)

    mains = [row for row in rows if row.parent_id is None]
    assert mains == sorted(mains, key=lambda c: (c.position, c.name))
    for index, row in enumerate(rows):
        if row.parent_id is not None:
            # every subcategory comes after its main category and before the next main category
            before = [r for r in rows[:index] if r.parent_id is None]
            assert before[-1].pk == row.parent_id


def test_routing_rules_with_unknown_codes_are_refused_in_dutch(platform_admin, team, neighbourhood):
    response = platform_admin.post(
        "/beheer/signals/routingrule/add/",
        {
            "order": "5",
            "name": "Overlast in de buurt",
            "area_codes": f"{neighbourhood.code.lower()}, WK999999",
            "source_kinds": "neighbour, buurman",
            "has_open_case": "unknown",
            "team": str(team.pk),
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["area_codes"] == [
        "Onbekende gebiedscodes: WK999999. Gebruik CBS-codes zoals BU08280602, WK082806 of GM0828."
    ]
    assert errors["source_kinds"][0].startswith("Onbekende bronnen: buurman. Kies uit: professional,")
    assert not RoutingRule.objects.filter(name="Overlast in de buurt").exists()


def test_a_valid_routing_rule_is_saved_with_its_codes_tidied(platform_admin, team, neighbourhood, nuisance):
    response = platform_admin.post(
        "/beheer/signals/routingrule/add/",
        {
            "order": "5",
            "name": "Overlast in de buurt",
            "categories": [str(nuisance.pk)],
            "area_codes": f" {neighbourhood.code.lower()} ,{neighbourhood.code}",
            "source_kinds": "neighbour",
            "has_open_case": "unknown",
            "team": str(team.pk),
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    rule = RoutingRule.objects.get(name="Overlast in de buurt")
    assert (rule.area_codes, rule.source_kinds, list(rule.categories.all())) == (
        neighbourhood.code,
        "neighbour",
        [nuisance],
    )


def test_an_urgent_term_longer_than_the_normal_term_is_explained(platform_admin, loneliness):
    data = {
        "code": "nieuw-signaal",
        "name": "Nieuw",
        "response_days": "3",
        "urgent_response_days": "5",
        "position": "0",
        "is_active": "on",
        "signalcategory_set-TOTAL_FORMS": "0",
        "signalcategory_set-INITIAL_FORMS": "0",
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
    }
    sub = SignalCategory.objects.filter(parent__isnull=False).first()

    response = platform_admin.post("/beheer/signals/signalcategory/add/", {**data, "parent": str(sub.pk)})

    errors = response.context["adminform"].form.errors
    assert errors["urgent_response_days"] == ["De spoedtermijn kan niet langer zijn dan de gewone termijn."]
    assert errors["parent"] == ["Kies een hoofdcategorie: subcategorieën hebben zelf geen subcategorieën."]
    assert not SignalCategory.objects.filter(code="nieuw-signaal").exists()
