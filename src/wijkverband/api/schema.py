"""drf-spectacular extensions so the OpenAPI document describes our authentication classes."""

from drf_spectacular.authentication import SessionScheme


class VerifiedSessionScheme(SessionScheme):  # type: ignore[no-untyped-call]
    target_class = "wijkverband.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"
