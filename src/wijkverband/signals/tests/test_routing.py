from hypothesis import given
from hypothesis import strategies as st

from wijkverband.signals.routing import Facts, Rule, first_match, ordered, route

FACTS = Facts(
    categories=frozenset({"betalingsachterstand-huur", "betalingsachterstand"}),
    areas=frozenset({"BU08280602", "WK082806", "GM0828"}),
    source="creditor",
    has_open_case=False,
)


def test_first_matching_rule_by_order_wins():
    rules = [
        Rule(key="b", order=20, team_key="wijkteam"),
        Rule(key="a", order=10, team_key="schuldhulp", categories=frozenset({"betalingsachterstand"})),
    ]
    assert route(FACTS, rules).team_key == "schuldhulp"


def test_empty_conditions_match_anything():
    assert route(FACTS, [Rule(key="x", order=1, team_key="t")]).team_key == "t"


def test_every_set_condition_must_hold():
    rule = Rule(
        key="x",
        order=1,
        team_key="t",
        categories=frozenset({"betalingsachterstand"}),
        areas=frozenset({"WK082807"}),  # another district
    )
    assert route(FACTS, [rule]) is None


def test_source_and_open_case_conditions():
    by_source = Rule(key="a", order=1, team_key="corporation", sources=frozenset({"tenants_organisation"}))
    with_case = Rule(key="b", order=2, team_key="plan-team", has_open_case=True)
    without_case = Rule(key="c", order=3, team_key="front-door", has_open_case=False)
    assert route(FACTS, [by_source, with_case, without_case]).team_key == "front-door"
    with_plan = Facts(FACTS.categories, FACTS.areas, FACTS.source, has_open_case=True)
    assert route(with_plan, [by_source, with_case, without_case]).team_key == "plan-team"


def test_no_rule_means_no_team():
    assert route(FACTS, []) is None


rules_strategy = st.lists(
    st.builds(
        Rule,
        key=st.text(alphabet="abcdef", min_size=1, max_size=3),
        order=st.integers(min_value=0, max_value=5),
        team_key=st.sampled_from(["t1", "t2", "t3"]),
        sources=st.sets(st.sampled_from(["creditor", "neighbour", "professional"])).map(frozenset),
        has_open_case=st.sampled_from([None, True, False]),
    ),
    max_size=8,
    unique_by=lambda rule: rule.key,  # rule keys are database ids: unique
)


@given(rules_strategy)
def test_the_chosen_rule_matches_and_no_earlier_rule_does(rules):
    chosen = route(FACTS, rules)
    in_order = ordered(rules)
    if chosen is None:
        assert first_match(FACTS, in_order) is None
        return
    position = in_order.index(chosen)
    assert first_match(FACTS, in_order[position:]) == chosen
    assert first_match(FACTS, in_order[:position]) is None


@given(rules_strategy, st.randoms())
def test_the_outcome_does_not_depend_on_the_order_rules_are_stored_in(rules, random):
    shuffled = list(rules)
    random.shuffle(shuffled)
    assert route(FACTS, rules) == route(FACTS, shuffled)
