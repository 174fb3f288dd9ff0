"""Writes on residents. Every function is atomic, validates fully and records an audit event.

- Registering a resident requires the resident's consent for the registering organisation (basic
  details) and makes the registering user involved: without both, nobody could ever see the record.
- Changing a resident or its team requires that the actor can see the resident (policy.may).
- A BSN is optional; when given it must pass the elfproef and may exist only once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record
from wijkverband.consent import policy
from wijkverband.consent.constants import ConsentScope
from wijkverband.core import crypto
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.core.validators import normalise_bsn, normalise_postcode, validate_bsn
from wijkverband.neighbourhoods.models import Neighbourhood
from wijkverband.organisations.models import Membership

from .constants import InvolvementRole
from .models import Involvement, Resident

EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "street",
    "postcode",
    "house_number",
    "house_number_addition",
    "city",
    "bag_id",
    "neighbourhood",
    "phone",
    "email",
)


def _set_bsn(resident: Resident, bsn: str) -> None:
    if not bsn:
        return
    try:
        validate_bsn(bsn)
    except ValidationError as error:
        raise ValidationError({"bsn": error.messages}) from error
    normalised = normalise_bsn(bsn)
    index = crypto.blind_index(normalised)
    if Resident.objects.filter(bsn_index=index).exclude(pk=resident.pk).exists():
        raise ValidationError({"bsn": _("A resident with this BSN is already registered.")})
    resident.bsn_encrypted = crypto.encrypt(normalised)
    resident.bsn_index = index


@transaction.atomic
def resident_register(
    *,
    actor: Actor,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    postcode: str,
    house_number: int,
    consent_purpose: str,
    consent_given_on: date,
    house_number_addition: str = "",
    street: str = "",
    city: str = "",
    bag_id: str = "",
    neighbourhood: Neighbourhood | None = None,
    phone: str = "",
    email: str = "",
    bsn: str = "",
) -> Resident:
    from wijkverband.consent.services import consent_grant_record_initial

    if not policy.may_register_residents(actor) or actor.organisation is None:
        raise PermissionDenied(_("Your role may not register residents."))
    resident = Resident(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        street=street.strip(),
        postcode=normalise_postcode(postcode),
        house_number=house_number,
        house_number_addition=house_number_addition.strip(),
        city=city.strip(),
        bag_id=bag_id.strip(),
        neighbourhood=neighbourhood,
        phone=phone.strip(),
        email=email.strip(),
        registered_by_organisation=actor.organisation,
    )
    _set_bsn(resident, bsn)
    resident.full_clean()
    resident.save()
    Involvement.objects.create(
        resident=resident,
        user=actor.user,
        organisation=actor.organisation,
        role=InvolvementRole.CASE_DIRECTOR,
        reason=_("Registered the resident"),
        added_by=actor.user,
    )
    consent_grant_record_initial(actor=actor, resident=resident, purpose=consent_purpose, given_on=consent_given_on)
    audit_event_record(
        actor=actor,
        event_type="resident.create",
        action=AuditAction.CREATE,
        resident_uuid=resident.uuid,
        object_type="resident",
        object_uuid=resident.uuid,
        scope=ConsentScope.BASIC,
        details={"fields": sorted(f for f in EDITABLE_FIELDS if getattr(resident, f)) + (["bsn"] if bsn else [])},
    )
    return resident


@transaction.atomic
def resident_update(*, actor: Actor, resident: Resident, data: dict[str, Any], bsn: str | None = None) -> Resident:
    if not policy.may(actor, "change", resident):
        raise NotVisible()
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    changed = []
    for field in EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            if field == "postcode":
                value = normalise_postcode(value)
            elif isinstance(value, str):
                value = value.strip()
            if getattr(resident, field) != value:
                setattr(resident, field, value)
                changed.append(field)
    if bsn:
        _set_bsn(resident, bsn)
        changed.append("bsn")
    if not changed:
        return resident
    resident.full_clean()
    resident.save()
    # Field names only: the audit trail must not become a second copy of the personal data.
    audit_event_record(
        actor=actor,
        event_type="resident.update",
        action=AuditAction.UPDATE,
        resident_uuid=resident.uuid,
        object_type="resident",
        object_uuid=resident.uuid,
        scope=ConsentScope.BASIC,
        details={"fields": sorted(changed)},
    )
    return resident


@transaction.atomic
def involvement_add(
    *, actor: Actor, resident: Resident, user: User, organisation_uuid: str, role: str, reason: str
) -> Involvement:
    """Add a professional to the resident's team. They see data only where their organisation has consent."""
    if not policy.may(actor, "add_involvement", resident):
        raise NotVisible()
    membership = (
        Membership.objects.filter(user=user, organisation__uuid=organisation_uuid, is_active=True)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise ValidationError({"user": _("This person is not an active member of that organisation.")})
    if Involvement.objects.filter(
        resident=resident, user=user, organisation=membership.organisation, ended_at__isnull=True
    ).exists():
        raise ValidationError({"user": _("This person is already part of the team.")})
    involvement = Involvement(
        resident=resident,
        user=user,
        organisation=membership.organisation,
        role=role,
        reason=reason,
        added_by=actor.user,
    )
    involvement.full_clean()
    involvement.save()
    audit_event_record(
        actor=actor,
        event_type="involvement.create",
        action=AuditAction.CREATE,
        resident_uuid=resident.uuid,
        object_type="involvement",
        object_uuid=involvement.uuid,
        details={"user": user.get_username(), "organisation": membership.organisation.name, "role": role},
    )
    return involvement


@transaction.atomic
def involvement_end(*, actor: Actor, resident: Resident, involvement_uuid: str) -> Involvement:
    if not policy.may(actor, "add_involvement", resident):
        raise NotVisible()
    involvement = Involvement.objects.filter(resident=resident, uuid=involvement_uuid, ended_at__isnull=True).first()
    if involvement is None:
        raise NotVisible()
    involvement.ended_at = timezone.now()
    involvement.save(update_fields=["ended_at", "updated_at"])
    audit_event_record(
        actor=actor,
        event_type="involvement.end",
        action=AuditAction.UPDATE,
        resident_uuid=resident.uuid,
        object_type="involvement",
        object_uuid=involvement.uuid,
    )
    return involvement
