from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "wijkverband.audit"
    label = "audit"
