"""Agreements at scale: the KPI dashboard, the annual report and micro-analyses over many plans.

On PostgreSQL (127.0.0.1:5432, database `wijkverband_bench_agreements`, dropped and recreated) this
migrates and generates one coalition with 50 KPIs x 10 years x 100 areas (50,000 KPI values) and
50,000 case plans, each with a micro-analysis of three priced lines and two wellbeing measurements.
The data is written in bulk with `bulk_create`, NOT through the services (no audit trail for it).

It then measures, in-process with the Django test client as a logged-in coordinator (two-factor
step passed): the KPI dashboard page and its JSON API (p50/p95 over --runs requests each), the annual report PDF (which
also aggregates all micro-analyses) and the societal-return page. Figures only; nothing is asserted.
Targets from issue 7: dashboard p95 under 300 ms, annual report under 5 s.

    .venv/bin/python benchmarks/agreements.py [--kpis 50] [--years 10] [--areas 100] [--plans 50000] [--runs 50]
    .venv/bin/python benchmarks/agreements.py --small      # 5 KPIs x 3 years x 10 areas, 500 plans
    make bench-agreements BENCH_ARGS=--small
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "wijkverband_bench_agreements"
ENV = {
    "PYTHONPATH": str(ROOT / "src"),
    "DJANGO_SETTINGS_MODULE": "config.settings.bench",
    "WIJKVERBAND_SECRET_KEY": "bench-" + "k" * 50,
    "WIJKVERBAND_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
}
TARGET_DASHBOARD_P95_MS = 300
TARGET_REPORT_S = 5


def prepare_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def django_setup() -> None:
    os.environ.update(ENV)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(args: argparse.Namespace) -> tuple[object, object]:
    from wijkverband.accounts.models import User
    from wijkverband.agreements.models import (
        Kpi,
        KpiMeasurement,
        KpiTarget,
        MicroAnalysis,
        MicroAnalysisItem,
        PriceItem,
    )
    from wijkverband.cases.models import CasePlan, Instrument, Measurement, MeasurementScore
    from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
    from wijkverband.organisations.models import Coalition, Membership, Organisation
    from wijkverband.residents.models import Resident

    rng = random.Random(2026)
    from django.utils import timezone

    today = timezone.localdate()
    municipality = Municipality.objects.create(code="GM9999", name="Benchstad")
    districts = District.objects.bulk_create(
        [District(code=f"WK99{i:04d}", name=f"Wijk {i}", municipality=municipality) for i in range(args.areas)]
    )
    hoods = Neighbourhood.objects.bulk_create(
        [
            Neighbourhood(code=f"BU99{i:04d}01", name=f"Buurt {i}", district=d, municipality=municipality)
            for i, d in enumerate(districts)
        ]
    )
    organisation = Organisation.objects.create(name="Bench gemeente", kind="municipality", municipality=municipality)
    coalition = Coalition.objects.create(name="Bench coalitie", municipality=municipality)
    coalition.districts.add(*districts)
    coalition.organisations.add(organisation)
    user = User.objects.create_user(username="bench.coord", password="bench-password-1234")
    Membership.objects.create(user=user, organisation=organisation, role="coordinator")

    started = time.perf_counter()
    kpis = Kpi.objects.bulk_create(
        [
            Kpi(
                coalition=coalition,
                name=f"KPI {k}",
                unit="%",
                direction="higher" if k % 2 else "lower",
                aggregation="mean",
                source="bench",
                result_area=f"Resultaatgebied {k % 5}",
            )
            for k in range(args.kpis)
        ]
    )
    first_year = today.year - args.years + 1
    years = range(first_year, today.year + 1)
    KpiTarget.objects.bulk_create([KpiTarget(kpi=k, year=y, value=Decimal(50)) for k in kpis for y in years])
    KpiMeasurement.objects.bulk_create(
        (
            KpiMeasurement(kpi=k, area_code=d.code, year=y, period="Y", value=Decimal(rng.randint(30, 70)))
            for k in kpis
            for y in years
            for d in districts
        ),
        batch_size=5000,
    )
    print(f"  {len(kpis) * len(years) * len(districts):,} KPI values in {time.perf_counter() - started:.1f} s")

    started = time.perf_counter()
    prices = list(
        PriceItem.objects.filter(code__in=["fiets-kind", "leerlingenvervoer-schooljaar", "uithuisplaatsing-kind"])
    )
    wellbeing = Instrument.objects.get(code="wellbeing")
    chunk = 5000
    for offset in range(0, args.plans, chunk):
        size = min(chunk, args.plans - offset)
        residents = Resident.objects.bulk_create(
            [
                Resident(
                    first_name=f"Bewoner{offset + i}",
                    last_name="Bench",
                    date_of_birth=date(1960, 1, 1),
                    postcode="5345 AB",
                    house_number=offset + i + 1,
                    neighbourhood=rng.choice(hoods),
                    registered_by_organisation=organisation,
                )
                for i in range(size)
            ]
        )
        plans = CasePlan.objects.bulk_create(
            [
                CasePlan(
                    resident=r,
                    title="Bench",
                    status="active",
                    opened_by_organisation=organisation,
                    opened_on=today - timedelta(days=rng.randint(30, 3000)),
                )
                for r in residents
            ]
        )
        analyses = MicroAnalysis.objects.bulk_create(
            [
                MicroAnalysis(
                    plan=p,
                    reference_scenario="bench",
                    analysed_on=p.opened_on + timedelta(days=20),
                    organisation=organisation,
                )
                for p in plans
            ]
        )
        MicroAnalysisItem.objects.bulk_create(
            [
                MicroAnalysisItem(
                    analysis=a,
                    kind="avoided" if price.code == "uithuisplaatsing-kind" else "spent",
                    price_item=price,
                    quantity=Decimal(rng.randint(1, 3)),
                )
                for a in analyses
                for price in prices
            ]
        )
        measurements = Measurement.objects.bulk_create(
            [
                Measurement(plan=p, instrument=wellbeing, measured_on=p.opened_on + timedelta(days=d), moment=m)
                for p in plans
                for d, m in ((1, "start"), (20, "review"))
            ]
        )
        MeasurementScore.objects.bulk_create(
            [
                MeasurementScore(measurement=m, value=rng.randint(2, 5) if m.moment == "start" else rng.randint(5, 9))
                for m in measurements
            ]
        )
    print(f"  {args.plans:,} plans with micro-analyses in {time.perf_counter() - started:.1f} s")
    return coalition, user


def client_for(user: object) -> object:
    from django.test import Client

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def timed(client: object, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kpis", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--areas", type=int, default=100)
    parser.add_argument("--plans", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--small", action="store_true", help="5 KPIs x 3 years x 10 areas, 500 plans, 10 runs")
    args = parser.parse_args()
    if args.small:
        args.kpis, args.years, args.areas, args.plans, args.runs = 5, 3, 10, 500, 10

    print(f"Agreements benchmark on {platform.node()} ({os.cpu_count()} cpu), PostgreSQL database {DB_NAME}")
    prepare_database()
    django_setup()
    coalition, user = generate(args)
    client = client_for(user)
    from django.utils import timezone

    year = timezone.localdate().year
    base = f"/afspraken/{coalition.uuid}"  # type: ignore[attr-defined]

    timed(client, f"{base}/kpis/?jaar={year}")  # warm up caches and the template loader
    samples = sorted(timed(client, f"{base}/kpis/?jaar={year}") * 1000 for _ in range(args.runs))
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    api = f"/api/v1/coalitions/{coalition.uuid}/dashboard?year={year}"  # type: ignore[attr-defined]
    timed(client, api)
    api_samples = sorted(timed(client, api) * 1000 for _ in range(args.runs))
    api_p95 = api_samples[max(0, int(len(api_samples) * 0.95) - 1)]
    report = timed(client, f"{base}/jaarverslag.pdf?jaar={year}")
    impact = timed(client, f"{base}/rendement/")
    print(
        f"KPI dashboard ({args.kpis} KPIs x {args.years} years x {args.areas} areas), {args.runs} requests: "
        f"p50 {statistics.median(samples):.0f} ms, p95 {p95:.0f} ms (target < {TARGET_DASHBOARD_P95_MS} ms)"
    )
    print(
        f"KPI dashboard API (JSON), {args.runs} requests: "
        f"p50 {statistics.median(api_samples):.0f} ms, p95 {api_p95:.0f} ms (target < {TARGET_DASHBOARD_P95_MS} ms)"
    )
    print(f"Annual report PDF incl. {args.plans:,} micro-analyses: {report:.2f} s (target < {TARGET_REPORT_S} s)")
    print(f"Societal-return page over {args.plans:,} micro-analyses: {impact:.2f} s")


if __name__ == "__main__":
    main()
