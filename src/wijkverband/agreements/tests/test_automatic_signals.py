"""Automatic KPIs and the KPI form: signals handled in time against a hand-counted fixture, and the
page form that defines automatic or formula KPIs and records values per period."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

import pytest

from wijkverband.agreements import automatic
from wijkverband.agreements.models import Kpi, KpiMeasurement
from wijkverband.signals.models import Signal, SignalCategory

pytestmark = pytest.mark.django_db


def _signals(neighbourhood, *, in_time: int, late: int, not_contacted: int, pending: int, year: int) -> None:
    category = SignalCategory.objects.first() or SignalCategory.objects.create(code="zorg", name="Zorg")
    received = datetime(year, 3, 2, 10, tzinfo=UTC)
    due = received.date() + timedelta(days=14)
    kinds = (
        [received + timedelta(days=2)] * in_time  # contact within the term
        + [received + timedelta(days=20)] * late  # contact after the term
        + [None] * not_contacted  # term passed without contact
    )
    for number, contact in enumerate(kinds):
        Signal.objects.create(
            receipt_number=f"T{year}{number:05d}",
            category=category,
            subject_kind="resident",
            source_kind="professional",
            neighbourhood=neighbourhood,
            received_at=received,
            due_on=due,
            first_contact_at=contact,
        )
    for number in range(pending):  # still within its term: counts for neither side
        Signal.objects.create(
            receipt_number=f"P{year}{number:05d}",
            category=category,
            subject_kind="resident",
            source_kind="professional",
            neighbourhood=neighbourhood,
            received_at=received,
            due_on=timezone.localdate() + timedelta(days=30),
        )


def test_signals_handled_in_time_per_district(coalition, neighbourhood):
    year = timezone.localdate().year - 1
    _signals(neighbourhood, in_time=9, late=2, not_contacted=1, pending=3, year=year)

    result = automatic.signals_in_time(coalition, year)

    # 9 of the 12 signals whose outcome is known: 75%.
    assert result == {neighbourhood.district.code: Decimal("75.0")}
    assert automatic.AUTOMATIC_KPIS["signals_in_time"].is_available


def test_signals_in_time_are_not_released_for_fewer_than_ten(coalition, neighbourhood):
    year = timezone.localdate().year - 1
    _signals(neighbourhood, in_time=8, late=1, not_contacted=0, pending=5, year=year)
    assert automatic.signals_in_time(coalition, year) == {}


def test_an_automatic_kpi_is_defined_and_computed_on_the_page(
    coalition, coordinator, neighbourhood, verified_client, monkeypatch
):
    # A source announced for a later module, without a computation yet.
    later = automatic.AutomaticKpi("later_source", "Later", "%")
    monkeypatch.setitem(automatic.AUTOMATIC_KPIS, later.code, later)
    year = timezone.localdate().year - 1
    _signals(neighbourhood, in_time=10, late=0, not_contacted=0, pending=0, year=year)
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/kpis/?jaar={year}"
    post = {
        "form": "kpi",
        "name": "Signalen op tijd",
        "unit": "%",
        "direction": "higher",
        "source": "Wijkverband",
        "target_year": year,
        "target": "90",
        "aggregation": "mean",
        "method": "automatic",
    }

    unknown = client.post(url, {**post, "automatic_code": ""})
    unavailable = client.post(url, {**post, "automatic_code": "later_source"})
    created = client.post(url, {**post, "automatic_code": "signals_in_time"})
    computed = client.post(url, {"form": "refresh"})

    assert unknown.status_code == 400 and unavailable.status_code == 400 and "nog niet" in unavailable.content.decode()
    assert created.status_code == 302 and computed.status_code == 302
    assert Kpi.objects.get().method == "automatic"
    assert KpiMeasurement.objects.get(year=year).value == Decimal(100)


def test_a_formula_kpi_needs_its_formula_and_a_value_is_recorded_per_quarter(
    coalition, coordinator, neighbourhood, verified_client
):
    client = verified_client(coordinator)
    url = f"/afspraken/{coalition.uuid}/kpis/"
    post = {
        "form": "kpi",
        "name": "SROI",
        "unit": "ratio",
        "direction": "higher",
        "source": "Micro-analyses",
        "target_year": 2026,
        "target": "3",
        "aggregation": "mean",
        "method": "formula",
    }
    assert client.post(url, post).status_code == 400 and not Kpi.objects.exists()
    assert client.post(url, {**post, "formula": "vermeden / uitgegeven"}).status_code == 302
    kpi = Kpi.objects.get()

    recorded = client.post(
        url,
        {
            "form": "measurement",
            "kpi": str(kpi.uuid),
            "area_code": neighbourhood.district.code,
            "year": 2026,
            "period": "Q2",
            "value": "2,4",
            "note": "Eerste kwartalen",
        },
    )

    assert recorded.status_code == 302
    value = KpiMeasurement.objects.get()
    assert (value.period, value.value, value.note) == ("Q2", Decimal("2.4"), "Eerste kwartalen")


def _applications(coalition, neighbourhood, care, *, in_time: int, late: int, waiting_long: int, waiting: int):
    from wijkverband.placements.models import OutflowApplication
    from wijkverband.testing.factories import ResidentFactory

    today = timezone.localdate()
    complete = today - timedelta(days=200)
    outcomes = (
        [complete + timedelta(days=60)] * in_time  # housed within 90 days
        + [complete + timedelta(days=120)] * late  # housed, but after 90 days
        + [None] * waiting_long  # 200 days without a home
    )
    for housed_on in outcomes:
        OutflowApplication.objects.create(
            resident=ResidentFactory(neighbourhood=neighbourhood),
            care_organisation=care,
            kind="bw",
            complete_on=complete,
            housed_on=housed_on,
            status="housed" if housed_on else "complete",
        )
    for _ in range(waiting):  # complete 30 days ago: still within its 90 days, counts for neither side
        OutflowApplication.objects.create(
            resident=ResidentFactory(neighbourhood=neighbourhood),
            care_organisation=care,
            kind="bw",
            complete_on=today - timedelta(days=30),
            status="complete",
        )
    return complete.year


def test_housed_within_three_months_per_district(coalition, neighbourhood, wijkteam):
    year = _applications(coalition, neighbourhood, wijkteam, in_time=6, late=2, waiting_long=2, waiting=3)
    result = automatic.housed_within_3_months(coalition, year)

    # 6 housed in time of the 10 whose outcome is known (2 late, 2 waiting 200 days); the 3 still within
    # their 90 days count for neither side.
    assert result == {neighbourhood.district.code: Decimal("60.0")}
    assert automatic.AUTOMATIC_KPIS["housed_within_3_months"].is_available


def test_housed_within_three_months_is_not_released_for_fewer_than_ten(coalition, neighbourhood, wijkteam):
    year = _applications(coalition, neighbourhood, wijkteam, in_time=6, late=1, waiting_long=2, waiting=0)
    assert automatic.housed_within_3_months(coalition, year) == {}
