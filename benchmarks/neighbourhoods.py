"""Wijkfoto at national scale: import every shipped file, then profiles, traffic lights and the page.

On PostgreSQL (127.0.0.1:5432, database `wijkverband_bench_neighbourhoods`, dropped and recreated;
or `--sqlite` for a throwaway SQLite file) this:

1. imports the 2025 area registry and every shipped file of ../shared/data through the importers
   (CBS OData JSON, KWB csv/xlsx, Nabijheid, PC4, Leefbaarometer 2.0/3.0, both GeoJSON files) and
   a synthetic national KWB csv in the same layout as CBS's kwb-YYYY files, with one row per buurt,
   wijk and gemeente of the registry (14,823 buurten; ``--buurten`` limits it) and about 5% '.'
   markers, and prints rows/s per file;
2. gives every municipality a coalition with a district-level and a neighbourhood-level traffic
   light (three rules) and times the full recomputation of all of them, one call per traffic light
   and batched (``traffic_lights_many``, target: under 2 s), then batched with the history written;
3. computes the wijkfoto of every gemeente and wijk (``--profiles`` limits it) and times it;
4. requests the wijkfoto page of random areas in-process (Django test client, logged in as a
   manager) and prints p50/p95/p99 (target p95 under 300 ms).

Figures only; nothing is asserted.

    .venv/bin/python benchmarks/neighbourhoods.py [--buurten 15000] [--pages 200] [--profiles 0] [--sqlite]
    (small check: --buurten 300 --pages 20 --profiles 50 --sqlite)
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "wijkverband_bench_neighbourhoods"
SYNTHETIC_YEAR = 2021  # no shipped file holds 2021, so the synthetic figures never replace real ones


def _database(use_sqlite: bool) -> str:
    if use_sqlite:
        path = Path(tempfile.mkdtemp(prefix="wv-bench-")) / "bench.sqlite3"
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        connection.execute(f"CREATE DATABASE {DB_NAME}")
    return f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"


def _synthetic_kwb(path: Path, limit: int, rng: random.Random) -> int:
    """A national kwb-YYYY csv (Utrecht's header) for the registry's areas, with plausible random figures."""
    from django.conf import settings

    from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood

    data = Path(settings.SHARED_DATA_DIR)
    with (data / "cbs_kwb/utrecht_kwb2023.csv").open(encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    codes = [("Gemeente", m.code, m.name) for m in Municipality.objects.all()]
    codes += [("Wijk", d.code, d.name) for d in District.objects.all()]
    codes += [("Buurt", n.code, n.name) for n in Neighbourhood.objects.all()[:limit]]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for kind, code, name in codes:
            row = []
            for column in header:
                if column in {"gwb_code_10", "gwb_code"}:
                    row.append(code)
                elif column == "gwb_code_8":
                    row.append(code[2:])
                elif column in {"regio", "gm_naam"}:
                    row.append(name)
                elif column == "recs":
                    row.append(kind)
                elif rng.random() < 0.05:
                    row.append(".")
                elif column.startswith("p_"):
                    row.append(str(rng.randint(0, 100)))
                elif column.startswith("g_"):
                    row.append(f"{rng.uniform(0.2, 60):.1f}")
                else:
                    row.append(str(rng.randint(0, 20000)))
            writer.writerow(row)
    return len(codes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buurten", type=int, default=15000)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--profiles", type=int, default=0, help="0: every gemeente and wijk")
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _database(args.sqlite)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    os.environ.setdefault("WIJKVERBAND_SECRET_KEY", "bench-" + "k" * 50)
    os.environ.setdefault("WIJKVERBAND_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from wijkverband.accounts.models import User
    from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
    from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
    from wijkverband.organisations.constants import OrganisationKind, Role
    from wijkverband.organisations.models import Coalition, Membership, Organisation
    from wijkverband.wijkfoto import selectors
    from wijkverband.wijkfoto.importers import ImportRefused, cbs_import, geo_import, leefbaarometer_import
    from wijkverband.wijkfoto.models import Indicator, TrafficLightConfig, TrafficLightRule
    from wijkverband.wijkfoto.services import traffic_lights_record_all

    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    call_command("migrate", verbosity=0)
    data = Path(settings.SHARED_DATA_DIR)
    started = time.perf_counter()
    areas_import_gebiedsindeling(folder=data / "gebiedsindeling")
    print(f"area registry: {time.perf_counter() - started:.2f} s")

    print("\n1. imports (rows/s)")
    files = [
        (cbs_import, "cbs_kwb/kwb2024_gemeente_wijk_nl.json"),
        (cbs_import, "cbs_kwb/utrecht_kwb2023.csv"),
        (cbs_import, "cbs_kwb/utrecht_kwb2023.xlsx"),
        (cbs_import, "cbs_kwb/utrecht_kwb2024.csv"),
        (cbs_import, "cbs_kwb/utrecht_nabijheid_voorzieningen_buurt_2023.csv"),
        (cbs_import, "cbs_pc4/cbs_pc4_2023_nl.csv"),
        (leefbaarometer_import, "leefbaarometer/lbm3_amstelveen_wijken_2014_2022.csv"),
        (leefbaarometer_import, "leefbaarometer/lbm2_pc4_klassen_2002_2018.csv"),
        (leefbaarometer_import, "leefbaarometer/lbm2_pc4_dimensies_2012_2018.csv"),
        # No year in this file; ../shared/data/README.md: "built by the repo author around 2021–2022". 2022,
        # not 2021, so the synthetic 2021 figures (SYNTHETIC_YEAR) do not replace its buurten.
        (partial(leefbaarometer_import, year=2022), "leefbaarometer/utrecht_prov_buurten_cbs_lbm2.csv"),
        (geo_import, "geo/wijken_2024_nl.geojson"),
        (geo_import, "geo/gemeenten_2022_nl.geojson"),
    ]
    synthetic = Path(tempfile.mkdtemp(prefix="wv-kwb-")) / f"kwb-{SYNTHETIC_YEAR}-synthetisch.csv"
    rows = _synthetic_kwb(synthetic, args.buurten, random.Random(6))
    print(f"   synthetic national file: {rows} rows in {synthetic}")
    for importer, name in [*files, (cbs_import, str(synthetic))]:
        path = data / name
        started = time.perf_counter()
        try:
            report = importer(path=path)
        except ImportRefused as refused:
            print(f"   {path.name:55} refused: {refused.message}")
            continue
        seconds = time.perf_counter() - started
        print(
            f"   {path.name:55} {report.rows_read:7} rows {report.values_written:8} figures "
            f"{seconds:6.2f} s {report.rows_read / seconds:9.0f} rows/s {report.values_written / seconds:9.0f} "
            f"figures/s  problems {len(report.problems)}"
        )

    print("\n2. traffic lights for every municipality (district and neighbourhood level, three rules)")
    admin = Organisation.objects.create(name="Benchmark", kind=OrganisationKind.MUNICIPALITY)
    manager = User.objects.create(username="bench.manager")
    Membership.objects.create(user=manager, organisation=admin, role=Role.MANAGER)
    rules = [("pct_households_social_minimum", 8, 12), ("pct_corporation", 40, 60), ("social_assistance", 500, 1500)]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[code for code, _o, _r in rules])}
    configs = []
    for municipality in Municipality.objects.all():
        coalition = Coalition.objects.create(name=f"Coalitie {municipality.code}", municipality=municipality)
        coalition.organisations.add(admin)
        for level in ("district", "neighbourhood"):
            config = TrafficLightConfig.objects.create(
                coalition=coalition, name=f"{level} {municipality.code}", level=level
            )
            TrafficLightRule.objects.bulk_create(
                TrafficLightRule(config=config, indicator=indicators[code], orange_threshold=o, red_threshold=r)
                for code, o, r in rules
                if code in indicators
            )
            configs.append(config)
    started = time.perf_counter()
    lights = sum(len(selectors.traffic_lights(config)) for config in configs)
    seconds = time.perf_counter() - started
    print(f"   one call per traffic light: {len(configs)} traffic lights, {lights} areas in {seconds:.2f} s")
    started = time.perf_counter()
    batched = selectors.traffic_lights_many(configs)
    seconds = time.perf_counter() - started
    areas = sum(len(rows) for rows in batched.values())
    print(f"   batched: {len(batched)} traffic lights, {areas} areas: recomputation {seconds:.2f} s (target < 2 s)")
    started = time.perf_counter()
    written = traffic_lights_record_all(cause="benchmark")
    seconds = time.perf_counter() - started
    print(f"   batched with history: {written} history rows written, {seconds:.2f} s")
    started = time.perf_counter()
    written = traffic_lights_record_all(cause="benchmark")
    seconds = time.perf_counter() - started
    print(f"   again, nothing changed: {written} history rows written, {seconds:.2f} s")

    print("\n3. wijkfoto of every gemeente and wijk")
    codes = [*Municipality.objects.values_list("code", flat=True), *District.objects.values_list("code", flat=True)]
    if args.profiles:
        codes = codes[: args.profiles]
    started = time.perf_counter()
    rows_shown = sum(len(s.rows) for code in codes for s in selectors.wijkfoto_get(selectors.area_get(code)).sections)
    seconds = time.perf_counter() - started
    each = seconds / len(codes) * 1000
    print(f"   {len(codes)} profiles ({rows_shown} indicator rows) in {seconds:.2f} s, {each:.1f} ms each")

    print("\n4. wijkfoto page (in-process, logged in as a manager)")
    client = Client()
    client.force_login(manager)
    rng = random.Random(7)
    buurten = list(Neighbourhood.objects.values_list("code", flat=True)[: args.buurten])
    half = args.pages // 2
    sample = rng.sample(codes, min(len(codes), half)) + rng.sample(buurten, min(half, len(buurten)))
    client.get(f"/wijken/{sample[0]}/")  # warm up templates and caches
    times = []
    for code in sample:
        started = time.perf_counter()
        response = client.get(f"/wijken/{code}/")
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            print(f"   {code}: HTTP {response.status_code}")
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(
        f"   {len(times)} pages: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms "
        "(target p95 < 300 ms)"
    )


if __name__ == "__main__":
    main()
