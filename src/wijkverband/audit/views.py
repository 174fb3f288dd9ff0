from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijkverband.accounts.actor import Actor
from wijkverband.core.web import actor_view
from wijkverband.residents.selectors import resident_get_for_user

from . import selectors


@actor_view
def resident_audit_trail(request: HttpRequest, actor: Actor, resident_uuid: str) -> HttpResponse:
    resident = resident_get_for_user(actor=actor, resident_uuid=resident_uuid)
    events = selectors.audit_trail_for_resident(actor=actor, resident=resident)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/resident_audit_trail.html", {"resident": resident, "page": page})


@actor_view
def organisation_audit_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    events = selectors.audit_log_for_organisation(actor=actor)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/organisation_audit_log.html", {"page": page})
