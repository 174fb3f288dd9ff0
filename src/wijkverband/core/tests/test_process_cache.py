"""The per-process cache of reference data: kept for its time, never kept empty, cleared on request."""

from wijkverband.core import process_cache
from wijkverband.core.process_cache import ProcessCache


def test_a_value_is_built_once_within_its_time_and_again_after_it(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(process_cache.time, "monotonic", lambda: now[0])
    cache: ProcessCache[str, list[int]] = ProcessCache(ttl=60)
    builds = []

    def build():
        builds.append(1)
        return [len(builds)]

    assert cache.get("nl", build) == [1]
    now[0] += 59
    assert cache.get("nl", build) == [1]
    now[0] += 2
    assert cache.get("nl", build) == [2]
    assert cache.get("en", build) == [3]  # per key


def test_an_empty_result_is_not_kept_and_clear_forgets():
    cache: ProcessCache[str, list[int]] = ProcessCache(ttl=60)
    assert cache.get("", list) == []
    assert cache.get("", lambda: [7]) == [7]
    assert cache.get("", lambda: [8]) == [7]
    cache.clear()
    assert cache.get("", lambda: [9]) == [9]
