from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("", views.application_list, name="application-list"),
    path("aanmelden/<uuid:resident_uuid>/", views.application_register, name="application-register"),
    path("aanbod/", views.offer_list, name="offer-list"),
    path("aanbod/<uuid:offer_uuid>/intrekken/", views.offer_withdraw, name="offer-withdraw"),
    path("matching/", views.run_list, name="run-list"),
    path("matching/wekelijks/", views.weekly_settings, name="weekly-settings"),
    path("matching/<uuid:run_uuid>/", views.run_detail, name="run-detail"),
    path("voorstellen/<uuid:proposal_uuid>/besluit/", views.proposal_decide, name="proposal-decide"),
    path("kpis/", views.kpi_overview, name="kpis"),
    path("<uuid:application_uuid>/", views.application_detail, name="application-detail"),
    path("<uuid:application_uuid>/profiel/", views.profile_edit, name="profile"),
    path("<uuid:application_uuid>/documenten/", views.documents_update, name="documents"),
    path("<uuid:application_uuid>/compleet/", views.application_complete, name="complete"),
    path("<uuid:application_uuid>/kennismaking/", views.introduction_record, name="introduction"),
    path("<uuid:application_uuid>/antwoord/", views.placement_answer, name="answer"),
    path("<uuid:application_uuid>/overeenkomst/", views.agreement_save, name="agreement"),
    path("<uuid:application_uuid>/overeenkomst/tekenen/", views.agreement_sign, name="agreement-sign"),
    path("<uuid:application_uuid>/evaluaties/", views.evaluation_record, name="evaluation"),
    path("<uuid:application_uuid>/huurovergang/", views.lease_step, name="lease-step"),
    path("<uuid:application_uuid>/driegesprek/", views.meeting_record, name="meeting"),
]
