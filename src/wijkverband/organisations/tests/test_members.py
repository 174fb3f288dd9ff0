from django.core.exceptions import ValidationError

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.organisations import services
from wijkverband.organisations.models import Membership
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def test_functional_admin_adds_a_member(functional_admin, wijkteam):
    membership = services.membership_create(
        actor=actor_for(functional_admin),
        username="nieuwe.collega",
        display_name="Nieuwe Collega",
        email="nieuw@example.org",
        role="professional",
        password="Lang-genoeg-wachtwoord-1",
    )

    assert membership.organisation == wijkteam
    assert membership.user.check_password("Lang-genoeg-wachtwoord-1")
    assert AuditEvent.objects.filter(event_type="membership.create", object_uuid=membership.uuid).exists()


def test_weak_passwords_are_refused(functional_admin):
    with pytest.raises(ValidationError):
        services.membership_create(
            actor=actor_for(functional_admin),
            username="zwak",
            display_name="Zwak",
            email="z@example.org",
            role="professional",
            password="12345678",
        )
    assert not Membership.objects.filter(user__username="zwak").exists()


@pytest.mark.parametrize("persona", ["wijkcoach", "coordinator", "manager"])
def test_only_functional_admins_manage_members(request, persona):
    with pytest.raises(PermissionDenied):
        services.membership_create(
            actor=actor_for(request.getfixturevalue(persona)),
            username="x",
            display_name="X",
            email="x@example.org",
            role="professional",
            password="Lang-genoeg-wachtwoord-1",
        )


def test_an_admin_cannot_change_another_organisations_member(functional_admin, outsider):
    membership = outsider.memberships.get()

    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=actor_for(functional_admin), membership_uuid=str(membership.uuid), role="manager", is_active=True
        )


def test_an_admin_keeps_their_own_admin_role(functional_admin):
    own = functional_admin.memberships.get()

    with pytest.raises(ValidationError):
        services.membership_update(
            actor=actor_for(functional_admin), membership_uuid=str(own.uuid), role="manager", is_active=True
        )


def test_members_page_is_only_for_functional_admins(client, verified_client, functional_admin, wijkcoach):
    client.force_login(functional_admin)
    assert client.get("/organisaties/leden/").status_code == 200

    assert verified_client(wijkcoach).get("/organisaties/leden/").status_code == 404
