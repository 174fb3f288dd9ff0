from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("", views.signal_list, name="list"),
    path("nieuw/", views.signal_create, name="create"),
    path("gemeld/", views.reported, name="reported"),
    path("werklijst/", views.work_list, name="work-list"),
    path("overzicht/", views.overview, name="overview"),
    path("routering/", views.routing, name="routing"),
    path("achterstanden/", views.batch_upload, name="batch-upload"),
    path("huishoudens/<uuid:task_uuid>/", views.outreach_detail, name="outreach-detail"),
    path("huishoudens/<uuid:task_uuid>/poging/", views.outreach_attempt, name="outreach-attempt"),
    path("huishoudens/<uuid:task_uuid>/plan/", views.outreach_plan, name="outreach-plan"),
    path("<uuid:signal_uuid>/", views.signal_detail, name="detail"),
    path("<uuid:signal_uuid>/status/", views.signal_transition, name="transition"),
    path("<uuid:signal_uuid>/plan/", views.signal_attach, name="attach"),
]
