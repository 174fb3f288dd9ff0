from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import ACTING_MEMBERSHIP_SESSION_KEY, Actor, active_memberships
from wijkverband.cases.selectors import work_list_counts
from wijkverband.consent.constants import ConsentScope
from wijkverband.core.web import actor_view
from wijkverband.residents.selectors import resident_list_audited

from . import selectors


@actor_view
def dashboard(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.membership is None and hasattr(actor.user, "resident_account"):
        # A resident's own account (My Wijkverband) has no organisation and no dashboard.
        return redirect("portal:overview")
    counts = selectors.consent_counts_for_organisation(actor=actor)
    residents = selectors.my_residents(actor=actor) if actor.may_see_personal_data else []
    resident_list_audited(actor=actor, residents=residents, event_type="resident.dashboard")
    context = {
        "consent_counts": [(label, counts.get(value, 0)) for value, label in ConsentScope.choices],
        "my_residents": residents,
        "work": work_list_counts(actor=actor) if actor.may_see_personal_data else None,
    }
    return render(request, "core/dashboard.html", context)


@require_POST
@actor_view
def switch_organisation(request: HttpRequest, actor: Actor) -> HttpResponse:
    wanted = request.POST.get("organisation", "")
    if any(str(m.organisation.uuid) == wanted for m in active_memberships(actor.user)):
        request.session[ACTING_MEMBERSHIP_SESSION_KEY] = wanted
        messages.success(request, _("You now act on behalf of another organisation."))
    return redirect("core:dashboard")


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
