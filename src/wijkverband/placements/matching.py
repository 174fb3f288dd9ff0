"""Placement matcher for uitstroom: clients from protected living or a shelter to offered social homes.

Pure Python (no Django, no ORM): plain dataclasses in, plain dataclasses out, following
``shared/docs/matching.md`` §3. The Django layer reads traffic lights (``wijkfoto.selectors.capacity_for``)
and framework agreements (``agreements.quotas.remaining_quota``), builds an :class:`Instance`, calls
:func:`solve`, stores the result with ``weights.version`` and shows :func:`explain` through its own
translations (or :func:`explain_nl` directly).

The model (weighted bipartite b-matching with side constraints):

- A pair (client, home) exists only if every hard criterion holds (:func:`ineligibility` gives the
  reasons when not): occupancy norm, accessibility, rent within the client's passend-toewijzen limit,
  high support only within ``rules.core_radius_km`` of a wooncirkel core (or with a care team), the
  buurt not red and with traffic-light data, no excluded area, the client's hard wishes, same region.
- One home per client, one client per home.
- Caps on the nested groups portiek ⊂ complex ⊂ buurt ⊂ wijk ⊂ gemeente (the draagkracht cap: the
  traffic-light capacity minus recent placements). Hard.
- Framework agreements (raamafspraken) as soft quotas with a penalty per placement above the limit,
  per gemeente (laminar, stays a flow) and per corporation (crosses the neighbourhoods).
- Objective: maximise Σ (W + fit + urgency) − penalties. W (``weights.housed``) dominates so that housing
  one more client wins; fit is the transparent score of :func:`score_parts`; urgency rises linearly to
  ``weights.urgency`` at the 90-day target and stays there (capped, so a backlog cannot absorb all homes).

Solving (:func:`solve`) is HiGHS (highspy) in *flow form*: every pair is an arc client → home, every
home an arc to its lowest capped group, every group an arc to its parent. Each pair variable then has
two non-zeros instead of one per group, which made HiGHS 9–12× faster than the row form. With only
laminar caps and quotas the matrix is a network matrix, so the simplex vertex is integral; corporation
quotas can make it fractional, and then we (1) price the quotas with their LP duals and solve the flow
again (integral, Lagrangian), (2) run the MILP from the best integral solution with the remaining time
limit, and report the best feasible solution with its gap to the bound. Independent regions are solved
as separate components. :func:`fcfs` is the first-come-first-served baseline and :func:`lp_bound` the
relaxation used for the quality ratio. OR-Tools is never imported: it cannot share a process with highspy.

Explanations (:func:`explain`) are structured: :class:`Reason` codes with parameters, so the Django layer
can translate them; :func:`explain_nl` renders them in Dutch with the texts in ``_NL``.
"""

from __future__ import annotations

import bisect
import itertools
import math
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

LEVELS = ("portiek", "complex", "buurt", "wijk", "gemeente")
CORPORATION = "corporation"

SUPPORT_LOW = "low"
SUPPORT_MID = "mid"
SUPPORT_HIGH = "high"
SUPPORTS = (SUPPORT_LOW, SUPPORT_MID, SUPPORT_HIGH)

ACCESS_NONE = 0  # no requirement / ordinary home
ACCESS_STEP_FREE = 1  # gelijkvloers or with a lift
ACCESS_WHEELCHAIR = 2  # rolstoelwoning

GREEN, ORANGE, RED, UNKNOWN = "green", "orange", "red", "unknown"
COLOURS = (GREEN, ORANGE, RED, UNKNOWN)

_EPS = 1e-6


# --- input ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Client:
    """A client's housing-need profile, as far as the matcher needs it (no health notes)."""

    id: str
    household_size: int
    origin_municipality: str  # CBS code of the gemeente of origin; return to origin is the default
    max_rent: float  # passend toewijzen: the rent limit that follows from income and household
    registered_on: date  # complete application; the 90-day target counts from here
    access_need: int = ACCESS_NONE
    support: str = SUPPORT_LOW
    wished_areas: frozenset[str] = frozenset()  # buurt, wijk or gemeente codes
    wishes_are_hard: bool = False  # only homes in a wished area
    excluded_areas: frozenset[str] = frozenset()  # buurt, wijk or gemeente codes (e.g. old network, danger)
    network_areas: frozenset[str] = frozenset()  # where family or a supporting network lives
    region: str = ""  # the matching region (Transferpunt); homes of another region are never offered


@dataclass(frozen=True, slots=True)
class Home:
    """An offered home. ``id`` is the BAG verblijfsobject id; portiek and complex are optional."""

    id: str
    corporation: str
    buurt: str
    wijk: str
    gemeente: str
    rooms: int
    rent: float
    access_level: int = ACCESS_NONE
    portiek: str | None = None
    complex: str | None = None
    core_distance_km: float | None = None  # to the nearest wooncirkel core; None = unknown
    care_team: bool = False  # a care team covers the address (alternative to a nearby core)
    region: str = ""

    def areas(self) -> tuple[str, str, str]:
        return (self.buurt, self.wijk, self.gemeente)

    def path(self) -> list[tuple[str, str]]:
        """The home's groups from the smallest (portiek) to the largest (gemeente)."""
        groups: list[tuple[str, str]] = []
        if self.portiek:
            groups.append(("portiek", self.portiek))
        if self.complex:
            groups.append(("complex", self.complex))
        groups += [("buurt", self.buurt), ("wijk", self.wijk), ("gemeente", self.gemeente)]
        return groups


@dataclass(frozen=True, slots=True)
class TrafficLight:
    """A buurt's traffic light as ``wijkfoto.selectors.capacity_for`` returns it.

    ``capacity`` is already the 12-month limit minus the placements so far; None means "cannot be
    said", which the matcher treats like an unknown colour (``rules.unknown_buurt_cap``), never as unlimited.
    """

    colour: str
    capacity: int | None


@dataclass(frozen=True, slots=True)
class SoftQuota:
    """A framework agreement (raamafspraak) share: at most ``limit`` placements, ``penalty`` per one more.

    ``level`` is "corporation" (crosses neighbourhoods) or a group level such as "gemeente" (laminar;
    on a buurt it works as a spreading penalty). ``limit`` is the agreed amount minus what was delivered.
    """

    level: str
    key: str
    limit: int
    penalty: float


@dataclass(frozen=True, slots=True)
class Weights:
    """The objective's weights. Policy, set with the coordinators: every match records ``version``."""

    version: str = "2026.1"
    housed: float = 1000.0  # per client housed; dominates the fit (max 100) plus urgency (max 24)
    origin: float = 35.0  # home in the gemeente of origin
    size: float = 15.0  # rooms exactly the ideal for the household
    rent_margin: float = 10.0  # full points at 20% under the rent limit
    core: float = 20.0  # at the core; linearly less up to ``core_reach_km``
    core_reach_km: float = 5.0
    wish: float = 10.0  # in a wished area
    network: float = 10.0  # near the client's network
    urgency: float = 24.0  # reached at ``target_days`` after registration, then capped
    target_days: int = 90


@dataclass(frozen=True, slots=True)
class Rules:
    """Hard policy: what makes a pair ineligible and the default caps."""

    version: str = "2026.1"
    core_radius_km: float = 2.75  # ~10 minutes cycling
    portiek_cap: int = 1
    complex_cap: int = 2
    # A buurt without traffic-light data: 0 = do not place there until a person has assessed it.
    unknown_buurt_cap: int = 0


@dataclass(frozen=True)
class Instance:
    """One matching batch (a region, or several independent regions)."""

    clients: tuple[Client, ...]
    homes: tuple[Home, ...]
    today: date
    lights: Mapping[str, TrafficLight] = field(default_factory=dict)  # buurt code → light
    # Placements in the last 12 months per (level, code), subtracted from the portiek/complex/wijk/gemeente
    # caps; buurt capacities from the traffic light already include them.
    recent: Mapping[tuple[str, str], int] = field(default_factory=dict)
    extra_caps: Mapping[tuple[str, str], int] = field(default_factory=dict)  # e.g. ("wijk", code) → cap
    # Portiek/complex caps from a traffic light judged at that level (``capacity_for``): already net of
    # the placements in its figures, so ``recent`` is not subtracted again; replaces the rule's cap.
    light_caps: Mapping[tuple[str, str], int] = field(default_factory=dict)
    quotas: tuple[SoftQuota, ...] = ()
    weights: Weights = field(default_factory=Weights)
    rules: Rules = field(default_factory=Rules)


