from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkverband.audit.models import AuditEvent
from wijkverband.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Audit trail tools. `audit verify` checks the hash chain and exits 1 when it is broken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        problems = audit_chain_verify()
        total = AuditEvent.objects.count()
        if problems:
            for problem in problems[:50]:
                self.stderr.write(f"sequence {problem.sequence}: {problem.problem}")
            raise CommandError(f"Audit chain BROKEN: {len(problems)} problem(s) in {total} events.")
        self.stdout.write(f"Audit chain intact: {total} events verified.")
