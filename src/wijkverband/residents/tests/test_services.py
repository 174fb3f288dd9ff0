from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.consent.models import ConsentGrant
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.residents import services
from wijkverband.residents.models import Involvement, Resident
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db

VALID = {
    "first_name": "Kees",
    "last_name": "van Rooij",
    "date_of_birth": date(1939, 6, 2),
    "postcode": "5345ab",
    "house_number": 3,
    "consent_purpose": "Wmo-ondersteuning",
    "consent_given_on": date(2026, 1, 1),
}


def _counts():
    return (
        Resident.objects.count(),
        ConsentGrant.objects.count(),
        Involvement.objects.count(),
        AuditEvent.objects.count(),
    )


def test_registering_makes_the_resident_visible_to_the_registering_professional(wijkcoach):
    actor = actor_for(wijkcoach)

    resident = services.resident_register(actor=actor, bsn="111222333", **VALID)

    assert Resident.objects.visible_to(actor).filter(pk=resident.pk).exists()
    assert resident.postcode == "5345 AB"
    assert resident.reveal_bsn() == "111222333"
    assert "111222333" not in resident.bsn_encrypted
    event_types = set(AuditEvent.objects.filter(resident_uuid=resident.uuid).values_list("event_type", flat=True))
    assert {"resident.create", "consent.create"} <= event_types


def test_a_resident_can_be_registered_without_bsn(wijkcoach):
    resident = services.resident_register(actor=actor_for(wijkcoach), **VALID)

    assert resident.has_bsn is False
    assert resident.bsn_index is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"bsn": "123456789"}, "bsn"),
        ({"postcode": "0345 AB"}, "postcode"),
        ({"postcode": "5345 SA"}, "postcode"),
        ({"date_of_birth": timezone.localdate() + timedelta(days=1)}, "date_of_birth"),
        ({"date_of_birth": date(1850, 1, 1)}, "date_of_birth"),
        ({"first_name": "K" * 101}, "first_name"),
        ({"last_name": "<script>alert(1)</script>"}, "last_name"),
        ({"city": "Oss\x00"}, "city"),
        ({"bag_id": "12345"}, "bag_id"),
        ({"consent_given_on": timezone.localdate() + timedelta(days=2)}, "given_on"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(wijkcoach, change, field):
    before = _counts()

    with pytest.raises(ValidationError) as excinfo:
        services.resident_register(actor=actor_for(wijkcoach), **{**VALID, **change})

    assert field in excinfo.value.message_dict
    assert _counts() == before


def test_a_bsn_can_be_registered_only_once(wijkcoach):
    services.resident_register(actor=actor_for(wijkcoach), bsn="111222333", **VALID)
    before = _counts()

    with pytest.raises(ValidationError) as excinfo:
        services.resident_register(actor=actor_for(wijkcoach), bsn="111 222 333", **VALID)

    assert "bsn" in excinfo.value.message_dict
    assert _counts() == before


@pytest.mark.parametrize("persona", ["manager", "functional_admin"])
def test_roles_without_personal_data_cannot_register(request, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.resident_register(actor=actor_for(user), **VALID)


def test_update_records_field_names_but_not_values(eva, wijkcoach):
    services.resident_update(actor=actor_for(wijkcoach), resident=eva, data={"street": "Geheimstraat", "city": "Oss"})

    event = AuditEvent.objects.filter(resident_uuid=eva.uuid, event_type="resident.update").get()
    assert event.details == {"fields": ["street"]}
    assert "Geheimstraat" not in str(event.details)


def test_update_with_bad_input_changes_nothing(eva, wijkcoach):
    before = AuditEvent.objects.count()

    with pytest.raises(ValidationError):
        services.resident_update(actor=actor_for(wijkcoach), resident=eva, data={"postcode": "nope", "street": "X"})

    eva.refresh_from_db()
    assert eva.postcode == "5345 AB" and eva.street == ""
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["outsider", "manager", "corporation_officer"])
def test_others_cannot_update(request, eva, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(NotVisible):
        services.resident_update(actor=actor_for(user), resident=eva, data={"street": "X"})


def test_adding_a_team_member_does_not_by_itself_grant_access(eva, wijkcoach, corporation, corporation_officer):
    services.involvement_add(
        actor=actor_for(wijkcoach),
        resident=eva,
        user=corporation_officer,
        organisation_uuid=str(corporation.uuid),
        role="professional",
        reason="Woning",
    )

    assert not Resident.objects.visible_to(actor_for(corporation_officer)).filter(pk=eva.pk).exists()


def test_a_team_member_cannot_be_added_twice(eva, wijkcoach, coordinator, wijkteam):
    with pytest.raises(ValidationError):
        services.involvement_add(
            actor=actor_for(wijkcoach),
            resident=eva,
            user=coordinator,
            organisation_uuid=str(wijkteam.uuid),
            role="professional",
            reason="Nogmaals",
        )


def test_ending_an_involvement_ends_access(eva, wijkcoach, coordinator):
    involvement = eva.involvements.get(user=coordinator)

    services.involvement_end(actor=actor_for(wijkcoach), resident=eva, involvement_uuid=str(involvement.uuid))

    assert not Resident.objects.visible_to(actor_for(coordinator)).filter(pk=eva.pk).exists()
