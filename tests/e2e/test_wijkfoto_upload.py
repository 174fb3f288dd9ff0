"""The web upload of a CBS file in headless Chromium, with the htmx progress that follows the background job.

A coordinator uploads the shipped Utrecht key figures 2024 (csv, 122 rows). In production a django-q2
worker picks the job up later; the tests run jobs synchronously, so here the queued job is held back
and run by the test, as the worker would, while the page is open. The progress section polls the
server every second and swaps itself (no reload) from "in de wachtrij, 0 van 122 rijen" to the report.
"""

import csv
from pathlib import Path

from django.conf import settings as django_settings

import pytest
from playwright.sync_api import Page, expect
from test_journeys import assert_accessible, login

from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
from wijkverband.wijkfoto import services, tasks
from wijkverband.wijkfoto.models import AreaValue, ImportUpload

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CBS_FILE = "cbs_kwb/utrecht_kwb2024.csv"


@pytest.fixture
def utrecht_areas(wijkteam):
    return areas_import_gebiedsindeling(
        folder=Path(django_settings.SHARED_DATA_DIR) / "gebiedsindeling", municipality_codes={"0344"}
    )


@pytest.fixture
def queue(monkeypatch, settings, tmp_path):
    """Uploads go to a temporary folder; queued jobs are held back instead of run at once (sync in tests)."""
    settings.DATA_DIR = tmp_path
    held: list[tuple[str, tuple[object, ...]]] = []
    monkeypatch.setattr(services, "async_task", lambda func, *args, **kwargs: held.append((func, args)))
    return held


def _source_value(path, code: str, column: str) -> float:
    with path.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["gwb_code_10"] == code)
    return float(row[column])


def test_an_uploaded_cbs_file_shows_its_progress_and_report_without_reloading(
    page: Page, live_server, utrecht_areas, coordinator, queue
):
    base = live_server.url
    source = Path(django_settings.SHARED_DATA_DIR) / CBS_FILE
    login(page, base, "coordinator")

    page.goto(f"{base}/wijken/")
    page.click("text=Bronbestanden importeren")
    expect(page.locator("h1")).to_have_text("Bronbestanden importeren")
    assert_accessible(page)
    page.select_option("select[name=kind]", "cbs")
    page.set_input_files("input[name=file]", str(source))
    page.click("form[enctype] button[type=submit]")

    # The job is queued, not run: the page shows the waiting state and polls for news.
    expect(page.locator("h1")).to_have_text("Import van utrecht_kwb2024.csv")
    progress = page.locator("[data-testid=upload-progress]")
    expect(progress).to_contain_text("In de wachtrij")
    expect(progress).to_contain_text("0 van 122 rijen")
    expect(progress).to_have_attribute("hx-trigger", "every 1s")
    expect(progress.locator("progress")).to_have_attribute("value", "0")
    assert_accessible(page)
    assert [func for func, _args in queue] == [services.IMPORT_TASK]
    upload = ImportUpload.objects.get()
    assert (upload.status, upload.rows_total) == ("queued", 122)
    assert not AreaValue.objects.exists()
    # A marker on the document: a reload or navigation would lose it, an htmx swap keeps it.
    page.evaluate("window.stillTheSamePage = true")

    # The worker runs the job.
    assert tasks.import_upload_run(*queue[0][1]) == "done"

    expect(progress).to_contain_text("Geïmporteerd", timeout=10_000)
    expect(progress).to_contain_text("122 van 122 rijen")
    upload.refresh_from_db()
    expect(progress).to_contain_text(f"122 rijen gelezen, {upload.run.values_written} cijfers geschreven")
    expect(progress.locator("progress")).to_have_attribute("value", "100")
    # Done: polling stops.
    expect(progress).not_to_have_attribute("hx-trigger", "every 1s")
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.url == f"{base}/wijken/importeren/{upload.uuid}/"

    # The figures are those of the source rows (Halve Maan-Noord and Wijk 01 West, inhabitants 2024).
    for code in ("BU03440114", "WK034401"):
        assert AreaValue.objects.get(area_code=code, indicator__code="inhabitants", year=2024).value == (
            _source_value(source, code, "a_inw")
        )
    page.goto(f"{base}/wijken/importeren/")
    expect(page.locator("table")).to_contain_text("utrecht_kwb2024.csv")
    expect(page.locator("table")).to_contain_text("Geïmporteerd")
