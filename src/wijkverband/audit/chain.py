"""The keyed hashes over audit events (pure, no ORM). See docs/decisions/0005-audit-seal-after-append.md.

Two layers, so that recording an event never waits for another request:

- Each event carries ``hash = HMAC(key, canonical JSON of the event)``, computed when it is written.
  Without the key nobody can insert a believable event or change one.
- A sealer later puts events in one chain: seal n stores the event id and its hash, and
  ``hash_n = HMAC(key, hash_{n-1} || n || event id || event hash)``. A sealed event that is removed,
  or a seal that is removed, shows up as a broken or shortened chain.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

HASHED_FIELDS = (
    "occurred_at",
    "event_type",
    "action",
    "outcome",
    "resident_uuid",
    "user_id_ref",
    "username",
    "responsible_username",
    "organisation_uuid",
    "organisation_name",
    "role",
    "access_point",
    "ip_address",
    "object_type",
    "object_uuid",
    "scope",
    "reason",
    "details",
)


def _normalise(value: Any) -> Any:
    if value is None or isinstance(value, str | int | bool | float | dict | list):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def canonical(event: Mapping[str, Any]) -> bytes:
    payload = {name: _normalise(event[name]) for name in HASHED_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(key: str, event: Mapping[str, Any]) -> str:
    return hmac.new(key.encode(), canonical(event), hashlib.sha256).hexdigest()


def event_hasher(key: str, event: Mapping[str, Any], varying: str) -> Callable[[Any], str]:
    """``event_hash`` of ``event`` with only field ``varying`` changing, for bulk writes.

    The canonical JSON is built once with a marker where the varying value goes; each hash then
    only joins its value in. The result is identical to ``event_hash`` of the full event (tested)."""
    marker = f"\x00{secrets.token_hex(8)}\x00"
    parts = canonical({**event, varying: marker}).split(json.dumps(marker).encode())
    if len(parts) != 2:  # pragma: no cover - the random marker also occurs elsewhere in the event
        return lambda value: event_hash(key, {**event, varying: value})
    before, after = parts
    keyed = hmac.new(key.encode(), digestmod=hashlib.sha256)

    def hashed(value: Any) -> str:
        digest = keyed.copy()
        digest.update(before + json.dumps(_normalise(value), ensure_ascii=False).encode() + after)
        return digest.hexdigest()

    return hashed


def seal_link(key: str, previous_hash: str, position: int, event_id: int, hashed: str) -> str:
    message = f"{previous_hash}|{position}|{event_id}|{hashed}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str


def verify_seals(
    key: str,
    seals: Iterable[Mapping[str, Any]],
    *,
    head_position: int,
    head_hash: str,
) -> list[ChainProblem]:
    """Check seals in position order against the events they seal.

    ``seals`` rows hold position, event_id, event_hash, previous_hash, hash and ``event``: the sealed
    event's stored fields (HASHED_FIELDS plus ``hash``), or None when it is gone. Reports gaps, broken
    links, sealed events that are gone or changed, and a head that does not match the last seal.
    """
    problems: list[ChainProblem] = []
    expected_previous = GENESIS
    expected_position = 1
    for seal in seals:
        position, event_id = int(seal["position"]), int(seal["event_id"])
        if position != expected_position:
            problems.append(ChainProblem(event_id, f"missing seals {expected_position}..{position - 1}"))
        if seal["previous_hash"] != expected_previous:
            problems.append(ChainProblem(event_id, "seal does not follow the previous seal"))
        if seal_link(key, seal["previous_hash"], position, event_id, seal["event_hash"]) != seal["hash"]:
            problems.append(ChainProblem(event_id, "seal does not match its hash"))
        event = seal["event"]
        if event is None:
            problems.append(ChainProblem(event_id, "sealed event was removed"))
        elif event["hash"] != seal["event_hash"] or event_hash(key, event) != event["hash"]:
            problems.append(ChainProblem(event_id, "content does not match its hash"))
        expected_previous = seal["hash"]
        expected_position = position + 1
    if head_position != expected_position - 1 or (head_position and head_hash != expected_previous):
        problems.append(ChainProblem(0, "chain head does not match the last seal (rows removed?)"))
    return problems
