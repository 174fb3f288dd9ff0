from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkverband.schemes import formats
from wijkverband.schemes.models import Scheme, Service
from wijkverband.schemes.services import scheme_export, service_export


class Command(BaseCommand):
    help = "Export the catalogue as JSON (schemes and services) or CSV (one kind) in the documented format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--kind", choices=formats.KINDS, help="For CSV: scheme or service.")
        parser.add_argument("--output", type=Path, help="File to write; standard output when left out.")

    def handle(self, *args: Any, **options: Any) -> None:
        related = ("organisation", "municipality", "district")
        schemes = Scheme.objects.select_related(*related).prefetch_related("themes", "target_groups").order_by("code")
        services = (
            Service.objects.select_related(*related, "neighbourhood")
            .prefetch_related("themes", "target_groups")
            .order_by("code")
        )
        if options["format"] == "csv":
            if not options["kind"]:
                raise CommandError("Geef bij CSV --kind scheme of --kind service op.")
            if options["kind"] == "scheme":
                text = formats.csv_write("scheme", [scheme_export(s) for s in schemes])
            else:
                text = formats.csv_write("service", [service_export(s) for s in services])
        else:
            text = formats.json_write(
                schemes=[scheme_export(s) for s in schemes], services=[service_export(s) for s in services]
            )
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
