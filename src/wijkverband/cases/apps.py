from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _forget_instruments(**kwargs: Any) -> None:
    # Migrations and `flush` reload the reference data under new ids; never serve the old rows.
    from wijkverband.cases import selectors

    selectors.instruments_forget()


class CasesConfig(AppConfig):
    name = "wijkverband.cases"
    label = "cases"
    verbose_name = "Casusregie"

    def ready(self) -> None:
        post_migrate.connect(_forget_instruments, dispatch_uid="cases-forget-instruments")
