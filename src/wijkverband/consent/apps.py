from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "wijkverband.consent"
    label = "consent"
