from typing import Any

from django.core.management.base import BaseCommand

from wijkverband.signals.services import arrears_retention_run


class Command(BaseCommand):
    help = "Remove personal data of arrears signals without contact after the legal period (also runs daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = arrears_retention_run()
        # Ids only: the removed content is never printed or logged.
        self.stdout.write(f"removed={report.removed}")
        for signal_uuid in report.signal_uuids:
            self.stdout.write(f"  {signal_uuid}")
