"""Who is acting: a user, on behalf of one organisation in one role, from one access point.

Every service and selector on personal data takes an ``Actor``, so the audit trail can say who,
for which organisation, from where, and the policy can decide on organisation + role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import HttpRequest

from wijkverband.organisations.constants import PERSONAL_DATA_ROLES, Role
from wijkverband.organisations.models import Membership, Organisation

if TYPE_CHECKING:
    from .models import User

ACTING_MEMBERSHIP_SESSION_KEY = "acting_membership"


@dataclass(frozen=True)
class Actor:
    user: User
    membership: Membership | None
    access_point: str = "web"
    ip_address: str | None = None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def may_see_personal_data(self) -> bool:
        return self.membership is not None and self.membership.role in PERSONAL_DATA_ROLES

    @property
    def is_functional_admin(self) -> bool:
        return self.membership is not None and self.membership.role == Role.FUNCTIONAL_ADMIN


def active_memberships(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, is_active=True, organisation__is_active=True).select_related(
            "organisation"
        )
    )


def request_memberships(request: HttpRequest) -> list[Membership]:
    """The user's active memberships, read once per request (the actor and the menu both need them)."""
    cached: list[Membership] | None = getattr(request, "_wijkverband_memberships", None)
    if cached is None:
        cached = active_memberships(request.user)  # type: ignore[arg-type]
        request._wijkverband_memberships = cached  # type: ignore[attr-defined]
    return cached


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def actor_from_request(request: HttpRequest, *, access_point: str = "web") -> Actor:
    """The actor for a request. The acting organisation is chosen in the session, or a header in the API."""
    cached = getattr(request, "_wijkverband_actor", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    if not request.user.is_authenticated:
        raise PermissionError("actor_from_request needs an authenticated user")
    user = request.user
    memberships = request_memberships(request)
    wanted = request.headers.get("Wijkverband-Organisatie") if access_point == "api" else None
    if wanted is None and hasattr(request, "session"):
        wanted = request.session.get(ACTING_MEMBERSHIP_SESSION_KEY)
    chosen = next((m for m in memberships if str(m.organisation.uuid) == wanted), None)
    if chosen is None and memberships:
        chosen = memberships[0]
    actor = Actor(user=user, membership=chosen, access_point=access_point, ip_address=client_ip(request))
    request._wijkverband_actor = actor  # type: ignore[attr-defined]
    return actor


def user_needs_two_factor(user: User) -> bool:
    return Membership.objects.filter(user=user, is_active=True, role__in=PERSONAL_DATA_ROLES).exists()
