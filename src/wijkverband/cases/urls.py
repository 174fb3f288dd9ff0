from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("werklijst/", views.work_list, name="work-list"),
    path("openen/<uuid:resident_uuid>/", views.plan_open, name="plan-open"),
    path("<uuid:plan_uuid>/", views.plan_detail, name="plan-detail"),
    path("<uuid:plan_uuid>/tijdlijn/", views.plan_timeline, name="plan-timeline"),
    path("<uuid:plan_uuid>/afdrukken/", views.plan_print, name="plan-print"),
    path("<uuid:plan_uuid>/pdf/", views.plan_pdf, name="plan-pdf"),
    path("<uuid:plan_uuid>/vragen/", views.entry_add, name="entry-add"),
    path("<uuid:plan_uuid>/vragen/<uuid:entry_uuid>/bereikt/", views.entry_achieved, name="entry-achieved"),
    path("<uuid:plan_uuid>/team/uitnodigen/", views.participant_invite, name="participant-invite"),
    path("<uuid:plan_uuid>/team/netwerk/", views.participant_network, name="participant-network"),
    path("<uuid:plan_uuid>/team/verwijderen/", views.participant_remove, name="participant-remove"),
    path("<uuid:plan_uuid>/team/regievoerder/", views.director_name, name="director-name"),
    path("<uuid:plan_uuid>/afspraken/", views.action_add, name="action-add"),
    path("<uuid:plan_uuid>/afspraken/status/", views.action_update, name="action-update"),
    path("<uuid:plan_uuid>/gesprekken/", views.meeting_add, name="meeting-add"),
    path("<uuid:plan_uuid>/metingen/", views.score_add, name="score-add"),
    path("<uuid:plan_uuid>/metingen/zrm/", views.matrix_add, name="matrix-add"),
    path("<uuid:plan_uuid>/status/", views.transition, name="transition"),
    path("<uuid:plan_uuid>/waakvlam/", views.watch_contact, name="watch-contact"),
]
