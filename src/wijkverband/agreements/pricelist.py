"""The maatschappelijke prijslijst as data: ``fixtures/price_list.json``, loaded by a migration.

Every item must carry an amount, a unit, a price year and a source; a list that breaks that rule
is refused whole, so a half-loaded price list can never price a micro-analysis.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).parent / "fixtures" / "price_list.json"


def price_list_rows(path: Path = FIXTURE) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for item in data["items"]:
        missing = [key for key in ("code", "name", "amount", "unit", "year", "source") if not item.get(key)]
        if missing:
            raise ValueError(f"price item {item.get('code')!r} lacks {', '.join(missing)}")
        try:
            amount = Decimal(str(item["amount"]))
            indexation = Decimal(str(item.get("indexationPercent", "0")))
        except InvalidOperation as exc:
            raise ValueError(f"price item {item['code']!r} has an invalid amount") from exc
        rows.append(
            {
                "code": item["code"],
                "name": item["name"],
                "amount": amount,
                "unit": item["unit"],
                "year": int(item["year"]),
                "source": item["source"],
                "indexation_percent": indexation,
                "note": item.get("note", ""),
            }
        )
    return rows


def price_list_load(model: Any, path: Path = FIXTURE) -> int:
    """Create or update the items by code (``model`` is the historical model in a migration)."""
    rows = price_list_rows(path)
    for row in rows:
        code = row.pop("code")
        model.objects.update_or_create(code=code, defaults=row)
    return len(rows)
