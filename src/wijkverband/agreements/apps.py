from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "wijkverband.agreements"
    label = "agreements"
    verbose_name = "Samenwerkingsafspraken"
