from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from two_factor.urls import urlpatterns as two_factor_urls

from wijkverband.portal.urls import professional_urlpatterns as portal_professional_urls

urlpatterns = [
    path("", include("wijkverband.core.urls")),
    path("", include(two_factor_urls)),
    path("account/", include("wijkverband.accounts.urls")),
    path("bewoners/", include("wijkverband.residents.urls")),
    path("bewoners/", include("wijkverband.consent.urls")),
    path("bewoners/", include((portal_professional_urls, "portal-professional"))),
    path("mijn/", include("wijkverband.portal.urls")),
    path("plannen/", include("wijkverband.cases.urls")),
    path("regelingen/", include("wijkverband.schemes.urls")),
    path("wijken/", include("wijkverband.wijkfoto.urls")),
    path("afspraken/", include("wijkverband.agreements.urls")),
    path("signalen/", include("wijkverband.signals.urls")),
    path("uitstroom/", include("wijkverband.placements.urls")),
    path("melden/", include("wijkverband.signals.public_urls")),
    path("audit/", include("wijkverband.audit.urls")),
    path("organisaties/", include("wijkverband.organisations.urls")),
    path("api/v1/", include("wijkverband.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