@dataclass(frozen=True)
class Reason:
    """A structured reason: ``code`` plus parameters. Texts live in the presentation layer (``_NL``)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


class InstanceError(ValueError):
    """Input the matcher refuses (duplicate BAG ids, contradictory hierarchy, …); nothing is solved."""

    def __init__(self, issues: Sequence[Reason]) -> None:
        self.issues = tuple(issues)
        super().__init__("; ".join(reason_nl(issue) for issue in self.issues))


# --- validation -------------------------------------------------------------------------------------


def validate(instance: Instance) -> None:
    """Raise :class:`InstanceError` with every problem found; a run never starts on bad input."""
    issues: list[Reason] = []
    seen_homes: set[str] = set()
    for home in instance.homes:
        if home.id in seen_homes:
            issues.append(Reason("duplicate_bag_id", {"home": home.id}))
        seen_homes.add(home.id)
        if home.rooms < 1 or home.rent <= 0:
            issues.append(Reason("home_invalid", {"home": home.id}))
    seen_clients: set[str] = set()
    for client in instance.clients:
        if client.id in seen_clients:
            issues.append(Reason("duplicate_client", {"client": client.id}))
        seen_clients.add(client.id)
        if client.household_size < 1 or client.max_rent <= 0 or client.support not in SUPPORTS:
            issues.append(Reason("client_invalid", {"client": client.id}))
    # The caps are laminar only if every group has one parent; a portiek in two complexes is a data error.
    parent: dict[tuple[str, str], tuple[str, str]] = {}
    for home in instance.homes:
        path = home.path()
        for child, up in zip(path, path[1:], strict=False):
            known = parent.setdefault(child, up)
            if known != up:
                issues.append(
                    Reason("hierarchy_conflict", {"level": child[0], "code": child[1], "a": known[1], "b": up[1]})
                )
    for buurt, light in instance.lights.items():
        if light.colour not in COLOURS or (light.capacity is not None and light.capacity < 0):
            issues.append(Reason("light_invalid", {"buurt": buurt}))
    issues += [
        Reason("quota_invalid", {"level": quota.level, "key": quota.key})
        for quota in instance.quotas
        if quota.limit < 0 or quota.penalty < 0 or quota.level not in (*LEVELS, CORPORATION)
    ]
    if instance.weights.housed <= 0:
        issues.append(Reason("weights_invalid", {}))
    if issues:
        # One message per distinct problem, in a stable order.
        unique = {(i.code, tuple(sorted(i.params.items()))): i for i in issues}
        raise InstanceError(list(unique.values()))


# --- eligibility and score --------------------------------------------------------------------------


def rooms_range(household_size: int) -> tuple[int, int]:
    """Occupancy norm: at least one room per person, at most two rooms more (no under-occupation)."""
    return max(1, household_size), household_size + 2


def ideal_rooms(household_size: int) -> int:
    """A bedroom per person plus a living room, capped at five rooms."""
    return min(household_size + 1, 5)


def light_for(instance: Instance, buurt: str) -> TrafficLight:
    return instance.lights.get(buurt, TrafficLight(UNKNOWN, None))


def _near_core(home: Home, rules: Rules) -> bool:
    near = home.core_distance_km is not None and home.core_distance_km <= rules.core_radius_km
    return near or home.care_team


def ineligibility(instance: Instance, client: Client, home: Home) -> tuple[Reason, ...]:
    """Every hard criterion the pair fails; empty when the pair is eligible."""
    reasons: list[Reason] = []
    low, high = rooms_range(client.household_size)
    if client.region != home.region:
        reasons.append(Reason("other_region", {"region": home.region}))
    if home.rooms < low:
        reasons.append(Reason("rooms_too_few", {"rooms": home.rooms, "minimum": low}))
    elif home.rooms > high:
        reasons.append(Reason("rooms_too_many", {"rooms": home.rooms, "maximum": high}))
    if home.access_level < client.access_need:
        reasons.append(Reason("access", {"needed": client.access_need, "level": home.access_level}))
    if home.rent > client.max_rent:
        reasons.append(Reason("rent", {"rent": home.rent, "max_rent": client.max_rent}))
    if client.support == SUPPORT_HIGH and not _near_core(home, instance.rules):
        reasons.append(
            Reason("support_far", {"distance_km": home.core_distance_km, "radius_km": instance.rules.core_radius_km})
        )
    colour = light_for(instance, home.buurt).colour
    if colour == RED:
        reasons.append(Reason("buurt_red", {"buurt": home.buurt}))
    elif colour == UNKNOWN and instance.rules.unknown_buurt_cap <= 0:
        reasons.append(Reason("buurt_unknown", {"buurt": home.buurt}))
    excluded = [area for area in home.areas() if area in client.excluded_areas]
    if excluded:
        reasons.append(Reason("excluded_area", {"area": excluded[0]}))
    if client.wishes_are_hard and not any(area in client.wished_areas for area in home.areas()):
        reasons.append(Reason("not_wished", {"buurt": home.buurt}))
    return tuple(reasons)


def criteria_met(instance: Instance, client: Client, home: Home) -> tuple[Reason, ...]:
    """The checklist of an eligible pair: each hard criterion with the figures that meet it."""
    low, high = rooms_range(client.household_size)
    light = light_for(instance, home.buurt)
    met = [
        Reason("ok_rooms", {"rooms": home.rooms, "minimum": low, "maximum": high}),
        Reason("ok_access", {"needed": client.access_need, "level": home.access_level}),
        Reason("ok_rent", {"rent": home.rent, "max_rent": client.max_rent}),
        Reason("ok_buurt", {"buurt": home.buurt, "colour": light.colour}),
        Reason("ok_not_excluded", {}),
    ]
    if client.support == SUPPORT_HIGH:
        met.append(Reason("ok_support", {"distance_km": home.core_distance_km, "care_team": home.care_team}))
    if client.wishes_are_hard:
        met.append(Reason("ok_wish", {}))
    return tuple(met)


def urgency(client: Client, weights: Weights, today: date) -> float:
    """Rises linearly from 0 at registration to ``weights.urgency`` at the target, then stays (capped)."""
    waited = max(0, (today - client.registered_on).days)
    return weights.urgency * min(1.0, waited / weights.target_days)


def score_parts(client: Client, home: Home, weights: Weights) -> list[tuple[str, float]]:
    """The fit f_ij as named parts with their points (only the parts that score)."""
    parts: list[tuple[str, float]] = []
    if home.gemeente == client.origin_municipality:
        parts.append(("origin", weights.origin))
    if home.rooms == ideal_rooms(client.household_size):
        parts.append(("size", weights.size))
    margin = (client.max_rent - home.rent) / (0.2 * client.max_rent)
    if margin > 0:
        parts.append(("rent_margin", weights.rent_margin * min(1.0, margin)))
    if home.core_distance_km is not None and home.core_distance_km < weights.core_reach_km:
        parts.append(("core", weights.core * (1.0 - home.core_distance_km / weights.core_reach_km)))
    areas = home.areas()
    if any(area in client.wished_areas for area in areas):
        parts.append(("wish", weights.wish))
    if any(area in client.network_areas for area in areas):
        parts.append(("network", weights.network))
    return parts


def pair_value(instance: Instance, client: Client, home: Home) -> float:
    """Fit plus urgency: what the pair adds on top of ``weights.housed``."""
    return sum(p for _, p in score_parts(client, home, instance.weights)) + urgency(
        client, instance.weights, instance.today
    )


# --- caps -------------------------------------------------------------------------------------------


def group_caps(instance: Instance) -> dict[tuple[str, str], int | None]:
    """Hard cap per group that occurs among the offered homes (None = no cap).

    portiek/complex: the traffic light's capacity at that level when there is one (``light_caps``), else
    the rule's cap minus recent placements; buurt: the traffic light's capacity
    (already net of the last 12 months); 0 for red; ``rules.unknown_buurt_cap`` without data;
    wijk/gemeente: ``extra_caps`` minus recent placements when given.
    """
    rules = instance.rules
    caps: dict[tuple[str, str], int | None] = {}
    for home in instance.homes:
        for group in home.path():
            if group in caps:
                continue
            level, code = group
            recent = instance.recent.get(group, 0)
            if level in ("portiek", "complex") and group in instance.light_caps:
                caps[group] = max(0, instance.light_caps[group])
            elif level == "portiek":
                caps[group] = max(0, rules.portiek_cap - recent)
            elif level == "complex":
                caps[group] = max(0, rules.complex_cap - recent)
            elif level == "buurt":
                light = light_for(instance, code)
                if light.colour == RED:
                    caps[group] = 0
                elif light.colour == UNKNOWN or light.capacity is None:
                    caps[group] = rules.unknown_buurt_cap
                else:
                    caps[group] = light.capacity
            elif group in instance.extra_caps:
                caps[group] = max(0, instance.extra_caps[group] - recent)
            else:
                caps[group] = None
    return caps


# --- candidate graph --------------------------------------------------------------------------------


@dataclass
class CandidateGraph:
    """The eligible pairs considered: ``pairs[p] = (client index, home index)`` with ``values[p]``."""

    instance: Instance
    pairs: list[tuple[int, int]]
    values: list[float]
    by_client: list[list[int]]
    home_index: dict[str, int]
    client_index: dict[str, int]
    complete: bool  # every eligible pair is in the graph (no pruning)
    # The same pairs as numpy columns, filled by candidates() or on first use (a graph built by hand).
    _columns: _PairColumns | None = field(default=None, init=False, repr=False, compare=False)


class _PairColumns:
    """``pairs``/``values`` of a graph as arrays, so the solver never loops over pairs in Python."""

    def __init__(
        self,
        graph: CandidateGraph,
        client: IntArray | None = None,
        home: IntArray | None = None,
        value: FloatArray | None = None,
    ) -> None:
        n = len(graph.pairs)
        if client is None or home is None:
            flat = np.fromiter(itertools.chain.from_iterable(graph.pairs), dtype=np.int64, count=2 * n)
            client, home = flat[0::2], flat[1::2]
        self.n = n
        self.client = client
        self.home = home
        self.value = np.asarray(graph.values, dtype=np.float64) if value is None else value
        self._client_rank: IntArray | None = None
        self._home_rank: IntArray | None = None
        self.graph = graph

    def fcfs_keys(self) -> tuple[IntArray, IntArray]:
        """Rank of each client by (registered on, id) and of each home by BAG id: the FCFS order's keys."""
        if self._client_rank is None or self._home_rank is None:
            instance = self.graph.instance
            clients = sorted(
                range(len(instance.clients)), key=lambda i: (instance.clients[i].registered_on, instance.clients[i].id)
            )
            homes = sorted(range(len(instance.homes)), key=lambda j: instance.homes[j].id)
            self._client_rank = np.empty(len(clients), dtype=np.int64)
            self._client_rank[np.asarray(clients, dtype=np.int64)] = np.arange(len(clients))
            self._home_rank = np.empty(len(homes), dtype=np.int64)
            self._home_rank[np.asarray(homes, dtype=np.int64)] = np.arange(len(homes))
        return self._client_rank, self._home_rank


