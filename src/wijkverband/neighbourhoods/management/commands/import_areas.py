from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling


class Command(BaseCommand):
    help = "Import CBS municipalities, districts and neighbourhoods (gebiedsindeling) for a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", default=str(Path(settings.SHARED_DATA_DIR) / "gebiedsindeling"))
        parser.add_argument("--year", type=int, default=2025)

    def handle(self, *args: Any, **options: Any) -> None:
        report = areas_import_gebiedsindeling(folder=Path(options["folder"]), year=options["year"])
        self.stdout.write(
            f"gemeenten +{report.municipalities}, wijken +{report.districts}, buurten +{report.neighbourhoods}, "
            f"problemen {len(report.problems)}"
        )
        for problem in report.problems[:20]:
            self.stdout.write(f"  {problem}")
