from typing import Any

from django.core.management.base import BaseCommand

from wijkverband.schemes.services import catalogue_review_reminders_run


class Command(BaseCommand):
    help = "Remind catalogue editors of schemes and services due for review (also scheduled daily in django-q2)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = catalogue_review_reminders_run()
        self.stdout.write(
            f"Te controleren: {report.stale}, herinnerd: {report.reminded}, zonder redacteur: {report.without_editor}"
        )
