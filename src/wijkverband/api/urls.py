from django.urls import path

from drf_spectacular.views import SpectacularJSONAPIView, SpectacularYAMLAPIView

from wijkverband.audit import apis as audit_apis
from wijkverband.cases import apis as case_apis
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
    path("case-plans", case_apis.CasePlanListCreateApi.as_view(), name="case-plan-list"),
    path("case-plans/<uuid:plan_uuid>", case_apis.CasePlanDetailApi.as_view(), name="case-plan-detail"),
    path("case-plans/<uuid:plan_uuid>/timeline", case_apis.CasePlanTimelineApi.as_view(), name="case-plan-timeline"),
    path("case-plans/<uuid:plan_uuid>/entries", case_apis.PlanEntryCreateApi.as_view(), name="case-plan-entry-list"),
    path(
        "case-plans/<uuid:plan_uuid>/entries/<uuid:entry_uuid>/achieved",
        case_apis.PlanEntryAchievedApi.as_view(),
        name="case-plan-entry-achieved",
    ),
    path(
        "case-plans/<uuid:plan_uuid>/participants",
        case_apis.CaseParticipantCreateApi.as_view(),
        name="case-plan-participant-list",
    ),
    path(
        "case-plans/<uuid:plan_uuid>/participants/<uuid:participant_uuid>/remove",
        case_apis.CaseParticipantRemoveApi.as_view(),
        name="case-plan-participant-remove",
    ),
    path("case-plans/<uuid:plan_uuid>/director", case_apis.CasePlanDirectorApi.as_view(), name="case-plan-director"),
    path("case-plans/<uuid:plan_uuid>/actions", case_apis.CaseActionCreateApi.as_view(), name="case-plan-action-list"),
    path(
        "case-plans/<uuid:plan_uuid>/actions/<uuid:action_uuid>",
        case_apis.CaseActionUpdateApi.as_view(),
        name="case-plan-action-detail",
    ),
    path("case-plans/<uuid:plan_uuid>/meetings", case_apis.MeetingCreateApi.as_view(), name="case-plan-meeting-list"),
    path(
        "case-plans/<uuid:plan_uuid>/measurements",
        case_apis.MeasurementCreateApi.as_view(),
        name="case-plan-measurement-list",
    ),
    path(
        "case-plans/<uuid:plan_uuid>/transitions",
        case_apis.CasePlanTransitionApi.as_view(),
        name="case-plan-transition",
    ),
    path(
        "case-plans/<uuid:plan_uuid>/watch-contacts/<uuid:contact_uuid>",
        case_apis.WatchContactRecordApi.as_view(),
        name="case-plan-watch-contact",
    ),
    path("work-list", case_apis.WorkListApi.as_view(), name="work-list"),
    path("instruments", case_apis.InstrumentListApi.as_view(), name="instrument-list"),
]
