"""The seeded Dutch category set (fixtures/categories.json), loaded by a data migration.

Categories are data: platform administrators edit, add or switch them off in the admin (/beheer/,
``admin.py``). Loading again updates the seeded ones by code and never removes what was added by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).with_name("fixtures") / "categories.json"


def categories_load(category_model: Any) -> int:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    count = 0
    for position, main in enumerate(data):
        children = main.pop("children", [])
        parent, _created = category_model.objects.update_or_create(
            code=main["code"], defaults={**main, "position": position, "parent": None}
        )
        count += 1
        for child_position, child in enumerate(children):
            category_model.objects.update_or_create(
                code=child["code"],
                defaults={
                    **child,
                    "parent": parent,
                    "position": child_position,
                    "is_arrears": main.get("is_arrears", False),
                    "is_public": main.get("is_public", False),
                },
            )
            count += 1
    return count
