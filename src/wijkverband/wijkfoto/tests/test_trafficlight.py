"""The traffic light as a pure calculation."""

from datetime import date

from wijkverband.wijkfoto import trafficlight
from wijkverband.wijkfoto.trafficlight import Figure, Override, Rule

MINIMUM = Rule("pct_min", "Huishoudens rond sociaal minimum", "%", orange=8, red=12)
LIVEABILITY = Rule("lbm", "Leefbaarometer-score", "score", orange=4.0, red=3.8, decimals=2)


def test_one_rule_gives_its_own_colour_with_the_reason():
    assert trafficlight.evaluate([MINIMUM], {"pct_min": Figure(7)}).colour == "green"
    orange = trafficlight.evaluate([MINIMUM], {"pct_min": Figure(8, 2023)})
    assert orange.colour == "orange"
    assert orange.reasons[0].text == "Huishoudens rond sociaal minimum is 8 % (2023): oranjedrempel ≥ 8 %"
    assert trafficlight.evaluate([MINIMUM], {"pct_min": Figure(12.5)}).colour == "red"


def test_red_below_orange_means_lower_is_worse():
    assert trafficlight.evaluate([LIVEABILITY], {"lbm": Figure(4.1)}).colour == "green"
    assert trafficlight.evaluate([LIVEABILITY], {"lbm": Figure(3.9)}).colour == "orange"
    assert trafficlight.evaluate([LIVEABILITY], {"lbm": Figure(3.8)}).colour == "red"


def test_weights_add_up_to_the_colour():
    both_orange = {"pct_min": Figure(9), "lbm": Figure(3.9)}
    assert trafficlight.evaluate([MINIMUM, LIVEABILITY], both_orange).colour == "red"
    assert trafficlight.evaluate([MINIMUM, LIVEABILITY], both_orange, red_from=3).colour == "orange"
    heavy = Rule("pct_min", "min", "%", orange=8, red=12, weight=2)
    assert trafficlight.evaluate([heavy], {"pct_min": Figure(9)}).score == 2


def test_missing_figures_are_unknown_never_green():
    evaluation = trafficlight.evaluate([MINIMUM], {"pct_min": Figure(None)})
    assert evaluation.colour == "unknown" and evaluation.score is None
    assert evaluation.reasons[0].text == "Huishoudens rond sociaal minimum: geen cijfer"
    partly = trafficlight.evaluate([MINIMUM, LIVEABILITY], {"lbm": Figure(3.7)})
    assert partly.colour == "red" and [r.colour for r in partly.reasons] == ["red", "unknown"]


def test_an_override_wins_until_it_expires():
    override = Override("red", "Veel onrust na sluiting buurthuis", date(2026, 6, 30))
    figures = {"pct_min": Figure(3)}

    during = trafficlight.evaluate([MINIMUM], figures, override=override, today=date(2026, 6, 30))
    after = trafficlight.evaluate([MINIMUM], figures, override=override, today=date(2026, 7, 1))

    assert (during.colour, during.computed_colour, during.override) == ("red", "green", override)
    assert (after.colour, after.override) == ("green", None)


def test_capacity_per_thousand_social_homes_minus_placements():
    kwargs = {"green_limit": 10, "orange_limit": 5}
    assert trafficlight.capacity("green", social_homes=850, placements=3, **kwargs) == 5  # floor(8.5) − 3
    assert trafficlight.capacity("orange", social_homes=850, placements=3, **kwargs) == 1  # floor(4.25) − 3
    assert trafficlight.capacity("orange", social_homes=850, placements=9, **kwargs) == 0
    assert trafficlight.capacity("red", social_homes=850, placements=0, **kwargs) == 0
    assert trafficlight.capacity("unknown", social_homes=850, placements=0, **kwargs) is None
    assert trafficlight.capacity("green", social_homes=None, placements=0, **kwargs) is None
