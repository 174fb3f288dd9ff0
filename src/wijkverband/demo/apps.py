from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wijkverband.demo"
    label = "demo"
