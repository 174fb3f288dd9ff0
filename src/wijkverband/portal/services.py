"""Writes for the resident's own access: sending one-time login links and redeeming them.

- A professional may send a link only when the policy allows them ``manage_consent`` on the
  resident (they see the resident and work with them); anything else is NotVisible (404).
- The resident needs an e-mail address; the first link creates their account (a user with an
  unusable password and no membership, so no professional data and no two-factor step).
- The token (``secrets.token_urlsafe(32)``) only travels in the e-mail; the database keeps its
  SHA-256 hash. A new link revokes the resident's earlier unused links.
- The e-mail holds no personal data beyond the first name in the greeting.
- A link works once, before it expires and unless revoked; every send and login is audited.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record
from wijkverband.consent import policy
from wijkverband.core.exceptions import NotVisible
from wijkverband.residents.models import Resident

from .models import ResidentAccount, ResidentLoginLink


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def resident_account_ensure(*, resident: Resident) -> ResidentAccount:
    """The resident's account, created on first use: no password, no membership, no name copied."""
    account = ResidentAccount.objects.filter(resident=resident).select_related("user").first()
    if account is not None:
        return account
    user = User(username=f"bewoner-{resident.uuid.hex}")
    user.set_unusable_password()
    user.full_clean()
    user.save()
    account = ResidentAccount(user=user, resident=resident)
    account.full_clean()
    account.save()
    return account


def _link_issue(*, resident: Resident, created_by: User | None) -> str:
    """Create a fresh link (revoking earlier unused ones) and return its absolute URL."""
    now = timezone.now()
    ResidentLoginLink.objects.filter(resident=resident).usable_at(now).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    link = ResidentLoginLink(
        resident=resident,
        token_hash=token_hash(token),
        created_by=created_by,
        expires_at=now + timedelta(hours=settings.RESIDENT_LINK_HOURS),
    )
    link.full_clean()
    link.save()
    return settings.WIJKVERBAND_BASE_URL + reverse("portal:login", kwargs={"token": token})


def _mail_link(*, first_name: str, email: str, url: str) -> None:
    # The e-mail leaves the platform: only the first name and the link, nothing of the file.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your link to My Wijkverband")
        body = "\n\n".join(
            [
                _("Dear %(first_name)s,") % {"first_name": first_name},
                _("With the link below you can read what is recorded about you in Wijkverband:"),
                url,
                _("The link works once and for %(hours)s hours. Did you not expect this e-mail? Then ignore it.")
                % {"hours": settings.RESIDENT_LINK_HOURS},
                _("Kind regards,\nWijkverband"),
            ]
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email])


@transaction.atomic
def resident_login_link_send(*, actor: Actor, resident: Resident) -> str:
    """E-mail the resident a one-time link to their own data; returns the link (never stored)."""
    if not policy.may(actor, "manage_consent", resident):
        raise NotVisible()
    if not resident.email:
        raise ValidationError(
            {"email": _("This resident has no e-mail address. Add one to the details before sending a link.")}
        )
    account = resident_account_ensure(resident=resident)
    url = _link_issue(resident=resident, created_by=actor.user)
    audit_event_record(
        actor=actor,
        event_type="portal.link_send",
        action=AuditAction.CREATE,
        resident_uuid=resident.uuid,
        object_type="resident_account",
        object_uuid=account.uuid,
    )
    first_name, email = resident.first_name, resident.email
    # Only mail a link that was committed; a rolled-back link would not work.
    transaction.on_commit(lambda: _mail_link(first_name=first_name, email=email, url=url))
    return url


@transaction.atomic
def resident_login_link_create_for_demo(*, resident: Resident) -> str:
    """A link printed on the command line (``wijkverband resident_link``); audited without a user."""
    account = resident_account_ensure(resident=resident)
    url = _link_issue(resident=resident, created_by=None)
    audit_event_record(
        actor=None,
        event_type="portal.link_create",
        action=AuditAction.CREATE,
        resident_uuid=resident.uuid,
        object_type="resident_account",
        object_uuid=account.uuid,
    )
    return url


def resident_login_link_is_usable(*, token: str) -> bool:
    return ResidentLoginLink.objects.usable_at(timezone.now()).filter(token_hash=token_hash(token)).exists()


@transaction.atomic
def resident_login_link_redeem(*, token: str, ip_address: str | None = None) -> ResidentAccount | None:
    """Use a link once. ``None`` for an unknown, used, revoked or expired link (one answer for all)."""
    now = timezone.now()
    link = (
        ResidentLoginLink.objects.select_for_update()
        .usable_at(now)
        .filter(token_hash=token_hash(token))
        .select_related("resident")
        .first()
    )
    if link is None:
        return None
    # Conditional update: of two simultaneous clicks, only one gets the row.
    if not ResidentLoginLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now):
        return None
    account = resident_account_ensure(resident=link.resident)
    audit_event_record(
        actor=Actor(user=account.user, membership=None, access_point="web", ip_address=ip_address),
        event_type="portal.login",
        action=AuditAction.EXECUTE,
        resident_uuid=link.resident.uuid,
        object_type="resident_login_link",
        object_uuid=link.uuid,
    )
    return account
