from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "wijkverband.portal"
    label = "portal"
    verbose_name = "Mijn Wijkverband"
