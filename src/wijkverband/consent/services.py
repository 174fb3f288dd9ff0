"""Recording and withdrawing consent (toestemming).

- Consent is recorded by a professional who can see the resident, on the resident's word, for any
  organisation in the network (the grantee), one scope at a time, with a purpose and a start date.
- A start date may not lie in the future beyond today and a valid-until date not before it.
- Withdrawal takes effect at once: the policy reads withdrawn_at on every query.
- Withdrawal is final for that grant; renewed consent is a new grant, so history stays readable.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record
from wijkverband.consent import policy
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.organisations.models import Organisation
from wijkverband.residents.models import Resident

from .constants import ConsentScope
from .models import ConsentGrant


def _validate_dates(given_on: date, valid_until: date | None) -> None:
    errors = {}
    if given_on > timezone.localdate():
        errors["given_on"] = _("Consent cannot be given on a date in the future.")
    if valid_until is not None and valid_until < given_on:
        errors["valid_until"] = _("The end date must be on or after the date the consent was given.")
    if valid_until is not None and valid_until < timezone.localdate():
        errors["valid_until"] = _("The end date lies in the past; this consent would never be valid.")
    if errors:
        raise ValidationError(errors)


def _create(
    *,
    actor: Actor,
    resident: Resident,
    organisation: Organisation,
    scope: str,
    purpose: str,
    given_on: date,
    valid_until: date | None,
) -> ConsentGrant:
    _validate_dates(given_on, valid_until)
    grant = ConsentGrant(
        resident=resident,
        organisation=organisation,
        scope=scope,
        purpose=purpose.strip(),
        given_on=given_on,
        valid_until=valid_until,
        recorded_by=actor.user,
        recorded_for=actor.organisation,
    )
    grant.full_clean()
    grant.save()
    audit_event_record(
        actor=actor,
        event_type="consent.create",
        action=AuditAction.CREATE,
        resident_uuid=resident.uuid,
        object_type="consent",
        object_uuid=grant.uuid,
        scope=scope,
        details={"grantee": organisation.name, "scope": scope},
    )
    return grant


@transaction.atomic
def consent_grant_record_initial(*, actor: Actor, resident: Resident, purpose: str, given_on: date) -> ConsentGrant:
    """The basic-details consent recorded together with a new registration (no visibility yet)."""
    if actor.organisation is None:
        raise PermissionDenied(_("You act on behalf of no organisation."))
    return _create(
        actor=actor,
        resident=resident,
        organisation=actor.organisation,
        scope=ConsentScope.BASIC,
        purpose=purpose,
        given_on=given_on,
        valid_until=None,
    )


@transaction.atomic
def consent_grant_record(
    *,
    actor: Actor,
    resident: Resident,
    organisation: Organisation,
    scope: str,
    purpose: str,
    given_on: date,
    valid_until: date | None = None,
) -> ConsentGrant:
    if not policy.may(actor, "manage_consent", resident):
        raise NotVisible()
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": _("Unknown consent scope.")})
    if not organisation.is_active:
        raise ValidationError({"organisation": _("This organisation is no longer active.")})
    return _create(
        actor=actor,
        resident=resident,
        organisation=organisation,
        scope=scope,
        purpose=purpose,
        given_on=given_on,
        valid_until=valid_until,
    )


@transaction.atomic
def consent_grant_withdraw(*, actor: Actor, resident: Resident, grant_uuid: str, reason: str) -> ConsentGrant:
    if not policy.may(actor, "manage_consent", resident):
        raise NotVisible()
    grant = ConsentGrant.objects.select_for_update().filter(resident=resident, uuid=grant_uuid).first()
    if grant is None:
        raise NotVisible()
    if grant.withdrawn_at is not None:
        raise ValidationError({"grant": _("This consent has already been withdrawn.")})
    grant.withdrawn_at = timezone.now()
    grant.withdrawn_by = actor.user
    grant.withdrawal_reason = reason.strip()
    grant.full_clean()
    grant.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"])
    audit_event_record(
        actor=actor,
        event_type="consent.withdraw",
        action=AuditAction.UPDATE,
        resident_uuid=resident.uuid,
        object_type="consent",
        object_uuid=grant.uuid,
        scope=grant.scope,
        reason=reason,
        details={"grantee": grant.organisation.name, "scope": grant.scope},
    )
    return grant
