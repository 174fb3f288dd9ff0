from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

import pytest

from wijkverband.audit import selectors
from wijkverband.audit.models import AuditEvent
from wijkverband.audit.services import audit_chain_verify
from wijkverband.core.exceptions import NotVisible
from wijkverband.residents.selectors import resident_get_for_user
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def _drop_update_guard():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER audit_event_no_update ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")


def test_events_form_an_intact_chain(eva, wijkcoach):
    resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva.uuid)

    assert audit_chain_verify() == []
    call_command("audit", "verify")


def test_orm_updates_and_deletes_are_refused(eva):
    event = AuditEvent.objects.first()

    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        event.save()


def test_the_database_refuses_updates(eva):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'x'")


def test_verify_detects_a_tampered_row(eva):
    _drop_update_guard()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET username = 'iemand-anders' WHERE sequence = 2")

    problems = audit_chain_verify()

    assert [p.sequence for p in problems] == [2]
    with pytest.raises(CommandError, match="BROKEN"):
        call_command("audit", "verify")


def test_verify_detects_a_removed_row(eva):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = 1")

    assert audit_chain_verify() != []


def test_verify_detects_removed_tail(eva):
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = %s", [last])

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
    assert AuditEvent.objects.latest("sequence").event_type == "audit_trail.read"


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
