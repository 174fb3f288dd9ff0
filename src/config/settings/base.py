"""Settings shared by every environment; environment values come from config.env."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

import dj_database_url

from config.env import BASE_DIR, env_bool, env_int, env_list, env_str

DATA_DIR = Path(env_str("WIJKVERBAND_DATA_DIR", str(BASE_DIR / "data"), "Folder for the SQLite database and uploads."))
DATA_DIR.mkdir(parents=True, exist_ok=True)
SHARED_DATA_DIR = Path(
    env_str(
        "WIJKVERBAND_SHARED_DATA",
        str(BASE_DIR.parent / "shared" / "data"),
        "Folder with the CBS source files (gebiedsindeling, kwb, geo).",
    )
)
DEBUG = env_bool("WIJKVERBAND_DEBUG", False, "Django debug mode; never on in production.")
SECRET_KEY = env_str(
    "WIJKVERBAND_SECRET_KEY",
    "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz",
    "Django secret key; production refuses the default.",
)
# Separate keys so that rotating the session secret never makes stored BSNs unreadable.
FIELD_ENCRYPTION_KEY = env_str(
    "WIJKVERBAND_FIELD_KEY",
    "",
    "Fernet key (urlsafe base64, 32 bytes) for personal data encrypted at rest; derived from the secret key if empty.",
)
AUDIT_HMAC_KEY = env_str(
    "WIJKVERBAND_AUDIT_KEY",
    "",
    "Key for the audit hash chain; derived from the secret key if empty.",
)
if not AUDIT_HMAC_KEY:
    AUDIT_HMAC_KEY = hashlib.sha256(b"audit:" + SECRET_KEY.encode()).hexdigest()

ALLOWED_HOSTS = env_list("WIJKVERBAND_ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names served.")
CSRF_TRUSTED_ORIGINS = env_list("WIJKVERBAND_CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins for CSRF.")

AUDIT_ENABLED = env_bool(
    "WIJKVERBAND_AUDIT_ENABLED", True, "Write audit events. Only the benchmark switches this off to measure overhead."
)
AUDIT_SEAL_SETTLE_SECONDS = env_int(
    "WIJKVERBAND_AUDIT_SEAL_SETTLE_SECONDS",
    30,
    "Age in seconds before the sealer chains an audit event (lets in-flight transactions commit first).",
)
REQUIRE_2FA = env_bool(
    "WIJKVERBAND_REQUIRE_2FA", True, "Require TOTP for roles that see personal data (professional, coordinator)."
)
DEMO_MODE = env_bool("WIJKVERBAND_DEMO_MODE", False, "Show the demo banner (fictitious data).")
OIDC_ENABLED = env_bool("WIJKVERBAND_OIDC_ENABLED", False, "Offer login through an OpenID Connect provider.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "csp",
    "django_htmx",
    "django_q",
    "wijkverband.core",
    "wijkverband.accounts",
    "wijkverband.neighbourhoods",
    "wijkverband.organisations",
    "wijkverband.audit",
    "wijkverband.residents",
    "wijkverband.consent",
    "wijkverband.cases",
    "wijkverband.wijkfoto",
    "wijkverband.portal",
    "wijkverband.agreements",
    "wijkverband.schemes",
    "wijkverband.signals",
    "wijkverband.placements",
    "wijkverband.api",
    "wijkverband.demo",
]
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wijkverband.accounts.middleware.RequireTwoFactorMiddleware",
    "wijkverband.portal.middleware.ResidentSessionBoundaryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wijkverband.api.middleware.ApiVersionHeaderMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# "default" is per process. "shared" lives in the database, so every gunicorn worker (and a restart)
# sees the same counts: the public report page's rate limit would otherwise multiply by the workers.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "wijkverband_shared_cache"},
}

# Widgets render through Jinja2: the same markup as Django's own widget templates, several times faster,
# which matters on pages that carry many forms (the plan page). Page templates stay Django templates, and
# widgets that only have a Django template (the admin's) fall back to it.
FORM_RENDERER = "wijkverband.core.form_renderer.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "src" / "wijkverband" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wijkverband.accounts.context_processors.actor",
            ],
        },
    },
]

DATABASE_URL = env_str(
    "DATABASE_URL", "", "PostgreSQL URL (postgres://user@host:5432/name); empty means SQLite in the data folder."
)
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "wijkverband.sqlite3"),
            "OPTIONS": {
                # WAL lets readers run while one writer writes; IMMEDIATE avoids lock upgrades that
                # fail with "database is locked" under concurrent audit writes.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("wijkverband.accounts.oidc.WijkverbandOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "", "OIDC client id.")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "", "OIDC client secret.")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "", "OIDC authorization endpoint.")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "", "OIDC token endpoint.")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "", "OIDC userinfo endpoint.")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "", "OIDC JWKS endpoint.")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256", "OIDC signing algorithm.")
    OIDC_CREATE_USER = False

LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "two_factor:login"

SESSION_COOKIE_AGE = env_int("WIJKVERBAND_SESSION_SECONDS", 8 * 3600, "Maximum session length in seconds.")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

AXES_FAILURE_LIMIT = env_int("WIJKVERBAND_LOGIN_ATTEMPTS", 5, "Failed logins before an account is locked.")
AXES_COOLOFF_TIME = timedelta(minutes=env_int("WIJKVERBAND_LOCKOUT_MINUTES", 30, "Lockout length in minutes."))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "wijkverband.accounts.lockout.username_for_lockout"

from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "src" / "wijkverband" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve vendored assets straight from static/ so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "wijkverband.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wijkverband.api.errors.problem_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "wijkverband.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wijkverband API",
    "DESCRIPTION": "API van Wijkverband: bewoners, toestemmingen en inzage, volgens de NL API Design Rules.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "CONTACT": {"name": "Wijkverband"},
    "LICENSE": {"name": "EUPL-1.2"},
    # Several models have a "status", "kind" or "outcome" with their own choices: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "KindEnum": "wijkverband.organisations.constants.OrganisationKind",
        "OutcomeEnum": "wijkverband.audit.constants.AuditOutcome",
        "CasePlanStatusEnum": "wijkverband.cases.constants.CasePlanStatus",
        "ActionStatusEnum": "wijkverband.cases.constants.ActionStatus",
        "EntryKindEnum": "wijkverband.cases.constants.EntryKind",
        "ParticipantKindEnum": "wijkverband.cases.constants.ParticipantKind",
        "MeetingKindEnum": "wijkverband.cases.constants.MeetingKind",
        "WatchContactOutcomeEnum": "wijkverband.cases.constants.WatchContactOutcome",
        "SignalStatusEnum": "wijkverband.signals.constants.SignalStatus",
        "SignalSourceKindEnum": "wijkverband.signals.constants.SourceKind",
        "OutreachAttemptKindEnum": "wijkverband.signals.constants.AttemptKind",
        "AgreementStatusEnum": "wijkverband.agreements.constants.AgreementStatus",
        "CostKindEnum": "wijkverband.agreements.constants.CostKind",
        "LessonKindEnum": "wijkverband.agreements.constants.LessonKind",
        "LearningLevelEnum": "wijkverband.agreements.constants.LearningLevel",
        "ToolOutcomeEnum": "wijkverband.agreements.constants.ToolOutcome",
        "OutflowApplicationStatusEnum": "wijkverband.placements.constants.ApplicationStatus",
        "OutflowApplicationKindEnum": "wijkverband.placements.constants.ApplicationKind",
        "DwellingOfferStatusEnum": "wijkverband.placements.constants.OfferStatus",
        "MatchRunStatusEnum": "wijkverband.placements.constants.MatchRunStatus",
        "MatchProposalStatusEnum": "wijkverband.placements.constants.ProposalStatus",
        "AccessLevelEnum": "wijkverband.placements.constants.AccessLevel",
    },
}
API_VERSION = SPECTACULAR_SETTINGS["VERSION"]

# E-mail (waakvlam reminders, resident login links). Console by default: nothing leaves a dev machine.
EMAIL_BACKEND = env_str(
    "WIJKVERBAND_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
    "Django e-mail backend; django.core.mail.backends.smtp.EmailBackend in production.",
)
EMAIL_HOST = env_str("WIJKVERBAND_EMAIL_HOST", "localhost", "SMTP host.")
EMAIL_PORT = env_int("WIJKVERBAND_EMAIL_PORT", 25, "SMTP port.")
EMAIL_USE_TLS = env_bool("WIJKVERBAND_EMAIL_USE_TLS", False, "Use STARTTLS for SMTP.")
DEFAULT_FROM_EMAIL = env_str("WIJKVERBAND_FROM_EMAIL", "noreply@wijkverband.example.org", "Sender of e-mails.")
WIJKVERBAND_BASE_URL = env_str(
    "WIJKVERBAND_BASE_URL", "http://127.0.0.1:8000", "Public address of the platform, used in e-mailed links."
).rstrip("/")
WATCH_REMIND_DAYS = env_int("WIJKVERBAND_WATCH_REMIND_DAYS", 7, "Days before a waakvlam contact is due to remind.")
WATCH_GRACE_DAYS = env_int(
    "WIJKVERBAND_WATCH_GRACE_DAYS", 14, "Days a waakvlam contact may be overdue before it escalates."
)
RESIDENT_LINK_HOURS = env_int(
    "WIJKVERBAND_RESIDENT_LINK_HOURS", 72, "Hours a one-time login link for a resident stays valid."
)
# Signals (signals app): combining, retention of arrears data, the public report page.
SIGNALS_COMBINE_DAYS = env_int(
    "WIJKVERBAND_SIGNALS_COMBINE_DAYS", 90, "Signals about one household within this many days share one outreach task."
)
SIGNALS_ARREARS_RETENTION_DAYS = env_int(
    "WIJKVERBAND_SIGNALS_ARREARS_RETENTION_DAYS",
    183,
    "Days after which personal data of arrears signals that led to no contact is removed (Wgs; set to your register).",
)
SIGNALS_MAX_UPLOAD_MB = env_int(
    "WIJKVERBAND_SIGNALS_MAX_UPLOAD_MB", 100, "Largest arrears delivery (CSV or JSON) accepted, in megabytes."
)
SIGNALS_PUBLIC_REPORTS_PER_HOUR = env_int(
    "WIJKVERBAND_SIGNALS_PUBLIC_REPORTS_PER_HOUR", 5, "Reports one address may send per hour on the public page."
)
SIGNALS_PUBLIC_MIN_FILL_SECONDS = env_int(
    "WIJKVERBAND_SIGNALS_PUBLIC_MIN_FILL_SECONDS", 3, "Faster submissions of the public form are treated as spam."
)

Q_CLUSTER = {
    "name": "wijkverband",
    "orm": "default",
    "workers": 1,
    "timeout": 120,
    "retry": 180,
    "catch_up": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("WIJKVERBAND_LOG_LEVEL", "WARNING", "Root log level.")},
}
