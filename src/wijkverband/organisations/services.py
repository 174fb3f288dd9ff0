"""Managing organisations' members. Functional admins manage accounts but never see personal data.

- Only a functional admin of an organisation manages that organisation's memberships.
- An admin cannot remove their own admin role (an organisation must keep a way in).
- Every change is audited (without a resident).
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record
from wijkverband.core.exceptions import PermissionDenied

from .constants import Role
from .models import Membership, Organisation


def _require_admin(actor: Actor) -> Organisation:
    if not actor.is_functional_admin or actor.organisation is None:
        raise PermissionDenied(_("Only a functional administrator may manage members."))
    return actor.organisation


@transaction.atomic
def membership_create(
    *, actor: Actor, username: str, display_name: str, email: str, role: str, password: str
) -> Membership:
    organisation = _require_admin(actor)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, display_name=display_name.strip(), email=email.strip())
        user.full_clean(exclude=["password"])
        validate_password(password, user)
        user.set_password(password)
        user.save()
    elif Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"username": _("This user is already a member of your organisation.")})
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    audit_event_record(
        actor=actor,
        event_type="membership.create",
        action=AuditAction.CREATE,
        object_type="membership",
        object_uuid=membership.uuid,
        details={"user": user.username, "role": role},
    )
    return membership


@transaction.atomic
def membership_update(*, actor: Actor, membership_uuid: str, role: str, is_active: bool) -> Membership:
    organisation = _require_admin(actor)
    membership = Membership.objects.select_for_update().filter(uuid=membership_uuid, organisation=organisation).first()
    if membership is None:
        raise PermissionDenied(_("This membership does not belong to your organisation."))
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if membership.user_id == actor.user.pk and (role != Role.FUNCTIONAL_ADMIN or not is_active):
        raise ValidationError({"role": _("You cannot remove your own administrator role.")})
    membership.role = role
    membership.is_active = is_active
    membership.full_clean()
    membership.save(update_fields=["role", "is_active", "updated_at"])
    audit_event_record(
        actor=actor,
        event_type="membership.update",
        action=AuditAction.UPDATE,
        object_type="membership",
        object_uuid=membership.uuid,
        details={"user": membership.user.username, "role": role, "is_active": is_active},
    )
    return membership
