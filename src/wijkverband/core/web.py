"""Edge helpers for HTML views: the actor for a request and domain errors as HTTP answers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse

from wijkverband.accounts.actor import Actor, actor_from_request

from .exceptions import NotVisible

View = Callable[..., HttpResponse]


def actor_view(view: Callable[..., HttpResponse]) -> View:
    """Login required; passes the actor; anything not visible becomes a plain 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        actor = actor_from_request(request)
        try:
            return view(request, actor, *args, **kwargs)
        except NotVisible as exc:
            raise Http404() from exc

    return wrapper


def attach_errors(form: Form, error: ValidationError) -> None:
    """Show a service's validation errors on the form fields they concern (others on top)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


__all__ = ["Actor", "actor_view", "attach_errors"]
