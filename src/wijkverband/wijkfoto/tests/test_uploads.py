"""Importing a source file through the web page: stored, imported as a django-q2 task, progress and report."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from wijkverband.core.exceptions import PermissionDenied
from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import services
from wijkverband.wijkfoto.models import AreaValue, ImportRun, ImportUpload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def shipped(data_dir, name, as_name=None):
    path = data_dir / name
    return SimpleUploadedFile(as_name or path.name, path.read_bytes())


def test_an_uploaded_csv_is_stored_imported_in_the_background_and_reported(
    areas, data_dir, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the queued task runs here (Q_CLUSTER sync in tests)
        upload = services.import_upload_create(
            actor=actor_for(coordinator), kind="cbs", file=shipped(data_dir, "cbs_kwb/utrecht_kwb2023.csv")
        )

    upload.refresh_from_db()
    assert (upload.status, upload.rows_total, upload.rows_done) == ("done", 122, 122)
    assert services.upload_path(upload).read_bytes() == (data_dir / "cbs_kwb/utrecht_kwb2023.csv").read_bytes()
    assert upload.run.values_written == 3904 and upload.run.source_table == "kwb-2023"
    # BU03440114 Halve Maan-Noord: a_inw 1865
    assert AreaValue.objects.get(area_code="BU03440114", indicator__code="inhabitants", year=2023).value == 1865


def test_a_refused_file_writes_nothing_and_says_why(areas, data_dir, coordinator, django_capture_on_commit_callbacks):
    # A Leefbaarometer layout uploaded as CBS key figures: unknown layout, refused as a whole.
    with django_capture_on_commit_callbacks(execute=True):
        upload = services.import_upload_create(
            actor=actor_for(coordinator),
            kind="cbs",
            file=shipped(data_dir, "leefbaarometer/lbm3_amstelveen_wijken_2014_2022.csv", "lbm-2022.csv"),
        )

    upload.refresh_from_db()
    assert upload.status == "failed" and upload.message
    assert upload.run.status == "failed"
    assert not AreaValue.objects.exists()


def test_only_coordinators_and_functional_admins_upload_and_bad_files_are_refused(
    coordinator, wijkcoach, functional_admin
):
    with pytest.raises(PermissionDenied):
        services.import_upload_create(
            actor=actor_for(wijkcoach), kind="cbs", file=SimpleUploadedFile("kwb-2023.csv", b"a,b\n1,2\n")
        )
    with pytest.raises(ValidationError) as error:
        services.import_upload_create(
            actor=actor_for(functional_admin), kind="geo", file=SimpleUploadedFile("wijken.csv", b"")
        )
    assert error.value.message_dict["file"] == ["Het bestand is leeg."]
    with pytest.raises(ValidationError) as error:
        services.import_upload_create(
            actor=actor_for(coordinator), kind="geo", file=SimpleUploadedFile("wijken.exe", b"MZ")
        )
    assert "geojson" in error.value.message_dict["file"][0]
    assert not ImportUpload.objects.exists() and not ImportRun.objects.exists()


def test_the_page_shows_progress_to_htmx_and_the_row_report(
    areas, data_dir, coordinator, verified_client, django_capture_on_commit_callbacks, tmp_path
):
    client = verified_client(coordinator)
    # A copy of Utrecht 2023 with one unknown area code: imported, and the row is reported.
    source = (data_dir / "cbs_kwb/utrecht_kwb2023.csv").read_text(encoding="utf-8-sig")
    changed = source.replace("BU03440114", "BU03449999", 1)
    assert changed != source
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/wijken/importeren/",
            {"kind": "cbs", "file": SimpleUploadedFile("utrecht_kwb2023.csv", changed.encode())},
        )
    assert response.status_code == 302
    upload = ImportUpload.objects.get()
    assert response.url == f"/wijken/importeren/{upload.uuid}/"

    page = client.get(response.url).content.decode()
    assert "Geïmporteerd" in page and "122 van 122 rijen" in page
    assert 'data-testid="upload-problems"' in page and "BU03449999" in page and "niet geraden" in page
    assert "hx-trigger" not in page  # finished: no more polling

    # While it runs, the fragment keeps polling and reads the progress the task writes.
    ImportUpload.objects.filter(pk=upload.pk).update(status="running")
    (services.upload_folder(upload) / "progress").write_text("50")
    fragment = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<section id="upload-progress"') and 'hx-trigger="every 1s"' in fragment
    assert "50 van 122 rijen" in fragment and 'value="40"' in fragment


def test_the_upload_page_is_not_there_for_professionals_or_other_organisations(
    coordinator, wijkcoach, outsider, verified_client
):
    assert verified_client(wijkcoach).get("/wijken/importeren/").status_code == 404
    upload = ImportUpload.objects.create(
        kind="cbs",
        file_name="kwb-2023.csv",
        uploaded_by=coordinator,
        organisation=coordinator.memberships.get().organisation,
    )
    assert verified_client(coordinator).get(f"/wijken/importeren/{upload.uuid}/").status_code == 200
    assert verified_client(outsider).get(f"/wijken/importeren/{upload.uuid}/").status_code == 404
