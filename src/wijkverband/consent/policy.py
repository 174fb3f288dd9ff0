"""The one access policy for residents' personal data.

A member of an organisation sees a resident's data for a scope only when all of these hold:
- the membership's role may see personal data (professional or coordinator; managers and
  functional admins never do);
- the organisation holds a valid consent of that resident for that scope (given, not expired,
  not withdrawn: withdrawal takes effect on the next query);
- the user has an active involvement with the resident for that organisation (need to know).

Everything else is invisible, and the web and the API answer 404 for it. Actions on a visible
resident are decided by ``may``; the ``rules`` predicates in ``consent/rules.py`` wrap the same.

Case plans follow the same rule with the case-plan scope, and need to know is being an active
participant of that plan (which also gives an involvement with the resident):
- a plan is visible when its resident is visible for the case-plan scope *and* the user takes
  part in the plan for the acting organisation;
- health-related meeting notes additionally need the health scope;
- participants contribute (answers, agreements, meetings, measurements, network) while the plan
  is open; directing it (status, case director, team, waakvlam) is for the case director and
  for participating coordinators; while a plan has no case director any participant may name one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from wijkverband.organisations.constants import PERSONAL_DATA_ROLES, Role

from .constants import ConsentScope

if TYPE_CHECKING:
    from wijkverband.accounts.actor import Actor
    from wijkverband.cases.models import CaseParticipant, CasePlan, CasePlanQuerySet
    from wijkverband.residents.models import Resident, ResidentQuerySet
    from wijkverband.signals.models import OutreachTask, Signal, Team


# What each role may do on a resident it can see. Viewing the audit trail of a file (who looked
# at it) is for coordinators: it names colleagues, so it is not for every professional.
ACTIONS_BY_ROLE: dict[str, frozenset[str]] = {
    Role.PROFESSIONAL: frozenset({"view", "change", "manage_consent", "add_involvement"}),
    Role.COORDINATOR: frozenset({"view", "change", "manage_consent", "add_involvement", "view_audit_trail"}),
    Role.MANAGER: frozenset(),
    Role.FUNCTIONAL_ADMIN: frozenset(),
}


def _sees_personal_data(actor: Actor) -> bool:
    membership = actor.membership
    return (
        membership is not None
        and membership.is_active
        and membership.role in PERSONAL_DATA_ROLES
        and actor.user.is_active
    )


def _resident_conditions(actor: Actor, scope: str, resident_ref: str) -> tuple[Exists, Exists]:
    """Consent for the scope and need to know, correlated on the resident column ``resident_ref``."""
    from wijkverband.consent.models import ConsentGrant
    from wijkverband.residents.models import Involvement

    membership = actor.membership
    # Callers check the membership first; -1 matches no organisation should one slip through.
    organisation_id = membership.organisation_id if membership else -1
    consent = ConsentGrant.objects.valid_on(timezone.localdate()).filter(
        resident=OuterRef(resident_ref), organisation_id=organisation_id, scope=scope
    )
    need_to_know = Involvement.objects.filter(
        resident=OuterRef(resident_ref),
        user_id=actor.user.pk,
        organisation_id=organisation_id,
        ended_at__isnull=True,
    )
    return Exists(consent), Exists(need_to_know)


def visible_residents(queryset: ResidentQuerySet, *, actor: Actor, scope: str = ConsentScope.BASIC) -> ResidentQuerySet:
    if not _sees_personal_data(actor):
        return queryset.none()
    return queryset.filter(*_resident_conditions(actor, scope, "pk"))


def may(actor: Actor, action: str, resident: Resident, *, scope: str = ConsentScope.BASIC) -> bool:
    from wijkverband.residents.models import Resident

    if actor.role is None or action not in ACTIONS_BY_ROLE.get(actor.role, frozenset()):
        return False
    return Resident.objects.visible_to(actor, scope).filter(pk=resident.pk).exists()


def may_on_read_resident(actor: Actor, action: str) -> bool:
    """``may`` for a resident the caller has just read through ``visible_to(actor)`` (basic scope).

    Visibility is already settled by that read; what remains is whether the role allows the
    action. Saves a query per check on pages that show which buttons the actor has."""
    return actor.role is not None and action in ACTIONS_BY_ROLE.get(actor.role, frozenset())


def may_register_residents(actor: Actor) -> bool:
    return actor.may_see_personal_data


def visible_case_plans(
    queryset: CasePlanQuerySet, *, actor: Actor, scope: str = ConsentScope.CASE_PLAN
) -> CasePlanQuerySet:
    from wijkverband.cases.models import CaseParticipant

    membership = actor.membership
    if not _sees_personal_data(actor) or membership is None:
        return queryset.none()
    participation = CaseParticipant.objects.filter(
        plan=OuterRef("pk"),
        user_id=actor.user.pk,
        organisation_id=membership.organisation_id,
        removed_at__isnull=True,
    )
    # The same two conditions as visible_residents, correlated on the plan's resident so the
    # database checks them per plan through the indexes instead of building all visible residents.
    return queryset.filter(Exists(participation), *_resident_conditions(actor, scope, "resident_id"))


PLAN_CONTRIBUTE = "contribute"
PLAN_DIRECT = "direct"
PLAN_NAME_DIRECTOR = "name_director"


def _plan_permissions(actor: Actor, status: str, participants: Sequence[CaseParticipant]) -> frozenset[str]:
    """What a visible plan allows, from its status and its active participants."""
    from wijkverband.cases.constants import CasePlanStatus

    allowed = {"view"}
    if status == CasePlanStatus.CLOSED:
        return frozenset(allowed)
    allowed.add(PLAN_CONTRIBUTE)
    membership = actor.membership
    is_director = membership is not None and any(
        p.is_case_director and p.user_id == actor.user.pk and p.organisation_id == membership.organisation_id
        for p in participants
    )
    if is_director or actor.role == Role.COORDINATOR:
        allowed |= {PLAN_DIRECT, PLAN_NAME_DIRECTOR}
    elif not any(p.is_case_director for p in participants):
        allowed.add(PLAN_NAME_DIRECTOR)
    return frozenset(allowed)


def plan_permissions(actor: Actor, plan: CasePlan) -> frozenset[str]:
    """What the actor may do on a plan: empty when the plan is not visible to them."""
    from wijkverband.cases.models import CaseParticipant, CasePlan

    # The status is read from the database, not from the (possibly stale) object passed in.
    status = CasePlan.objects.visible_to(actor).filter(pk=plan.pk).values_list("status", flat=True).first()
    if status is None:
        return frozenset()
    participants = CaseParticipant.objects.filter(plan=plan, removed_at__isnull=True)
    return _plan_permissions(actor, status, list(participants.only("user_id", "organisation_id", "is_case_director")))


def plan_access(
    actor: Actor, plan: CasePlan, *, participants: Sequence[CaseParticipant]
) -> tuple[frozenset[str], bool]:
    """``plan_permissions`` and ``may_see_health_notes`` for a page that has just read the plan's
    active ``participants``: one query instead of four on every plan page."""
    from wijkverband.cases.models import CasePlan

    health_consent, health_need_to_know = _resident_conditions(actor, ConsentScope.HEALTH, "resident_id")
    row = (
        visible_case_plans(CasePlan.objects.filter(pk=plan.pk), actor=actor)
        .annotate(health_consent=health_consent, health_need_to_know=health_need_to_know)
        .values_list("status", "health_consent", "health_need_to_know")
        .first()
    )
    if row is None:
        return frozenset(), False
    status, consent, need_to_know = row
    return _plan_permissions(actor, status, participants), bool(consent and need_to_know)


def may_on_plan(actor: Actor, action: str, plan: CasePlan) -> bool:
    return action in plan_permissions(actor, plan)


def may_see_health_notes(actor: Actor, resident_id: int) -> bool:
    from wijkverband.residents.models import Resident

    return (
        visible_residents(Resident.objects.all(), actor=actor, scope=ConsentScope.HEALTH)
        .filter(pk=resident_id)
        .exists()
    )


# --- signals (vroegsignalering) ------------------------------------------------------------------
# Signals rest on a legal task (the Wgs for arrears, the Wmo/Jeugdwet duty to respond to worries),
# not on the resident's consent: a household that never met a professional has consented to nothing
# yet. Need to know is membership of the receiving team, behind the same role gate as residents:
# an active professional or coordinator membership of the acting organisation that is a member of
# the team the signal is routed to. Everything else is a 404; managers see aggregates only. What a
# signal leads to (a case plan) follows the consent rules above.


def signal_teams_of(actor: Actor) -> QuerySet[Team]:
    from wijkverband.signals.models import Team

    if not _sees_personal_data(actor) or actor.membership is None:
        return Team.objects.none()
    return Team.objects.filter(is_active=True, members__membership=actor.membership)


def visible_signals(queryset: QuerySet[Signal], *, actor: Actor) -> QuerySet[Signal]:
    if not _sees_personal_data(actor) or actor.membership is None:
        return queryset.none()
    return queryset.filter(team__is_active=True, team__members__membership=actor.membership)


def visible_outreach(queryset: QuerySet[OutreachTask], *, actor: Actor) -> QuerySet[OutreachTask]:
    if not _sees_personal_data(actor) or actor.membership is None:
        return queryset.none()
    return queryset.filter(team__is_active=True, team__members__membership=actor.membership)


# --- placements (uitstroom) ----------------------------------------------------------------------
# The housing route rests on the resident's ``housing_route`` consent, behind the same role gate and
# need to know (an involvement) as residents:
# - an application, its profile, proposals and trial period are visible when the resident is visible
#   for the housing-route scope;
# - a housing corporation sees only the profile fields a home offer needs (``CORPORATION_PROFILE_FIELDS``),
#   never health notes, and the good-tenancy agreements only when the client agreed to share them;
# - health notes in a profile additionally need the health scope, and never reach a corporation;
# - running the matcher and deciding on proposals is for coordinators of an organisation in the coalition;
# - dwelling offers are supply, not personal data: a corporation's professionals and coordinators
#   manage their own; everyone in a coalition with such a corporation reads them.

CORPORATION_PROFILE_FIELDS = frozenset(
    {"household_size", "household_composition", "access_need", "rooms_wanted", "max_rent", "support_intensity"}
)


def visible_outflow_applications(queryset: QuerySet[Any], *, actor: Actor) -> QuerySet[Any]:
    if not _sees_personal_data(actor) or actor.membership is None:
        return queryset.none()
    return queryset.filter(*_resident_conditions(actor, ConsentScope.HOUSING_ROUTE, "resident_id"))


def is_housing_corporation(actor: Actor) -> bool:
    from wijkverband.organisations.constants import OrganisationKind

    return actor.organisation is not None and actor.organisation.kind == OrganisationKind.HOUSING_CORPORATION


def profile_fields_for(actor: Actor) -> frozenset[str] | None:
    """The profile fields the actor may read on a visible application; None means all but health notes."""
    return CORPORATION_PROFILE_FIELDS if is_housing_corporation(actor) else None


def may_see_profile_health_notes(actor: Actor, resident_id: int) -> bool:
    return not is_housing_corporation(actor) and may_see_health_notes(actor, resident_id)


def may_run_matcher(actor: Actor, coalition_id: int) -> bool:
    membership = actor.membership
    return (
        _sees_personal_data(actor)
        and membership is not None
        and actor.role == Role.COORDINATOR
        and membership.organisation.coalitions.filter(pk=coalition_id).exists()
    )


def may_manage_dwelling_offers(actor: Actor) -> bool:
    return _sees_personal_data(actor) and is_housing_corporation(actor)
