"""The bulk path for audit events (a creditor's batch): same fields, same hash, one event per resident."""

import uuid

import pytest

from wijkverband.audit import chain
from wijkverband.audit.models import AuditEvent
from wijkverband.audit.services import audit_chain_seal, audit_chain_verify, audit_events_record
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def test_one_event_per_resident_with_the_same_fields_as_a_single_record(wijkcoach, settings):
    residents = [uuid.uuid4() for _ in range(3)]
    batch = uuid.uuid4()

    written = audit_events_record(
        actor=actor_for(wijkcoach),
        event_type="signal.create",
        action="C",
        resident_uuids=iter(residents),  # a generator is enough: nothing is held twice
        object_type="arrears_batch",
        object_uuid=batch,
        details={"source": "creditor"},
    )

    assert written == 3
    events = list(AuditEvent.objects.order_by("id"))
    assert [event.resident_uuid for event in events] == residents
    for event in events:
        assert event.object_uuid == batch and event.details == {"source": "creditor"}
        assert event.username == wijkcoach.username and event.ip_address == "127.0.0.1"
        stored = {name: getattr(event, name) for name in chain.HASHED_FIELDS}
        assert event.hash == chain.event_hash(settings.AUDIT_HMAC_KEY, stored)
    assert len({event.hash for event in events}) == 3  # the resident is part of what is hashed


def test_bulk_events_seal_and_verify_like_any_other(wijkcoach):
    audit_events_record(
        actor=actor_for(wijkcoach),
        event_type="signal.create",
        action="C",
        resident_uuids=[uuid.uuid4() for _ in range(5)],
        object_type="arrears_batch",
        details={"source": "creditor", "note": "één"},
    )

    assert audit_chain_seal(settle_seconds=0) == 5
    assert audit_chain_verify() == []


def test_nothing_is_written_when_auditing_is_off(wijkcoach, settings):
    settings.AUDIT_ENABLED = False
    assert audit_events_record(actor=None, event_type="x", action="C", resident_uuids=[uuid.uuid4()]) == 0
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("resident", [uuid.uuid4(), None])
def test_the_bulk_hasher_gives_exactly_the_single_event_hash(resident):
    from datetime import UTC, datetime

    event = dict.fromkeys(chain.HASHED_FIELDS, "")
    event.update(
        occurred_at=datetime(2026, 11, 23, 2, 40, 1, 123456, tzinfo=UTC),
        user_id_ref=7,
        ip_address=None,
        object_uuid=uuid.uuid4(),
        reason='Ontvangen van "Woonstichting" — één\n',
        details={"source": "creditor", "n": 3},
    )

    hasher = chain.event_hasher("k" * 50, event, "resident_uuid")

    assert hasher(resident) == chain.event_hash("k" * 50, {**event, "resident_uuid": resident})
