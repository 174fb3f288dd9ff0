from django.urls import path

from drf_spectacular.views import SpectacularJSONAPIView, SpectacularYAMLAPIView

from wijkverband.audit import apis as audit_apis
from wijkverband.consent import apis as consent_apis
from wijkverband.organisations import apis as organisation_apis
from wijkverband.residents import apis as resident_apis

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(permission_classes=[]), name="openapi-json"),
    path("openapi.yaml", SpectacularYAMLAPIView.as_view(permission_classes=[]), name="openapi-yaml"),
    path("me", organisation_apis.MeApi.as_view(), name="me"),
    path("organisations", organisation_apis.OrganisationListApi.as_view(), name="organisation-list"),
    path("residents", resident_apis.ResidentListCreateApi.as_view(), name="resident-list"),
    path("residents/<uuid:resident_uuid>", resident_apis.ResidentDetailApi.as_view(), name="resident-detail"),
    path(
        "residents/<uuid:resident_uuid>/consents",
        consent_apis.ConsentListCreateApi.as_view(),
        name="resident-consent-list",
    ),
    path(
        "residents/<uuid:resident_uuid>/consents/<uuid:grant_uuid>/withdraw",
        consent_apis.ConsentWithdrawApi.as_view(),
        name="resident-consent-withdraw",
    ),
    path(
        "residents/<uuid:resident_uuid>/audit-events",
        audit_apis.ResidentAuditTrailApi.as_view(),
        name="resident-audit-events",
    ),
]
