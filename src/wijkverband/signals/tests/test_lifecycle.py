import pytest

from wijkverband.signals import lifecycle
from wijkverband.signals.constants import SignalStatus as S


def test_the_happy_path_to_a_plan():
    assert lifecycle.replay(S.NEW, [S.IN_PROGRESS, S.CONTACTED, S.REFERRED_TO_PLAN]) == S.REFERRED_TO_PLAN


def test_outcomes_are_final():
    for status in (S.REFERRED_TO_PLAN, S.CLOSED_NO_FOLLOW_UP, S.NOT_REACHED):
        assert lifecycle.allowed_next(status) == frozenset()


def test_a_new_signal_cannot_skip_being_picked_up():
    with pytest.raises(ValueError):
        lifecycle.replay(S.NEW, [S.CONTACTED])


def test_path_to_walks_every_step():
    assert lifecycle.path_to(S.NEW, S.CONTACTED) == [S.IN_PROGRESS, S.CONTACTED]
    assert lifecycle.path_to(S.NEW, S.NOT_REACHED) == [S.IN_PROGRESS, S.NOT_REACHED]
    assert lifecycle.path_to(S.CONTACTED, S.CONTACTED) == []
    with pytest.raises(ValueError):
        lifecycle.path_to(S.NOT_REACHED, S.CONTACTED)


def test_a_neighbour_only_hears_picked_up():
    assert lifecycle.reporter_outcome(S.NEW, may_know_details=False) == "received"
    for status in (S.IN_PROGRESS, S.CONTACTED, S.REFERRED_TO_PLAN, S.NOT_REACHED):
        assert lifecycle.reporter_outcome(status, may_know_details=False) == "picked_up"
    assert lifecycle.reporter_outcome(S.REFERRED_TO_PLAN, may_know_details=True) == S.REFERRED_TO_PLAN
