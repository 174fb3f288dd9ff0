from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _catalogue_changed(sender: Any, **kwargs: Any) -> None:
    # The wizard's area list is cached per process; a change in this process shows at once (others within a minute).
    from .forms import area_choices_forget

    area_choices_forget()


class SchemesConfig(AppConfig):
    name = "wijkverband.schemes"
    verbose_name = "Regelingenwijzer"

    def ready(self) -> None:
        from .models import Scheme, Service

        for model in (Scheme, Service):
            post_save.connect(_catalogue_changed, sender=model, dispatch_uid=f"area-choices-{model.__name__}")
            post_delete.connect(_catalogue_changed, sender=model, dispatch_uid=f"area-choices-del-{model.__name__}")
