from typing import Any

from django.conf import settings

from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from wijkverband.accounts.actor import user_needs_two_factor


class VerifiedSessionAuthentication(SessionAuthentication):
    """Session login counts for the API only when it passed two-factor where the role requires it."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if settings.REQUIRE_2FA and not user.is_verified() and user_needs_two_factor(user):
            return None
        return result
