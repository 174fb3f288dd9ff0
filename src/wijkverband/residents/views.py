from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import Actor
from wijkverband.cases.selectors import case_plan_open_for_resident
from wijkverband.consent import policy
from wijkverband.consent.selectors import consent_scopes_for
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.core.web import actor_view, attach_errors
from wijkverband.organisations.models import Membership

from . import selectors, services
from .forms import InvolvementForm, ResidentForm, ResidentRegisterForm, SearchForm


def _municipality_id(actor: Actor) -> int | None:
    return actor.organisation.municipality_id if actor.organisation else None


@actor_view
def resident_search(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.resident_search_queryset(actor=actor, query=query), 25).get_page(request.GET.get("page"))
    selectors.resident_list_audited(actor=actor, residents=list(page.object_list), event_type="resident.search")
    template = "residents/_resident_results.html" if request.htmx else "residents/resident_search.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {"form": form, "page": page, "query": query, "may_register": policy.may_register_residents(actor)},
    )


@actor_view
def resident_register(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not policy.may_register_residents(actor):
        raise Forbidden()
    form = ResidentRegisterForm(request.POST or None, municipality_id=_municipality_id(actor))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("consent_given")
        try:
            resident = services.resident_register(actor=actor, **data)
        except ValidationError as error:
            attach_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Resident registered, with consent for your organisation."))
            return redirect("residents:detail", resident_uuid=resident.uuid)
    return render(request, "residents/resident_register.html", {"form": form}, status=400 if form.errors else 200)


@actor_view
def resident_detail(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    resident = selectors.resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    team = selectors.involvement_list_for_resident(actor=actor, resident=resident)
    scopes = sorted(consent_scopes_for(actor=actor, resident=resident))
    context = {
        "resident": resident,
        "team": team,
        "scopes": scopes,
        # The resident was just read through the policy; only the role is left to check.
        "may_change": policy.may_on_read_resident(actor, "change"),
        "may_view_trail": policy.may_on_read_resident(actor, "view_audit_trail"),
        "open_plan": case_plan_open_for_resident(actor=actor, resident_id=resident.pk),
        "may_open_plan": "case_plan" in scopes,
    }
    return render(request, "residents/resident_detail.html", context)


@actor_view
def resident_edit(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    resident = selectors.resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    initial = {field: getattr(resident, field) for field in services.EDITABLE_FIELDS}
    initial["neighbourhood"] = resident.neighbourhood.code if resident.neighbourhood else None
    form = ResidentForm(request.POST or None, initial=initial, municipality_id=_municipality_id(actor))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        bsn = data.pop("bsn") or None
        try:
            services.resident_update(actor=actor, resident=resident, data=data, bsn=bsn)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("residents:detail", resident_uuid=resident.uuid)
    return render(
        request,
        "residents/resident_edit.html",
        {"form": form, "resident": resident},
        status=400 if form.errors else 200,
    )


@require_POST
@actor_view
def resident_reveal_bsn(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    resident = selectors.resident_get_for_user(actor=actor, resident_uuid=resident_uuid, reason="BSN tonen")
    bsn = selectors.resident_reveal_bsn(actor=actor, resident=resident)
    return render(request, "residents/_bsn.html", {"bsn": bsn})


@actor_view
def involvement_add(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    resident = selectors.resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    memberships = (
        Membership.objects.filter(
            is_active=True, role__in=["professional", "coordinator"], organisation__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__username")
    )
    choices = [(str(m.uuid), f"{m.user} – {m.organisation.name}") for m in memberships]
    form = InvolvementForm(request.POST or None)
    form.fields["membership"].choices = choices  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        membership = next(m for m in memberships if str(m.uuid) == form.cleaned_data["membership"])
        try:
            services.involvement_add(
                actor=actor,
                resident=resident,
                user=membership.user,
                organisation_uuid=str(membership.organisation.uuid),
                role=form.cleaned_data["role"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Added to the team."))
            return redirect("residents:detail", resident_uuid=resident.uuid)
    return render(
        request,
        "residents/involvement_add.html",
        {"form": form, "resident": resident},
        status=400 if form.errors else 200,
    )


@require_POST
@actor_view
def involvement_end(request: HttpRequest, actor: Actor, resident_uuid: str, involvement_uuid: str) -> HttpResponse:
    resident = selectors.resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    services.involvement_end(actor=actor, resident=resident, involvement_uuid=involvement_uuid)
    messages.success(request, _("Removed from the team."))
    if policy.may(actor, "view", resident):
        return redirect("residents:detail", resident_uuid=resident.uuid)
    return redirect("core:dashboard")
