"""Portal personas: Eva with an e-mail address and her own account, a second resident (Sam), and
Eva's plan filled with agreements, a meeting with health-related notes, and a measurement."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from wijkverband.cases.constants import InstrumentCode, MeasurementMoment, MeetingKind
from wijkverband.cases.models import CaseParticipant
from wijkverband.consent.constants import ConsentScope
from wijkverband.organisations.constants import Role
from wijkverband.organisations.models import Membership
from wijkverband.portal import services
from wijkverband.portal.models import ResidentAccount
from wijkverband.residents.models import Resident
from wijkverband.testing import factories
from wijkverband.testing.actors import actor_for

HEALTH_NOTE = "Slaapt slecht sinds de verhuizing"
PLAIN_NOTE = "Samen de huurtoeslag aangevraagd"


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def path_of(url: str) -> str:
    return reverse("portal:login", kwargs={"token": token_of(url)})


@pytest.fixture
def eva_with_email(eva) -> Resident:
    Resident.objects.filter(pk=eva.pk).update(email="eva@example.org")
    eva.refresh_from_db()
    return eva


@pytest.fixture
def eva_account(eva_with_email) -> ResidentAccount:
    return services.resident_account_ensure(resident=eva_with_email)


def _log_in_with_link(resident: Resident) -> Client:
    client = Client()
    url = services.resident_login_link_create_for_demo(resident=resident)
    response = client.post(path_of(url))
    assert response.status_code == 302
    return client


@pytest.fixture
def eva_client(eva_account) -> Client:
    """Eva's browser after she used a login link (the real way in)."""
    return _log_in_with_link(eva_account.resident)


@pytest.fixture
def sam(wijkcoach, neighbourhood) -> Resident:
    """A second resident of the wijkcoach, with a plan-worthy story of his own."""
    from wijkverband.residents.services import resident_register

    return resident_register(
        actor=actor_for(wijkcoach),
        first_name="Sam",
        last_name="de Graaf",
        date_of_birth=date(1980, 7, 1),
        postcode="5345 AC",
        house_number=3,
        city="Oss",
        neighbourhood=neighbourhood,
        consent_purpose="Schulden regelen",
        consent_given_on=date(2026, 1, 5),
    )


@pytest.fixture
def sam_client(sam) -> Client:
    return _log_in_with_link(sam)


@pytest.fixture
def eva_full_plan(eva_plan, wijkcoach, wijkteam, coordinator):
    """Eva's plan with her sister in the team, an agreement, two meetings (one health-related, while
    the wijkteam held the health scope), a wellbeing measurement, and the coordinator in the team."""
    from wijkverband.cases import services as case_services
    from wijkverband.consent.services import consent_grant_record

    coach = actor_for(wijkcoach)
    health = consent_grant_record(
        actor=coach,
        resident=eva_plan.resident,
        organisation=wijkteam,
        scope=ConsentScope.HEALTH,
        purpose="Zorg afstemmen",
        given_on=date(2026, 1, 5),
    )
    sister = case_services.case_participant_add_network(actor=coach, plan=eva_plan, name="Lotte", relation="zus")
    case_services.case_participant_invite(
        actor=coach, plan=eva_plan, membership_uuid=Membership.objects.get(user=coordinator).uuid
    )
    director = CaseParticipant.objects.get(plan=eva_plan, user=wijkcoach, removed_at__isnull=True)
    case_services.case_action_create(
        actor=coach,
        plan=eva_plan,
        description="Huurtoeslag aanvragen",
        owner_uuid=director.uuid,
        due_on=timezone.localdate(),
    )
    today = timezone.localdate()
    case_services.meeting_record(
        actor=coach, plan=eva_plan, kind=MeetingKind.KITCHEN_TABLE, held_on=today, notes=PLAIN_NOTE
    )
    case_services.meeting_record(
        actor=coach,
        plan=eva_plan,
        kind=MeetingKind.THREE_WAY,
        held_on=today,
        notes=HEALTH_NOTE,
        is_health_related=True,
        attendee_uuids=[sister.uuid],
    )
    case_services.measurement_record(
        actor=coach,
        plan=eva_plan,
        instrument_code=InstrumentCode.WELLBEING,
        measured_on=today,
        moment=MeasurementMoment.START,
        scores={None: 6},
    )
    eva_plan.health_grant = health  # for tests that withdraw it again
    return eva_plan


@pytest.fixture
def corporation_coordinator(corporation, eva_shared_with_corporation, wijkcoach):
    """A coordinator of the corporation in Eva's team; the corporation holds only the basic scope."""
    from wijkverband.residents.constants import InvolvementRole
    from wijkverband.residents.services import involvement_add

    user = factories.UserFactory(username="corporatie-coordinator")
    factories.MembershipFactory(user=user, organisation=corporation, role=Role.COORDINATOR)
    involvement_add(
        actor=actor_for(wijkcoach),
        resident=eva_shared_with_corporation,
        user=user,
        organisation_uuid=str(corporation.uuid),
        role=InvolvementRole.PROFESSIONAL,
        reason="Woningzoektocht",
    )
    return user
