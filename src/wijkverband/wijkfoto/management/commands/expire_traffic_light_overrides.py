from typing import Any

from django.core.management.base import BaseCommand

from wijkverband.wijkfoto.services import traffic_light_overrides_expire


class Command(BaseCommand):
    help = "End traffic-light overrides past their end date and record it in the history (also daily in django-q2)."

    def handle(self, *args: Any, **options: Any) -> None:
        ended = traffic_light_overrides_expire()
        self.stdout.write(f"Verlopen handmatige kleuren beëindigd: {ended}")
