"""The matcher on hand-made instances with a known optimum, and its explanations (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wijkverband.placements import matching as m
from wijkverband.placements.matching import Client, Home, Instance, SoftQuota, TrafficLight

TODAY = date(2026, 11, 23)
GREEN_ROOMY = TrafficLight(m.GREEN, 10)


def client(
    cid: str, *, size: int = 1, origin: str = "GM1", rent: float = 700.0, waited: int = 30, **kw: object
) -> Client:
    return Client(
        id=cid,
        household_size=size,
        origin_municipality=origin,
        max_rent=rent,
        registered_on=TODAY - timedelta(days=waited),
        **kw,  # type: ignore[arg-type]
    )


def home(
    hid: str, *, buurt: str = "BU1", gemeente: str = "GM1", rooms: int = 2, rent: float = 600.0, **kw: object
) -> Home:
    return Home(
        id=hid,
        corporation=str(kw.pop("corporation", "K1")),
        buurt=buurt,
        wijk=f"WK-{buurt}",
        gemeente=gemeente,
        rooms=rooms,
        rent=rent,
        **kw,
    )  # type: ignore[arg-type]


def instance(clients: list[Client], homes: list[Home], **kw: object) -> Instance:
    lights = kw.pop("lights", None) or {h.buurt: GREEN_ROOMY for h in homes}
    return Instance(clients=tuple(clients), homes=tuple(homes), today=TODAY, lights=lights, **kw)  # type: ignore[arg-type]


def test_the_optimum_houses_both_where_first_come_first_served_houses_one() -> None:
    # A fits only H1 (needs step-free access), B fits both and prefers H1; B waited longer.
    a = client("A", access_need=m.ACCESS_STEP_FREE, waited=10)
    b = client("B", waited=80)
    homes = [home("H1", access_level=m.ACCESS_STEP_FREE), home("H2", rent=690.0)]
    inst = instance([a, b], homes)

    best = m.solve(inst)
    baseline = m.fcfs(inst)

    assert best.assignment == {"A": "H1", "B": "H2"}
    assert best.status == "optimal"
    assert baseline.assignment == {"B": "H1"}
    assert best.housed == 2 and baseline.housed == 1
    assert best.ratio == pytest.approx(1.0)
    assert best.evaluation.violations == ()


def test_a_portiek_takes_one_vulnerable_household_and_the_best_fit_gets_it() -> None:
    # Two homes in one portiek (cap 1), one home elsewhere; client C returns to origin only in the portiek.
    c = client("C", origin="GM1")
    d = client("D", origin="GM2")
    homes = [
        home("P1", portiek="PT1", complex="CX1"),
        home("P2", portiek="PT1", complex="CX1"),
        home("E1", buurt="BU2", gemeente="GM2"),
    ]
    result = m.solve(instance([c, d], homes))

    assert result.assignment == {"C": "P1", "D": "E1"} or result.assignment == {"C": "P2", "D": "E1"}
    assert result.evaluation.loads[("portiek", "PT1")] == 1


def test_red_and_unknown_buurten_are_never_used_and_say_why() -> None:
    c = client("C")
    homes = [home("R1", buurt="BUR"), home("U1", buurt="BUU")]
    inst = instance([c], homes, lights={"BUR": TrafficLight(m.RED, 0)})

    result = m.solve(inst)

    assert result.assignment == {}
    reasons = m.diagnose(result)["C"]
    assert reasons[0].code == "no_eligible_home"
    assert {r.params["criterion"] for r in reasons[1:]} == {"buurt_red", "buurt_unknown"}
    assert "geen van de 2 woningen" in m.reason_nl(reasons[0])


def test_an_unknown_buurt_can_be_opened_with_an_explicit_default_cap() -> None:
    inst = instance(
        [client("C")], [home("U1", buurt="BUU")], lights={"X": GREEN_ROOMY}, rules=m.Rules(unknown_buurt_cap=1)
    )
    assert m.solve(inst).assignment == {"C": "U1"}


def test_high_support_only_near_a_core_or_with_a_care_team() -> None:
    c = client("C", support=m.SUPPORT_HIGH)
    far = home("F", core_distance_km=4.0)
    team = home("T", core_distance_km=6.0, care_team=True, rent=690.0)
    inst = instance([c], [far, team])

    assert [r.code for r in m.ineligibility(inst, c, far)] == ["support_far"]
    assert m.solve(inst).assignment == {"C": "T"}


def test_contradictory_wishes_are_explained() -> None:
    c = client("C", wished_areas=frozenset({"BU1"}), wishes_are_hard=True, excluded_areas=frozenset({"BU1"}))
    result = m.solve(instance([c], [home("H1")]))

    codes = [r.code for r in m.diagnose(result)["C"]]
    assert codes[0] == "contradictory_wishes"
    assert "alle gewenste gebieden zijn ook uitgesloten" in m.reason_nl(m.diagnose(result)["C"][0])


def test_duplicate_bag_ids_and_a_portiek_in_two_complexes_are_refused_in_dutch() -> None:
    homes = [home("H1", portiek="PT", complex="CA"), home("H1", portiek="PT", complex="CB")]

    with pytest.raises(m.InstanceError) as refused:
        m.solve(instance([client("C")], homes))

    codes = {issue.code for issue in refused.value.issues}
    assert codes == {"duplicate_bag_id", "hierarchy_conflict"}
    assert "BAG-id H1 komt meer dan eens voor" in str(refused.value)


def test_a_corporation_quota_is_soft_and_priced() -> None:
    # Both homes of K1 fit best, but K1's quota is one: with a small penalty both are still housed in
    # K1 (housing wins); a penalty above the fit difference moves one client to K2.
    clients = [client("A"), client("B")]
    homes = [
        home("K1a", rent=500.0),
        home("K1b", rent=500.0, buurt="BU2"),
        home("K2a", rent=690.0, corporation="K2", buurt="BU3"),
    ]
    cheap = instance(clients, homes, quotas=(SoftQuota(m.CORPORATION, "K1", 1, 1.0),))
    dear = instance(clients, homes, quotas=(SoftQuota(m.CORPORATION, "K1", 1, 50.0),))

    cheap_result, dear_result = m.solve(cheap), m.solve(dear)

    assert sorted(cheap_result.assignment.values()) == ["K1a", "K1b"]
    assert cheap_result.evaluation.penalty == pytest.approx(1.0)
    assert sorted(dear_result.assignment.values())[-1] == "K2a"
    assert dear_result.evaluation.penalty == 0
    assert dear_result.ratio is not None and dear_result.ratio <= 1 + 1e-9


def test_urgency_rises_to_the_target_and_then_stays() -> None:
    weights = m.Weights()
    young, due, late = client("Y", waited=45), client("D", waited=90), client("L", waited=400)
    assert m.urgency(young, weights, TODAY) == pytest.approx(weights.urgency / 2)
    assert m.urgency(due, weights, TODAY) == m.urgency(late, weights, TODAY) == weights.urgency


def test_candidates_come_from_the_index_and_are_all_eligible() -> None:
    clients = [
        client("A", size=1),
        client("B", size=3, rent=900.0),
        client("C", origin="GM2", excluded_areas=frozenset({"BU2"})),
    ]
    homes = [
        home(f"H{n}", buurt=f"BU{n % 2}{n % 3}", gemeente=f"GM{n % 2 + 1}", rooms=1 + n % 5, rent=400.0 + 60 * n)
        for n in range(12)
    ]
    inst = instance(clients, homes)

    graph = m.candidates(inst)

    expected = {(i, j) for i, c in enumerate(clients) for j, h in enumerate(homes) if not m.ineligibility(inst, c, h)}
    assert set(graph.pairs) == expected


def test_pruned_candidates_keep_at_most_k_per_client() -> None:
    homes = [home(f"H{n}", buurt=f"BU{n % 4}", rent=300.0 + n) for n in range(40)]
    graph = m.candidates(instance([client("A"), client("B")], homes), max_per_client=6, seed=3)
    assert [len(ps) for ps in graph.by_client] == [6, 6]
    assert all(
        not m.ineligibility(graph.instance, graph.instance.clients[i], graph.instance.homes[j]) for i, j in graph.pairs
    )


def test_the_explanation_matches_the_solution_and_names_the_blocking_buurt() -> None:
    # C would rather live in red buurt BUR (origin, cheaper): the card says why not and what green would do.
    c = client("C", origin="GM1")
    homes = [home("R1", buurt="BUR", rent=450.0), home("G1", buurt="BUG", gemeente="GM2", rent=650.0)]
    inst = instance([c], homes, lights={"BUR": TrafficLight(m.RED, 0), "BUG": GREEN_ROOMY})
    result = m.solve(inst)

    card = m.explain(result, "C")

    assert card.home_id == result.assignment["C"] == "G1"
    assert card.total == pytest.approx(sum(points for _, points in card.breakdown))
    assert card.total == pytest.approx(result.evaluation.fit + result.evaluation.urgency)
    assert [a.home_id for a in card.alternatives] == ["R1"]
    assert [r.code for r in card.alternatives[0].reasons] == ["ineligible", "buurt_red"]
    assert card.counterfactual is not None
    assert (card.counterfactual.buurt, card.counterfactual.home_after) == ("BUR", "R1")
    text = m.explain_nl(card)
    assert "buurt BUR staat op rood" in text
    assert "Als buurt BUR groen was" in text
    assert "terug naar gemeente van herkomst" not in text.split("Score")[1].split("Andere")[0]


def test_an_alternative_taken_by_someone_else_carries_its_cost() -> None:
    # Both prefer H1; A has family nearby and is housed there, B's card says H1 was needed elsewhere.
    a = client("A", waited=90, origin="GM1", network_areas=frozenset({"BU1"}))
    b = client("B", waited=10, origin="GM1")
    homes = [home("H1", rent=400.0), home("H2", buurt="BU2", gemeente="GM2", rent=650.0)]
    result = m.solve(instance([a, b], homes))

    card = m.explain(result, "B", counterfactual=False)

    assert result.assignment == {"A": "H1", "B": "H2"}
    reason = card.alternatives[0].reasons[0]
    assert (card.alternatives[0].home_id, reason.code, reason.params["client"]) == ("H1", "needed_elsewhere", "A")
    assert "nodig voor een andere cliënt" in m.reason_nl(reason)


def test_a_binding_buurt_cap_is_reported_with_its_value() -> None:
    clients = [client("A"), client("B")]
    homes = [home("H1", buurt="BU1"), home("H2", buurt="BU1")]
    result = m.solve(instance(clients, homes, lights={"BU1": TrafficLight(m.ORANGE, 1)}))

    (housed,) = result.assignment
    card = m.explain(result, housed, counterfactual=False)

    assert result.housed == 1
    binding = [r for r in card.binding if r.code == "cap_binding"]
    assert [(r.params["level"], r.params["code"]) for r in binding] == [("buurt", "BU1")]
    # One more place in BU1 would house the other (identical) client: worth a whole placement.
    assert binding[0].params["dual"] == pytest.approx(result.objective)


def test_a_complex_traffic_light_replaces_the_rule_cap_without_counting_placements_twice() -> None:
    homes = [home(f"C{n}", complex="CX1") for n in range(4)] + [home("Q1", portiek="PT9", complex="CX2")]
    clients = [client(f"K{n}") for n in range(5)]
    recent = {("complex", "CX1"): 2, ("complex", "CX2"): 0}

    ruled = m.solve(instance(clients, homes, recent=recent))
    lit = m.solve(instance(clients, homes, recent=recent, light_caps={("complex", "CX1"): 3, ("portiek", "PT9"): 0}))

    # The rule: 2 per complex minus 2 recent = 0 in CX1; the light says 3 (already net of its figures).
    assert ruled.evaluation.loads.get(("complex", "CX1"), 0) == 0
    assert lit.evaluation.loads[("complex", "CX1")] == 3 and lit.evaluation.violations == ()
    # A red portiek light (capacity 0) closes a portiek the rule would allow.
    assert "Q1" in ruled.assignment.values()
    assert "Q1" not in lit.assignment.values()
