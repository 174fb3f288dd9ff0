from django.apps import AppConfig


class NeighbourhoodsConfig(AppConfig):
    name = "wijkverband.neighbourhoods"
    label = "neighbourhoods"
