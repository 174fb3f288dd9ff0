from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisatie-kiezen/", views.switch_organisation, name="switch-organisation"),
    path("healthz", views.healthz, name="healthz"),
]
