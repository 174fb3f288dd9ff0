"""Personas shared by all tests, in the spirit of healthchecks' Alice/Bob/Charlie.

- ``wijkcoach``: professional at the welfare organisation (wijkteam), in Eva's team, with consent.
- ``coordinator``: coordinator at the wijkteam, in Eva's team.
- ``corporation_officer``: professional at the housing corporation; Eva's consent for the
  corporation is recorded only where a test says so, and he is in her team.
- ``outsider``: professional at another organisation with no consent and no involvement.
- ``manager`` and ``functional_admin``: wijkteam roles that never see personal data.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from django.test import Client

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkverband.accounts.models import User
from wijkverband.consent.constants import ConsentScope
from wijkverband.organisations.constants import OrganisationKind, Role
from wijkverband.organisations.models import Organisation
from wijkverband.residents.constants import InvolvementRole
from wijkverband.residents.models import Resident
from wijkverband.testing import factories
from wijkverband.testing.actors import actor_for
from wijkverband.testing.consents import consent_for

# Playwright's sync API runs an event loop in the test thread; the ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Per-process caches of reference data start empty in every test: a rolled-back test database
    sends no signals, so what one test cached must not leak into the next."""
    from wijkverband.schemes.forms import area_choices_forget

    area_choices_forget()


@pytest.fixture
def neighbourhood():
    return factories.NeighbourhoodFactory()


@pytest.fixture
def wijkteam(neighbourhood) -> Organisation:
    return factories.OrganisationFactory(
        name="Wijkteam Ruwaard", kind=OrganisationKind.WELFARE, municipality=neighbourhood.municipality
    )


@pytest.fixture
def corporation(neighbourhood) -> Organisation:
    return factories.OrganisationFactory(
        name="Maasland Wonen", kind=OrganisationKind.HOUSING_CORPORATION, municipality=neighbourhood.municipality
    )


@pytest.fixture
def other_organisation(neighbourhood) -> Organisation:
    return factories.OrganisationFactory(
        name="Politie Maasland", kind=OrganisationKind.POLICE_JUSTICE, municipality=neighbourhood.municipality
    )


def _member(username: str, organisation: Organisation, role: str) -> User:
    user = factories.UserFactory(username=username)
    factories.MembershipFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def wijkcoach(wijkteam) -> User:
    return _member("wijkcoach", wijkteam, Role.PROFESSIONAL)


@pytest.fixture
def coordinator(wijkteam) -> User:
    return _member("coordinator", wijkteam, Role.COORDINATOR)


@pytest.fixture
def manager(wijkteam) -> User:
    return _member("manager", wijkteam, Role.MANAGER)


@pytest.fixture
def functional_admin(wijkteam) -> User:
    return _member("beheerder", wijkteam, Role.FUNCTIONAL_ADMIN)


@pytest.fixture
def corporation_officer(corporation) -> User:
    return _member("corporatie", corporation, Role.PROFESSIONAL)


@pytest.fixture
def outsider(other_organisation) -> User:
    return _member("buitenstaander", other_organisation, Role.PROFESSIONAL)


@pytest.fixture
def eva(wijkcoach, coordinator, wijkteam, neighbourhood) -> Resident:
    """Eva (20), registered by the wijkcoach with basic consent for the wijkteam; coordinator in her team."""
    from wijkverband.residents.services import involvement_add, resident_register

    resident = resident_register(
        actor=actor_for(wijkcoach),
        first_name="Eva",
        last_name="Vermeulen",
        date_of_birth=date(2006, 3, 14),
        postcode="5345 AB",
        house_number=12,
        city="Oss",
        neighbourhood=neighbourhood,
        bsn="111222333",
        consent_purpose="Samenwerken aan een woning en studie",
        consent_given_on=date(2026, 1, 5),
    )
    involvement_add(
        actor=actor_for(wijkcoach),
        resident=resident,
        user=coordinator,
        organisation_uuid=str(wijkteam.uuid),
        role=InvolvementRole.CASE_DIRECTOR,
        reason="Regie",
    )
    return resident


@pytest.fixture
def eva_shared_with_corporation(eva, wijkcoach, corporation, corporation_officer) -> Resident:
    """Eva also consents to the corporation seeing basic details, and its officer joins her team."""
    from wijkverband.consent.services import consent_grant_record
    from wijkverband.residents.services import involvement_add

    consent_grant_record(
        actor=actor_for(wijkcoach),
        resident=eva,
        organisation=corporation,
        scope=ConsentScope.BASIC,
        purpose="Woning zoeken",
        given_on=date(2026, 2, 1),
    )
    involvement_add(
        actor=actor_for(wijkcoach),
        resident=eva,
        user=corporation_officer,
        organisation_uuid=str(corporation.uuid),
        role=InvolvementRole.PROFESSIONAL,
        reason="Woningzoektocht",
    )
    return eva


@pytest.fixture
def verified_client() -> Callable[[User], Client]:
    """A test client logged in as the user with the two-factor step passed, as after a real TOTP login."""

    def make(user: User) -> Client:
        from django_otp import DEVICE_ID_SESSION_KEY

        device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
            user=user, name="default", confirmed=True
        )
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return make


# --- case plans (casusregie) ---------------------------------------------------------------------


@pytest.fixture
def eva_plan(eva, wijkcoach, wijkteam):
    """Eva's plan, opened by the wijkcoach as case director, with the wijkteam's case-plan consent."""
    from wijkverband.cases.services import case_plan_open

    consent_for(eva, wijkcoach, wijkteam, ConsentScope.CASE_PLAN)
    return case_plan_open(
        actor=actor_for(wijkcoach),
        resident=eva,
        as_case_director=True,
        wants=["Een eigen kamer en mijn studie afmaken"],
        cans=["Ik kan goed plannen", "Ik help de buurvrouw met boodschappen"],
        needs=["Een adres zodat mijn studiefinanciering blijft"],
    )


@pytest.fixture
def corporation_in_plan(eva_plan, wijkcoach, corporation, corporation_officer):
    """Eva consents to the corporation for basic details and the plan; its officer joins the plan."""
    from wijkverband.cases.services import case_participant_invite
    from wijkverband.organisations.models import Membership

    consent_for(eva_plan.resident, wijkcoach, corporation, ConsentScope.BASIC)
    consent_for(eva_plan.resident, wijkcoach, corporation, ConsentScope.CASE_PLAN)
    membership = Membership.objects.get(user=corporation_officer, organisation=corporation)
    return case_participant_invite(actor=actor_for(wijkcoach), plan=eva_plan, membership_uuid=membership.uuid)
