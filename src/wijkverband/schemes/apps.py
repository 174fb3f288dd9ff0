from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "wijkverband.schemes"
    verbose_name = "Regelingenwijzer"
