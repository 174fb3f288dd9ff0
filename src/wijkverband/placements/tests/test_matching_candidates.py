"""Candidate generation and the array-built flow model on random batches of two regions (hypothesis).

The candidate graph is built with numpy per client and the LP is handed to HiGHS as arrays; these
properties hold it to the plain definitions: every eligible pair with exactly :func:`pair_value`, a pruned
graph that keeps the best half, and a solution that never breaks a hard constraint, never loses to FCFS
and never beats its bound, region by region as well as glued.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkverband.placements import matching as m
from wijkverband.placements.matching import Client, Home, Instance, SoftQuota, TrafficLight

TODAY = date(2026, 11, 23)
REGIONS = ("R1", "R2")
# Per region: buurt → (wijk, gemeente); codes carry the region so that the regions share no group.
AREAS = {
    region: {f"{region}BU{n}": (f"{region}WK{n // 2}", f"{region}GM{n // 4}") for n in range(5)} for region in REGIONS
}


@st.composite
def batches(draw: st.DrawFn, *, max_homes: int = 14) -> Instance:
    clients = []
    for i in range(draw(st.integers(1, 8))):
        region = draw(st.sampled_from(REGIONS))
        areas = sorted({code for buurt, up in AREAS[region].items() for code in (buurt, *up)})
        clients.append(
            Client(
                id=f"C{i}",
                household_size=draw(st.integers(1, 4)),
                origin_municipality=draw(st.sampled_from(sorted({g for _, g in AREAS[region].values()}))),
                max_rent=float(draw(st.sampled_from([500, 650, 650, 800]))),
                registered_on=TODAY - timedelta(days=draw(st.integers(0, 200))),
                access_need=draw(st.integers(0, 2)),
                support=draw(st.sampled_from(m.SUPPORTS)),
                wished_areas=frozenset(draw(st.sets(st.sampled_from(areas), max_size=2))),
                wishes_are_hard=draw(st.booleans()),
                excluded_areas=frozenset(draw(st.sets(st.sampled_from(areas), max_size=1))),
                network_areas=frozenset(draw(st.sets(st.sampled_from(areas), max_size=1))),
                region=region,
            )
        )
    homes = []
    for j in range(draw(st.integers(1, max_homes))):
        region = draw(st.sampled_from(REGIONS))
        buurt = draw(st.sampled_from(sorted(AREAS[region])))
        cx = draw(st.integers(0, 1))
        homes.append(
            Home(
                id=f"H{j:02d}",
                corporation=f"{region}K{draw(st.integers(1, 2))}",
                buurt=buurt,
                wijk=AREAS[region][buurt][0],
                gemeente=AREAS[region][buurt][1],
                rooms=draw(st.integers(1, 5)),
                rent=float(draw(st.integers(400, 800))),
                access_level=draw(st.integers(0, 2)),
                complex=f"{buurt}CX{cx}" if draw(st.booleans()) else None,
                portiek=None,
                core_distance_km=draw(st.none() | st.floats(0.0, 6.0)),
                care_team=draw(st.booleans()),
                region=region,
            )
        )
    lights = {}
    for buurt in itertools.chain.from_iterable(AREAS.values()):
        colour = draw(st.sampled_from([m.GREEN, m.GREEN, m.ORANGE, m.RED, m.UNKNOWN]))
        if colour != m.UNKNOWN:
            lights[buurt] = TrafficLight(colour, 0 if colour == m.RED else draw(st.integers(0, 3)))
    quotas = tuple(
        SoftQuota(m.CORPORATION, key, draw(st.integers(0, 2)), float(draw(st.integers(0, 20))))
        for key in draw(st.sets(st.sampled_from([f"{r}K{k}" for r in REGIONS for k in (1, 2)])))
    )
    rules = m.Rules(unknown_buurt_cap=draw(st.sampled_from([0, 0, 1])))
    return Instance(clients=tuple(clients), homes=tuple(homes), today=TODAY, lights=lights, quotas=quotas, rules=rules)


@settings(max_examples=150, deadline=None)
@given(batches())
def test_the_candidate_graph_is_every_eligible_pair_with_its_exact_value(instance: Instance) -> None:
    graph = m.candidates(instance)

    expected = {
        (i, j)
        for i, c in enumerate(instance.clients)
        for j, h in enumerate(instance.homes)
        if not m.ineligibility(instance, c, h)
    }
    assert set(graph.pairs) == expected
    assert len(graph.pairs) == len(expected)
    for p, (i, j) in enumerate(graph.pairs):
        # Bit for bit: explanations recompute pair_value and compare it with the graph's value.
        assert graph.values[p] == m.pair_value(instance, instance.clients[i], instance.homes[j])
    assert [p for ps in graph.by_client for p in ps] == list(range(len(graph.pairs)))
    assert all(graph.pairs[p][0] == i for i, ps in enumerate(graph.by_client) for p in ps)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches(max_homes=40), st.integers(2, 6), st.integers(0, 3))
def test_a_pruned_graph_keeps_at_most_k_eligible_homes_and_the_best_half(instance: Instance, k: int, seed: int) -> None:
    full = m.candidates(instance)
    pruned = m.candidates(instance, max_per_client=k, seed=seed)

    assert set(pruned.pairs) <= set(full.pairs)
    for i, ps in enumerate(pruned.by_client):
        assert len(ps) <= k
        homes = [pruned.pairs[p][1] for p in ps]
        assert homes == sorted(homes)
        eligible = sorted((-full.values[p], full.pairs[p][1]) for p in full.by_client[i])
        if len(m.HomeIndex(instance).eligible(instance.clients[i])) <= 4 * k:  # no sample was drawn first
            assert len(ps) == min(k, len(eligible))
            assert {j for _, j in eligible[: k // 2]} <= set(homes)
    for p, (i, j) in enumerate(pruned.pairs):
        assert pruned.values[p] == m.pair_value(instance, instance.clients[i], instance.homes[j])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches(max_homes=30), st.sampled_from([None, 3, 6]))
def test_the_optimiser_on_any_graph_respects_every_constraint_beats_fcfs_and_stays_under_its_bound(
    instance: Instance, k: int | None
) -> None:
    graph = m.candidates(instance, max_per_client=k, seed=1)

    best = m.solve(instance, graph, time_limit=10)
    baseline = m.fcfs(instance, graph)

    assert best.evaluation.violations == () and baseline.evaluation.violations == ()
    caps = m.group_caps(instance)
    assert all(best.evaluation.loads.get(g, 0) <= cap for g, cap in caps.items() if cap is not None)
    assert set(best.assignment.items()) <= {(instance.clients[i].id, instance.homes[j].id) for i, j in graph.pairs}
    assert best.objective >= baseline.objective - 1e-6
    assert best.bound is not None and best.objective <= best.bound + 1e-6
    assert best.ratio is None or best.ratio <= 1 + 1e-9
    assert best.objective <= m.lp_bound(instance, graph) + 1e-6
    assert best.status == "optimal"
    assert set(best.reduced_costs) == set(range(len(graph.pairs)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches())
def test_two_glued_regions_score_what_each_region_scores_alone(instance: Instance) -> None:
    glued = m.solve(instance)

    alone = 0.0
    for region in REGIONS:
        part = Instance(
            clients=tuple(c for c in instance.clients if c.region == region),
            homes=tuple(h for h in instance.homes if h.region == region),
            today=instance.today,
            lights=instance.lights,
            quotas=tuple(q for q in instance.quotas if q.key.startswith(region)),
            rules=instance.rules,
        )
        alone += m.solve(part).objective

    assert glued.objective == pytest.approx(alone, abs=1e-6)
    assert glued.components <= len(REGIONS) * len(instance.clients)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 30).flatmap(
        lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))))
    )
)
def test_components_are_the_connected_parts_of_the_graph(graph: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = graph
    u = np.array([a for a, _ in edges], dtype=np.int64)
    v = np.array([b for _, b in edges], dtype=np.int64)

    label = m._connected(n, u, v)

    # Reference: merge sets edge by edge.
    part = [{node} for node in range(n)]
    for a, b in edges:
        if part[a] is not part[b]:
            merged = part[a] | part[b]
            for node in merged:
                part[node] = merged
    for a in range(n):
        for b in range(n):
            assert (label[a] == label[b]) == (b in part[a])
    assert all(label[a] == min(part[a]) for a in range(n))
