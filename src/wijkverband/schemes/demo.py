"""The demo catalogue for Oss (GM0828): national schemes described from public information, local examples.

Loaded from ``fixtures/demo_catalogue.json`` (the documented exchange format, docs/schemes-format.md)
through the same import as ``wijkverband schemes_import``, so the demo proves the file is valid.
Every item carries its "last checked" date; local items are marked as fictitious examples.
"""

from __future__ import annotations

from pathlib import Path

from wijkverband.accounts.models import User
from wijkverband.organisations.models import Organisation

from . import formats, services
from .models import CatalogueEditor

DEMO_CATALOGUE = Path(__file__).resolve().parent / "fixtures" / "demo_catalogue.json"


def schemes_demo_build(
    *, users: dict[tuple[str, str], User] | None = None, organisations: dict[str, Organisation] | None = None
) -> services.ImportReport:
    """Import the demo catalogue and make each organisation's professional an editor of its items."""
    rows, problems = formats.json_rows(DEMO_CATALOGUE.read_text(encoding="utf-8"))
    report = services.catalogue_import(rows=rows, file_problems=problems)
    for (key, role), user in (users or {}).items():
        organisation = (organisations or {}).get(key)
        if organisation is not None and role == "professional":
            CatalogueEditor.objects.get_or_create(user=user, organisation=organisation)
    return report
