"""Who may see and change a coalition's agreements.

- A party (organisation) sees only the coalitions it belongs to; any other coalition is a 404,
  the same answer as for one that does not exist.
- Every active member of a participating organisation reads the agreements, KPIs and lessons
  (the learning history is for everyone in the coalition).
- Coordinators and managers of a participating organisation change them.
- Case-level cost data (a micro-analysis) is not governed here but by the case-plan policy.
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.core.exceptions import NotVisible, PermissionDenied
from wijkverband.core.validators import parse_uuid
from wijkverband.organisations.models import Coalition

from .constants import EDITOR_ROLES


def coalitions_for(actor: Actor) -> QuerySet[Coalition]:
    membership = actor.membership
    if membership is None or not membership.is_active or not actor.user.is_active:
        return Coalition.objects.none()
    return Coalition.objects.filter(organisations=membership.organisation_id).select_related("municipality")


def coalition_get(actor: Actor, coalition_uuid: uuid.UUID | str) -> Coalition:
    wanted = parse_uuid(coalition_uuid)
    coalition = coalitions_for(actor).filter(uuid=wanted).first() if wanted else None
    if coalition is None:
        raise NotVisible()
    return coalition


def may_edit(actor: Actor, coalition: Coalition) -> bool:
    return actor.role in EDITOR_ROLES and coalitions_for(actor).filter(pk=coalition.pk).exists()


def require_edit(actor: Actor, coalition: Coalition) -> None:
    if not coalitions_for(actor).filter(pk=coalition.pk).exists():
        raise NotVisible()
    if actor.role not in EDITOR_ROLES:
        raise PermissionDenied(_("Only coordinators and managers of a party in the coalition may change agreements."))
