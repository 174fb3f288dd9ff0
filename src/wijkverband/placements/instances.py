"""From the database to the matcher and back: builds a ``matching.Instance`` for one coalition.

The matcher is pure (``matching.py``); this module is the only place that knows both sides:
- clients are the coalition's complete applications with a profile (care organisation in the coalition);
- homes are the available offers of corporations in the coalition, open on the run's day;
- traffic lights come from ``wijkfoto.selectors.capacity_for`` per buurt; a buurt without data keeps the
  matcher's default (``Rules.unknown_buurt_cap``, 0: no placement until a person has assessed it) and is
  listed in ``defaults_used`` so the run page can show it;
- complex and portiek caps come from traffic lights at those levels when the coalition has them
  (``level_caps``); otherwise the matcher's rule caps apply, lowered by the recent placements (last 12
  months) per complex and portiek;
- framework agreements (raamafspraken) become soft corporation quotas (``agreements.quotas.remaining_quota``);
- overridden proposals are left out of the candidate graph, so a re-run never proposes them again.
Reads for system processing: no access check here; the service that calls it checks the policy.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from wijkverband.agreements.models import FrameworkAgreement
from wijkverband.agreements.quotas import remaining_quota
from wijkverband.organisations.models import Coalition
from wijkverband.wijkfoto.constants import TrafficLightLevel
from wijkverband.wijkfoto.models import TrafficLightConfig
from wijkverband.wijkfoto.selectors import capacity_for

from . import matching
from .constants import ApplicationStatus, OfferStatus, PlacementStatus, ProposalStatus, SupportIntensity
from .models import DwellingOffer, MatchProposal, OutflowApplication, Placement, WooncirkelCore

# Per placement above a framework agreement's share: far below one housed client (weights.housed),
# so a quota never keeps someone from a home, but above any difference in fit.
QUOTA_PENALTY = 150.0
RECENT_DAYS = 365


@dataclass
class Built:
    instance: matching.Instance
    applications: dict[str, OutflowApplication]  # client id (application uuid) → application
    offers: dict[str, DwellingOffer]  # home id (BAG id) → offer
    defaults_used: list[dict[str, object]] = field(default_factory=list)
    excluded_pairs: set[tuple[str, str]] = field(default_factory=set)


def _support(intensity: str, needs_core: bool) -> str:
    # The matcher's "high" is the hard rule "near a wooncirkel core or a care team".
    if needs_core or intensity == SupportIntensity.HIGH:
        return matching.SUPPORT_HIGH
    return matching.SUPPORT_MID if intensity == SupportIntensity.MID else matching.SUPPORT_LOW


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); as the crow flies, which is close enough at 3 km."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _core_distance(offer: DwellingOffer, cores: Iterable[WooncirkelCore]) -> float | None:
    if offer.latitude is None or offer.longitude is None:
        return None
    distances = [distance_km(offer.latitude, offer.longitude, c.latitude, c.longitude) for c in cores]
    return round(min(distances), 3) if distances else None


def complex_key(offer: DwellingOffer) -> str | None:
    # Corporations number complexes themselves: prefix with the buurt so two corporations never collide.
    return f"{offer.neighbourhood.code}:{offer.complex_code}" if offer.complex_code else None


def stairwell_key(offer: DwellingOffer) -> str | None:
    if not (offer.complex_code and offer.stairwell_code):
        return None
    return f"{offer.neighbourhood.code}:{offer.complex_code}:{offer.stairwell_code}"


def client_for(application: OutflowApplication, region: str) -> matching.Client:
    profile = application.profile
    return matching.Client(
        id=str(application.uuid),
        household_size=profile.household_size,
        origin_municipality=profile.origin_municipality.code,
        max_rent=float(profile.max_rent),
        registered_on=application.complete_on or application.created_at.date(),
        access_need=profile.access_need,
        support=_support(profile.support_intensity, profile.needs_core_nearby),
        wished_areas=frozenset(profile.wished_areas or ()),
        wishes_are_hard=profile.wishes_are_hard,
        excluded_areas=frozenset(profile.excluded_areas or ()),
        network_areas=frozenset(profile.network_areas or ()),
        region=region,
    )


def home_for(offer: DwellingOffer, cores: Iterable[WooncirkelCore], region: str) -> matching.Home:
    neighbourhood = offer.neighbourhood
    return matching.Home(
        id=offer.bag_id,
        corporation=str(offer.corporation.uuid),
        buurt=neighbourhood.code,
        wijk=neighbourhood.district.code,
        gemeente=neighbourhood.district.municipality.code,
        rooms=offer.rooms,
        rent=float(offer.rent),
        access_level=offer.access_level,
        portiek=stairwell_key(offer),
        complex=complex_key(offer),
        core_distance_km=_core_distance(offer, cores),
        care_team=offer.care_team_nearby,
        region=region,
    )


def matchable_applications(coalition: Coalition) -> list[OutflowApplication]:
    return list(
        OutflowApplication.objects.filter(
            care_organisation__coalitions=coalition,
            status__in=[ApplicationStatus.COMPLETE, ApplicationStatus.PROPOSED],
            profile__isnull=False,
        )
        .select_related("profile__origin_municipality", "resident")
        .order_by("complete_on", "created_at")
        .distinct()
    )


def available_offers(coalition: Coalition, today: date) -> list[DwellingOffer]:
    return list(
        DwellingOffer.objects.filter(
            corporation__coalitions=coalition,
            status=OfferStatus.AVAILABLE,
            offered_until__gte=today,
        )
        .select_related("neighbourhood__district__municipality", "corporation")
        .order_by("bag_id")
        .distinct()
    )


def recent_placements(today: date) -> dict[tuple[str, str], int]:
    """Accepted placements of the last 12 months per complex and portiek (buurt lights already count them)."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    placements = Placement.objects.filter(
        status=PlacementStatus.ACCEPTED, answered_on__gte=today - timedelta(days=RECENT_DAYS)
    ).select_related("offer__neighbourhood")
    for placement in placements:
        for level, key in (("complex", complex_key(placement.offer)), ("portiek", stairwell_key(placement.offer))):
            if key:
                counts[(level, key)] += 1
    return dict(counts)


