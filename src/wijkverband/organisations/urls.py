from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("leden/", views.membership_list, name="members"),
    path("leden/<uuid:membership_uuid>/", views.membership_update, name="member-update"),
]
