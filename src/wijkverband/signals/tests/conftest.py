"""Signals personas on top of the shared ones (wijkcoach, coordinator, corporation_officer, outsider).

- ``team``: "Wijkteam Ruwaard – signalen" of the wijkteam, with the wijkcoach and the coordinator as
  members and the coordinator as its coordinator;
- ``known_postcodes``: 5344 and 5345 (Oss) belong to the test neighbourhood;
- ``catch_all``: one routing rule sending everything to that team;
- ``creditor``: the housing corporation registered as signal partner; its officer delivers batches.
"""

from __future__ import annotations

import pytest

from wijkverband.organisations.models import Membership
from wijkverband.signals.constants import TeamKind
from wijkverband.signals.models import PostcodeArea, RoutingRule, SignalCategory, SignalPartner, Team, TeamMember


@pytest.fixture
def team(wijkteam, wijkcoach, coordinator) -> Team:
    coordinator_membership = Membership.objects.get(user=coordinator, organisation=wijkteam)
    team = Team.objects.create(
        organisation=wijkteam,
        name="Wijkteam Ruwaard – signalen",
        kind=TeamKind.NEIGHBOURHOOD_TEAM,
        coordinator=coordinator_membership,
    )
    for user in (wijkcoach, coordinator):
        TeamMember.objects.create(team=team, membership=Membership.objects.get(user=user, organisation=wijkteam))
    return team


@pytest.fixture
def known_postcodes(neighbourhood) -> list[PostcodeArea]:
    return [
        PostcodeArea.objects.create(pc4=pc4, municipality=neighbourhood.municipality, neighbourhood=neighbourhood)
        for pc4 in ("5344", "5345")
    ]


@pytest.fixture
def catch_all(team, known_postcodes) -> RoutingRule:
    return RoutingRule.objects.create(order=1000, name="Alles naar het wijkteam", team=team)


@pytest.fixture
def creditor(corporation, neighbourhood, corporation_officer) -> SignalPartner:
    return SignalPartner.objects.create(organisation=corporation, municipality=neighbourhood.municipality)


@pytest.fixture
def loneliness() -> SignalCategory:
    return SignalCategory.objects.get(code="eenzaamheid")


@pytest.fixture
def nuisance() -> SignalCategory:
    return SignalCategory.objects.get(code="overlast-geluid")
