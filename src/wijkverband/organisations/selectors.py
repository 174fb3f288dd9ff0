from django.db.models import QuerySet

from wijkverband.accounts.actor import Actor
from wijkverband.core.exceptions import NotVisible

from .models import Membership, Organisation


def membership_list_for_admin(*, actor: Actor) -> QuerySet[Membership]:
    if not actor.is_functional_admin:
        raise NotVisible()
    return Membership.objects.filter(organisation=actor.organisation).select_related("user").order_by("user__username")


def organisation_list() -> QuerySet[Organisation]:
    """Organisations are not personal data: every logged-in user sees the network."""
    return Organisation.objects.filter(is_active=True).select_related("municipality")


def colleagues_for_involvement(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation, is_active=True, role__in=["professional", "coordinator"])
        .select_related("user", "organisation")
        .order_by("user__username")
    )
