"""A session opened with a resident's login link reaches only the resident's own pages.

The policy already shows such a user nothing (no membership); this keeps them off professional
pages altogether (search, network, API), answering 404 as for anything else not visible.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from .constants import PORTAL_SESSION_KEY

ALLOWED_PREFIXES = (
    "/mijn/",
    "/static/",
    "/i18n/",
    "/account/uitloggen/",
    "/favicon.ico",
    "/healthz",
    # Public pages anyone may use without logging in: the schemes wizard and its items, reporting a worry.
    "/regelingen/wijzer/",
    "/regelingen/regeling/",
    "/regelingen/dienst/",
    "/melden/",
)


class ResidentSessionBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(PORTAL_SESSION_KEY)
            and request.path != "/"  # the dashboard sends residents on to /mijn/
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            raise Http404()
        return self.get_response(request)
