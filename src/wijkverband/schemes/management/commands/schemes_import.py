from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkverband.schemes import formats
from wijkverband.schemes.services import ImportRejected, catalogue_import


class Command(BaseCommand):
    help = (
        "Import schemes and services from JSON or CSV (docs/schemes-format.md). All or nothing: any bad row "
        "means nothing is written and every problem is listed per row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--kind", choices=formats.KINDS, help="For CSV: the kind of item in the file (scheme or service)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"Bestand niet gevonden: {path}")
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() == ".csv":
            if not options["kind"]:
                raise CommandError("Geef bij CSV --kind scheme of --kind service op.")
            rows, problems = formats.csv_rows(text, kind=options["kind"])
        else:
            rows, problems = formats.json_rows(text)
        try:
            report = catalogue_import(rows=rows, file_problems=problems)
        except ImportRejected as rejected:
            for line in rejected.report.problems:
                self.stderr.write(line)
            raise CommandError(
                f"Import geweigerd: {len(rejected.report.problems)} problemen, er is niets opgeslagen."
            ) from rejected
        self.stdout.write(f"Geïmporteerd: {report.created} nieuw, {report.updated} bijgewerkt.")