def _columns(graph: CandidateGraph) -> _PairColumns:
    cols = graph._columns
    if cols is None or cols.n != len(graph.pairs) or cols.graph is not graph:
        cols = graph._columns = _PairColumns(graph)
    return cols


def _bucket_key(region: str, gemeente: str, rooms: int, access: int, near: bool) -> tuple[str, str, int, int, bool]:
    return (region, gemeente, rooms, access, near)


class HomeIndex:
    """Offered homes by (region, gemeente, rooms, access level, near a core), each bucket sorted by rent.

    Homes in red or unknown buurten are left out: they are never eligible. A client's candidates are read
    from the buckets its profile allows (and a rent prefix by bisection), never from an N×M scan.
    """

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        buckets: dict[tuple[str, str, int, int, bool], list[int]] = defaultdict(list)
        self.gemeenten: dict[str, set[str]] = defaultdict(set)
        self.max_rooms = 0
        for j, home in enumerate(instance.homes):
            self.gemeenten[home.region].add(home.gemeente)
            colour = light_for(instance, home.buurt).colour
            if colour == RED or (colour == UNKNOWN and instance.rules.unknown_buurt_cap <= 0):
                continue
            key = _bucket_key(
                home.region, home.gemeente, home.rooms, home.access_level, _near_core(home, instance.rules)
            )
            buckets[key].append(j)
            self.max_rooms = max(self.max_rooms, home.rooms)
        homes = instance.homes
        self.buckets = {k: sorted(v, key=lambda j: homes[j].rent) for k, v in buckets.items()}
        self.rents = {k: [homes[j].rent for j in v] for k, v in self.buckets.items()}
        self._eligible: dict[tuple[object, ...], IntArray] = {}

    def prefixes(self, client: Client) -> list[tuple[list[int], int]]:
        """(bucket, number of homes within the rent limit) for every bucket the profile allows."""
        low, high = rooms_range(client.household_size)
        near_options = (True,) if client.support == SUPPORT_HIGH else (True, False)
        out: list[tuple[list[int], int]] = []
        for gemeente in sorted(self.gemeenten.get(client.region, ())):
            if gemeente in client.excluded_areas:
                continue
            for rooms in range(low, min(high, self.max_rooms) + 1):
                for access in range(client.access_need, ACCESS_WHEELCHAIR + 1):
                    for near in near_options:
                        key = _bucket_key(client.region, gemeente, rooms, access, near)
                        bucket = self.buckets.get(key)
                        if bucket:
                            count = bisect.bisect_right(self.rents[key], client.max_rent)
                            if count:
                                out.append((bucket, count))
        return out

    def eligible(self, client: Client) -> IntArray:
        """The homes of :meth:`prefixes` as one ascending array, shared by every client with the same profile
        keys (region, household, access, high support, rent limit, excluded gemeenten)."""
        excluded = frozenset(client.excluded_areas & self.gemeenten.get(client.region, set()))
        key = (
            client.region,
            client.household_size,
            client.access_need,
            client.support == SUPPORT_HIGH,
            client.max_rent,
            excluded,
        )
        found = self._eligible.get(key)
        if found is None:
            parts = [bucket[:count] for bucket, count in self.prefixes(client)]
            found = np.sort(np.fromiter(itertools.chain.from_iterable(parts), dtype=np.int64))
            self._eligible[key] = found
        return found


class _HomeColumns:
    """Per-home arrays for scoring many pairs at once: the same arithmetic as :func:`score_parts`, in the
    same order of addition, so a pair's value is bit for bit the one :func:`pair_value` gives."""

    def __init__(self, instance: Instance) -> None:
        homes = instance.homes
        weights = instance.weights
        self.codes: dict[str, int] = {}
        code = self.codes.setdefault
        self.buurt = np.fromiter((code(h.buurt, len(self.codes)) for h in homes), dtype=np.int64, count=len(homes))
        self.wijk = np.fromiter((code(h.wijk, len(self.codes)) for h in homes), dtype=np.int64, count=len(homes))
        self.gemeente = np.fromiter(
            (code(h.gemeente, len(self.codes)) for h in homes), dtype=np.int64, count=len(homes)
        )
        self.rooms = np.fromiter((h.rooms for h in homes), dtype=np.int64, count=len(homes))
        self.rent = np.fromiter((h.rent for h in homes), dtype=np.float64, count=len(homes))
        self.core = np.fromiter(
            (
                weights.core * (1.0 - h.core_distance_km / weights.core_reach_km)
                if h.core_distance_km is not None and h.core_distance_km < weights.core_reach_km
                else 0.0
                for h in homes
            ),
            dtype=np.float64,
            count=len(homes),
        )

    def in_areas(self, js: IntArray, areas: frozenset[str], *, gemeente: bool = True) -> BoolArray:
        """Which of the homes ``js`` lie in one of ``areas`` (buurt, wijk or gemeente codes)."""
        found = np.zeros(len(js), dtype=bool)
        for area in areas:
            c = self.codes.get(area)
            if c is None:
                continue
            found |= self.buurt[js] == c
            found |= self.wijk[js] == c
            if gemeente:
                found |= self.gemeente[js] == c
        return found

    def values(self, client: Client, js: IntArray, weights: Weights, boost: float) -> FloatArray:
        """Fit plus urgency of ``client`` with each home in ``js`` (see :func:`score_parts`)."""
        origin = self.codes.get(client.origin_municipality, -1)
        value = np.where(self.gemeente[js] == origin, weights.origin, 0.0)
        value += np.where(self.rooms[js] == ideal_rooms(client.household_size), weights.size, 0.0)
        margin = (client.max_rent - self.rent[js]) / (0.2 * client.max_rent)
        value += np.where(margin > 0, weights.rent_margin * np.minimum(1.0, margin), 0.0)
        value += self.core[js]
        if client.wished_areas:
            value += np.where(self.in_areas(js, client.wished_areas), weights.wish, 0.0)
        if client.network_areas:
            value += np.where(self.in_areas(js, client.network_areas), weights.network, 0.0)
        value += boost
        return value


