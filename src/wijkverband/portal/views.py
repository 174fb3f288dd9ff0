"""Pages of "Mijn Wijkverband" (the resident's own read-only view) and the two JSON exports.

Thin: parse, call one selector or service, render. Anything not visible is a plain 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wijkverband.accounts.actor import Actor, client_ip
from wijkverband.audit.constants import AuditOutcome
from wijkverband.audit.models import AuditEvent
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.web import actor_view
from wijkverband.residents.selectors import resident_get_for_user

from . import selectors, services
from .audit_labels import event_subject
from .constants import PORTAL_SESSION_KEY, TRAIL_PAGE_SIZE
from .models import ResidentAccount

ResidentView = Callable[..., HttpResponse]


def resident_view(view: Callable[..., HttpResponse]) -> ResidentView:
    """Logged in as a resident (else the page about the e-mailed link); anyone else gets a 404."""

    @never_cache
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url=reverse("portal:login-needed"))
        try:
            account = selectors.resident_account_for_user(user=request.user)
            return view(request, account, *args, **kwargs)
        except NotVisible as exc:
            raise Http404() from exc

    return wrapper


def _json_download(data: dict[str, Any], filename: str) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- logging in with the e-mailed link ---------------------------------------------------------


def _invalid_link(request: HttpRequest) -> HttpResponse:
    # Unknown, used, revoked or expired: one answer for all, so a link reveals nothing.
    return render(request, "portal/login_link_invalid.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def login_link(request: HttpRequest, token: str) -> HttpResponse:
    # GET only shows a button: mail scanners that open links must not use them up.
    if request.method == "GET":
        if not services.resident_login_link_is_usable(token=token):
            return _invalid_link(request)
        response = render(request, "portal/login_link.html")
        # The token is in this page's address: never pass it on to other sites in a Referer header.
        # Not "no-referrer": Chromium then sends "Origin: null" with the form, which fails CSRF.
        response["Referrer-Policy"] = "same-origin"
        return response
    account = services.resident_login_link_redeem(token=token, ip_address=client_ip(request))
    if account is None:
        return _invalid_link(request)
    login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[PORTAL_SESSION_KEY] = str(account.uuid)
    return redirect("portal:overview")


def login_needed(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/login_needed.html")


# --- the resident's own pages ------------------------------------------------------------------


@dataclass(frozen=True)
class TrailRow:
    occurred_at: datetime
    organisation: str
    person: str
    what: str
    is_own: bool
    is_denied: bool


def _trail_row(event: AuditEvent, account: ResidentAccount) -> TrailRow:
    return TrailRow(
        occurred_at=event.occurred_at,
        organisation=event.organisation_name,
        person=event.user_display or event.username,
        what=f"{event.get_action_display()}: {event_subject(event.event_type)}",
        is_own=event.user_id_ref is not None and event.user_id_ref == account.user_id,
        is_denied=event.outcome == AuditOutcome.DENIED,
    )


@resident_view
def overview(request: HttpRequest, account: ResidentAccount) -> HttpResponse:
    data = selectors.portal_overview(account=account, ip_address=client_ip(request))
    page = Paginator(selectors.portal_audit_trail(account=account), TRAIL_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_trail_row(event, account) for event in page.object_list]
    return render(request, "portal/overview.html", {"data": data, "page": page, "trail": rows})


@resident_view
def export(request: HttpRequest, account: ResidentAccount) -> HttpResponse:
    data = selectors.portal_export(account=account, ip_address=client_ip(request))
    return _json_download(data, "mijn-wijkverband-gegevens.json")


# --- the professional side ---------------------------------------------------------------------


@require_POST
@actor_view
def login_link_send(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    resident = resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    try:
        services.resident_login_link_send(actor=actor, resident=resident)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A login link for My Wijkverband has been e-mailed to the resident."))
    return redirect("residents:detail", resident_uuid=resident.uuid)


@never_cache
@actor_view
def resident_export(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    data = selectors.resident_export_for_professional(actor=actor, resident_uuid=resident_uuid)
    return _json_download(data, f"bewoner-{str(resident_uuid)[:8]}-gegevens.json")
