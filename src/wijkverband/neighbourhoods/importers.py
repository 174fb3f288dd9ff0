"""Import of the CBS gebiedsindeling (area codes and names) from the `;`-separated 2025 files.

The files hold bare codes: 4 digits for a gemeente, 6 for a wijk, 8 for a buurt. The parent of a
wijk or buurt is its code prefix, so one pass per file builds the hierarchy. Rows whose parent is
missing are reported, never guessed (old codes after municipal mergers).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import District, Municipality, Neighbourhood


@dataclass
class AreaImportReport:
    municipalities: int = 0
    districts: int = 0
    neighbourhoods: int = 0
    problems: list[str] = field(default_factory=list)


def _rows(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader, None)
        return [(code.strip(), name.strip()) for code, name, *_ in reader if code.strip()]


@transaction.atomic
def areas_import_gebiedsindeling(
    *, folder: Path, year: int = 2025, municipality_codes: set[str] | None = None
) -> AreaImportReport:
    """Create or update all areas in ``folder``; ``municipality_codes`` (e.g. {"0828"}) limits the import."""
    report = AreaImportReport()
    wanted = municipality_codes

    existing_m = {m.code: m for m in Municipality.objects.all()}
    new_m = []
    for code, name in _rows(folder / f"cbs_gemeenten_{year}.csv"):
        if wanted and code not in wanted:
            continue
        full = f"GM{code}"
        if full in existing_m:
            if existing_m[full].name != name:
                Municipality.objects.filter(pk=existing_m[full].pk).update(name=name, year=year)
        else:
            new_m.append(Municipality(code=full, name=name, year=year))
    Municipality.objects.bulk_create(new_m, batch_size=1000)
    report.municipalities = len(new_m)
    municipalities = {m.code: m for m in Municipality.objects.all()}

    existing_d = set(District.objects.values_list("code", flat=True))
    new_d = []
    for code, name in _rows(folder / f"cbs_wijken_{year}.csv"):
        if wanted and code[:4] not in wanted:
            continue
        parent = municipalities.get(f"GM{code[:4]}")
        if parent is None:
            report.problems.append(f"WK{code}: gemeente GM{code[:4]} onbekend")
            continue
        if f"WK{code}" not in existing_d:
            new_d.append(District(code=f"WK{code}", name=name, municipality=parent, year=year))
    District.objects.bulk_create(new_d, batch_size=1000)
    report.districts = len(new_d)
    districts = {d.code: d for d in District.objects.all()}

    existing_n = set(Neighbourhood.objects.values_list("code", flat=True))
    new_n = []
    for code, name in _rows(folder / f"cbs_buurten_{year}.csv"):
        if wanted and code[:4] not in wanted:
            continue
        district = districts.get(f"WK{code[:6]}")
        if district is None:
            report.problems.append(f"BU{code}: wijk WK{code[:6]} onbekend")
            continue
        if f"BU{code}" not in existing_n:
            new_n.append(
                Neighbourhood(
                    code=f"BU{code}", name=name, district=district, municipality_id=district.municipality_id, year=year
                )
            )
    Neighbourhood.objects.bulk_create(new_n, batch_size=2000)
    report.neighbourhoods = len(new_n)
    return report
