import uuid

from django.utils import timezone

import pytest

from wijkverband.audit.models import AuditEvent
from wijkverband.consent.services import consent_grant_withdraw
from wijkverband.core.exceptions import NotVisible
from wijkverband.residents import selectors
from wijkverband.testing.actors import actor_for

pytestmark = pytest.mark.django_db


def test_reading_a_resident_is_audited(eva, wijkcoach):
    resident = selectors.resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva.uuid)

    event = AuditEvent.objects.filter(event_type="resident.read").latest("id")
    assert resident == eva
    assert (event.resident_uuid, event.username, event.organisation_name, event.outcome) == (
        eva.uuid,
        "wijkcoach",
        "Wijkteam Ruwaard",
        "success",
    )


@pytest.mark.parametrize("persona", ["outsider", "manager", "functional_admin", "corporation_officer"])
def test_others_cannot_read_and_the_attempt_is_logged(request, eva, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(NotVisible):
        selectors.resident_get_for_user(actor=actor_for(user), resident_uuid=eva.uuid)

    event = AuditEvent.objects.latest("id")
    assert (event.event_type, event.outcome, event.resident_uuid) == ("resident.read", "denied", eva.uuid)


def test_unknown_id_gives_the_same_answer_as_a_hidden_one(wijkcoach):
    with pytest.raises(NotVisible):
        selectors.resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=uuid.uuid4())


def test_withdrawn_consent_hides_the_resident_at_once(eva, wijkcoach, wijkteam):
    grant = eva.consent_grants.get(organisation=wijkteam)

    consent_grant_withdraw(actor=actor_for(wijkcoach), resident=eva, grant_uuid=str(grant.uuid), reason="Bewoner stopt")

    with pytest.raises(NotVisible):
        selectors.resident_get_for_user(actor=actor_for(wijkcoach), resident_uuid=eva.uuid)
    assert list(selectors.resident_search_queryset(actor=actor_for(wijkcoach), query="Eva")) == []


@pytest.mark.parametrize(
    "query", ["Eva", "eva vermeulen", "Vermeulen", "5345 AB", "5345ab 12", "111222333", "111.222.333"]
)
def test_search_finds_a_visible_resident(eva, wijkcoach, query):
    assert list(selectors.resident_search_queryset(actor=actor_for(wijkcoach), query=query)) == [eva]


@pytest.mark.parametrize("query", ["Piet", "5345 AB 13", "123456782", "1234 ZZ"])
def test_search_does_not_match_others(eva, wijkcoach, query):
    assert list(selectors.resident_search_queryset(actor=actor_for(wijkcoach), query=query)) == []


@pytest.mark.parametrize("persona", ["outsider", "manager", "corporation_officer"])
def test_search_never_shows_residents_to_others(request, eva, persona):
    user = request.getfixturevalue(persona)

    assert list(selectors.resident_search_queryset(actor=actor_for(user), query="Eva")) == []
    assert list(selectors.resident_search_queryset(actor=actor_for(user), query="111222333")) == []


def test_a_list_records_one_event_per_resident_shown(eva, wijkcoach):
    before = AuditEvent.objects.count()

    selectors.resident_list_audited(actor=actor_for(wijkcoach), residents=[eva])

    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("id").resident_uuid == eva.uuid


def test_revealing_the_bsn_is_a_separate_audited_read(eva, wijkcoach):
    bsn = selectors.resident_reveal_bsn(actor=actor_for(wijkcoach), resident=eva)

    assert bsn == "111222333"
    assert AuditEvent.objects.filter(event_type="resident.bsn_reveal", resident_uuid=eva.uuid).count() == 1
    assert eva.masked_bsn == "******333"


def test_team_list_is_not_visible_to_others(eva, outsider):
    with pytest.raises(NotVisible):
        selectors.involvement_list_for_resident(actor=actor_for(outsider), resident=eva)


def test_team_list_shows_only_active_members(eva, wijkcoach, coordinator):
    eva.involvements.filter(user=coordinator).update(ended_at=timezone.now())

    members = selectors.involvement_list_for_resident(actor=actor_for(wijkcoach), resident=eva)

    assert [m.user for m in members] == [wijkcoach]