def level_caps(
    offers: list[DwellingOffer], *, coalition: Coalition, today: date, rules: matching.Rules
) -> tuple[dict[tuple[str, str], int], list[dict[str, object]]]:
    """Caps per complex and portiek from traffic lights the coalition judges at those levels.

    Only when the coalition has such a light (one query otherwise): ``capacity_for`` answers from the most
    specific level with an active light. A light at the level without figures for this complex or portiek
    answers "unknown": the rule's cap stays and the default is listed, as for a buurt without data."""
    active = TrafficLightConfig.objects.filter(
        coalition=coalition, is_active=True, level__in=[TrafficLightLevel.COMPLEX, TrafficLightLevel.STAIRWELL]
    ).exists()
    if not active:
        return {}, []
    caps: dict[tuple[str, str], int] = {}
    defaults: list[dict[str, object]] = []
    asked: set[tuple[str, str, str]] = set()
    for offer in offers:
        code = offer.neighbourhood.code
        wanted = [("complex", offer.complex_code, ""), ("portiek", offer.complex_code, offer.stairwell_code)]
        for level, complex_code, stairwell_code in wanted:
            key = complex_key(offer) if level == "complex" else stairwell_key(offer)
            if key is None or (level, code, key) in asked:
                continue
            asked.add((level, code, key))
            expected = TrafficLightLevel.COMPLEX if level == "complex" else TrafficLightLevel.STAIRWELL
            try:
                capacity = capacity_for(
                    code,
                    coalition=coalition,
                    on=today,
                    complex_code=complex_code,
                    stairwell_code=stairwell_code or None,
                )
            except ValueError:  # an id the traffic light cannot name: the rule's cap stays
                capacity = None
            if capacity is None or capacity.level != expected:
                continue  # no light at this level: the rule's cap stays (the buurt light still counts)
            if capacity.colour == matching.RED:
                caps[(level, key)] = 0  # red closes it, whether or not the number of homes is known
            elif capacity.colour in matching.COLOURS and capacity.capacity is not None:
                caps[(level, key)] = capacity.capacity
            else:
                rule_cap = rules.complex_cap if level == "complex" else rules.portiek_cap
                defaults.append({"buurt": code, "level": level, "area": key, "capacity": rule_cap})
    return caps, defaults


