"""Who may see and handle signals: the members of the team a signal is routed to.

Signals rest on a legal task (the Wgs for arrears, the Wmo/Jeugdwet duty to respond to worries),
not on the resident's consent: a household that never met a professional has not consented to
anything yet. Need to know is therefore membership of the receiving team, with the same role gate
as ``consent.policy``:
- the membership is active and its role may see personal data (professional or coordinator);
- the user is a member of the team (``TeamMember``) through that membership of the acting
  organisation;
- the signal is routed to that team.
Everything else is a 404. Managers see only aggregates (``selectors.overview``), never a signal.
What a signal leads to — a case plan — follows ``consent.policy`` as before: opening one needs the
resident's case-plan consent for the organisation.
"""

from __future__ import annotations

from django.db.models import QuerySet

from wijkverband.accounts.actor import Actor
from wijkverband.organisations.constants import PERSONAL_DATA_ROLES

from .models import OutreachTask, Signal, Team


def _handles(actor: Actor) -> bool:
    membership = actor.membership
    return (
        membership is not None
        and membership.is_active
        and membership.role in PERSONAL_DATA_ROLES
        and actor.user.is_active
    )


def teams_of(actor: Actor) -> QuerySet[Team]:
    if not _handles(actor) or actor.membership is None:
        return Team.objects.none()
    return Team.objects.filter(is_active=True, members__membership=actor.membership)


def visible_signals(queryset: QuerySet[Signal], *, actor: Actor) -> QuerySet[Signal]:
    if not _handles(actor) or actor.membership is None:
        return queryset.none()
    return queryset.filter(team__is_active=True, team__members__membership=actor.membership)


def visible_outreach(queryset: QuerySet[OutreachTask], *, actor: Actor) -> QuerySet[OutreachTask]:
    if not _handles(actor) or actor.membership is None:
        return queryset.none()
    return queryset.filter(team__is_active=True, team__members__membership=actor.membership)
