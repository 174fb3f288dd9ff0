"""The one access policy for residents' personal data.

A member of an organisation sees a resident's data for a scope only when all of these hold:
- the membership's role may see personal data (professional or coordinator; managers and
  functional admins never do);
- the organisation holds a valid consent of that resident for that scope (given, not expired,
  not withdrawn: withdrawal takes effect on the next query);
- the user has an active involvement with the resident for that organisation (need to know).

Everything else is invisible, and the web and the API answer 404 for it. Actions on a visible
resident are decided by ``may``; the ``rules`` predicates in ``consent/rules.py`` wrap the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef
from django.utils import timezone

from wijkverband.organisations.constants import PERSONAL_DATA_ROLES, Role

from .constants import ConsentScope

if TYPE_CHECKING:
    from wijkverband.accounts.actor import Actor
    from wijkverband.residents.models import Resident, ResidentQuerySet


# What each role may do on a resident it can see. Viewing the audit trail of a file (who looked
# at it) is for coordinators: it names colleagues, so it is not for every professional.
ACTIONS_BY_ROLE: dict[str, frozenset[str]] = {
    Role.PROFESSIONAL: frozenset({"view", "change", "manage_consent", "add_involvement"}),
    Role.COORDINATOR: frozenset({"view", "change", "manage_consent", "add_involvement", "view_audit_trail"}),
    Role.MANAGER: frozenset(),
    Role.FUNCTIONAL_ADMIN: frozenset(),
}


def visible_residents(queryset: ResidentQuerySet, *, actor: Actor, scope: str = ConsentScope.BASIC) -> ResidentQuerySet:
    from wijkverband.consent.models import ConsentGrant
    from wijkverband.residents.models import Involvement

    membership = actor.membership
    if (
        membership is None
        or not membership.is_active
        or membership.role not in PERSONAL_DATA_ROLES
        or not actor.user.is_active
    ):
        return queryset.none()
    today = timezone.localdate()
    consent = ConsentGrant.objects.valid_on(today).filter(
        resident=OuterRef("pk"), organisation_id=membership.organisation_id, scope=scope
    )
    need_to_know = Involvement.objects.filter(
        resident=OuterRef("pk"),
        user_id=actor.user.pk,
        organisation_id=membership.organisation_id,
        ended_at__isnull=True,
    )
    return queryset.filter(Exists(consent), Exists(need_to_know))


def may(actor: Actor, action: str, resident: Resident, *, scope: str = ConsentScope.BASIC) -> bool:
    from wijkverband.residents.models import Resident

    if actor.role is None or action not in ACTIONS_BY_ROLE.get(actor.role, frozenset()):
        return False
    return Resident.objects.visible_to(actor, scope).filter(pk=resident.pk).exists()


def may_register_residents(actor: Actor) -> bool:
    return actor.may_see_personal_data
