"""Which username a login attempt is for, for django-axes.

The two-factor login wizard posts the field as ``auth-username`` while ``authenticate()`` gets
``username``; axes must see the same name in both places or failures and checks use different keys.
"""

from typing import Any

from django.http import HttpRequest


def username_for_lockout(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    if credentials and credentials.get("username"):
        return str(credentials["username"])
    if request is not None and request.method == "POST":
        return request.POST.get("auth-username") or request.POST.get("username")
    return None
