"""API routes that change, archive or remove a coalition's agreements, toolbox and roadmap, and the
annual report.

Included from ``api/urls.py`` next to the older agreement routes there (same /api/v1/ prefix)."""

from django.urls import path

from . import apis

C = "coalitions/<uuid:coalition_uuid>"
PERFORMANCE = f"{C}/performance-agreements/<uuid:agreement_uuid>"
FRAMEWORK = f"{C}/framework-agreements/<uuid:agreement_uuid>"
KPI = f"{C}/kpis/<uuid:kpi_uuid>"
BUDGET = f"{C}/area-budgets/<uuid:budget_uuid>"

urlpatterns = [
    path(f"{C}/annual-report", apis.AnnualReportApi.as_view(), name="coalition-annual-report"),
    path(f"{C}/annual-report.pdf", apis.AnnualReportPdfApi.as_view(), name="coalition-annual-report-pdf"),
    path(
        f"{C}/din/strategic-goals/<uuid:goal_uuid>",
        apis.StrategicGoalDetailApi.as_view(),
        name="coalition-strategic-goal-detail",
    ),
    path(
        f"{C}/din/operational-goals/<uuid:goal_uuid>",
        apis.OperationalGoalDetailApi.as_view(),
        name="coalition-operational-goal-detail",
    ),
    path(f"{C}/din/efforts/<uuid:effort_uuid>", apis.EffortDetailApi.as_view(), name="coalition-effort-detail"),
    path(PERFORMANCE, apis.PerformanceAgreementDetailApi.as_view(), name="coalition-performance-agreement-detail"),
    path(
        f"{PERFORMANCE}/archive",
        apis.PerformanceAgreementArchiveApi.as_view(),
        name="coalition-performance-agreement-archive",
    ),
    path(
        f"{PERFORMANCE}/commitments/<uuid:commitment_uuid>",
        apis.AnnualCommitmentDetailApi.as_view(),
        name="coalition-annual-commitment-detail",
    ),
    path(
        f"{PERFORMANCE}/meetings/<uuid:meeting_uuid>",
        apis.ProgressMeetingDetailApi.as_view(),
        name="coalition-progress-meeting-detail",
    ),
    path(FRAMEWORK, apis.FrameworkAgreementDetailApi.as_view(), name="coalition-framework-agreement-detail"),
    path(
        f"{FRAMEWORK}/archive",
        apis.FrameworkAgreementArchiveApi.as_view(),
        name="coalition-framework-agreement-archive",
    ),
    path(
        f"{FRAMEWORK}/deliveries/<uuid:delivery_uuid>",
        apis.FrameworkDeliveryDetailApi.as_view(),
        name="coalition-framework-delivery-detail",
    ),
    path(KPI, apis.KpiDetailApi.as_view(), name="coalition-kpi-detail"),
    path(f"{KPI}/archive", apis.KpiArchiveApi.as_view(), name="coalition-kpi-archive"),
    path(f"{KPI}/values/<uuid:value_uuid>", apis.KpiValueDetailApi.as_view(), name="coalition-kpi-value-detail"),
    path(BUDGET, apis.AreaBudgetDetailApi.as_view(), name="coalition-area-budget-detail"),
    path(f"{BUDGET}/archive", apis.AreaBudgetArchiveApi.as_view(), name="coalition-area-budget-archive"),
    path(
        f"{BUDGET}/spendings/<uuid:spending_uuid>",
        apis.BudgetSpendingDetailApi.as_view(),
        name="coalition-budget-spending-detail",
    ),
    path(
        f"{C}/learning-sessions/<uuid:session_uuid>",
        apis.LearningSessionDetailApi.as_view(),
        name="coalition-learning-session-detail",
    ),
    path(f"{C}/lessons/<uuid:lesson_uuid>", apis.LessonDetailApi.as_view(), name="coalition-lesson-detail"),
    path(f"{C}/tools/<uuid:tool_uuid>", apis.ToolDetailApi.as_view(), name="coalition-tool-detail"),
    path(
        f"{C}/tools/<uuid:tool_uuid>/evaluations/<uuid:evaluation_uuid>",
        apis.ToolEvaluationDetailApi.as_view(),
        name="coalition-tool-evaluation-detail",
    ),
    path(f"{C}/pilots/<uuid:pilot_uuid>", apis.PilotDetailApi.as_view(), name="coalition-pilot-detail"),
]
