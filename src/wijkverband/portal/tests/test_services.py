"""Sending and redeeming one-time login links for residents."""

from datetime import timedelta

from django.core import mail
from django.core.exceptions import ValidationError

import pytest
import time_machine

from wijkverband.accounts.models import User
from wijkverband.audit.models import AuditEvent
from wijkverband.core.exceptions import NotVisible
from wijkverband.organisations.models import Membership
from wijkverband.portal import services
from wijkverband.portal.models import ResidentAccount, ResidentLoginLink
from wijkverband.residents.models import Resident
from wijkverband.testing.actors import actor_for

from .conftest import token_of

pytestmark = pytest.mark.django_db


def test_sending_a_link_mails_it_creates_the_account_and_stores_only_a_hash(
    eva_with_email, wijkcoach, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        url = services.resident_login_link_send(actor=actor_for(wijkcoach), resident=eva_with_email)

    token = token_of(url)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["eva@example.org"]
    assert url in message.body
    assert "Eva" in message.body
    assert "Vermeulen" not in message.body and "Vermeulen" not in message.subject
    link = ResidentLoginLink.objects.get(resident=eva_with_email)
    assert link.token_hash == services.token_hash(token)
    assert not ResidentLoginLink.objects.filter(token_hash=token).exists()
    account = ResidentAccount.objects.get(resident=eva_with_email)
    assert not account.user.has_usable_password()
    assert not Membership.objects.filter(user=account.user).exists()
    event = AuditEvent.objects.get(event_type="portal.link_send")
    assert event.resident_uuid == eva_with_email.uuid
    assert event.username == "wijkcoach"
    assert token not in str(event.details)


def test_a_second_link_reuses_the_account_and_revokes_the_first(eva_with_email, wijkcoach):
    first = services.resident_login_link_send(actor=actor_for(wijkcoach), resident=eva_with_email)

    services.resident_login_link_send(actor=actor_for(wijkcoach), resident=eva_with_email)

    assert ResidentAccount.objects.filter(resident=eva_with_email).count() == 1
    assert User.objects.filter(username__startswith="bewoner-").count() == 1
    assert services.resident_login_link_redeem(token=token_of(first)) is None


def test_a_resident_without_e_mail_gets_no_link(eva, wijkcoach):
    with pytest.raises(ValidationError) as error:
        services.resident_login_link_send(actor=actor_for(wijkcoach), resident=eva)

    assert "email" in error.value.message_dict
    assert not ResidentLoginLink.objects.exists()
    assert not ResidentAccount.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "corporation_officer", "manager"])
def test_only_professionals_who_manage_consent_may_send_a_link(request, eva_with_email, persona):
    actor = actor_for(request.getfixturevalue(persona))

    with pytest.raises(NotVisible):
        services.resident_login_link_send(actor=actor, resident=eva_with_email)

    assert not ResidentLoginLink.objects.exists()


def test_a_link_works_once(eva_with_email, wijkcoach):
    token = token_of(services.resident_login_link_send(actor=actor_for(wijkcoach), resident=eva_with_email))

    first = services.resident_login_link_redeem(token=token)
    second = services.resident_login_link_redeem(token=token)

    assert first is not None and first.resident == eva_with_email
    assert second is None
    assert ResidentLoginLink.objects.get().used_at is not None
    assert AuditEvent.objects.filter(event_type="portal.login", resident_uuid=eva_with_email.uuid).count() == 1


def test_a_link_expires(eva_with_email, wijkcoach, settings):
    token = token_of(services.resident_login_link_send(actor=actor_for(wijkcoach), resident=eva_with_email))

    with time_machine.travel(timedelta(hours=settings.RESIDENT_LINK_HOURS, minutes=1)):
        assert services.resident_login_link_redeem(token=token) is None

    assert ResidentLoginLink.objects.get().used_at is None


def test_the_demo_command_prints_a_working_link_audited_without_a_user(eva):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("resident_link", str(eva.uuid), stdout=out)

    account = services.resident_login_link_redeem(token=token_of(out.getvalue().strip()))
    assert account is not None and account.resident == Resident.objects.get(pk=eva.pk)
    event = AuditEvent.objects.get(event_type="portal.link_create")
    assert event.user_id_ref is None and event.access_point == "cli"
