from django.conf import settings
from django.test import Client

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkverband.testing.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/account/login/"


def _password_step(client: Client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login_view-current_step": "auth", "auth-username": username, "auth-password": password})


def _token_step(client: Client, code: str):
    return client.post(LOGIN, {"login_view-current_step": "token", "token-otp_token": code})


def _current_code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def test_login_with_password_and_totp_reaches_the_dashboard(wijkcoach):
    device = TOTPDevice.objects.create(user=wijkcoach, name="default", confirmed=True)
    client = Client()

    _password_step(client, "wijkcoach")
    response = _token_step(client, _current_code(device))

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_totp_code_does_not_log_in(wijkcoach):
    device = TOTPDevice.objects.create(user=wijkcoach, name="default", confirmed=True)
    client = Client()
    _password_step(client, "wijkcoach")
    wrong = f"{(int(_current_code(device)) + 1) % 1_000_000:06d}"

    response = _token_step(client, wrong)

    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_professional_without_device_must_set_up_two_factor(client, wijkcoach):
    client.force_login(wijkcoach)

    response = client.get("/")

    assert response.status_code == 302 and response["Location"] == "/account/two_factor/setup/"


def test_password_only_session_with_device_is_sent_back_to_login(client, wijkcoach, eva):
    TOTPDevice.objects.create(user=wijkcoach, name="default", confirmed=True)
    client.force_login(wijkcoach)

    assert client.get(f"/bewoners/{eva.uuid}/")["Location"] == LOGIN


def test_roles_without_personal_data_do_not_need_two_factor(client, manager):
    client.force_login(manager)

    assert client.get("/").status_code == 200


def test_repeated_failures_lock_the_account(wijkcoach):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _password_step(client, "wijkcoach", "verkeerd-wachtwoord")

    response = _password_step(client, "wijkcoach")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_security_headers_are_sent(client):
    response = client.get(LOGIN)

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