def candidates(instance: Instance, *, max_per_client: int | None = None, seed: int = 0) -> CandidateGraph:
    """The eligible pairs, from the index.

    ``max_per_client=None`` keeps every eligible pair (exact; fine for a regional batch). With a number
    K each client keeps its K/2 best-scoring homes plus K/2 random other eligible ones from a sample of
    at most 4K: pruning to the best scores alone sends everyone after the same popular homes and lost
    14% of placements in matching.md; the random half keeps the graph connected.

    Per client this is a handful of numpy operations on the index's home array (no Python loop per pair):
    at 10,000 clients the per-pair loop took most of the run time.
    """
    validate(instance)
    index = HomeIndex(instance)
    cols = _HomeColumns(instance)
    rng = np.random.default_rng(seed)
    weights = instance.weights
    chosen: list[IntArray] = []
    scores: list[FloatArray] = []
    counts: list[int] = []
    for client in instance.clients:
        js = index.eligible(client)  # ascending, so each client's pairs come out sorted by home
        if max_per_client is not None and len(js) > 4 * max_per_client:
            js = js[np.sort(rng.choice(len(js), 4 * max_per_client, replace=False))]
        if client.excluded_areas:  # gemeenten are already left out by the index
            js = js[~cols.in_areas(js, client.excluded_areas, gemeente=False)]
        if client.wishes_are_hard:
            js = js[cols.in_areas(js, client.wished_areas)]
        value = cols.values(client, js, weights, urgency(client, weights, instance.today))
        if max_per_client is not None and len(js) > max_per_client:
            order = np.lexsort((js, -value))  # best first, ties by home
            half = max_per_client // 2
            rest = order[half:]
            keep = np.sort(
                np.concatenate((order[:half], rest[rng.choice(len(rest), max_per_client - half, replace=False)]))
            )
            js, value = js[keep], value[keep]
        chosen.append(js)
        scores.append(value)
        counts.append(len(js))
    pair_home = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
    pair_value_ = np.concatenate(scores) if scores else np.zeros(0, dtype=np.float64)
    pair_client = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    starts = [0, *itertools.accumulate(counts)]
    graph = CandidateGraph(
        instance=instance,
        pairs=list(zip(pair_client.tolist(), pair_home.tolist(), strict=True)),
        values=pair_value_.tolist(),
        by_client=[list(range(starts[i], starts[i + 1])) for i in range(len(counts))],
        home_index={h.id: j for j, h in enumerate(instance.homes)},
        client_index={c.id: i for i, c in enumerate(instance.clients)},
        complete=max_per_client is None,
    )
    graph._columns = _PairColumns(graph, pair_client, pair_home, pair_value_)
    return graph


# --- evaluation (independent of any solver) ---------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    housed: int
    fit: float
    urgency: float
    penalty: float
    objective: float
    violations: tuple[Reason, ...]  # hard constraints broken: must always be empty
    loads: Mapping[tuple[str, str], int]  # placements per group (portiek … gemeente) and per corporation


def evaluate(instance: Instance, assignment: Mapping[str, str]) -> Evaluation:
    """Objective and hard-constraint check of an assignment client id → home id, from the instance alone."""
    clients = {c.id: c for c in instance.clients}
    homes = {h.id: h for h in instance.homes}
    weights = instance.weights
    violations: list[Reason] = []
    loads: dict[tuple[str, str], int] = defaultdict(int)
    used: set[str] = set()
    fit = urg = 0.0
    for client_id, home_id in sorted(assignment.items()):
        client, home = clients.get(client_id), homes.get(home_id)
        if client is None or home is None:
            violations.append(Reason("unknown_id", {"client": client_id, "home": home_id}))
            continue
        if home_id in used:
            violations.append(Reason("home_twice", {"home": home_id}))
        used.add(home_id)
        violations += [
            Reason("ineligible_pair", {"client": client_id, "home": home_id, "reason": reason.code})
            for reason in ineligibility(instance, client, home)
        ]
        fit += sum(p for _, p in score_parts(client, home, weights))
        urg += urgency(client, weights, instance.today)
        for group in home.path():
            loads[group] += 1
        loads[(CORPORATION, home.corporation)] += 1
    for group, cap in group_caps(instance).items():
        if cap is not None and loads.get(group, 0) > cap:
            violations.append(Reason("cap_exceeded", {"level": group[0], "code": group[1], "cap": cap}))
    penalty = sum(max(0, loads.get((q.level, q.key), 0) - q.limit) * q.penalty for q in instance.quotas)
    housed = len(assignment) - sum(1 for v in violations if v.code == "unknown_id")
    objective = weights.housed * housed + fit + urg - penalty
    return Evaluation(housed, fit, urg, penalty, objective, tuple(violations), dict(loads))


# --- results ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchResult:
    """One run. ``bound`` is the LP relaxation on the same candidate graph (a valid upper bound)."""

    method: str  # "highs" or "fcfs"
    status: str  # "optimal", "time_limit" (best feasible, see gap) or "heuristic"
    assignment: Mapping[str, str]
    evaluation: Evaluation
    bound: float | None
    bound_housed: float | None  # Σ x in the LP relaxation
    runtime_s: float
    graph: CandidateGraph
    weights_version: str
    rules_version: str
    relaxation: float | None = None  # the LP relaxation's optimum (``bound`` may be tighter after the MILP)
    reduced_costs: Mapping[int, float] = field(default_factory=dict)  # pair index → LP reduced cost
    group_duals: Mapping[tuple[str, str], float] = field(default_factory=dict)  # value of one more cap unit
    quota_duals: Mapping[tuple[str, str], float] = field(default_factory=dict)
    components: int = 0

    @property
    def housed(self) -> int:
        return self.evaluation.housed

    @property
    def objective(self) -> float:
        return self.evaluation.objective

    @property
    def gap(self) -> float | None:
        if self.bound is None or self.bound <= 0:
            return None
        return max(0.0, (self.bound - self.objective) / self.bound)

    @property
    def ratio(self) -> float | None:
        """objective / bound (≤ 1 up to solver tolerance)."""
        if self.bound is None or self.bound <= 0:
            return None
        return self.objective / self.bound

    @property
    def fit_ratio(self) -> float | None:
        """Fit + urgency − penalties against the LP relaxation's, without the housed weight that dominates both."""
        if self.relaxation is None or self.bound_housed is None:
            return None
        w = self.graph.instance.weights.housed
        denominator = self.relaxation - w * self.bound_housed
        if denominator <= _EPS:
            return None
        return (self.objective - w * self.housed) / denominator


# --- the flow network -------------------------------------------------------------------------------


class _Network:
    """Which groups carry a cap or a laminar soft quota, their parents, and the corporation quotas."""

    def __init__(self, instance: Instance) -> None:
        self.caps = group_caps(instance)
        self.soft: dict[tuple[str, str], list[tuple[int, float]]] = defaultdict(list)
        self.corp: dict[str, tuple[int, float]] = {}
        for q in instance.quotas:
            if q.level == CORPORATION:
                limit, penalty = self.corp.get(q.key, (q.limit, 0.0))
                self.corp[q.key] = (min(limit, q.limit), penalty + q.penalty)
            else:
                self.soft[(q.level, q.key)].append((q.limit, q.penalty))
        # Groups without cap or quota are pass-through and left out of the model.
        self.home_groups: list[list[tuple[str, str]]] = []
        self.parent: dict[tuple[str, str], tuple[str, str] | None] = {}
        for home in instance.homes:
            kept = [g for g in home.path() if self.caps.get(g) is not None or g in self.soft]
            self.home_groups.append(kept)
            for child, up in zip(kept, [*kept[1:], None], strict=True):
                self.parent.setdefault(child, up)

    def segments(self, group: tuple[str, str]) -> list[tuple[float, float]]:
        """(width, marginal penalty) pieces of the group's arc: convex, so cheaper pieces fill first."""
        cap = self.caps.get(group)
        top = math.inf if cap is None else float(cap)
        pieces: list[tuple[float, float]] = []
        start, marginal = 0.0, 0.0
        for limit, penalty in sorted(self.soft.get(group, [])):
            if limit >= top:
                break
            if limit > start:
                pieces.append((limit - start, marginal))
                start = float(limit)
            marginal += penalty
        pieces.append((top - start, marginal))
        return pieces


@dataclass
class _Component:
    pairs: IntArray  # pair indices, ascending
    homes: list[int]  # ascending
    groups: list[tuple[str, str]]
    corps: list[str]


def _connected(n_nodes: int, u: IntArray, v: IntArray) -> IntArray:
    """Component label (its smallest node) of every node, for the edges u[k]–v[k].

    Hook and compress in numpy: each round hooks the larger root of every edge under the smaller, then
    follows pointers until each node points at a root. Labels only decrease, so it ends, in a few rounds.
    """
    label = np.arange(n_nodes, dtype=np.int64)
    while True:
        lu, lv = label[u], label[v]
        if np.array_equal(lu, lv):
            return label
        np.minimum.at(label, np.maximum(lu, lv), np.minimum(lu, lv))
        while True:
            up = label[label]
            if np.array_equal(up, label):
                break
            label = up


