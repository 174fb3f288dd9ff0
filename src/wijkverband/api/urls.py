from django.urls import include, path

from drf_spectacular.views import SpectacularJSONAPIView, SpectacularYAMLAPIView

from wijkverband.agreements import apis as agreement_apis
from wijkverband.audit import apis as audit_apis
from wijkverband.cases import apis as case_apis
from wijkverband.consent import apis as consent_apis
from wijkverband.organisations import apis as organisation_apis
from wijkverband.placements import apis as placement_apis
from wijkverband.residents import apis as resident_apis
from wijkverband.schemes import apis as scheme_apis
from wijkverband.signals import apis as signal_apis
from wijkverband.wijkfoto import apis as wijkfoto_apis

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
    path("coalitions", agreement_apis.CoalitionListApi.as_view(), name="coalition-list"),
    path("coalitions/<uuid:coalition_uuid>/din", agreement_apis.DinApi.as_view(), name="coalition-din"),
    path(
        "coalitions/<uuid:coalition_uuid>/din/template",
        agreement_apis.DinTemplateApi.as_view(),
        name="coalition-din-template",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/din/strategic-goals",
        agreement_apis.StrategicGoalCreateApi.as_view(),
        name="coalition-strategic-goals",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/din/operational-goals",
        agreement_apis.OperationalGoalCreateApi.as_view(),
        name="coalition-operational-goals",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/din/efforts",
        agreement_apis.EffortCreateApi.as_view(),
        name="coalition-efforts",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/performance-agreements",
        agreement_apis.PerformanceAgreementListCreateApi.as_view(),
        name="coalition-performance-agreements",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/performance-agreements/<uuid:agreement_uuid>/commitments",
        agreement_apis.AnnualCommitmentSetApi.as_view(),
        name="coalition-annual-commitments",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/performance-agreements/<uuid:agreement_uuid>/meetings",
        agreement_apis.ProgressMeetingCreateApi.as_view(),
        name="coalition-progress-meetings",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/framework-agreements",
        agreement_apis.FrameworkAgreementListCreateApi.as_view(),
        name="coalition-framework-agreements",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/framework-agreements/<uuid:agreement_uuid>/deliveries",
        agreement_apis.FrameworkDeliveryCreateApi.as_view(),
        name="coalition-framework-deliveries",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/framework-agreements/<uuid:agreement_uuid>/remaining-quota",
        agreement_apis.RemainingQuotaApi.as_view(),
        name="coalition-framework-remaining-quota",
    ),
    path("coalitions/<uuid:coalition_uuid>/kpis", agreement_apis.KpiListCreateApi.as_view(), name="coalition-kpis"),
    path(
        "coalitions/<uuid:coalition_uuid>/kpis/refresh",
        agreement_apis.KpiRefreshApi.as_view(),
        name="coalition-kpis-refresh",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/kpis/<uuid:kpi_uuid>/values",
        agreement_apis.KpiValueListCreateApi.as_view(),
        name="coalition-kpi-values",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/dashboard",
        agreement_apis.KpiDashboardApi.as_view(),
        name="coalition-dashboard",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/area-budgets",
        agreement_apis.AreaBudgetListCreateApi.as_view(),
        name="coalition-area-budgets",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/area-budgets/<uuid:budget_uuid>/spendings",
        agreement_apis.BudgetSpendingCreateApi.as_view(),
        name="coalition-budget-spendings",
    ),
    path("coalitions/<uuid:coalition_uuid>/impact", agreement_apis.ImpactApi.as_view(), name="coalition-impact"),
    path(
        "coalitions/<uuid:coalition_uuid>/learning-sessions",
        agreement_apis.LearningSessionListCreateApi.as_view(),
        name="coalition-learning-sessions",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/lessons",
        agreement_apis.LessonListCreateApi.as_view(),
        name="coalition-lessons",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/lessons/<uuid:lesson_uuid>/escalate",
        agreement_apis.LessonEscalateApi.as_view(),
        name="coalition-lesson-escalate",
    ),
    path("coalitions/<uuid:coalition_uuid>/tools", agreement_apis.ToolListCreateApi.as_view(), name="coalition-tools"),
    path(
        "coalitions/<uuid:coalition_uuid>/tools/<uuid:tool_uuid>/evaluations",
        agreement_apis.ToolEvaluationCreateApi.as_view(),
        name="coalition-tool-evaluations",
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/pilots", agreement_apis.PilotListCreateApi.as_view(), name="coalition-pilots"
    ),
    path(
        "coalitions/<uuid:coalition_uuid>/pilots/<uuid:pilot_uuid>/checks",
        agreement_apis.PilotCheckCreateApi.as_view(),
        name="coalition-pilot-checks",
    ),
    path("", include("wijkverband.agreements.api_urls")),
    path("price-list", agreement_apis.PriceListApi.as_view(), name="price-list"),
    path(
        "case-plans/<uuid:plan_uuid>/micro-analysis",
        agreement_apis.MicroAnalysisApi.as_view(),
        name="case-plan-micro-analysis",
    ),
    path("signals", signal_apis.SignalListCreateApi.as_view(), name="signal-list"),
    path("signals/overview", signal_apis.SignalOverviewApi.as_view(), name="signal-overview"),
    path("signals/outreach-tasks", signal_apis.OutreachListApi.as_view(), name="signal-outreach-list"),
    path(
        "signals/outreach-tasks/<uuid:task_uuid>/attempts",
        signal_apis.OutreachAttemptApi.as_view(),
        name="signal-outreach-attempts",
    ),
    path("signals/<uuid:signal_uuid>", signal_apis.SignalDetailApi.as_view(), name="signal-detail"),
    path("signals/<uuid:signal_uuid>/transitions", signal_apis.SignalTransitionApi.as_view(), name="signal-transition"),
    path("signals/<uuid:signal_uuid>/plan", signal_apis.SignalPlanApi.as_view(), name="signal-plan"),
    path("arrears-batches", signal_apis.ArrearsBatchCreateApi.as_view(), name="arrears-batch-list"),
    path("arrears-batches/csv", signal_apis.ArrearsBatchCsvApi.as_view(), name="arrears-batch-csv"),
    path("arrears-batches/<uuid:batch_uuid>", signal_apis.ArrearsBatchDetailApi.as_view(), name="arrears-batch-detail"),
    path("schemes", scheme_apis.SchemeSearchApi.as_view(), name="scheme-list"),
    path("schemes/wizard", scheme_apis.SchemeWizardApi.as_view(), name="scheme-wizard"),
    path("schemes/<uuid:scheme_uuid>", scheme_apis.SchemeDetailApi.as_view(), name="scheme-detail"),
    path("services", scheme_apis.ServiceSearchApi.as_view(), name="service-list"),
    path("services/<uuid:service_uuid>", scheme_apis.ServiceDetailApi.as_view(), name="service-detail"),
    path("areas", wijkfoto_apis.AreaSearchApi.as_view(), name="area-list"),
    path("areas/<str:code>", wijkfoto_apis.AreaDetailApi.as_view(), name="area-detail"),
    path("areas/<str:code>/capacity", wijkfoto_apis.AreaCapacityApi.as_view(), name="area-capacity"),
    path("indicators", wijkfoto_apis.IndicatorListApi.as_view(), name="indicator-list"),
    path("indicators/<str:code>/values", wijkfoto_apis.IndicatorValuesApi.as_view(), name="indicator-values"),
    path("traffic-lights", wijkfoto_apis.TrafficLightListApi.as_view(), name="traffic-light-list"),
    path(
        "traffic-lights/<uuid:config_uuid>", wijkfoto_apis.TrafficLightDetailApi.as_view(), name="traffic-light-detail"
    ),
    path(
        "traffic-lights/<uuid:config_uuid>/rules",
        wijkfoto_apis.TrafficLightRuleListApi.as_view(),
        name="traffic-light-rule-list",
    ),
    path(
        "traffic-lights/<uuid:config_uuid>/rules/<str:indicator_code>",
        wijkfoto_apis.TrafficLightRuleDetailApi.as_view(),
        name="traffic-light-rule-detail",
    ),
    path(
        "traffic-lights/<uuid:config_uuid>/overrides",
        wijkfoto_apis.TrafficLightOverrideListApi.as_view(),
        name="traffic-light-override-list",
    ),
    path(
        "traffic-lights/<uuid:config_uuid>/overrides/<uuid:override_uuid>",
        wijkfoto_apis.TrafficLightOverrideDetailApi.as_view(),
        name="traffic-light-override-detail",
    ),
    path("outflow-applications", placement_apis.ApplicationListCreateApi.as_view(), name="outflow-application-list"),
    path(
        "outflow-applications/<uuid:application_uuid>",
        placement_apis.ApplicationDetailApi.as_view(),
        name="outflow-application-detail",
    ),
    path("dwelling-offers", placement_apis.DwellingOfferListCreateApi.as_view(), name="dwelling-offer-list"),
    path("match-runs", placement_apis.MatchRunListCreateApi.as_view(), name="match-run-list"),
    path("match-runs/<uuid:run_uuid>", placement_apis.MatchRunDetailApi.as_view(), name="match-run-detail"),
    path(
        "match-proposals/<uuid:proposal_uuid>/decision",
        placement_apis.MatchProposalDecideApi.as_view(),
        name="match-proposal-decide",
    ),
]
