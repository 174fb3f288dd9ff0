"""Roles that see personal data must have passed a TOTP check in this session."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from two_factor.utils import default_device

from .actor import user_needs_two_factor

EXEMPT_PREFIXES = ("/account/", "/static/", "/api/", "/i18n/", "/favicon.ico", "/healthz")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.REQUIRE_2FA
            and user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not user.is_verified()  # type: ignore[attr-defined]  # added by django_otp middleware
            and user_needs_two_factor(user)
        ):
            if default_device(user) is not None:
                # A password-only session (e.g. the admin login): start again with both factors.
                logout(request)
                return redirect("two_factor:login")
            return redirect("two_factor:setup")
        return self.get_response(request)