def _components(graph: CandidateGraph, net: _Network) -> list[_Component]:
    """Independent sub-problems (e.g. glued regions): clients, homes, groups and quotas that share a constraint."""
    instance = graph.instance
    cols = _columns(graph)
    n_clients, n_homes = len(instance.clients), len(instance.homes)
    homes_used = np.unique(cols.home).tolist()
    node: dict[tuple[str, str] | str, int] = {}
    extra_u: list[int] = []
    extra_v: list[int] = []
    first = n_clients + n_homes
    for j in homes_used:
        for g in net.home_groups[j]:
            extra_u.append(n_clients + j)
            extra_v.append(node.setdefault(g, first + len(node)))
        corp = instance.homes[j].corporation
        if corp in net.corp:
            extra_u.append(n_clients + j)
            extra_v.append(node.setdefault(corp, first + len(node)))
    label = _connected(
        first + len(node),
        np.concatenate((cols.client, np.asarray(extra_u, dtype=np.int64))),
        np.concatenate((n_clients + cols.home, np.asarray(extra_v, dtype=np.int64))),
    )
    pair_label = label[cols.client]
    order = np.argsort(pair_label, kind="stable")  # grouped by component, ascending within
    cuts = np.flatnonzero(np.diff(pair_label[order])) + 1
    by_label: dict[int, _Component] = {}
    for chunk in np.split(order, cuts) if len(order) else []:
        by_label[int(pair_label[chunk[0]])] = _Component(chunk, [], [], [])
    seen: set[tuple[str, str]] = set()
    for j in homes_used:
        comp = by_label[int(label[n_clients + j])]
        comp.homes.append(j)
        for g in net.home_groups[j]:
            if g not in seen:
                seen.add(g)
                comp.groups.append(g)
        corp = instance.homes[j].corporation
        if corp in net.corp and corp not in comp.corps:
            comp.corps.append(corp)
    # The order of the first pair, as before: a stable row order keeps HiGHS on the same path.
    return sorted(by_label.values(), key=lambda c: int(c.pairs[0]))


@dataclass
class _Layout:
    n_pairs: int
    home_col: dict[int, int]
    group_row: dict[tuple[str, str], int]
    top_segment_col: dict[tuple[str, str], int]
    quota_row: dict[str, int]
    n_cols: int


def _build_lp(
    graph: CandidateGraph,
    net: _Network,
    comp: _Component,
    *,
    quota_rows: bool,
    home_price: Mapping[str, float] | None = None,
) -> tuple[Any, _Layout]:
    """The component in flow form (maximise). Rows: clients, homes, groups[, corporation quotas].

    Columns: x per pair (client row +1, home row +1), h per home (home row −1, parent group row +1,
    quota row +1), one column per piece of each group arc (own row −1, parent row +1), quota slacks.
    The pair columns, nearly all of the model, are built as arrays and handed to HiGHS in one call.
    """
    import highspy  # noqa: PLC0415 - a heavy native module, only needed when solving

    instance = graph.instance
    weights = instance.weights
    inf = highspy.kHighsInf
    cols = _columns(graph)
    pair_client = cols.client[comp.pairs]
    pair_home = cols.home[comp.pairs]
    clients = np.unique(pair_client)
    homes = np.asarray(comp.homes, dtype=np.int64)
    n_clients, n_homes = len(clients), len(homes)
    group_row = {g: n_clients + n_homes + r for r, g in enumerate(comp.groups)}
    base = n_clients + n_homes + len(comp.groups)
    quota_row = {k: base + r for r, k in enumerate(comp.corps)} if quota_rows else {}
    n_rows = base + len(quota_row)

    n_pairs = len(comp.pairs)
    pair_index = np.empty(2 * n_pairs, dtype=np.int32)
    pair_index[0::2] = np.searchsorted(clients, pair_client)
    pair_index[1::2] = n_clients + np.searchsorted(homes, pair_home)
    # The other columns are few (homes, group pieces, slacks): plain lists, offsets after the pairs.
    index: list[int] = []
    value: list[float] = []
    ends: list[int] = []
    cost: list[float] = []
    upper: list[float] = []
    home_col: dict[int, int] = {}
    for r, j in enumerate(comp.homes):
        home_col[j] = n_pairs + len(cost)
        index.append(n_clients + r)
        value.append(-1.0)
        kept = net.home_groups[j]
        if kept:
            index.append(group_row[kept[0]])
            value.append(1.0)
        corp = instance.homes[j].corporation
        if corp in quota_row:
            index.append(quota_row[corp])
            value.append(1.0)
        ends.append(len(index))
        cost.append(-(home_price or {}).get(corp, 0.0))
        upper.append(1.0)
    top_segment_col: dict[tuple[str, str], int] = {}
    for g in comp.groups:
        up = net.parent.get(g)
        for width, marginal in net.segments(g):
            top_segment_col[g] = n_pairs + len(cost)
            index.append(group_row[g])
            value.append(-1.0)
            if up is not None:
                index.append(group_row[up])
                value.append(1.0)
            ends.append(len(index))
            cost.append(-marginal)
            upper.append(inf if math.isinf(width) else width)
    for corp, r in quota_row.items():
        index.append(r)
        value.append(-1.0)
        ends.append(len(index))
        cost.append(-net.corp[corp][1])
        upper.append(inf)
    n_cols = n_pairs + len(cost)
    row_lower = np.zeros(n_rows)
    row_upper = np.zeros(n_rows)
    row_lower[:n_clients] = -inf
    row_upper[:n_clients] = 1.0
    for corp, r in quota_row.items():
        row_lower[r] = -inf
        row_upper[r] = net.corp[corp][0]
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.col_cost_ = np.concatenate((weights.housed + cols.value[comp.pairs], np.asarray(cost, dtype=np.float64)))
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = np.concatenate((np.ones(n_pairs), np.asarray(upper, dtype=np.float64)))
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.concatenate(
        (np.arange(0, 2 * n_pairs + 1, 2, dtype=np.int32), 2 * n_pairs + np.asarray(ends, dtype=np.int32))
    )
    lp.a_matrix_.index_ = np.concatenate((pair_index, np.asarray(index, dtype=np.int32)))
    lp.a_matrix_.value_ = np.concatenate((np.ones(2 * n_pairs), np.asarray(value, dtype=np.float64)))
    lp.sense_ = highspy.ObjSense.kMaximize
    return lp, _Layout(n_pairs, home_col, group_row, top_segment_col, quota_row, n_cols)


def _highs(time_limit: float) -> Any:
    import highspy  # noqa: PLC0415

    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", "simplex")  # a vertex: integral on the network matrix
    # Presolve removes only ~2% of the columns of a flow network and took as long again as the simplex
    # itself (10,000 clients: 2.2 s → 1.1 s without it); the MILP switches it back on.
    h.setOptionValue("presolve", "off")
    h.setOptionValue("time_limit", max(0.01, time_limit))
    h.setOptionValue("threads", 1)
    return h


def _greedy(graph: CandidateGraph, net: _Network, order: IntArray) -> list[int]:
    """Take pairs in ``order`` while client, home and every cap on the home's path still have room."""
    room: dict[tuple[str, str], float] = {g: float(c) for g, c in net.caps.items() if c is not None}
    homes = graph.instance.homes
    cols = _columns(graph)
    capped: dict[int, list[tuple[str, str]]] = {}  # a home's groups with a cap, looked up once
    taken_clients: set[int] = set()
    closed_homes: set[int] = set()  # taken, or a cap on its path is full (room only ever shrinks)
    chosen: list[int] = []
    # Client and home of each pair in order, read once from the arrays (not pair by pair from the list).
    for p, i, j in zip(order.tolist(), cols.client[order].tolist(), cols.home[order].tolist(), strict=True):
        if i in taken_clients or j in closed_homes:
            continue
        path = capped.get(j)
        if path is None:
            path = capped[j] = [g for g in homes[j].path() if g in room]
        if any(room[g] < 1 for g in path):
            closed_homes.add(j)
            continue
        for g in path:
            room[g] -= 1
        taken_clients.add(i)
        closed_homes.add(j)
        chosen.append(p)
    return chosen


def _objective(graph: CandidateGraph, net: _Network, chosen: Iterable[int]) -> float:
    """The model's objective of a set of pairs (same as :func:`evaluate`, from the graph's values)."""
    instance = graph.instance
    total = 0.0
    loads: dict[tuple[str, str], int] = defaultdict(int)
    for p in chosen:
        total += instance.weights.housed + graph.values[p]
        home = instance.homes[graph.pairs[p][1]]
        for g in home.path():
            loads[g] += 1
        loads[(CORPORATION, home.corporation)] += 1
    for q in instance.quotas:
        total -= max(0, loads.get((q.level, q.key), 0) - q.limit) * q.penalty
    return total


def _fcfs_order(graph: CandidateGraph, subset: IntArray | None = None) -> IntArray:
    """Longest waiting client first, each taking its best-scoring home (ties by BAG id); only ``subset``
    (pair indices) when given."""
    cols = _columns(graph)
    client_rank, home_rank = cols.fcfs_keys()
    pairs = np.arange(cols.n, dtype=np.int64) if subset is None else subset
    order = np.lexsort((home_rank[cols.home[pairs]], -cols.value[pairs], client_rank[cols.client[pairs]]))
    return pairs[order]


