from django.urls import path

from . import views

app_name = "portal"

# Included at "mijn/": the resident's own pages.
urlpatterns = [
    path("", views.overview, name="overview"),
    path("gegevens.json", views.export, name="export"),
    path("inloggen/", views.login_needed, name="login-needed"),
    path("inloggen/<str:token>/", views.login_link, name="login"),
]

# Included at "bewoners/" under the namespace "portal-professional": actions on a resident's file.
professional_urlpatterns = [
    path("<uuid:resident_uuid>/inloglink/", views.login_link_send, name="login-link-send"),
    path("<uuid:resident_uuid>/gegevens.json", views.resident_export, name="export"),
]
