from django.urls import path

from . import views

app_name = "wijkfoto"

urlpatterns = [
    path("", views.index, name="index"),
    path("indicatoren/", views.own_indicators, name="own-indicators"),
    path("stoplicht/nieuw/", views.config_create, name="traffic-light-create"),
    path("stoplicht/<uuid:config_uuid>/", views.traffic_light, name="traffic-light"),
    path("stoplicht/<uuid:config_uuid>/regel/", views.rule_set, name="rule-set"),
    path("stoplicht/<uuid:config_uuid>/instellingen/", views.config_update, name="config-update"),
    path("stoplicht/<uuid:config_uuid>/overrule/", views.override_set, name="override-set"),
    path("stoplicht/<uuid:config_uuid>/overrule/<uuid:override_uuid>/einde/", views.override_end, name="override-end"),
    path("stoplicht/<uuid:config_uuid>/concentratie/", views.concentration, name="concentration"),
    path("importeren/", views.uploads, name="uploads"),
    path("importeren/<uuid:upload_uuid>/", views.upload, name="upload"),
    path("<str:code>/", views.area, name="area"),
    path("<str:code>/profiel/", views.area_profile, name="area-profile"),
    path("<str:code>/export.csv", views.area_export, {"fmt": "csv"}, name="area-export-csv"),
    path("<str:code>/export.xlsx", views.area_export, {"fmt": "xlsx"}, name="area-export-xlsx"),
    path("<str:code>/export.pdf", views.area_export, {"fmt": "pdf"}, name="area-export-pdf"),
]