def _result(
    graph: CandidateGraph,
    chosen: Iterable[int],
    *,
    method: str,
    status: str,
    started: float,
    **extra: Any,
) -> MatchResult:
    instance = graph.instance
    assignment = {instance.clients[graph.pairs[p][0]].id: instance.homes[graph.pairs[p][1]].id for p in chosen}
    return MatchResult(
        method=method,
        status=status,
        assignment=assignment,
        evaluation=evaluate(instance, assignment),
        runtime_s=time.perf_counter() - started,
        graph=graph,
        weights_version=instance.weights.version,
        rules_version=instance.rules.version,
        **extra,
    )


def fcfs(instance: Instance, graph: CandidateGraph | None = None) -> MatchResult:
    """First come, first served: the longest-waiting client takes its best feasible home (quotas ignored)."""
    started = time.perf_counter()
    graph = graph or candidates(instance)
    chosen = _greedy(graph, _Network(instance), _fcfs_order(graph))
    return _result(graph, chosen, method="fcfs", status="heuristic", started=started, bound=None, bound_housed=None)


class _ByPair(Mapping[int, float]):
    """Pair index → value, read from an array (NaN: the pair was in no solved LP). Reduced costs of
    hundreds of thousands of pairs stay one array instead of a dict built per run."""

    def __init__(self, values: FloatArray) -> None:
        self._values = values
        self._present = ~np.isnan(values)

    def __getitem__(self, p: int) -> float:
        if not isinstance(p, int | np.integer) or not 0 <= p < len(self._values) or not self._present[p]:
            raise KeyError(p)
        return float(self._values[p])

    def __iter__(self) -> Iterator[int]:
        return iter(np.flatnonzero(self._present).tolist())

    def __len__(self) -> int:
        return int(np.count_nonzero(self._present))


@dataclass
class _Solved:
    chosen: list[int]
    bound: float
    bound_housed: float
    relaxation: float
    status: str
    reduced_costs: FloatArray | None  # aligned with the component's pairs
    group_duals: dict[tuple[str, str], float]
    quota_duals: dict[tuple[str, str], float]


def _solve_component(graph: CandidateGraph, net: _Network, comp: _Component, deadline: float) -> _Solved:
    import highspy  # noqa: PLC0415

    values = _columns(graph).value[comp.pairs]
    lp, layout = _build_lp(graph, net, comp, quota_rows=True)
    h = _highs(deadline - time.perf_counter())
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        # No bound within the time: fall back to FCFS order for this component, honestly flagged.
        return _Solved(
            _greedy(graph, net, _fcfs_order(graph, comp.pairs)),
            math.inf,
            math.inf,
            math.inf,
            "time_limit",
            None,
            {},
            {},
        )
    solution = h.getSolution()
    x = np.asarray(solution.col_value)
    col_dual = np.asarray(solution.col_dual)
    row_dual = np.asarray(solution.row_dual)
    bound = relaxation = float(h.getInfo().objective_function_value)
    xs = x[: layout.n_pairs]
    bound_housed = float(xs.sum())
    reduced = col_dual[: layout.n_pairs].copy()
    group_duals = {g: float(col_dual[c]) for g, c in layout.top_segment_col.items()}
    quota_duals = {(CORPORATION, k): float(row_dual[r]) for k, r in layout.quota_row.items()}
    if bool(np.all(np.minimum(xs, 1.0 - xs) < _EPS)):
        chosen: list[int] = comp.pairs[xs > 0.5].tolist()
        return _Solved(chosen, bound, bound_housed, bound, "optimal", reduced, group_duals, quota_duals)

    # Fractional: corporation quotas cross the neighbourhood tree. Price them with their duals and solve
    # the pure flow again (integral); keep FCFS as a safety net so the result is never worse than it.
    prices = {k: max(0.0, float(row_dual[r])) for k, r in layout.quota_row.items()}
    lp2, layout2 = _build_lp(graph, net, comp, quota_rows=False, home_price=prices)
    h2 = _highs(deadline - time.perf_counter())
    h2.passModel(lp2)
    h2.run()
    options: list[list[int]] = []
    if h2.getModelStatus() == highspy.HighsModelStatus.kOptimal:
        x2 = np.asarray(h2.getSolution().col_value)[: layout2.n_pairs]
        order2 = np.argsort(-x2, kind="stable")
        options.append(_greedy(graph, net, comp.pairs[order2[x2[order2] > _EPS]]))
    order1 = np.lexsort((-values, -xs))
    options.append(_greedy(graph, net, comp.pairs[order1[xs[order1] > _EPS]]))
    options.append(_greedy(graph, net, _fcfs_order(graph, comp.pairs)))
    best = max(options, key=lambda c: _objective(graph, net, c))
    best_value = _objective(graph, net, best)
    if (bound - best_value) <= 1e-9 * max(1.0, abs(bound)):
        return _Solved(best, bound, bound_housed, relaxation, "optimal", reduced, group_duals, quota_duals)

    # MILP from the best integral solution, within the remaining time; report the best feasible and the gap.
    remaining = deadline - time.perf_counter()
    status = "heuristic"
    if remaining > 0.05:
        h.setOptionValue("time_limit", remaining)
        h.setOptionValue("mip_rel_gap", 1e-7)
        h.setOptionValue("presolve", "on")
        integer = np.array([highspy.HighsVarType.kInteger] * (layout.n_pairs + len(layout.home_col)))
        h.changeColsIntegrality(len(integer), np.arange(len(integer), dtype=np.int32), integer)
        start = highspy.HighsSolution()
        start.col_value = _start_vector(graph, net, comp, layout, best)
        start.value_valid = True
        h.setSolution(start)
        h.run()
        info = h.getInfo()
        model_status = h.getModelStatus()
        if info.primal_solution_status == 2:  # feasible point available
            xm = np.asarray(h.getSolution().col_value)[: layout.n_pairs]
            milp: list[int] = comp.pairs[xm > 0.5].tolist()
            if _objective(graph, net, milp) > best_value:
                best, best_value = milp, _objective(graph, net, milp)
        if math.isfinite(info.mip_dual_bound):
            bound = min(bound, float(info.mip_dual_bound))
        if model_status == highspy.HighsModelStatus.kOptimal:
            status = "optimal"
        elif model_status == highspy.HighsModelStatus.kTimeLimit:
            status = "time_limit"
    else:
        status = "time_limit"
    return _Solved(best, bound, bound_housed, relaxation, status, reduced, group_duals, quota_duals)


def _start_vector(
    graph: CandidateGraph, net: _Network, comp: _Component, layout: _Layout, chosen: list[int]
) -> list[float]:
    """A full column vector for the MILP start: pairs, homes, group pieces (cheapest first), slacks."""
    col = [0.0] * layout.n_cols
    loads: dict[tuple[str, str], int] = defaultdict(int)
    corp_load: dict[str, int] = defaultdict(int)
    positions = np.searchsorted(comp.pairs, np.asarray(chosen, dtype=np.int64)).tolist()  # comp.pairs ascends
    for k, p in zip(positions, chosen, strict=True):
        col[k] = 1.0
        j = graph.pairs[p][1]
        col[layout.home_col[j]] = 1.0
        for g in net.home_groups[j]:
            loads[g] += 1
        corp_load[graph.instance.homes[j].corporation] += 1
    for g in comp.groups:
        pieces = net.segments(g)
        first = layout.top_segment_col[g] - len(pieces) + 1
        left = float(loads[g])
        for n, (width, _) in enumerate(pieces):
            take = min(left, width)
            col[first + n] = take
            left -= take
    for corp, r in layout.quota_row.items():
        slack_col = layout.n_cols - len(layout.quota_row) + (r - min(layout.quota_row.values()))
        col[slack_col] = max(0.0, corp_load[corp] - net.corp[corp][0])
    return col


