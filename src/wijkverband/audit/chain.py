"""The keyed hash chain over audit events (pure, no ORM).

hash_n = HMAC-SHA256(key, hash_{n-1} || canonical JSON of event n). Without the key an attacker
who can write to the database cannot forge a consistent chain; with the sequence in the payload a
removed row shows up as a gap.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64

CHAINED_FIELDS = (
    "sequence",
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
    payload = {name: _normalise(event[name]) for name in CHAINED_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link(key: str, previous_hash: str, event: Mapping[str, Any]) -> str:
    return hmac.new(key.encode(), previous_hash.encode() + canonical(event), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    problem: str


def verify(key: str, events: Iterable[Mapping[str, Any]], *, head_sequence: int, head_hash: str) -> list[ChainProblem]:
    """Check events in sequence order; report gaps, broken links and a head that does not match."""
    problems: list[ChainProblem] = []
    expected_previous = GENESIS
    expected_sequence = 1
    for event in events:
        sequence = int(event["sequence"])
        if sequence != expected_sequence:
            problems.append(ChainProblem(sequence, f"missing sequence {expected_sequence}..{sequence - 1}"))
        if event["previous_hash"] != expected_previous:
            problems.append(ChainProblem(sequence, "previous hash does not match"))
        if link(key, event["previous_hash"], event) != event["hash"]:
            problems.append(ChainProblem(sequence, "content does not match its hash"))
        expected_previous = event["hash"]
        expected_sequence = sequence + 1
    if head_sequence != expected_sequence - 1 or (head_sequence and head_hash != expected_previous):
        problems.append(ChainProblem(head_sequence, "chain head does not match the last event (rows removed?)"))
    return problems
