"""The trial period as a state machine: every path through it obeys the transitions and requirements."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkverband.placements import lifecycle
from wijkverband.placements.constants import ApplicationStatus
from wijkverband.placements.constants import TrialStatus as T

STATUSES = list(lifecycle.TRIAL_TRANSITIONS)
inputs = st.builds(
    lifecycle.StepInput,
    reason=st.sampled_from(["", "  ", "Schulden eerst oplossen"]),
    client_approved=st.booleans(),
    third_party=st.sampled_from(["", "Cliëntondersteuner MEE"]),
    three_conditions=st.booleans(),
)


# The machine is shared with other workers: data generation may be slow, which says nothing about the rule.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.sampled_from(STATUSES), inputs), max_size=8))
def test_replay_only_ever_takes_allowed_and_complete_steps(steps):
    status = T.DRAFT
    for target, given_input in steps:
        ok = lifecycle.can_transition(status, target) and not lifecycle.missing(target, given_input)
        try:
            new = lifecycle.replay(status, [(target, given_input)])
        except ValueError:
            assert not ok
            continue
        assert ok and new == target
        status = new


@given(inputs)
def test_an_omklap_always_needs_the_client_and_an_independent_third_party(given_input):
    allowed = not lifecycle.missing(T.TRANSFERRED, given_input)

    assert allowed == (given_input.client_approved and bool(given_input.third_party.strip()))


@given(st.sampled_from(sorted(lifecycle.FINAL_TRIAL_STATUSES)), st.sampled_from(STATUSES))
def test_omklap_and_return_to_care_are_final(final, target):
    assert not lifecycle.can_transition(final, target)


def test_signing_needs_the_three_conditions():
    assert lifecycle.missing(T.TRIAL, lifecycle.StepInput()) == ["three_conditions"]
    assert lifecycle.missing(T.TRIAL, lifecycle.StepInput(three_conditions=True)) == []


def test_a_housed_or_withdrawn_application_goes_nowhere():
    for final in (ApplicationStatus.HOUSED, ApplicationStatus.WITHDRAWN):
        assert all(not lifecycle.application_can_transition(final, s) for s in ApplicationStatus.values)
