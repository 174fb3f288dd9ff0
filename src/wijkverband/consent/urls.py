from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("<uuid:resident_uuid>/toestemmingen/", views.consent_list, name="list"),
    path("<uuid:resident_uuid>/toestemmingen/<uuid:grant_uuid>/intrekken/", views.consent_withdraw, name="withdraw"),
]
