"""Optional login through the organisation's OpenID Connect provider (off by default).

Accounts are never created from a token: a functional admin adds the member first, and the
provider's e-mail claim must match exactly one active user. Two-factor is then the provider's job
for professionals, but our own TOTP check still applies (REQUIRE_2FA) unless switched off.
"""

from typing import Any

from django.db.models import QuerySet

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User


class WijkverbandOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)
