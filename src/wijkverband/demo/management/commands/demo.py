import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wijkverband.audit.services import audit_chain_seal
from wijkverband.demo.builder import demo_build, demo_credentials_text, demo_is_loaded


class Command(BaseCommand):
    help = "Build the fictitious demo region (Oss, Ruwaard) if the database holds none; print demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--residents", type=int, default=200)
        parser.add_argument("--credentials-only", action="store_true", help="Only print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["credentials_only"]:
            if demo_is_loaded():
                self.stdout.write("Demo region already present; nothing changed.")
            else:
                started = time.perf_counter()
                report = demo_build(resident_count=options["residents"])
                # Nothing else is writing yet, so the whole demo trail can be chained at once.
                audit_chain_seal(settle_seconds=0)
                self.stdout.write(
                    f"Demo region built in {time.perf_counter() - started:.1f} s: {report.organisations} organisations, "
                    f"{report.users} users, {report.residents} residents, {report.households} households, "
                    f"{report.plans} case plans."
                )
        self.stdout.write(demo_credentials_text())
