from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.consent import selectors, services
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.models import ConsentGrant
from wijkverband.core.exceptions import NotVisible
from wijkverband.residents.models import Resident
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def _record(actor, resident, organisation, **overrides):
    kwargs = {
        "scope": ConsentScope.BASIC,
        "purpose": "Woning zoeken",
        "given_on": timezone.localdate(),
        **overrides,
    }
    return services.consent_grant_record(actor=actor, resident=resident, organisation=organisation, **kwargs)


def test_recorded_consent_plus_involvement_opens_the_file_for_another_organisation(
    eva, wijkcoach, corporation, corporation_officer
):
    from wijkverband.residents.services import involvement_add

    involvement_add(
        actor=actor_for(wijkcoach),
        resident=eva,
        user=corporation_officer,
        organisation_uuid=str(corporation.uuid),
        role="professional",
        reason="Woning",
    )
    assert not Resident.objects.visible_to(actor_for(corporation_officer)).filter(pk=eva.pk).exists()

    grant = _record(actor_for(wijkcoach), eva, corporation)

    assert Resident.objects.visible_to(actor_for(corporation_officer)).filter(pk=eva.pk).exists()
    event = AuditEvent.objects.get(event_type="consent.create", object_uuid=grant.uuid)
    assert event.details == {"grantee": "Maasland Wonen", "scope": "basic"}


def test_consent_for_one_scope_does_not_open_another(eva_shared_with_corporation, corporation_officer):
    actor = actor_for(corporation_officer)

    assert Resident.objects.visible_to(actor, ConsentScope.BASIC).filter(pk=eva_shared_with_corporation.pk).exists()
    assert (
        not Resident.objects.visible_to(actor, ConsentScope.HEALTH).filter(pk=eva_shared_with_corporation.pk).exists()
    )


def test_withdrawal_takes_effect_immediately(eva_shared_with_corporation, wijkcoach, corporation, corporation_officer):
    eva = eva_shared_with_corporation
    grant = ConsentGrant.objects.get(resident=eva, organisation=corporation)

    services.consent_grant_withdraw(actor=actor_for(wijkcoach), resident=eva, grant_uuid=str(grant.uuid), reason="")

    assert not Resident.objects.visible_to(actor_for(corporation_officer)).filter(pk=eva.pk).exists()
    grant.refresh_from_db()
    assert grant.withdrawn_at is not None and grant.withdrawn_by == wijkcoach


def test_withdrawing_twice_is_refused(eva_shared_with_corporation, wijkcoach, corporation):
    grant = ConsentGrant.objects.get(resident=eva_shared_with_corporation, organisation=corporation)
    actor = actor_for(wijkcoach)
    services.consent_grant_withdraw(
        actor=actor, resident=eva_shared_with_corporation, grant_uuid=str(grant.uuid), reason=""
    )

    with pytest.raises(ValidationError):
        services.consent_grant_withdraw(
            actor=actor, resident=eva_shared_with_corporation, grant_uuid=str(grant.uuid), reason=""
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"given_on": timezone.localdate() + timedelta(days=1)}, "given_on"),
        ({"valid_until": timezone.localdate() - timedelta(days=1)}, "valid_until"),
        (
            {
                "given_on": timezone.localdate() - timedelta(days=5),
                "valid_until": timezone.localdate() - timedelta(days=6),
            },
            "valid_until",
        ),
        ({"purpose": ""}, "purpose"),
        ({"purpose": "<b>vet</b>"}, "purpose"),
        ({"purpose": "x" * 301}, "purpose"),
        ({"scope": "everything"}, "scope"),
    ],
)
def test_bad_consent_input_is_refused_and_writes_nothing(eva, wijkcoach, corporation, overrides, field):
    before = (ConsentGrant.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as excinfo:
        _record(actor_for(wijkcoach), eva, corporation, **overrides)

    assert field in excinfo.value.message_dict
    assert (ConsentGrant.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize("persona", ["outsider", "manager", "functional_admin"])
def test_others_cannot_record_or_withdraw_consent(request, eva, wijkteam, persona):
    actor = actor_for(request.getfixturevalue(persona))
    grant = eva.consent_grants.get()

    with pytest.raises(NotVisible):
        _record(actor, eva, wijkteam)
    with pytest.raises(NotVisible):
        services.consent_grant_withdraw(actor=actor, resident=eva, grant_uuid=str(grant.uuid), reason="")
    assert eva.consent_grants.get().withdrawn_at is None


def test_consent_list_is_audited_and_hidden_from_others(eva, wijkcoach, outsider):
    grants = list(selectors.consent_grant_list_for_resident(actor=actor_for(wijkcoach), resident=eva))

    assert len(grants) == 1
    assert AuditEvent.objects.filter(event_type="consent.list", resident_uuid=eva.uuid).exists()
    with pytest.raises(NotVisible):
        selectors.consent_grant_list_for_resident(actor=actor_for(outsider), resident=eva)
