"""What the three import commands share: arguments, a terminal progress bar and the report."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkverband.wijkfoto.importers import ImportRefused, ImportReport, Progress

Importer = Callable[..., ImportReport]


class ImportCommand(BaseCommand):
    importer: Importer

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="bestand(en) om te importeren")
        parser.add_argument("--year", type=int, default=None, help="jaar (moet kloppen met het bestand)")
        parser.add_argument("--strict", action="store_true", help="niets importeren als één rij een probleem heeft")
        parser.add_argument("--show", type=int, default=20, help="aantal probleemrijen om te tonen")

    def _progress(self, path: Path) -> Progress:
        total = _line_count(path)
        isatty = sys.stdout.isatty()

        def show(rows: int) -> None:
            if total:
                done = min(rows / total, 1.0)
                bar = "#" * int(done * 30)
                text = f"\r{path.name}: [{bar:<30}] {rows}/{total} rijen"
            else:
                text = f"\r{path.name}: {rows} rijen"
            if isatty:
                self.stdout.write(text, ending="")
                self.stdout.flush()

        return show

    def handle(self, *args: Any, **options: Any) -> None:
        failed = False
        for path in options["paths"]:
            if not path.exists():
                raise CommandError(f"{path} bestaat niet")
            try:
                report = type(self).importer(
                    path=path, year=options["year"], strict=options["strict"], progress=self._progress(path)
                )
            except ImportRefused as refused:
                failed = True
                self.stderr.write(f"\n{path.name}: NIET geïmporteerd: {refused.message}")
                if refused.report:
                    self._problems(refused.report, options["show"])
                continue
            years = ", ".join(str(y) for y in sorted(report.years)) or "–"
            self.stdout.write(
                f"\n{path.name} ({report.layout}, {years}): {report.rows_read} rijen, "
                f"{report.values_written} cijfers, {report.shapes_written} grenzen, {len(report.problems)} problemen"
            )
            self._problems(report, options["show"])
        if failed:
            raise CommandError("een of meer bestanden zijn niet geïmporteerd")

    def _problems(self, report: ImportReport, limit: int) -> None:
        for problem in report.problems[:limit]:
            self.stdout.write(f"  rij {problem.row} {problem.code}: {problem.message}")
        if len(report.problems) > limit:
            self.stdout.write(f"  … en nog {len(report.problems) - limit}")


def _line_count(path: Path) -> int:
    if path.suffix.lower() != ".csv":
        return 0
    with path.open("rb") as handle:
        return max(sum(1 for _ in handle) - 1, 0)
