from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "wijkverband.placements"
    label = "placements"
    verbose_name = "Uitstroom en woningmatching"

    def ready(self) -> None:
        # Placements count as delivered homes for the framework agreements (raamafspraken).
        from wijkverband.agreements.quotas import delivery_source_register

        from .selectors import PlacementDeliveries

        delivery_source_register(PlacementDeliveries())
