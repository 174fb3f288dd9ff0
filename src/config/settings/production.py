"""Production: only overrides. Refuses to start with development secrets."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int

from .base import *  # noqa: F403
from .base import SECRET_KEY

if SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("Set WIJKVERBAND_SECRET_KEY for production.")

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("WIJKVERBAND_SSL_REDIRECT", True, "Redirect HTTP to HTTPS.")
SECURE_HSTS_SECONDS = env_int("WIJKVERBAND_HSTS_SECONDS", 31536000, "HSTS max-age.")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
