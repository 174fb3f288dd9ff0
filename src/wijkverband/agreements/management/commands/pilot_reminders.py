from typing import Any

from django.core.management.base import BaseCommand

from wijkverband.agreements.services import pilot_reminders_run


class Command(BaseCommand):
    help = "Remind owners of pilots whose progress check is due or overdue (also scheduled daily in django-q2)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = pilot_reminders_run()
        self.stdout.write(f"Herinnerd: {report.reminded}, te laat: {report.overdue}")
