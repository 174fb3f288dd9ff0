from django.urls import path

from . import views

app_name = "schemes"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("wijzer/", views.wizard, name="wizard"),
    path("kansenkaart/", views.area_map, name="area-map"),
    path("beheer/", views.maintenance, name="maintenance"),
    path("regeling/<uuid:scheme_uuid>/", views.scheme_detail, name="scheme-detail"),
    path("dienst/<uuid:service_uuid>/", views.service_detail, name="service-detail"),
    path("<str:kind>/<uuid:item_uuid>/gecontroleerd/", views.item_mark_checked, name="item-mark-checked"),
]
