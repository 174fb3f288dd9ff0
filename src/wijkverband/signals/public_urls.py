"""The public report page: no login (/melden/)."""

from django.urls import path

from . import views

app_name = "signals-public"

urlpatterns = [
    path("", views.public_report, name="report"),
    path("ontvangen/<str:receipt_number>/", views.public_receipt, name="receipt"),
]
