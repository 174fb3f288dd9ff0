"""The wizard's filter as properties: what must hold for any scheme and any answers."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkverband.schemes.eligibility import (
    INCOME_ABOVE_BANDS,
    INCOME_BANDS,
    Answers,
    Candidate,
    Criteria,
    CriteriaError,
    Household,
    Housing,
    Outcome,
    Verdict,
    criteria_dump,
    criteria_parse,
    evaluate,
    schemes_filter,
)

TODAY = date(2026, 6, 1)
ages = st.integers(min_value=0, max_value=110)
maybe_bool = st.none() | st.booleans()


@st.composite
def criteria(draw: st.DrawFn) -> Criteria:
    low = draw(st.none() | ages)
    high = draw(st.none() | ages)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return Criteria(
        age_min=low,
        age_max=high,
        households=frozenset(draw(st.sets(st.sampled_from(list(Household))))),
        has_children=draw(maybe_bool),
        income_max_pct=draw(st.none() | st.sampled_from([*INCOME_BANDS, 200])),
        housing=frozenset(draw(st.sets(st.sampled_from(list(Housing))))),
        has_debts=draw(maybe_bool),
        has_care_need=draw(maybe_bool),
    )


answers = st.builds(
    Answers,
    age=st.none() | ages,
    household=st.none() | st.sampled_from(list(Household)),
    has_children=maybe_bool,
    income_pct=st.none() | st.sampled_from([*INCOME_BANDS, INCOME_ABOVE_BANDS]),
    housing=st.none() | st.sampled_from(list(Housing)),
    has_debts=maybe_bool,
    has_care_need=maybe_bool,
    area_codes=st.sampled_from([frozenset(), frozenset({"GM0828", "WK082806"}), frozenset({"GM0363"})]),
)
areas = st.none() | st.sampled_from(["GM0828", "WK082806", "GM0363"])


@st.composite
def candidates(draw: st.DrawFn) -> Candidate:
    start = draw(st.none() | st.dates(TODAY - timedelta(days=800), TODAY + timedelta(days=400)))
    end = draw(st.none() | st.dates(TODAY - timedelta(days=400), TODAY + timedelta(days=800)))
    if start and end and end < start:
        start, end = end, start
    return Candidate(
        key=draw(st.uuids()).hex, criteria=draw(criteria()), valid_from=start, valid_until=end, area_code=draw(areas)
    )


@st.composite
def refinement(draw: st.DrawFn, base: Answers) -> Answers:
    """The same answers with some unanswered questions answered; given answers stay as they were."""
    extra = draw(answers)
    changes = {}
    for f in fields(Answers):
        current = getattr(base, f.name)
        if (current is None or current == frozenset()) and draw(st.booleans()):
            changes[f.name] = getattr(extra, f.name)
    return replace(base, **changes)


@given(st.data(), candidates(), answers)
@settings(max_examples=300)
def test_answering_more_never_brings_back_a_ruled_out_scheme(data, candidate, given_answers):
    refined = data.draw(refinement(given_answers))
    before, after = evaluate(candidate, given_answers), evaluate(candidate, refined)
    if before.verdict == Verdict.NOT:
        assert after.verdict == Verdict.NOT
    if before.verdict == Verdict.LIKELY:
        assert after.verdict == Verdict.LIKELY


@given(candidates(), answers)
def test_verdict_follows_the_reasons(candidate, given_answers):
    match = evaluate(candidate, given_answers)
    outcomes = [r.outcome for r in match.reasons]
    assert match.reasons, "every verdict comes with at least one reason"
    assert all(r.text for r in match.reasons)
    if match.verdict == Verdict.NOT:
        assert Outcome.FAILED in outcomes
    elif match.verdict == Verdict.POSSIBLE:
        assert Outcome.FAILED not in outcomes and Outcome.UNKNOWN in outcomes
    else:
        assert set(outcomes) == {Outcome.MET}


@given(st.lists(candidates(), max_size=20), answers)
def test_filter_never_shows_expired_or_ruled_out_schemes(pool, given_answers):
    shown = schemes_filter(pool, given_answers, today=TODAY)
    by_key = {c.key: c for c in pool}
    for match in shown:
        candidate = by_key[match.key]
        assert candidate.valid_until is None or candidate.valid_until >= TODAY
        assert candidate.valid_from is None or candidate.valid_from <= TODAY
        assert match.verdict != Verdict.NOT
    verdicts = [m.verdict for m in shown]
    assert verdicts == sorted(verdicts, key=lambda v: v != Verdict.LIKELY), "likely ones come first"


@given(st.lists(candidates(), max_size=20))
def test_without_answers_no_current_scheme_is_ruled_out_except_by_area(pool):
    shown = {m.key for m in schemes_filter(pool, Answers(), today=TODAY)}
    current = {
        c.key
        for c in pool
        if (c.valid_from is None or c.valid_from <= TODAY) and (c.valid_until is None or c.valid_until >= TODAY)
    }
    assert shown == current


@given(ages, candidates())
def test_age_outside_the_range_rules_a_scheme_out(age, candidate):
    low, high = candidate.criteria.age_min, candidate.criteria.age_max
    outside = (low is not None and age < low) or (high is not None and age > high)
    match = evaluate(candidate, Answers(age=age))
    assert (match.verdict == Verdict.NOT) == outside


@given(criteria())
def test_criteria_survive_dump_and_parse(original):
    assert criteria_parse(criteria_dump(original)) == original


def test_scheme_without_conditions_likely_applies_to_anyone():
    match = evaluate(Candidate(key="x", criteria=Criteria()), Answers(age=40))
    assert match.verdict == Verdict.LIKELY
    assert match.reasons[0].text == "Deze regeling stelt geen voorwaarden aan wie u bent."


def test_income_above_the_limit_gives_the_reason():
    candidate = Candidate(key="x", criteria=Criteria(income_max_pct=120))
    match = evaluate(candidate, Answers(income_pct=130))
    assert match.verdict == Verdict.NOT
    assert match.reasons[0].outcome == Outcome.FAILED
    assert match.reasons[0].text == "Uw inkomen ligt boven de grens van 120% van het sociaal minimum."


def test_scheme_for_another_municipality_is_ruled_out():
    candidate = Candidate(key="x", criteria=Criteria(), area_code="GM0363", area_name="Amsterdam")
    assert evaluate(candidate, Answers(area_codes=frozenset({"GM0828"}))).verdict == Verdict.NOT
    assert evaluate(candidate, Answers()).verdict == Verdict.POSSIBLE


@pytest.mark.parametrize(
    "data",
    [
        {"shoe_size": 42},
        {"age_min": "achttien"},
        {"age_min": 30, "age_max": 20},
        {"housing": ["castle"]},
        {"has_debts": "misschien"},
        {"income_max_pct": 5},
    ],
)
def test_bad_criteria_are_refused_with_a_message(data):
    with pytest.raises(CriteriaError) as error:
        criteria_parse(data)
    assert error.value.messages
