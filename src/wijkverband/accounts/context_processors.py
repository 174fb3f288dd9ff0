from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .actor import actor_from_request, request_memberships


def actor(request: HttpRequest) -> dict[str, Any]:
    if not request.user.is_authenticated:
        return {"demo_mode": settings.DEMO_MODE}
    return {
        "actor": actor_from_request(request),
        "memberships": request_memberships(request),
        "demo_mode": settings.DEMO_MODE,
    }
