"""Properties of the matcher on random small regions (hypothesis), the fractional and the time-limit path."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkverband.placements import matching as m
from wijkverband.placements.matching import Client, Home, Instance, SoftQuota, TrafficLight

TODAY = date(2026, 11, 23)
BUURTEN = {"BU1": ("WK1", "GM1"), "BU2": ("WK1", "GM1"), "BU3": ("WK3", "GM2")}


@st.composite
def regions(draw: st.DrawFn) -> Instance:
    n_clients = draw(st.integers(1, 5))
    n_homes = draw(st.integers(1, 6))
    clients = tuple(
        Client(
            id=f"C{i}",
            household_size=draw(st.integers(1, 4)),
            origin_municipality=draw(st.sampled_from(["GM1", "GM2"])),
            max_rent=float(draw(st.integers(450, 800))),
            registered_on=TODAY - timedelta(days=draw(st.integers(0, 200))),
            access_need=draw(st.integers(0, 2)),
            support=draw(st.sampled_from(m.SUPPORTS)),
            wished_areas=frozenset(draw(st.sets(st.sampled_from(sorted(BUURTEN)), max_size=2))),
            wishes_are_hard=draw(st.booleans()),
            excluded_areas=frozenset(draw(st.sets(st.sampled_from([*BUURTEN, "GM2"]), max_size=1))),
            network_areas=frozenset(draw(st.sets(st.sampled_from(sorted(BUURTEN)), max_size=1))),
        )
        for i in range(n_clients)
    )
    homes = []
    for j in range(n_homes):
        buurt = draw(st.sampled_from(sorted(BUURTEN)))
        in_portiek = buurt == "BU1" and draw(st.booleans())
        homes.append(
            Home(
                id=f"H{j}",
                corporation=draw(st.sampled_from(["K1", "K2", "K3"])),
                buurt=buurt,
                wijk=BUURTEN[buurt][0],
                gemeente=BUURTEN[buurt][1],
                rooms=draw(st.integers(1, 5)),
                rent=float(draw(st.integers(400, 800))),
                access_level=draw(st.integers(0, 2)),
                portiek="PT1" if in_portiek else None,
                complex="CX1" if in_portiek else None,
                core_distance_km=draw(st.none() | st.floats(0.0, 6.0)),
                care_team=draw(st.booleans()),
            )
        )
    colours = st.sampled_from([m.GREEN, m.GREEN, m.ORANGE, m.RED, m.UNKNOWN])
    lights = {}
    for buurt in BUURTEN:
        colour = draw(colours)
        if colour != m.UNKNOWN:
            lights[buurt] = TrafficLight(colour, 0 if colour == m.RED else draw(st.integers(0, 3)))
    # Penalties stay below W / (clients + 1) so that housing one more client always wins here.
    quotas = tuple(
        SoftQuota(level, key, draw(st.integers(0, 2)), float(draw(st.integers(0, 20))))
        for level, key in draw(
            st.sets(st.sampled_from([("corporation", "K1"), ("corporation", "K2"), ("gemeente", "GM1")]))
        )
    )
    recent = {("complex", "CX1"): draw(st.integers(0, 2))}
    return Instance(clients=clients, homes=tuple(homes), today=TODAY, lights=lights, quotas=quotas, recent=recent)


def brute_force_optimum(instance: Instance) -> float:
    """Every assignment of the eligible pairs: the true optimum of a tiny instance."""
    graph = m.candidates(instance)
    options = [[None, *(instance.homes[graph.pairs[p][1]].id for p in ps)] for ps in graph.by_client]
    best = 0.0
    for choice in itertools.product(*options):
        assignment = {c.id: h for c, h in zip(instance.clients, choice, strict=True) if h is not None}
        if len(set(assignment.values())) < len(assignment):
            continue
        evaluation = m.evaluate(instance, assignment)
        if not evaluation.violations:
            best = max(best, evaluation.objective)
    return best


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regions())
def test_the_optimiser_respects_every_hard_constraint_and_beats_the_baseline(instance: Instance) -> None:
    best = m.solve(instance, time_limit=10)
    baseline = m.fcfs(instance)

    assert best.evaluation.violations == ()
    assert baseline.evaluation.violations == ()
    caps = m.group_caps(instance)
    assert all(best.evaluation.loads.get(g, 0) <= cap for g, cap in caps.items() if cap is not None)
    assert best.housed >= baseline.housed
    assert best.objective >= baseline.objective - 1e-6
    if best.bound is not None:
        assert best.objective <= best.bound + 1e-6
        assert best.ratio is None or best.ratio <= 1 + 1e-9
    assert best.objective <= m.lp_bound(instance) + 1e-6
    assert best.status == "optimal"
    assert best.objective == pytest.approx(brute_force_optimum(instance), abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(regions())
def test_every_explanation_agrees_with_the_solution(instance: Instance) -> None:
    result = m.solve(instance)
    caps = m.group_caps(instance)

    for client_id, home_id in result.assignment.items():
        card = m.explain(result, client_id, counterfactual=False)
        client = next(c for c in instance.clients if c.id == client_id)
        home = next(h for h in instance.homes if h.id == home_id)
        assert card.home_id == home_id
        assert m.ineligibility(instance, client, home) == ()
        assert card.total == pytest.approx(m.pair_value(instance, client, home))
        for alt in card.alternatives:
            first = alt.reasons[0]
            if first.code == "needed_elsewhere":
                assert result.assignment[first.params["client"]] == alt.home_id
            if first.code == "ineligible":
                assert alt.home_id not in result.assignment.values() or len(alt.reasons) > 1
                other = next(h for h in instance.homes if h.id == alt.home_id)
                assert m.ineligibility(instance, client, other) == alt.reasons[1:]
            if first.code == "cap_full":
                group = (first.params["level"], first.params["code"])
                assert result.evaluation.loads.get(group, 0) >= caps[group]
        for reason in card.binding:
            if reason.code == "cap_binding":
                assert result.evaluation.loads[(reason.params["level"], reason.params["code"])] == reason.params["cap"]
        assert m.explain_nl(card).startswith(f"Waarom woning {home_id}")
    for client_id, reasons in m.diagnose(result).items():
        assert client_id not in result.assignment and reasons


def crossing_quota_instance() -> Instance:
    """Two clients, two buurten with room for one each, two corporations with a quota of one each.

    Every pair of placements breaks either a buurt cap (hard) or a corporation quota, whose penalty
    (2,000) here exceeds a placement: the LP relaxation houses both at ½ per home, the integral optimum one.
    """
    small = Client("A", 1, "GM1", 800.0, TODAY)
    large = Client("B", 4, "GM1", 800.0, TODAY)
    homes = (
        Home("H1", "X", "BU1", "W1", "GM1", 2, 500.0),
        Home("H2", "Y", "BU2", "W2", "GM1", 2, 500.0),
        Home("H3", "Y", "BU1", "W1", "GM1", 4, 500.0),
        Home("H4", "X", "BU2", "W2", "GM1", 4, 500.0),
    )
    lights = {"BU1": TrafficLight(m.GREEN, 1), "BU2": TrafficLight(m.GREEN, 1)}
    quotas = (SoftQuota(m.CORPORATION, "X", 1, 2000.0), SoftQuota(m.CORPORATION, "Y", 1, 2000.0))
    return Instance(clients=(small, large), homes=homes, today=TODAY, lights=lights, quotas=quotas)


def test_a_fractional_relaxation_falls_back_to_an_integral_optimum_with_its_gap() -> None:
    instance = crossing_quota_instance()

    result = m.solve(instance)

    assert result.relaxation is not None and result.relaxation > result.objective + 900
    assert result.housed == 1
    assert result.evaluation.violations == ()
    assert result.status == "optimal"  # the MILP proved it
    assert result.objective == pytest.approx(brute_force_optimum(instance))
    assert result.bound == pytest.approx(result.objective)


def test_a_time_limit_still_returns_a_feasible_assignment_and_says_so() -> None:
    rng = random.Random(7)
    buurten = [(f"BU{n}", f"WK{n // 4}", f"GM{n // 8}") for n in range(16)]
    clients = tuple(
        Client(
            f"C{i}",
            rng.choice([1, 1, 1, 2, 3]),
            f"GM{rng.randint(0, 1)}",
            750.0,
            TODAY - timedelta(days=rng.randint(0, 150)),
        )
        for i in range(400)
    )
    homes = tuple(
        Home(f"H{j}", f"K{j % 5}", b, w, g, rng.randint(1, 4), float(rng.randint(450, 760)))
        for j, (b, w, g) in ((j, rng.choice(buurten)) for j in range(400))
    )
    lights = {b: TrafficLight(m.GREEN, 20) for b, _, _ in buurten}
    quotas = tuple(SoftQuota(m.CORPORATION, f"K{k}", 60, 30.0) for k in range(5))
    instance = Instance(clients=clients, homes=homes, today=TODAY, lights=lights, quotas=quotas)

    result = m.solve(instance, time_limit=0.001)

    assert result.status == "time_limit"
    assert result.evaluation.violations == ()
    assert result.housed > 0
    assert result.gap is None or result.gap >= 0
