"""Pages: 404 for other teams, the public page's spam and rate limits, the upload's early refusal."""

import io

from django.core.cache import caches
from django.urls import reverse

import pytest

from wijkverband.signals import services
from wijkverband.signals.constants import SignalStatus, SourceKind, SubjectKind
from wijkverband.signals.forms import FORM_STARTED_SALT
from wijkverband.signals.models import OutreachTask, Signal
from wijkverband.testing.actors import actor_for

from .csvdata import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    caches["shared"].clear()


@pytest.fixture
def signal(wijkcoach, loneliness, catch_all):
    return services.signal_create(
        actor=actor_for(wijkcoach),
        category=loneliness,
        subject_kind=SubjectKind.ADDRESS,
        source_kind=SourceKind.PROFESSIONAL,
        postcode="5345 AB",
        house_number=3,
        subject_name="Mevrouw De Wit",
    )


def test_team_member_sees_the_signal_page(verified_client, coordinator, signal):
    response = verified_client(coordinator).get(reverse("signals:detail", args=[signal.uuid]))
    assert response.status_code == 200
    assert "Mevrouw De Wit" in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "corporation_officer"])
def test_others_get_404_on_signal_and_household(verified_client, persona, request, signal):
    client = verified_client(request.getfixturevalue(persona))
    assert client.get(reverse("signals:detail", args=[signal.uuid])).status_code == 404
    task = OutreachTask.objects.get()
    assert client.get(reverse("signals:outreach-detail", args=[task.uuid])).status_code == 404
    response = client.post(reverse("signals:transition", args=[signal.uuid]), {"to_status": "in_progress"})
    assert response.status_code == 404
    assert Signal.objects.get().status == SignalStatus.NEW


def test_the_work_list_and_a_home_visit(verified_client, wijkcoach, signal):
    client = verified_client(wijkcoach)
    task = OutreachTask.objects.get()
    assert "Mevrouw De Wit" in client.get(reverse("signals:work-list")).content.decode()

    response = client.post(
        reverse("signals:outreach-attempt", args=[task.uuid]),
        {"kind": "home_visit", "made_on": "2026-01-05", "is_reached": "on", "note": "Koffie gedronken"},
    )

    assert response.status_code == 302
    assert Signal.objects.get().status == SignalStatus.CONTACTED


def test_the_overview_is_open_to_managers(verified_client, manager, signal):
    response = verified_client(manager).get(reverse("signals:overview"))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    assert "Mevrouw" not in response.content.decode()


def _public_data(client, **overrides):
    from django.core import signing

    page = client.get(reverse("signals-public:report"))
    assert page.status_code == 200
    data = {
        "category": "overlast-geluid",
        "description": "Elke nacht harde muziek",
        "postcode": "5345 AB",
        "house_number": "5",
        "contact": "",
        "website": "",
        "started": signing.dumps(0, salt=FORM_STARTED_SALT),  # shown long ago: not too fast
    }
    data.update(overrides)
    return data


def test_a_resident_reports_without_login_and_gets_a_receipt(client, catch_all):
    response = client.post(reverse("signals-public:report"), _public_data(client))

    signal = Signal.objects.get()
    assert response.status_code == 302 and signal.receipt_number in response["Location"]
    assert signal.source_kind == SourceKind.NEIGHBOUR and signal.reporter_organisation is None
    receipt = client.get(response["Location"])
    assert signal.receipt_number in receipt.content.decode()


def test_the_honeypot_and_a_too_fast_form_write_nothing(client, catch_all):
    from django.core import signing

    assert client.post(reverse("signals-public:report"), _public_data(client, website="http://spam")).status_code == 400
    fast = _public_data(client, started=signing.dumps(__import__("time").time(), salt=FORM_STARTED_SALT))
    assert client.post(reverse("signals-public:report"), fast).status_code == 400
    forged = _public_data(client, started="123")
    assert client.post(reverse("signals-public:report"), forged).status_code == 400
    assert not Signal.objects.exists()


def test_the_public_page_is_rate_limited(client, catch_all, settings):
    settings.SIGNALS_PUBLIC_REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(reverse("signals-public:report"), _public_data(client)).status_code == 302
    assert client.post(reverse("signals-public:report"), _public_data(client)).status_code == 429
    assert Signal.objects.count() == 2


def test_the_rate_limit_holds_across_web_workers(client, catch_all, settings):
    # Each gunicorn worker has its own process memory; the count lives in the database cache instead,
    # so emptying a process's own cache (as a fresh worker has) does not reset it.
    from django.core.cache import caches

    settings.SIGNALS_PUBLIC_REPORTS_PER_HOUR = 1
    assert client.post(reverse("signals-public:report"), _public_data(client)).status_code == 302
    caches["default"].clear()
    caches["shared"].close()

    assert client.post(reverse("signals-public:report"), _public_data(client)).status_code == 429
    assert caches["shared"].__class__.__name__ == "DatabaseCache"


def test_a_creditor_uploads_a_csv(verified_client, corporation_officer, creditor, catch_all):
    upload = io.BytesIO(csv_bytes(row("H-1"), row("H-2", kind="water")))
    upload.name = "achterstanden.csv"

    response = verified_client(corporation_officer).post(
        reverse("signals:batch-upload"), {"reference": "B-1", "file": upload}
    )

    assert response.status_code == 200
    assert Signal.objects.count() == 2


def test_a_refused_upload_shows_the_row_errors(verified_client, corporation_officer, creditor, catch_all):
    upload = io.BytesIO(csv_bytes(row("H-1", bsn="123456789")))
    upload.name = "achterstanden.csv"

    response = verified_client(corporation_officer).post(
        reverse("signals:batch-upload"), {"reference": "B-1", "file": upload}
    )

    assert response.status_code == 400
    assert "regel 2, kolom bsn" in response.content.decode()
    assert not Signal.objects.exists()


def test_an_upload_over_the_limit_is_refused_before_reading(verified_client, corporation_officer, creditor, settings):
    settings.SIGNALS_MAX_UPLOAD_MB = 100
    client = verified_client(corporation_officer)

    response = client.post(
        reverse("signals:batch-upload"),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(100 * 1024 * 1024 + 1),
    )

    assert response.status_code == 413
    assert not Signal.objects.exists()


def test_non_partners_cannot_upload(verified_client, wijkcoach):
    assert verified_client(wijkcoach).get(reverse("signals:batch-upload")).status_code == 403