def build(
    *,
    coalition: Coalition,
    today: date,
    framework_agreement: FrameworkAgreement | None = None,
    weights: matching.Weights | None = None,
    rules: matching.Rules | None = None,
) -> Built:
    region = str(coalition.uuid)
    weights = weights or matching.Weights()
    rules = rules or matching.Rules()
    applications = matchable_applications(coalition)
    offers = available_offers(coalition, today)
    cores = list(WooncirkelCore.objects.filter(coalition=coalition, is_active=True))
    lights: dict[str, matching.TrafficLight] = {}
    defaults: list[dict[str, object]] = []
    for code in sorted({offer.neighbourhood.code for offer in offers}):
        capacity = capacity_for(code, coalition=coalition, on=today)
        colour = capacity.colour if capacity.colour in matching.COLOURS else matching.UNKNOWN
        if colour == matching.UNKNOWN or capacity.capacity is None:
            defaults.append({"buurt": code, "capacity": rules.unknown_buurt_cap})
            lights[code] = matching.TrafficLight(matching.UNKNOWN, None)
        else:
            lights[code] = matching.TrafficLight(colour, capacity.capacity)
    light_caps, level_defaults = level_caps(offers, coalition=coalition, today=today, rules=rules)
    defaults.extend(level_defaults)
    quotas: list[matching.SoftQuota] = []
    if framework_agreement is not None:
        for corporation in {offer.corporation for offer in offers}:
            left = remaining_quota(agreement=framework_agreement, organisation=corporation, year=today.year)
            quotas.append(matching.SoftQuota(matching.CORPORATION, str(corporation.uuid), left, QUOTA_PENALTY))
    overridden = MatchProposal.objects.filter(
        application__in=applications, status=ProposalStatus.OVERRIDDEN
    ).values_list("application__uuid", "offer__bag_id")
    instance = matching.Instance(
        clients=tuple(client_for(a, region) for a in applications),
        homes=tuple(home_for(o, cores, region) for o in offers),
        today=today,
        lights=lights,
        recent=recent_placements(today),
        light_caps=light_caps,
        quotas=tuple(sorted(quotas, key=lambda q: q.key)),
        weights=weights,
        rules=rules,
    )
    return Built(
        instance=instance,
        applications={str(a.uuid): a for a in applications},
        offers={o.bag_id: o for o in offers},
        defaults_used=defaults,
        excluded_pairs={(str(app), bag) for app, bag in overridden},
    )


def graph_without(graph: matching.CandidateGraph, excluded: set[tuple[str, str]]) -> matching.CandidateGraph:
    """The candidate graph minus pairs a coordinator overrode (client id, home id)."""
    if not excluded:
        return graph
    instance = graph.instance
    pairs: list[tuple[int, int]] = []
    values: list[float] = []
    by_client: list[list[int]] = [[] for _ in instance.clients]
    for (i, j), value in zip(graph.pairs, graph.values, strict=True):
        if (instance.clients[i].id, instance.homes[j].id) in excluded:
            continue
        by_client[i].append(len(pairs))
        pairs.append((i, j))
        values.append(value)
    return matching.CandidateGraph(
        instance=instance,
        pairs=pairs,
        values=values,
        by_client=by_client,
        home_index=graph.home_index,
        client_index=graph.client_index,
        complete=False,
    )
