from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("api-token/", views.api_token, name="api-token"),
]
