from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "wijkverband.cases"
    label = "cases"
    verbose_name = "Casusregie"
