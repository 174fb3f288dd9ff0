from django.apps import AppConfig


class WijkfotoConfig(AppConfig):
    name = "wijkverband.wijkfoto"
    label = "wijkfoto"
    verbose_name = "Wijkfoto"
