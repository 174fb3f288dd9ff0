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
    path("beheer/importeren/", views.catalogue_import, name="import"),
    path("beheer/redacteuren/", views.editors, name="editors"),
    path("beheer/nieuw/<str:kind>/", views.item_create, name="item-create"),
    path("<str:kind>/<uuid:item_uuid>/gecontroleerd/", views.item_mark_checked, name="item-mark-checked"),
    path("<str:kind>/<uuid:item_uuid>/bewerken/", views.item_edit, name="item-edit"),
    path("<str:kind>/<uuid:item_uuid>/beeindigen/", views.item_retire, name="item-retire"),
    path("<str:kind>/<uuid:item_uuid>/in-plan/", views.item_attach, name="item-attach"),
]
