"""Headless Chromium from Debian (/usr/bin/chromium); Playwright's own browser download is not used."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}; CI must run the browser tests")
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp lets the test inject axe-core; the pages themselves keep their strict CSP.
    return {**browser_context_args, "locale": "nl-NL", "bypass_csp": True}


# Browser tests commit for real, and the database is emptied after each one. That also removes the
# reference data our data migrations load (instruments, the price list, signal categories, themes,
# schedules), so a later browser test would find none. Django's serialized rollback would restore
# it, but it is lost once ordinary tests have run in the same session; so the first browser test
# keeps a copy of that data and later ones put it back when it is gone.
_REFERENCE_APPS = ("django_q",)
_reference_copy: list[str] = []


def _reference_models():
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("wijkverband.") or model._meta.app_label in _REFERENCE_APPS
    ]


@pytest.fixture(autouse=True)
def _reference_data_present(request, transactional_db):
    from django.core import serializers
    from django.db import connection

    from wijkverband.cases.models import Instrument

    if not _reference_copy:
        _reference_copy.append(
            serializers.serialize("json", [obj for model in _reference_models() for obj in model._base_manager.all()])
        )
    elif not Instrument.objects.exists():
        # As Django's own restore does: rows may refer to rows later in the copy.
        with connection.constraint_checks_disabled():
            tables = set()
            for restored in serializers.deserialize("json", _reference_copy[0]):
                restored.save()
                tables.add(restored.object._meta.db_table)
        connection.check_constraints(table_names=sorted(tables))