def solve(
    instance: Instance,
    graph: CandidateGraph | None = None,
    *,
    time_limit: float = 60.0,
    max_per_client: int | None = None,
    seed: int = 0,
) -> MatchResult:
    """Optimise the batch with HiGHS; the result carries its LP bound, gap and violations (always none)."""
    started = time.perf_counter()
    graph = graph or candidates(instance, max_per_client=max_per_client, seed=seed)
    net = _Network(instance)
    deadline = started + time_limit
    chosen: list[int] = []
    bound = bound_housed = relaxation = 0.0
    statuses: set[str] = set()
    reduced = np.full(len(graph.pairs), np.nan)
    group_duals: dict[tuple[str, str], float] = {}
    quota_duals: dict[tuple[str, str], float] = {}
    comps = _components(graph, net)
    for comp in comps:
        solved = _solve_component(graph, net, comp, deadline)
        chosen += solved.chosen
        bound += solved.bound
        bound_housed += solved.bound_housed
        relaxation += solved.relaxation
        statuses.add(solved.status)
        if solved.reduced_costs is not None:
            reduced[comp.pairs] = solved.reduced_costs
        group_duals.update(solved.group_duals)
        quota_duals.update(solved.quota_duals)
    status = next((s for s in ("time_limit", "heuristic") if s in statuses), "optimal")
    return _result(
        graph,
        chosen,
        method="highs",
        status=status,
        started=started,
        bound=bound if math.isfinite(bound) else None,
        bound_housed=bound_housed if math.isfinite(bound_housed) else None,
        relaxation=relaxation if math.isfinite(relaxation) else None,
        reduced_costs=_ByPair(reduced),
        group_duals=group_duals,
        quota_duals=quota_duals,
        components=len(comps),
    )


def lp_bound(instance: Instance, graph: CandidateGraph | None = None, *, time_limit: float = 60.0) -> float:
    """The LP relaxation's optimum on the candidate graph: no integral solution can score higher."""
    graph = graph or candidates(instance)
    net = _Network(instance)
    import highspy  # noqa: PLC0415

    total = 0.0
    deadline = time.perf_counter() + time_limit
    for comp in _components(graph, net):
        lp, _ = _build_lp(graph, net, comp, quota_rows=True)
        h = _highs(deadline - time.perf_counter())
        h.passModel(lp)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return math.inf
        total += float(h.getInfo().objective_function_value)
    return total


# --- explanations -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    home_id: str
    value: float  # fit + urgency the client would have had there
    reasons: tuple[Reason, ...]  # why not: ineligible / cap_full / needed_elsewhere / lower_score / …


@dataclass(frozen=True)
class Counterfactual:
    buurt: str
    capacity: int
    housed_before: int
    housed_after: int
    objective_before: float
    objective_after: float
    home_after: str | None  # where this client would go


@dataclass(frozen=True)
class Explanation:
    """The "waarom deze woning" card of one proposed match, as data."""

    client_id: str
    home_id: str
    weights_version: str
    criteria: tuple[Reason, ...]
    breakdown: tuple[tuple[str, float], ...]  # score parts, urgency last
    total: float
    alternatives: tuple[Alternative, ...]
    binding: tuple[Reason, ...]
    counterfactual: Counterfactual | None


def _why_not(result: MatchResult, client: Client, home: Home, value: float, chosen_value: float) -> tuple[Reason, ...]:
    instance = result.graph.instance
    holder = next((c for c, h in result.assignment.items() if h == home.id), None)
    if holder is not None:
        p = _pair_index(result.graph, client.id, home.id)
        params: dict[str, Any] = {"home": home.id, "client": holder}
        if p is not None and p in result.reduced_costs:
            # Reduced cost of forcing this pair in: what the whole batch would lose per unit.
            params["cost"] = max(0.0, -result.reduced_costs[p])
        return (Reason("needed_elsewhere", params),)
    caps = group_caps(instance)
    loads = result.evaluation.loads
    full = [g for g in home.path() if caps.get(g) is not None and loads.get(g, 0) >= (caps[g] or 0)]
    if full:
        level, code = full[0]
        return (Reason("cap_full", {"level": level, "code": code, "cap": caps[full[0]]}),)
    for q in instance.quotas:
        key = (q.level, q.key)
        if (key == (CORPORATION, home.corporation) or key in home.path()) and loads.get(key, 0) >= q.limit:
            return (Reason("quota_full", {"level": q.level, "key": q.key, "limit": q.limit, "penalty": q.penalty}),)
    if value < chosen_value - _EPS:
        return (Reason("lower_score", {"difference": chosen_value - value}),)
    return (Reason("equal_score", {}),)


def _pair_index(graph: CandidateGraph, client_id: str, home_id: str) -> int | None:
    i, j = graph.client_index[client_id], graph.home_index[home_id]
    return next((p for p in graph.by_client[i] if graph.pairs[p][1] == j), None)


def explain(
    result: MatchResult,
    client_id: str,
    *,
    alternatives: int = 3,
    ineligible: int = 2,
    counterfactual: bool = True,
) -> Explanation:
    """Explain the proposed home of ``client_id`` (which must be housed in ``result``)."""
    graph = result.graph
    instance = graph.instance
    client = instance.clients[graph.client_index[client_id]]
    home = instance.homes[graph.home_index[result.assignment[client_id]]]
    parts = score_parts(client, home, instance.weights)
    urg = urgency(client, instance.weights, instance.today)
    chosen_value = sum(p for _, p in parts) + urg

    alts: list[Alternative] = []
    own = sorted(
        (p for p in graph.by_client[graph.client_index[client_id]] if graph.pairs[p][1] != graph.home_index[home.id]),
        key=lambda p: (-graph.values[p], instance.homes[graph.pairs[p][1]].id),
    )
    for p in own[:alternatives]:
        other = instance.homes[graph.pairs[p][1]]
        alts.append(
            Alternative(other.id, graph.values[p], _why_not(result, client, other, graph.values[p], chosen_value))
        )
    # Homes the client would have liked better but cannot get at all: the hard criteria that fail.
    better_blocked = []
    for other in instance.homes:
        if other.region != client.region or other.id == home.id:
            continue
        value = pair_value(instance, client, other)
        if value > chosen_value + _EPS:
            reasons = ineligibility(instance, client, other)
            if reasons:
                better_blocked.append((value, other.id, reasons))
    better_blocked.sort(key=lambda t: (-t[0], t[1]))
    alts += [
        Alternative(hid, value, (Reason("ineligible", {}), *reasons))
        for value, hid, reasons in better_blocked[:ineligible]
    ]

    binding: list[Reason] = []
    caps = group_caps(instance)
    loads = result.evaluation.loads
    for g in home.path():
        cap = caps.get(g)
        if cap is not None and loads.get(g, 0) >= cap:
            binding.append(
                Reason("cap_binding", {"level": g[0], "code": g[1], "cap": cap, "dual": result.group_duals.get(g)})
            )
    for q in instance.quotas:
        key = (q.level, q.key)
        if (key == (CORPORATION, home.corporation) or key in home.path()) and loads.get(key, 0) >= q.limit:
            binding.append(
                Reason(
                    "quota_binding",
                    {
                        "level": q.level,
                        "key": q.key,
                        "limit": q.limit,
                        "load": loads.get(key, 0),
                        "dual": result.quota_duals.get(key),
                    },
                )
            )

    what_if = None
    if counterfactual:
        buurt = _blocking_buurt(result, alts)
        if buurt is not None:
            what_if = counterfactual_green(result, buurt, client_id=client_id)
    return Explanation(
        client_id=client_id,
        home_id=home.id,
        weights_version=result.weights_version,
        criteria=criteria_met(instance, client, home),
        breakdown=(*((name, points) for name, points in parts), ("urgency", urg)),
        total=chosen_value,
        alternatives=tuple(alts),
        binding=tuple(binding),
        counterfactual=what_if,
    )


def _blocking_buurt(result: MatchResult, alts: Sequence[Alternative]) -> str | None:
    """The buurt of the best better alternative that only its traffic light or buurt cap keeps away."""
    homes = {h.id: h for h in result.graph.instance.homes}
    best: tuple[float, str] | None = None
    for alt in alts:
        codes = {r.code for r in alt.reasons} - {"ineligible"}
        buurt_only = codes and codes <= {"buurt_red", "buurt_unknown"}
        full_buurt = any(r.code == "cap_full" and r.params.get("level") == "buurt" for r in alt.reasons)
        if (buurt_only or full_buurt) and (best is None or alt.value > best[0]):
            best = (alt.value, homes[alt.home_id].buurt)
    return best[1] if best else None


def counterfactual_green(
    result: MatchResult, buurt: str, *, client_id: str | None = None, capacity: int | None = None
) -> Counterfactual:
    """Re-solve as if ``buurt`` were green, by default with room for every home offered there."""
    instance = result.graph.instance
    offered = sum(1 for h in instance.homes if h.buurt == buurt)
    cap = offered if capacity is None else capacity
    lights = dict(instance.lights)
    lights[buurt] = TrafficLight(GREEN, cap)
    changed = replace(instance, lights=lights)
    again = solve(changed, max_per_client=None if result.graph.complete else _max_degree(result.graph))
    return Counterfactual(
        buurt=buurt,
        capacity=cap,
        housed_before=result.housed,
        housed_after=again.housed,
        objective_before=result.objective,
        objective_after=again.objective,
        home_after=again.assignment.get(client_id) if client_id else None,
    )


