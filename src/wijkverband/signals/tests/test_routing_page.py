"""The categories-and-routing page: every member reads where signals go and by when; only platform
administrators get the link to change it."""

import pytest

from wijkverband.accounts.models import User
from wijkverband.signals.models import RoutingRule, SignalCategory

pytestmark = pytest.mark.django_db


def test_staff_see_the_rules_in_order_and_the_terms_per_category(
    catch_all, team, nuisance, neighbourhood, corporation_officer, verified_client, django_assert_max_num_queries
):
    first = RoutingRule.objects.create(
        order=10, name="Burenoverlast in de buurt", team=team, area_codes=neighbourhood.code, source_kinds="neighbour"
    )
    first.categories.add(nuisance)
    RoutingRule.objects.create(order=5, name="Uitgezet", team=team, is_active=False)
    client = verified_client(corporation_officer)

    with django_assert_max_num_queries(20):
        response = client.get("/signalen/routering/")

    assert response.status_code == 200
    rules = response.context["overview"].rules
    assert [rule.name for rule in rules] == ["Burenoverlast in de buurt", "Alles naar het wijkteam"]
    body = response.content.decode()
    assert str(nuisance) in body
    assert "Bewoner over een buur" in body
    main = SignalCategory.objects.get(code="zorg-welzijn")
    categories = dict(response.context["overview"].categories)
    assert [sub.code for sub in categories[main]][:2] == ["eenzaamheid", "zelfverwaarlozing"]
    assert "Wijzigingen worden gedaan door de beheerders van het platform." in body


def test_a_platform_administrator_gets_the_link_to_the_admin(verified_client, wijkteam):
    from wijkverband.organisations.constants import Role
    from wijkverband.organisations.models import Membership

    admin = User.objects.create_superuser(username="beheer", password="x" * 20, email="b@example.org")
    Membership.objects.create(user=admin, organisation=wijkteam, role=Role.FUNCTIONAL_ADMIN)

    body = verified_client(admin).get("/signalen/routering/").content.decode()

    assert 'href="/beheer/signals/"' in body
