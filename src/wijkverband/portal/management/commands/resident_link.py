from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkverband.portal.services import resident_login_link_create_for_demo
from wijkverband.residents.models import Resident


class Command(BaseCommand):
    help = "Print a one-time login link to My Wijkverband for a resident (demo); audited without a user."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("resident_uuid", help="The resident's public id (uuid).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            resident = Resident.objects.get(uuid=options["resident_uuid"])
        except (Resident.DoesNotExist, ValidationError) as exc:
            raise CommandError("No resident with this id.") from exc
        self.stdout.write(resident_login_link_create_for_demo(resident=resident))
