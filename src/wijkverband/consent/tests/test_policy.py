"""The access policy as a matrix: role × organisation kind × consent state × scope × action."""

from datetime import timedelta
from itertools import product

from django.utils import timezone

import pytest

from wijkverband.consent import policy
from wijkverband.consent.constants import ConsentScope
from wijkverband.organisations.constants import OrganisationKind, Role
from wijkverband.residents.models import Resident
from wijkverband.testing import factories
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db

CONSENT_STATES = ["valid", "none", "withdrawn", "expired", "future", "other_scope", "other_org"]
ACTIONS = ["view", "change", "manage_consent", "add_involvement", "view_audit_trail"]


def _setup(role: str, kind: str, consent_state: str, scope: str, involved: bool):
    resident = factories.ResidentFactory()
    organisation = factories.OrganisationFactory(kind=kind)
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=organisation, role=role)
    today = timezone.localdate()
    grant_kwargs = {
        "resident": resident,
        "organisation": organisation,
        "scope": scope,
        "given_on": today - timedelta(days=10),
    }
    if consent_state == "withdrawn":
        grant_kwargs["withdrawn_at"] = timezone.now()
    elif consent_state == "expired":
        grant_kwargs["valid_until"] = today - timedelta(days=1)
    elif consent_state == "future":
        grant_kwargs["given_on"] = today + timedelta(days=3)
    elif consent_state == "other_scope":
        grant_kwargs["scope"] = next(s for s in ConsentScope.values if s != scope)
    elif consent_state == "other_org":
        grant_kwargs["organisation"] = factories.OrganisationFactory()
    if consent_state != "none":
        factories.ConsentGrantFactory(**grant_kwargs)
    if involved:
        factories.InvolvementFactory(resident=resident, user=user, organisation=organisation)
    return actor_for(user), resident


@pytest.mark.parametrize(
    ("role", "kind", "consent_state", "scope"),
    list(
        product(
            Role.values,
            [OrganisationKind.WELFARE, OrganisationKind.HOUSING_CORPORATION, OrganisationKind.POLICE_JUSTICE],
            CONSENT_STATES,
            [ConsentScope.BASIC, ConsentScope.HEALTH],
        )
    ),
)
def test_visibility_follows_role_consent_and_need_to_know(role, kind, consent_state, scope):
    for involved in (True, False):
        actor, resident = _setup(role, kind, consent_state, scope, involved)

        visible = Resident.objects.visible_to(actor, scope).filter(pk=resident.pk).exists()

        expected = role in {Role.PROFESSIONAL, Role.COORDINATOR} and consent_state == "valid" and involved
        assert visible is expected, (role, kind, consent_state, scope, involved)


@pytest.mark.parametrize(("role", "action"), list(product(Role.values, ACTIONS)))
def test_actions_follow_the_role_when_the_resident_is_visible(role, action):
    actor, resident = _setup(role, OrganisationKind.WELFARE, "valid", ConsentScope.BASIC, True)

    allowed = policy.may(actor, action, resident)

    assert allowed is (action in policy.ACTIONS_BY_ROLE[role])
    # The shortcut for a resident already read through the policy answers the same.
    if Resident.objects.visible_to(actor).filter(pk=resident.pk).exists():
        assert policy.may_on_read_resident(actor, action) is allowed


@pytest.mark.parametrize("action", ACTIONS)
def test_no_action_is_allowed_without_consent(action):
    actor, resident = _setup(Role.COORDINATOR, OrganisationKind.WELFARE, "withdrawn", ConsentScope.BASIC, True)

    assert policy.may(actor, action, resident) is False


def test_ended_involvement_hides_the_resident(eva, wijkcoach):
    eva.involvements.filter(user=wijkcoach).update(ended_at=timezone.now())

    assert not Resident.objects.visible_to(actor_for(wijkcoach)).filter(pk=eva.pk).exists()


def test_inactive_membership_hides_everything(eva, wijkcoach):
    wijkcoach.memberships.update(is_active=False)

    assert not Resident.objects.visible_to(actor_for(wijkcoach)).filter(pk=eva.pk).exists()


def test_consent_valid_until_today_still_counts(eva, wijkcoach, wijkteam):
    eva.consent_grants.filter(organisation=wijkteam).update(valid_until=timezone.localdate())

    assert Resident.objects.visible_to(actor_for(wijkcoach)).filter(pk=eva.pk).exists()
