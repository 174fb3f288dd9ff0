from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "wijkverband.organisations"
    label = "organisations"
