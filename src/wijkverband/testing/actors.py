from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.organisations.models import Membership, Organisation


def actor_for(user: User, organisation: Organisation | None = None, access_point: str = "web") -> Actor:
    """The actor a request by this user would produce (first membership unless one is named)."""
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    membership = memberships.filter(organisation=organisation).first() if organisation else memberships.first()
    return Actor(user=user, membership=membership, access_point=access_point, ip_address="127.0.0.1")
