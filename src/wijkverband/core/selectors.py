"""Dashboard figures. Counts per organisation are aggregates and contain no personal data."""

from __future__ import annotations

from django.db.models import Count

from wijkverband.accounts.actor import Actor
from wijkverband.consent.models import ConsentGrant
from wijkverband.residents.models import Resident


def consent_counts_for_organisation(*, actor: Actor) -> dict[str, int]:
    if actor.organisation is None:
        return {}
    rows = (
        ConsentGrant.objects.valid_now()
        .filter(organisation=actor.organisation)
        .values("scope")
        .annotate(residents=Count("resident", distinct=True))
    )
    return {row["scope"]: row["residents"] for row in rows}


def my_residents(*, actor: Actor, limit: int = 10) -> list[Resident]:
    return list(
        Resident.objects.visible_to(actor)
        .filter(involvements__user=actor.user, involvements__ended_at__isnull=True)
        .select_related("neighbourhood")
        .order_by("-updated_at")
        .distinct()[:limit]
    )
