from typing import Any

from django.core.management.base import BaseCommand

from wijkverband.cases.services import watch_reminders_run


class Command(BaseCommand):
    help = "Send due waakvlam reminders and escalate missed contacts (also scheduled daily in django-q2)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = watch_reminders_run()
        self.stdout.write(f"Herinnerd: {report.reminded}, geëscaleerd: {report.escalated}")
