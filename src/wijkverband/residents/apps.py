from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "wijkverband.residents"
    label = "residents"
