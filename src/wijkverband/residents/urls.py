from django.urls import path

from . import views

app_name = "residents"

urlpatterns = [
    path("", views.resident_search, name="search"),
    path("nieuw/", views.resident_register, name="register"),
    path("<uuid:resident_uuid>/", views.resident_detail, name="detail"),
    path("<uuid:resident_uuid>/wijzigen/", views.resident_edit, name="edit"),
    path("<uuid:resident_uuid>/bsn/", views.resident_reveal_bsn, name="reveal-bsn"),
    path("<uuid:resident_uuid>/team/toevoegen/", views.involvement_add, name="involvement-add"),
    path(
        "<uuid:resident_uuid>/team/<uuid:involvement_uuid>/beeindigen/", views.involvement_end, name="involvement-end"
    ),
]
