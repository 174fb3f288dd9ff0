from typing import Any

from django.core.management.base import BaseCommand

from wijkverband.schemes.services import catalogue_links_check


class Command(BaseCommand):
    help = "Check every web link in the catalogue and flag broken ones on their items (needs internet access)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = catalogue_links_check()
        for code, url in report.broken:
            self.stdout.write(f"Kapotte link bij {code}: {url}")
        self.stdout.write(f"Gecontroleerd: {report.checked} links, kapot: {len(report.broken)}")
