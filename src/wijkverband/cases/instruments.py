"""Loading the measuring instruments from their data file (used by the migration and by tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "fixtures" / "instruments.json"


def instrument_definitions() -> list[dict[str, Any]]:
    return list(json.loads(DATA_FILE.read_text(encoding="utf-8"))["instruments"])


def instruments_load(instrument_model: Any, domain_model: Any, level_model: Any) -> None:
    """Create or update every instrument with its domains and levels (idempotent)."""
    for definition in instrument_definitions():
        instrument, _ = instrument_model.objects.update_or_create(
            code=definition["code"],
            defaults={key: definition[key] for key in ("name", "version", "source", "scale_min", "scale_max")},
        )
        for order, domain in enumerate(definition["domains"], start=1):
            domain_model.objects.update_or_create(
                instrument=instrument, code=domain["code"], defaults={"name": domain["name"], "order": order}
            )
        for level in definition["levels"]:
            level_model.objects.update_or_create(
                instrument=instrument,
                value=level["value"],
                defaults={"label": level["label"], "description": level["description"]},
            )
