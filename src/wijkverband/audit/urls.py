from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("bewoners/<uuid:resident_uuid>/inzage/", views.resident_audit_trail, name="resident-trail"),
    path("logboek/", views.organisation_audit_log, name="organisation-log"),
]
