from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkverband.audit.models import AuditEvent
from wijkverband.audit.services import audit_chain_seal, audit_chain_verify


class Command(BaseCommand):
    help = (
        "Audit trail tools. `audit seal` chains settled events (the scheduler does this every minute); "
        "`audit verify` seals, then checks every event and the chain, and exits 1 when something is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["seal", "verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = audit_chain_seal()
        if options["action"] == "seal":
            self.stdout.write(f"Audit trail: {sealed} events sealed.")
            return
        problems = audit_chain_verify()
        total = AuditEvent.objects.count()
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"event {problem.event_id}: {problem.problem}")
            raise CommandError(f"Audit chain BROKEN: {len(problems)} problem(s) in {total} events.")
        self.stdout.write(f"Audit chain intact: {total} events verified.")
