"""Headless Chromium from Debian (/usr/bin/chromium); Playwright's own browser download is not used."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    # Browser tests commit for real and the database is emptied after each one. That also removes the
    # reference data the migrations load (instruments, the price list, categories, schedules), so the
    # next browser test would find none: serialized rollback puts it back before each test.
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
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

