"""Fixtures of the catalogue: the Oss areas, the demo organisations, a small catalogue and the demo one."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings

import pytest

from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
from wijkverband.organisations.constants import OrganisationKind
from wijkverband.organisations.models import Organisation
from wijkverband.schemes.services import catalogue_item_save

DEMO_ORGANISATIONS = [
    ("Gemeente Oss", OrganisationKind.MUNICIPALITY),
    ("Maasland Wonen (demo)", OrganisationKind.HOUSING_CORPORATION),
    ("Welzijn en Wijkteam Ruwaard (demo)", OrganisationKind.WELFARE),
    ("Huurdersvereniging Ruwaard (demo)", OrganisationKind.TENANTS),
    ("GGZ Maasdelta (demo)", OrganisationKind.CARE_PROVIDER),
    ("Politie basisteam Maasland (demo)", OrganisationKind.POLICE_JUSTICE),
    ("Bewonersinitiatief Ruwaard Samen (demo)", OrganisationKind.RESIDENT_INITIATIVE),
]


@pytest.fixture
def oss_areas(db):
    areas_import_gebiedsindeling(folder=Path(settings.SHARED_DATA_DIR) / "gebiedsindeling", municipality_codes={"0828"})


@pytest.fixture
def gemeente(oss_areas) -> Organisation:
    return Organisation.objects.get_or_create(name="Gemeente Oss", defaults={"kind": OrganisationKind.MUNICIPALITY})[0]


@pytest.fixture
def demo_organisations(oss_areas, gemeente) -> dict[str, Organisation]:
    return {
        name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in DEMO_ORGANISATIONS
    }


@pytest.fixture
def demo_catalogue(demo_organisations):
    from wijkverband.schemes.demo import schemes_demo_build

    return schemes_demo_build()


def scheme_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": "test-regeling",
        "name": "Testregeling",
        "summary": "Een regeling om te testen.",
        "provider": "Gemeente Oss",
        "organisation": "Gemeente Oss",
        "scope": "municipality",
        "area": "GM0828",
        "benefit_kind": "money",
        "benefit": "Geld",
        "target_description": "Iedereen",
        "themes": ["income"],
        "target_groups": ["low_income"],
        "last_checked_on": date(2026, 1, 1).isoformat(),
        "last_checked_by": "Redactie",
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_scheme(gemeente):
    def make(**overrides: Any):
        return catalogue_item_save(actor=None, kind="scheme", values=scheme_values(**overrides))

    return make


@pytest.fixture
def make_service(gemeente):
    def make(**overrides: Any):
        values: dict[str, Any] = {
            "code": "test-dienst",
            "name": "Testdienst",
            "summary": "Een dienst om te testen.",
            "provider": "Wijkteam",
            "organisation": "Gemeente Oss",
            "scope": "district",
            "area": "WK082806",
            "kind": "walk_in",
            "themes": ["debts"],
            "target_groups": ["debts"],
            "last_checked_on": "2026-01-01",
            "last_checked_by": "Redactie",
        }
        values.update(overrides)
        return catalogue_item_save(actor=None, kind="service", values=values)

    return make
