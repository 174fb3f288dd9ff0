from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkverband.accounts.actor import Actor
from wijkverband.consent import policy
from wijkverband.core.web import actor_view, attach_errors
from wijkverband.residents.selectors import resident_get_for_user

from . import selectors, services
from .forms import ConsentRecordForm, ConsentWithdrawForm


@actor_view
def consent_list(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    resident = resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    form = ConsentRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_grant_record(actor=actor, resident=resident, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("consent:list", resident_uuid=resident.uuid)
    grants = selectors.consent_grant_list_for_resident(actor=actor, resident=resident)
    context = {
        "resident": resident,
        "grants": grants,
        "form": form,
        "withdraw_form": ConsentWithdrawForm(),
        "may_manage": policy.may(actor, "manage_consent", resident),
    }
    return render(request, "consent/consent_list.html", context, status=400 if form.errors else 200)


@require_POST
@actor_view
def consent_withdraw(request: HttpRequest, actor: Actor, resident_uuid: str, grant_uuid: str) -> HttpResponse:
    resident = resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    form = ConsentWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
        return redirect("consent:list", resident_uuid=resident.uuid)
    try:
        services.consent_grant_withdraw(
            actor=actor, resident=resident, grant_uuid=grant_uuid, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("consent:list", resident_uuid=resident.uuid)
    messages.success(request, _("Consent withdrawn. It takes effect immediately."))
    # Withdrawing our own organisation's basic consent ends our access to this file at once.
    if policy.may(actor, "view", resident):
        return redirect("consent:list", resident_uuid=resident.uuid)
    return redirect("core:dashboard")
