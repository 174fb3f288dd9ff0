from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.coalition_list, name="coalition-list"),
    path("prijslijst/", views.price_list, name="price-list"),
    path("casus/<uuid:plan_uuid>/", views.micro_analysis, name="micro-analysis"),
    path("casus/<uuid:plan_uuid>/bewerken/", views.micro_analysis_edit, name="micro-analysis-edit"),
    path("<uuid:coalition_uuid>/", views.din_detail, name="din"),
    path("<uuid:coalition_uuid>/wijzigen/", views.din_edit, name="din-edit"),
    path("<uuid:coalition_uuid>/prestatieafspraken/", views.performance_list, name="performance"),
    path(
        "<uuid:coalition_uuid>/prestatieafspraken/<uuid:agreement_uuid>/",
        views.performance_edit,
        name="performance-edit",
    ),
    path("<uuid:coalition_uuid>/raamafspraken/<uuid:agreement_uuid>/", views.framework_edit, name="framework-edit"),
    path("<uuid:coalition_uuid>/kpis/", views.kpi_dashboard, name="kpis"),
    path("<uuid:coalition_uuid>/kpis/<uuid:kpi_uuid>/", views.kpi_edit, name="kpi-edit"),
    path("<uuid:coalition_uuid>/jaarverslag.pdf", views.annual_report, name="annual-report"),
    path("<uuid:coalition_uuid>/rendement/", views.impact, name="impact"),
    path("<uuid:coalition_uuid>/leren/", views.learning, name="learning"),
    path("<uuid:coalition_uuid>/budgetten/", views.area_budgets, name="budgets"),
    path("<uuid:coalition_uuid>/budgetten/<uuid:budget_uuid>/", views.budget_edit, name="budget-edit"),
    path("<uuid:coalition_uuid>/gereedschapskist/", views.toolbox, name="toolbox"),
    path("<uuid:coalition_uuid>/routekaart/", views.roadmap, name="roadmap"),
]
