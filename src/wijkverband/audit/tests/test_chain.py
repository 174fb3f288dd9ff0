from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

import pytest
import time_machine

from wijkverband.audit import selectors
from wijkverband.audit.models import AuditChainHead, AuditEvent, AuditSeal
from wijkverband.audit.services import audit_chain_seal, audit_chain_verify, audit_event_record
from wijkverband.core.exceptions import NotVisible
from wijkverband.residents.selectors import resident_get_for_user
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def _drop_update_guard(table="audit_auditevent"):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {table}_no_update ON {table}")
        else:
            cursor.execute(f"DROP TRIGGER {table}_no_update")


def _event_ids():
    return list(AuditEvent.objects.order_by("id").values_list("id", flat=True))


def test_events_form_an_intact_chain_once_sealed(eva, wijkcoach):
    resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva.uuid)

    sealed = audit_chain_seal(settle_seconds=0)

    assert sealed == AuditEvent.objects.count() > 0
    assert list(AuditSeal.objects.values_list("event_id", flat=True)) == _event_ids()
    assert audit_chain_verify() == []
    call_command("audit", "verify")


def test_recording_an_event_takes_no_chain_lock(eva, wijkcoach, django_assert_max_num_queries):
    # The whole point of sealing afterwards: a read costs one INSERT, never a wait on the chain head.
    actor = actor_for(wijkcoach)
    with django_assert_max_num_queries(1) as captured:
        audit_event_record(actor=actor, event_type="resident.read", action="R", resident_uuid=eva.uuid)

    assert "auditchainhead" not in captured.captured_queries[0]["sql"].lower()


def test_the_sealer_leaves_events_younger_than_the_settle_time(eva, wijkcoach):
    audit_chain_seal(settle_seconds=0)
    resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva.uuid)
    newest = _event_ids()[-1]

    assert audit_chain_seal(settle_seconds=30) == 0
    with time_machine.travel(AuditEvent.objects.get(pk=newest).occurred_at + timedelta(seconds=31)):
        assert audit_chain_seal(settle_seconds=30) == 1
    assert AuditSeal.objects.filter(event_id=newest).exists()


def test_a_straggler_committed_behind_the_sealer_is_sealed_next_time(eva, wijkcoach):
    audit_chain_seal(settle_seconds=0)
    resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva.uuid)
    resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva.uuid)
    late = _event_ids()[-2:]
    # As if both transactions committed after the sealer had already moved its mark past them.
    AuditChainHead.objects.filter(pk=1).update(sealed_through_id=late[-1])

    assert audit_chain_seal(settle_seconds=0) == 2
    assert sorted(AuditSeal.objects.filter(event_id__in=late).values_list("event_id", flat=True)) == late
    assert audit_chain_verify() == []


def test_an_event_left_unsealed_past_the_settle_time_is_reported(eva, settings):
    settings.AUDIT_SEAL_SETTLE_SECONDS = 0

    problems = audit_chain_verify()

    assert {p.event_id for p in problems} == set(_event_ids())
    assert {p.problem for p in problems} == {"event is not sealed"}


def test_orm_updates_and_deletes_are_refused(eva):
    event = AuditEvent.objects.first()
    audit_chain_seal(settle_seconds=0)

    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        AuditSeal.objects.all().delete()


@pytest.mark.parametrize("table", ["audit_auditevent", "audit_auditseal"])
def test_the_database_refuses_updates(eva, table):
    audit_chain_seal(settle_seconds=0)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET hash = 'x'")  # noqa: S608 (table name from the parametrize list)


def test_verify_detects_a_tampered_row(eva):
    audit_chain_seal(settle_seconds=0)
    second = _event_ids()[1]
    _drop_update_guard()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET username = 'iemand-anders' WHERE id = %s", [second])

    problems = audit_chain_verify()

    assert [p.event_id for p in problems] == [second]
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit", "verify")


def test_verify_detects_a_forged_unsealed_row(eva):
    # Written around the application, so without the key: its hash cannot match.
    audit_chain_seal(settle_seconds=0)
    original = AuditEvent.objects.order_by("id").first()
    forged = AuditEvent(
        **{f.attname: getattr(original, f.attname) for f in AuditEvent._meta.concrete_fields if f.attname != "id"}
    )
    forged.username = "iemand-anders"
    forged.save(force_insert=True)

    audit_chain_seal(settle_seconds=0)

    assert any(p.event_id == forged.pk and "content" in p.problem for p in audit_chain_verify())


def test_verify_detects_a_removed_row(eva):
    audit_chain_seal(settle_seconds=0)
    first = _event_ids()[0]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [first])

    assert [(p.event_id, p.problem) for p in audit_chain_verify()] == [(first, "sealed event was removed")]


def test_verify_detects_removed_tail(eva):
    audit_chain_seal(settle_seconds=0)
    last = AuditSeal.objects.order_by("-position").values_list("position", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditseal WHERE position = %s", [last])

    assert any("head" in p.problem for p in audit_chain_verify())


def test_the_trail_survives_deletion_of_the_resident(eva):
    resident_uuid = eva.uuid
    before = AuditEvent.objects.filter(resident_uuid=resident_uuid).count()

    eva.delete()

    assert before > 0
    assert AuditEvent.objects.filter(resident_uuid=resident_uuid).count() == before


def test_coordinator_sees_who_looked_at_the_file(eva, wijkcoach, coordinator):
    resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva.uuid)

    events = list(selectors.audit_trail_for_resident(actor=actor_for(coordinator), resident=eva))

    assert any(e.username == "wijkcoach" and e.event_type == "resident.read" for e in events)
    assert AuditEvent.objects.latest("id").event_type == "audit_trail.read"


@pytest.mark.parametrize("persona", ["wijkcoach", "outsider", "manager", "functional_admin"])
def test_others_cannot_see_the_trail(request, eva, persona):
    with pytest.raises(NotVisible):
        selectors.audit_trail_for_resident(actor=actor_for(request.getfixturevalue(persona)), resident=eva)


def test_organisation_log_shows_only_own_organisation(eva, coordinator, outsider, wijkteam):
    events = selectors.audit_log_for_organisation(actor=actor_for(coordinator))

    assert events.exists()
    assert set(events.values_list("organisation_uuid", flat=True)) == {wijkteam.uuid}
    with pytest.raises(NotVisible):
        selectors.audit_log_for_organisation(actor=actor_for(outsider))


def test_audit_can_be_switched_off_for_benchmarks(settings, eva, wijkcoach):
    settings.AUDIT_ENABLED = False
    before = AuditEvent.objects.count()

    resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva.uuid)

    assert AuditEvent.objects.count() == before
