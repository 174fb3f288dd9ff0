"""Large arrears batches: written chunk by chunk, still one batch — all or nothing, combined, audited."""

import io
import json
import re

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.signals import arrears, services
from wijkverband.signals.constants import BatchSource
from wijkverband.signals.models import ArrearsBatch, OutreachTask, Signal, SignalStatusChange
from wijkverband.signals.services import arrears_batch_ingest
from wijkverband.testing.actors import actor_for

from .csvdata import csv_bytes, json_row, row
from .test_api import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_chunks(monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)


def deliver_csv(user, data: bytes, reference: str = "B-1"):
    return arrears_batch_ingest(
        actor=actor_for(user), reference=reference, rows=arrears.csv_rows(io.BytesIO(data)), source=BatchSource.CSV
    )


def test_a_batch_over_several_chunks_combines_households_across_chunks(
    creditor, corporation_officer, catch_all, tiny_chunks
):
    outcome = deliver_csv(
        corporation_officer,
        csv_bytes(
            row("H-1"),
            row("H-9", house_number="9", bsn=""),
            row("E-9", house_number="9", kind="energie", bsn=""),
            row("X-9", house_number="9", kind="water", bsn=""),
            # The urgent signal arrives in a later chunk than its household's task and brings it forward.
            row("W-1", kind="water", threat="ja"),
        ),
    )

    assert outcome.created and outcome.new_count == 5
    assert OutreachTask.objects.count() == 2
    seven = OutreachTask.objects.get(house_number=7)
    assert sorted(seven.signals.values_list("creditor_reference", flat=True)) == ["H-1", "W-1"]
    assert seven.due_on == Signal.objects.get(creditor_reference="W-1").due_on
    assert OutreachTask.objects.get(house_number=9).signals.count() == 3


def test_every_signal_of_a_chunked_batch_has_its_history_and_its_own_audit_event(
    creditor, corporation_officer, catch_all, tiny_chunks
):
    deliver_csv(corporation_officer, csv_bytes(*(row(f"H-{n}", house_number=str(n)) for n in range(1, 6))))

    signals = Signal.objects.all()
    assert SignalStatusChange.objects.filter(signal__in=signals, from_status="", to_status="new").count() == 5
    assert all("B-1" in change.reason for change in SignalStatusChange.objects.all())  # says which batch
    events = AuditEvent.objects.filter(event_type="signal.create")
    assert sorted(events.values_list("resident_uuid", flat=True)) == sorted(s.subject_uuid for s in signals)
    assert {event.username for event in events} == {corporation_officer.username}


def test_a_bad_row_after_chunks_were_written_still_leaves_nothing(
    creditor, corporation_officer, catch_all, tiny_chunks
):
    outcome = deliver_csv(
        corporation_officer,
        csv_bytes(*(row(f"H-{n}", house_number=str(n)) for n in range(1, 6)), row("H-6", amount="-5")),
    )

    assert outcome.is_refused and outcome.error_count == 1
    assert not Signal.objects.exists() and not ArrearsBatch.objects.exists() and not OutreachTask.objects.exists()
    assert not SignalStatusChange.objects.exists()
    assert not AuditEvent.objects.filter(event_type="signal.create").exists()


def test_a_json_body_larger_than_djangos_in_memory_limit_is_streamed(
    creditor, corporation_officer, catch_all, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024  # request.data would refuse this body
    body = {"reference": "J-1", "rows": [json_row(f"J-{n}", houseNumber=n) for n in range(1, 11)]}
    assert len(json.dumps(body)) > 1024

    response = token_client(corporation_officer).post("/api/v1/arrears-batches", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["newCount"] == 10


def test_the_reference_may_follow_the_rows(creditor, corporation_officer, catch_all):
    data = json.dumps({"rows": [json_row("J-1")], "reference": "J-LATE"})

    response = token_client(corporation_officer).post(
        "/api/v1/arrears-batches", data=data, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    assert ArrearsBatch.objects.get().reference == "J-LATE"


@pytest.mark.parametrize(
    "data", [b"", b"{", b'{"reference": "J-1", "rows": [{"reference": "J-1"}, 5]}', b'{"reference": "J-1"}']
)
def test_a_malformed_json_delivery_is_a_problem_and_writes_nothing(creditor, corporation_officer, catch_all, data):
    response = token_client(corporation_officer).post(
        "/api/v1/arrears-batches", data=data, content_type="application/json"
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert not ArrearsBatch.objects.exists() and not Signal.objects.exists()


def test_receipt_numbers_use_only_the_unambiguous_alphabet_and_do_not_repeat():
    numbers = [services.receipt_number_new(2026) for _ in range(2000)]

    assert all(re.fullmatch(rf"WV-2026-[{services.RECEIPT_ALPHABET}]{{8}}", number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
    # Every letter is used in every position: the draw covers the whole alphabet.
    assert all({number[8 + p] for number in numbers} == set(services.RECEIPT_ALPHABET) for p in range(8))


def test_a_receipt_number_already_taken_is_drawn_again(creditor, corporation_officer, catch_all, monkeypatch):
    deliver_csv(corporation_officer, csv_bytes(row("H-1")), reference="B-1")
    taken = Signal.objects.get().receipt_number
    draws = iter([taken, taken, "WV-2026-AAAAAAAA", "WV-2026-CCCCCCCC"])
    monkeypatch.setattr(services, "receipt_number_new", lambda year: next(draws))

    outcome = deliver_csv(corporation_officer, csv_bytes(row("H-2"), row("H-3")), reference="B-2")

    assert outcome.created and outcome.new_count == 2
    numbers = set(Signal.objects.exclude(creditor_reference="H-1").values_list("receipt_number", flat=True))
    assert numbers == {"WV-2026-AAAAAAAA", "WV-2026-CCCCCCCC"}
