"""The pages: public wizard and scheme pages, professionals' catalogue, kansenkaart, maintenance, plans."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from wijkverband.cases.models import CaseAction, CaseParticipant
from wijkverband.schemes.models import CatalogueEditor, Scheme

pytestmark = pytest.mark.django_db


def _wizard(client, **answers):
    return client.get("/regelingen/wijzer/", {"toon": "1", **answers})


def test_the_public_wizard_needs_no_login_and_finds_bijzondere_bijstand(demo_catalogue):
    response = _wizard(Client(), age="34", area="WK082806", income="100", housing="social_rent", has_debts="yes")

    assert response.status_code == 200
    page = response.content.decode()
    likely = [r.scheme.code for r in response.context["likely"]]
    assert "bijzondere-bijstand" in likely and "schuldhulpverlening" in likely
    # "results" holds every match (the page shows the first ones): AOW is not among them.
    assert str(Scheme.objects.get(code="aow").pk) not in [m.key for m in response.context["results"]]
    assert "Bijzondere bijstand" in page


def test_the_wizard_stores_nothing(demo_catalogue):
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        _wizard(client, age="70", has_care_need="yes")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []
    assert not client.cookies.get("sessionid")


def test_the_wizard_hides_expired_schemes(demo_catalogue):
    response = _wizard(Client(), income="100", area="GM0828")
    expired = Scheme.objects.get(code="energietoeslag-2023")
    assert str(expired.pk) not in [m.key for m in response.context["results"]]
    assert Scheme.objects.filter(code="energietoeslag-2023").exists()


def test_a_bad_age_is_explained_and_shows_no_results(demo_catalogue):
    response = _wizard(Client(), age="-3")
    assert response.context["results"] is None
    assert response.context["form"].errors["age"]


def test_the_catalogue_is_for_logged_in_members(demo_catalogue, wijkcoach, verified_client):
    assert Client().get("/regelingen/").status_code == 302
    response = verified_client(wijkcoach).get("/regelingen/", {"q": "schulden", "theme": "debts"})
    assert response.status_code == 200
    names = [item.name for item, _plans in response.context["rows"]]
    assert "Schuldhulpverlening" in names
    assert all("debts" in {t.code for t in item.themes.all()} for item, _plans in response.context["rows"])


def test_the_catalogue_searches_services_too(demo_catalogue, wijkcoach, verified_client):
    response = verified_client(wijkcoach).get("/regelingen/", {"q": "buurtrestaurant", "kind": "service"})
    assert [item.code for item, _plans in response.context["rows"]] == ["ruwaard-buurtrestaurant"]


def test_a_scheme_page_is_public_without_plan_figures(demo_catalogue):
    scheme = Scheme.objects.get(code="huurtoeslag")
    response = Client().get(f"/regelingen/regeling/{scheme.uuid}/")
    assert response.status_code == 200
    assert response.context["usage"] is None
    assert 'data-testid="usage"' not in response.content.decode()


def test_an_unknown_scheme_is_a_404(db):
    assert Client().get("/regelingen/regeling/11111111-1111-1111-1111-111111111111/").status_code == 404


def _director(plan, user):
    return CaseParticipant.objects.get(plan=plan, user=user)


def test_a_professional_attaches_a_scheme_to_an_agreement_in_evas_plan(
    demo_catalogue, eva_plan, wijkcoach, verified_client
):
    scheme = Scheme.objects.get(code="bijzondere-bijstand")
    director = _director(eva_plan, wijkcoach)
    client = verified_client(wijkcoach)
    choices = dict(client.get(f"/plannen/{eva_plan.uuid}/").context["forms"]["action"].fields["resource"].choices)
    assert any(
        f"scheme:{scheme.uuid}" == value for group in choices.values() if isinstance(group, list) for value, _l in group
    )

    response = client.post(
        f"/plannen/{eva_plan.uuid}/afspraken/",
        {
            "description": "Bijzondere bijstand aanvragen voor de borg",
            "owner": str(director.uuid),
            "due_on": timezone.localdate().isoformat(),
            "resource": f"scheme:{scheme.uuid}",
            f"role_{director.uuid}": "A",
        },
    )

    assert response.status_code == 302
    action = CaseAction.objects.get()
    assert (action.resource_kind, action.resource_uuid, action.resource_label) == (
        "scheme",
        scheme.uuid,
        "Bijzondere bijstand",
    )
    plan_page = client.get(f"/plannen/{eva_plan.uuid}/").content.decode()
    assert f"/regelingen/regeling/{scheme.uuid}/" in plan_page

    detail = client.get(f"/regelingen/regeling/{scheme.uuid}/")
    assert detail.context["usage"].plans == 1
    assert "Eva" not in detail.content.decode()


def test_a_typed_name_still_works_without_the_catalogue(eva_plan, wijkcoach, verified_client):
    director = _director(eva_plan, wijkcoach)
    verified_client(wijkcoach).post(
        f"/plannen/{eva_plan.uuid}/afspraken/",
        {
            "description": "Briefadres regelen",
            "owner": str(director.uuid),
            "due_on": timezone.localdate().isoformat(),
            "resource_label": "Briefadres",
            f"role_{director.uuid}": "A",
        },
    )
    action = CaseAction.objects.get()
    assert (action.resource_kind, action.resource_uuid, action.resource_label) == ("scheme", None, "Briefadres")


def test_editors_see_outcomes_and_mark_an_item_checked(demo_catalogue, eva_plan, wijkcoach, verified_client, wijkteam):
    scheme = Scheme.objects.get(code="oss-formulierenhulp")
    scheme.organisation = wijkteam
    scheme.save()
    CaseAction.objects.create(
        plan=eva_plan,
        description="Formulierenhulp",
        owner=_director(eva_plan, wijkcoach),
        due_on=timezone.localdate(),
        status="done",
        resource_kind="scheme",
        resource_uuid=scheme.uuid,
        resource_label=scheme.name,
    )
    client = verified_client(wijkcoach)
    assert 'data-testid="outcomes"' not in client.get(f"/regelingen/regeling/{scheme.uuid}/").content.decode()
    assert client.post(f"/regelingen/regeling/{scheme.uuid}/gecontroleerd/").status_code == 404

    CatalogueEditor.objects.create(user=wijkcoach, organisation=wijkteam)
    detail = client.get(f"/regelingen/regeling/{scheme.uuid}/")
    assert dict(detail.context["usage"].by_status) == {"done": 1}
    assert client.post(f"/regelingen/regeling/{scheme.uuid}/gecontroleerd/").status_code == 302
    scheme.refresh_from_db()
    assert scheme.last_checked_on == timezone.localdate()
    rows = client.get("/regelingen/beheer/").context["rows"]
    assert [(r.item.code, r.plans) for r in rows] == [("oss-formulierenhulp", 1)]


def test_the_kansenkaart_shows_white_spots_and_a_map(demo_catalogue, wijkcoach, verified_client, settings):
    from pathlib import Path

    from wijkverband.wijkfoto.demo import OSS
    from wijkverband.wijkfoto.importers import geo_import

    # The map draws the district boundaries the wijkfoto imported (CBS wijken 2024 of Oss).
    geo_import(path=Path(settings.SHARED_DATA_DIR) / "geo/wijken_2024_nl.geojson", within=OSS)
    response = verified_client(wijkcoach).get("/regelingen/kansenkaart/", {"wijk": "WK082806"})
    assert response.status_code == 200
    offer = response.context["offer"]
    white = {t.code for t in offer.white_spots}
    # Ruwaard's demo network has no transport offer of its own (only the city-wide regiotaxi) ...
    assert "mobility" in white
    assert [s.code for s in next(t for t in offer.themes if t.code == "mobility").citywide] == ["oss-regiotaxi"]
    # ... but does have help with debts in the district.
    assert "debts" not in white
    page = response.content.decode()
    assert "<svg" in page and "Ruwaard: 11 diensten en initiatieven" in page
    # The district shown is outlined on the map.
    assert 'stroke="#000000" stroke-width="3" data-code="WK082806"' in page
    assert response.context["offer"].services_per_district["WK082806"] == 11
