from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ApiVersionHeaderMiddleware:
    """NL API Design Rules: API-Version on every API response, and no caching of personal data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = str(settings.API_VERSION)
            response["Cache-Control"] = "no-store"
        return response
