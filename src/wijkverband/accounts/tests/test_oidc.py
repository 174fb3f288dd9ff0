import pytest

from wijkverband.accounts.oidc import WijkverbandOIDCBackend

pytestmark = pytest.mark.django_db


def test_oidc_matches_existing_active_users_by_email_only(wijkcoach, settings):
    settings.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_SECRET = "x"
    settings.OIDC_OP_TOKEN_ENDPOINT = settings.OIDC_OP_USER_ENDPOINT = "https://idp.example.org/x"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    backend = WijkverbandOIDCBackend()

    assert list(backend.filter_users_by_claims({"email": "WIJKCOACH@example.org"})) == [wijkcoach]
    assert list(backend.filter_users_by_claims({"email": ""})) == []
    wijkcoach.is_active = False
    wijkcoach.save()
    assert list(backend.filter_users_by_claims({"email": "wijkcoach@example.org"})) == []