def _max_degree(graph: CandidateGraph) -> int:
    return max((len(ps) for ps in graph.by_client), default=0)


def diagnose(result: MatchResult) -> dict[str, tuple[Reason, ...]]:
    """Why each unhoused client got nothing: never matchable (the criteria that exclude the most
    homes, contradictory wishes) or outcompeted (candidates taken, caps full)."""
    graph = result.graph
    instance = graph.instance
    out: dict[str, tuple[Reason, ...]] = {}
    for i, client in enumerate(instance.clients):
        if client.id in result.assignment:
            continue
        reasons: list[Reason] = []
        if client.wishes_are_hard and client.wished_areas and client.wished_areas <= client.excluded_areas:
            reasons.append(Reason("contradictory_wishes", {}))
        if graph.by_client[i]:
            reasons.append(Reason("outcompeted", {"candidates": len(graph.by_client[i])}))
            for p in graph.by_client[i][:3]:
                home = instance.homes[graph.pairs[p][1]]
                reasons += _why_not(result, client, home, graph.values[p], math.inf)
        else:
            counts: dict[str, int] = defaultdict(int)
            region_homes = [h for h in instance.homes if h.region == client.region]
            for home in region_homes:
                for code in {r.code for r in ineligibility(instance, client, home)}:
                    counts[code] += 1
            reasons.append(Reason("no_eligible_home", {"homes": len(region_homes)}))
            for code, n in sorted(counts.items(), key=lambda t: (-t[1], t[0]))[:3]:
                reasons.append(Reason("criterion_excludes", {"criterion": code, "homes": n}))
        out[client.id] = tuple(reasons)
    return out


# --- Dutch texts ------------------------------------------------------------------------------------
# The Django layer may translate the codes itself; these are the texts for coordinators as agreed in
# the glossary (docs/glossary.md). Parameters are filled with str.format; money in euros, distances in km.

_LEVEL_NL = {
    "portiek": "portiek",
    "complex": "complex",
    "buurt": "buurt",
    "wijk": "wijk",
    "gemeente": "gemeente",
    CORPORATION: "corporatie",
}
_PART_NL = {
    "origin": "terug naar gemeente van herkomst",
    "size": "passende grootte",
    "rent_margin": "ruim binnen de huurgrens",
    "core": "dicht bij een wooncirkel",
    "wish": "in een gewenst gebied",
    "network": "dicht bij het eigen netwerk",
    "urgency": "wachttijd (urgentie)",
}
_COLOUR_NL = {GREEN: "groen", ORANGE: "oranje", RED: "rood", UNKNOWN: "onbekend"}
_NL = {
    "duplicate_bag_id": "BAG-id {home} komt meer dan eens voor in het aanbod.",
    "duplicate_client": "Cliënt {client} staat meer dan eens in de ronde.",
    "home_invalid": "Woning {home} heeft geen geldig aantal kamers of geen geldige huur.",
    "client_invalid": "Het profiel van cliënt {client} is onvolledig (huishouden, huurgrens of begeleiding).",
    "hierarchy_conflict": "{level_nl} {code} hoort zowel bij {a} als bij {b}; corrigeer de gegevens.",
    "light_invalid": "Het stoplicht van buurt {buurt} is ongeldig.",
    "quota_invalid": "De raamafspraak voor {key} is ongeldig (negatief aantal of boete).",
    "weights_invalid": "De wegingen zijn ongeldig: een plaatsing moet meer waard zijn dan nul.",
    "other_region": "de woning ligt in een andere regio",
    "rooms_too_few": "te weinig kamers ({rooms}, minimaal {minimum})",
    "rooms_too_many": "te veel kamers ({rooms}, maximaal {maximum})",
    "access": "niet toegankelijk genoeg (nodig niveau {needed}, woning {level})",
    "rent": "huur € {rent:.2f} boven de huurgrens van € {max_rent:.2f}",
    "support_far": "te ver van een wooncirkel voor intensieve begeleiding (straal {radius_km} km)",
    "buurt_red": "buurt {buurt} staat op rood",
    "buurt_unknown": "buurt {buurt} heeft geen stoplichtgegevens; eerst beoordelen",
    "excluded_area": "{area} is uitgesloten in het profiel",
    "not_wished": "buurt {buurt} is geen gewenst gebied (harde wens)",
    "ok_rooms": "{rooms} kamers past bij het huishouden ({minimum}–{maximum})",
    "ok_access": "toegankelijkheid voldoet",
    "ok_rent": "huur € {rent:.2f} binnen de huurgrens van € {max_rent:.2f}",
    "ok_buurt": "buurt {buurt} staat op {colour_nl}",
    "ok_not_excluded": "niet in een uitgesloten gebied",
    "ok_support": "begeleiding bereikbaar (wooncirkel of zorgteam)",
    "ok_wish": "in een gewenst gebied",
    "needed_elsewhere": "woning {home} is nodig voor een andere cliënt",
    "cap_full": "{level_nl} {code} zit vol (ruimte {cap})",
    "quota_full": "de raamafspraak voor {level_nl} {key} is bereikt ({limit})",
    "lower_score": "past minder goed ({difference:.0f} punten lager)",
    "equal_score": "past even goed; gelijkspel op volgorde",
    "ineligible": "komt niet in aanmerking:",
    "cap_binding": "{level_nl} {code} is hiermee vol (ruimte {cap})",
    "quota_binding": "raamafspraak {level_nl} {key}: {load} van {limit}",
    "contradictory_wishes": "alle gewenste gebieden zijn ook uitgesloten",
    "outcompeted": "er waren {candidates} passende woningen, maar die gingen naar anderen of de ruimte was op",
    "no_eligible_home": "geen van de {homes} woningen in de regio komt in aanmerking",
    "criterion_excludes": "{criterion_nl}: sluit {homes} woningen uit",
    "unknown_id": "onbekende cliënt of woning in de toewijzing",
    "home_twice": "woning {home} is twee keer toegewezen",
    "ineligible_pair": "cliënt {client} en woning {home} passen niet bij elkaar",
    "cap_exceeded": "{level_nl} {code} boven de ruimte {cap}",
}
_CRITERION_NL = {
    "other_region": "andere regio",
    "rooms_too_few": "te weinig kamers",
    "rooms_too_many": "te veel kamers",
    "access": "toegankelijkheid",
    "rent": "huur boven de huurgrens",
    "support_far": "te ver van een wooncirkel",
    "buurt_red": "buurt op rood",
    "buurt_unknown": "buurt zonder stoplicht",
    "excluded_area": "uitgesloten gebied",
    "not_wished": "geen gewenst gebied",
}


def reason_nl(reason: Reason) -> str:
    """One reason in Dutch."""
    params = dict(reason.params)
    params.setdefault("level_nl", _LEVEL_NL.get(str(params.get("level", "")), params.get("level", "")))
    params.setdefault("colour_nl", _COLOUR_NL.get(str(params.get("colour", "")), ""))
    params.setdefault("criterion_nl", _CRITERION_NL.get(str(params.get("criterion", "")), params.get("criterion", "")))
    text = _NL.get(reason.code, reason.code).format(**params)
    if reason.code == "needed_elsewhere" and params.get("cost") is not None:
        text += f"; haar hier toewijzen kost de hele ronde {params['cost']:.0f} punten"
    if reason.code in ("cap_binding", "quota_binding") and params.get("dual"):
        text += f" (één plaats meer is {abs(params['dual']):.0f} punten waard)"
    return text


def explain_nl(explanation: Explanation) -> str:
    """The explanation card as Dutch plain text (one line per item)."""
    lines = [f"Waarom woning {explanation.home_id} voor cliënt {explanation.client_id}"]
    lines.append("Voldoet aan:")
    lines += [f"  ✓ {reason_nl(r)}" for r in explanation.criteria]
    lines.append(f"Score {explanation.total:.0f} punten (wegingen {explanation.weights_version}):")
    lines += [f"  +{points:.0f} {_PART_NL.get(name, name)}" for name, points in explanation.breakdown if points > 0]
    if explanation.alternatives:
        lines.append("Andere woningen en waarom niet:")
        for alt in explanation.alternatives:
            lines.append(f"  – {alt.home_id}: " + " ".join(reason_nl(r) for r in alt.reasons))
    if explanation.binding:
        lines.append("Grenzen die meetellen:")
        lines += [f"  • {reason_nl(r)}" for r in explanation.binding]
    cf = explanation.counterfactual
    if cf is not None:
        where = f"; deze cliënt zou naar {cf.home_after} gaan" if cf.home_after else ""
        lines.append(
            f"Als buurt {cf.buurt} groen was (ruimte {cf.capacity}): {cf.housed_after} in plaats van "
            f"{cf.housed_before} cliënten gehuisvest{where}."
        )
    return "\n".join(lines)
