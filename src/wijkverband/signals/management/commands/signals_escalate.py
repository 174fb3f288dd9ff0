from typing import Any

from django.core.management.base import BaseCommand

from wijkverband.signals.services import signals_escalate_overdue


class Command(BaseCommand):
    help = "Escalate signals past their response term to the team's coordinator (also runs daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"escalated={signals_escalate_overdue()}")
