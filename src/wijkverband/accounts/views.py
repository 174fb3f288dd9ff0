from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rest_framework.authtoken.models import Token

from wijkverband.accounts.actor import Actor
from wijkverband.audit.constants import AuditAction
from wijkverband.audit.services import audit_event_record
from wijkverband.core.web import actor_view


@actor_view
def api_token(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Issue or replace the user's API token; reachable only after the two-factor check."""
    token_value = None
    if request.method == "POST":
        Token.objects.filter(user=actor.user).delete()
        token_value = Token.objects.create(user=actor.user).key
        audit_event_record(actor=actor, event_type="api_token.create", action=AuditAction.CREATE, object_type="token")
        messages.success(request, _("A new API token was created. Copy it now: it is shown only once."))
    has_token = Token.objects.filter(user=actor.user).exists()
    return render(request, "accounts/api_token.html", {"token_value": token_value, "has_token": has_token})


def logged_out(request: HttpRequest) -> HttpResponse:
    return redirect("two_factor:login")
