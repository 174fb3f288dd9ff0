"""Creditors' arrears batches: all or nothing, idempotent, combined per household."""

import io

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.signals import arrears
from wijkverband.signals.constants import BatchSource, SignalStatus
from wijkverband.signals.models import ArrearsBatch, OutreachTask, Signal, SignalStatusChange
from wijkverband.signals.services import arrears_batch_ingest
from wijkverband.testing.actors import actor_for

from .csvdata import csv_bytes, json_row, row

pytestmark = pytest.mark.django_db


def deliver_csv(user, data: bytes, reference: str = "B-2026-11"):
    return arrears_batch_ingest(
        actor=actor_for(user), reference=reference, rows=arrears.csv_rows(io.BytesIO(data)), source=BatchSource.CSV
    )


def nothing_written() -> bool:
    return not Signal.objects.exists() and not ArrearsBatch.objects.exists() and not OutreachTask.objects.exists()


def test_a_valid_batch_is_accepted_whole_and_routed(creditor, corporation_officer, catch_all, team):
    outcome = deliver_csv(corporation_officer, csv_bytes(row("H-1"), row("H-2", kind="energie", bsn="")))

    assert outcome.created and not outcome.errors
    assert outcome.new_count == 2
    signals = Signal.objects.order_by("creditor_reference")
    assert [s.team for s in signals] == [team, team]
    assert [s.category.code for s in signals] == ["betalingsachterstand-huur", "betalingsachterstand-energie"]
    assert all(s.status == SignalStatus.NEW for s in signals)
    assert signals[0].bsn_index and "111222333" not in signals[0].bsn_encrypted
    assert SignalStatusChange.objects.filter(to_status=SignalStatus.NEW).count() == 2
    assert AuditEvent.objects.filter(event_type="signal.create").count() == 2


def test_signals_about_one_household_become_one_outreach_task(creditor, corporation_officer, catch_all):
    deliver_csv(corporation_officer, csv_bytes(row("H-1"), row("E-1", kind="energie"), row("H-9", house_number="9")))

    assert OutreachTask.objects.count() == 2
    task = OutreachTask.objects.get(house_number=7)
    assert task.signals.count() == 2


def test_a_later_batch_joins_the_open_task_of_the_household(creditor, corporation_officer, catch_all):
    deliver_csv(corporation_officer, csv_bytes(row("H-1")), reference="B-1")
    deliver_csv(corporation_officer, csv_bytes(row("W-1", kind="water", threat="ja")), reference="B-2")

    task = OutreachTask.objects.get()
    assert task.signals.count() == 2
    # The urgent water signal brings the task's deadline forward.
    assert task.due_on == Signal.objects.get(creditor_reference="W-1").due_on


def test_delivering_the_same_batch_twice_doubles_nothing(creditor, corporation_officer, catch_all):
    data = csv_bytes(row("H-1"), row("H-2"))
    first = deliver_csv(corporation_officer, data)
    again = deliver_csv(corporation_officer, data)

    assert first.created and not again.created
    assert again.batch == first.batch
    assert Signal.objects.count() == 2 and ArrearsBatch.objects.count() == 1


def test_rows_delivered_before_in_another_batch_are_not_created_again(creditor, corporation_officer, catch_all):
    deliver_csv(corporation_officer, csv_bytes(row("H-1")), reference="B-1")
    outcome = deliver_csv(corporation_officer, csv_bytes(row("H-1"), row("H-2")), reference="B-2")

    assert (outcome.new_count, outcome.known_count) == (1, 1)
    assert Signal.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "leeg"),
        (csv_bytes(row(last_name="Müller")).decode().encode("cp1252"), "UTF-8"),
        (csv_bytes("x;y", header="referentie;achternaam"), "ontbreekt"),
    ],
    ids=["0-byte file", "wrong encoding", "missing columns"],
)
def test_unreadable_files_write_nothing(creditor, corporation_officer, catch_all, data, expected):
    outcome = deliver_csv(corporation_officer, data)

    assert outcome.is_refused and expected in outcome.file_error
    assert nothing_written()


@pytest.mark.parametrize(
    "bad_row",
    [
        row("H-2", bsn="123456789"),
        row("H-2", postcode="1011 AB"),
        row("H-2", amount="-5"),
        row("H-1"),  # duplicate of the first row
    ],
    ids=["bad BSN", "unknown postcode", "negative amount", "duplicate row"],
)
def test_one_bad_row_refuses_the_whole_batch_and_writes_nothing(creditor, corporation_officer, catch_all, bad_row):
    # Enough good rows before the bad one that the first chunk was already written and rolled back.
    good = [row(f"G-{n}", house_number=str(n + 1)) for n in range(2100)]
    outcome = deliver_csv(corporation_officer, csv_bytes(row("H-1"), *good, bad_row))

    assert outcome.is_refused
    assert outcome.error_count == 1 and outcome.errors[0].row == 2103
    assert nothing_written()


def test_the_error_report_lists_every_row(creditor, corporation_officer, catch_all):
    outcome = deliver_csv(corporation_officer, csv_bytes(row("A", amount="-1"), row("B", bsn="1"), row("C")))

    assert [(e.row, e.field) for e in outcome.errors] == [(2, "bedrag"), (3, "bsn")]


def test_json_batches_use_the_same_rules(creditor, corporation_officer, catch_all):
    outcome = arrears_batch_ingest(
        actor=actor_for(corporation_officer),
        reference="API-1",
        rows=arrears.json_rows([json_row("J-1"), json_row("J-2", amountOwed="-3")]),
        source=BatchSource.API,
    )

    assert outcome.is_refused
    assert [(e.row, e.field) for e in outcome.errors] == [(2, "amountOwed")]
    assert nothing_written()


def test_only_signal_partners_deliver(wijkcoach, catch_all):
    with pytest.raises(PermissionDenied):
        deliver_csv(wijkcoach, csv_bytes(row()))


def test_postcodes_of_another_municipality_are_unknown_to_this_creditor(
    creditor, corporation_officer, catch_all, known_postcodes
):
    from wijkverband.neighbourhoods.models import Municipality
    from wijkverband.signals.models import PostcodeArea

    elsewhere = Municipality.objects.create(code="GM0796", name="'s-Hertogenbosch")
    PostcodeArea.objects.create(pc4="5211", municipality=elsewhere)

    outcome = deliver_csv(corporation_officer, csv_bytes(row(postcode="5211 AB")))

    assert outcome.is_refused and "5211" in outcome.errors[0].message
