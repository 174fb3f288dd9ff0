from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import Actor
from wijkverband.core.exceptions import PermissionDenied
from wijkverband.core.web import actor_view, attach_errors

from . import selectors, services
from .forms import MembershipCreateForm, MembershipUpdateForm


@actor_view
def membership_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    members = selectors.membership_list_for_admin(actor=actor)
    form = MembershipCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("organisations:members")
    return render(
        request,
        "organisations/membership_list.html",
        {"members": members, "form": form, "roles": MembershipUpdateForm.base_fields["role"].choices},  # type: ignore[attr-defined]
        status=400 if form.errors else 200,
    )


@require_POST
@actor_view
def membership_update(request: HttpRequest, actor: Actor, membership_uuid: str) -> HttpResponse:
    form = MembershipUpdateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("organisations:members")
    try:
        services.membership_update(actor=actor, membership_uuid=membership_uuid, **form.cleaned_data)
    except PermissionDenied as error:
        raise Http404() from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Membership updated."))
    return redirect("organisations:members")


@actor_view
def organisation_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "organisations/organisation_list.html", {"organisations": selectors.organisation_list()})
