"""The Regelingenwijzer at scale: 10,000 schemes and services, Dutch search and the wizard under 20 users.

On PostgreSQL (127.0.0.1:5432, database `wijkverband_bench_schemes`, dropped and recreated) this
migrates, imports the CBS areas, loads the demo catalogue of Oss through the real import, and adds
generated schemes and services (half each) spread over 40 municipalities and their districts, with
Dutch names and summaries built from the catalogue's own vocabulary. The generated rows are written
with `bulk_create`, NOT through the services; the search fields (tsvector with the 'dutch' config
and the typo vocabulary) are then filled with the same `search_fields_refresh` the services use.

It serves the app with gunicorn as benchmarks/web.py does (sized by gunicorn.conf.py,
config.settings.bench) and measures p50/p95/p99 and throughput at 20 concurrent users, paced
(think time) and saturated, for:

- search API: `/api/v1/schemes` and `/api/v1/services` with plain, plural, misspelt and faceted
  queries (public, no login);
- wizard page: `/regelingen/wijzer/?toon=1&…` with different answers (public; the same selector
  as the wizard API).

Figures only; nothing is asserted. Target p95 < 100 ms.

    .venv/bin/python benchmarks/schemes.py [--items 10000] [--users 20] [--mode paced|saturated|both]
        [--think 1.0] [--requests 2000] [--paced-requests 600] [--reuse]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import load, serve  # noqa: E402  (same server and load generator as the web benchmark)

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "wijkverband_bench_schemes"
PG_BENCH = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PORT = 8767
TARGET_P95_MS = 100
MUNICIPALITIES = 40

ENV = {
    "PYTHONPATH": str(ROOT / "src"),
    "DJANGO_SETTINGS_MODULE": "config.settings.bench",
    "WIJKVERBAND_SECRET_KEY": "bench-" + "k" * 50,
    "WIJKVERBAND_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DATABASE_URL": PG_BENCH,
}

SEARCHES = [
    {"q": "schulden"},
    {"q": "huurtoeslg"},
    {"q": "bijzondere bijstand"},
    {"q": "zorg", "theme": "care", "area": "WK082806"},
    {"q": "kinderen school", "targetGroup": "families"},
    {"theme": "debts", "area": "GM0828"},
    {"q": "wmo huishoudelijke hulp"},
    {"q": "ouderen eenzaam", "area": "WK082806"},
]
SERVICE_SEARCHES = [{"q": "inloop"}, {"q": "buurtrestaurant"}, {"theme": "participation", "area": "WK082806"}]
WIZARD_ANSWERS = [
    {"age": 41, "area": "WK082806", "income": 100, "housing": "social_rent", "has_debts": "yes"},
    {"age": 72, "area": "GM0828", "has_care_need": "yes"},
    {"age": 19, "housing": "homeless"},
    {"household": "couple", "has_children": "yes", "income": 120},
    {},
]


def prepare_database(reuse: bool) -> bool:
    """Drop and recreate the benchmark database; returns True when data must be generated."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone()
        if reuse and exists:
            return False
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    return True


def django_setup() -> None:
    os.environ.update(ENV)
    import django

    django.setup()


def generate(items: int, seed: int = 2026) -> dict[str, Any]:
    """Areas, the demo catalogue (real import) and ``items`` generated schemes and services (bulk)."""
    from django.conf import settings
    from django.core.management import call_command

    from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
    from wijkverband.neighbourhoods.models import District, Municipality
    from wijkverband.organisations.constants import OrganisationKind
    from wijkverband.organisations.models import Organisation
    from wijkverband.schemes import textsearch
    from wijkverband.schemes.constants import AreaScope, BenefitKind, ServiceKind
    from wijkverband.schemes.demo import schemes_demo_build
    from wijkverband.schemes.models import Scheme, Service, TargetGroup, Theme
    from wijkverband.schemes.services import search_fields_refresh

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    areas_import_gebiedsindeling(folder=Path(settings.SHARED_DATA_DIR) / "gebiedsindeling")
    for name in [
        "Gemeente Oss",
        "Maasland Wonen (demo)",
        "Welzijn en Wijkteam Ruwaard (demo)",
        "Huurdersvereniging Ruwaard (demo)",
        "GGZ Maasdelta (demo)",
        "Politie basisteam Maasland (demo)",
        "Bewonersinitiatief Ruwaard Samen (demo)",
    ]:
        Organisation.objects.get_or_create(name=name, defaults={"kind": OrganisationKind.WELFARE})
    schemes_demo_build()

    rng = random.Random(seed)
    words = sorted(
        {
            w
            for text in Scheme.objects.values_list("name", "summary")
            for part in text
            for w in textsearch.tokenize(part)
            if len(w) > 3 and w.isalpha()
        }
    )
    municipalities = list(Municipality.objects.order_by("code")[:MUNICIPALITIES]) + [
        Municipality.objects.get(code="GM0828")
    ]
    districts = list(District.objects.filter(municipality__in=municipalities))
    themes = list(Theme.objects.all())
    groups = list(TargetGroup.objects.all())
    today = date.today()  # noqa: DTZ011  (benchmark data; the server day is fine)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    def area() -> dict[str, Any]:
        roll = rng.random()
        if roll < 0.1:
            return {"scope": AreaScope.NATIONAL}
        if roll < 0.55:
            return {"scope": AreaScope.MUNICIPALITY, "municipality": rng.choice(municipalities)}
        district = rng.choice(districts)
        return {"scope": AreaScope.DISTRICT, "district": district, "municipality_id": district.municipality_id}

    def common(i: int, kind: str) -> dict[str, Any]:
        checked = today - timedelta(days=rng.randint(0, 400))
        return {
            "code": f"bench-{kind}-{i}",
            "name": f"{sentence(2)[:-1]} {i}",
            "summary": sentence(14),
            "provider": f"Aanbieder {rng.randint(1, 300)}",
            "keywords": " ".join(rng.choice(words) for _ in range(4)),
            "last_checked_on": checked,
            "last_checked_by": "benchmark",
            "review_due_on": checked + timedelta(days=180),
            "is_example": True,
            **area(),
        }

    half = items // 2
    schemes = [
        Scheme(
            **common(i, "scheme"),
            target_description=sentence(5),
            benefit_kind=rng.choice(BenefitKind.values),
            benefit=sentence(6),
            conditions=sentence(20),
            eligibility=rng.choice(
                [
                    {},
                    {"age_min": 18},
                    {"income_max_pct": rng.choice([100, 110, 120, 130])},
                    {"has_debts": True},
                    {"has_care_need": True, "age_min": 65},
                    {"has_children": True, "income_max_pct": 120},
                    {"housing": ["social_rent", "private_rent"]},
                ]
            ),
            valid_until=today - timedelta(days=30) if rng.random() < 0.05 else None,
        )
        for i in range(half)
    ]
    services = [
        Service(**common(i, "service"), kind=rng.choice(ServiceKind.values), location=sentence(3))
        for i in range(items - half)
    ]
    Scheme.objects.bulk_create(schemes, batch_size=1000)
    Service.objects.bulk_create(services, batch_size=1000)
    for model, rows, column in ((Scheme, schemes, "scheme_id"), (Service, services, "service_id")):
        saved = list(model.objects.filter(code__startswith="bench-").only("pk"))
        model.themes.through.objects.bulk_create(
            [model.themes.through(**{column: r.pk, "theme_id": t.pk}) for r in saved for t in rng.sample(themes, 2)],
            batch_size=5000,
        )
        model.target_groups.through.objects.bulk_create(
            [
                model.target_groups.through(**{column: r.pk, "targetgroup_id": g.pk})
                for r in saved
                for g in rng.sample(groups, 2)
            ],
            batch_size=5000,
        )
        del rows
    for model in (Scheme, Service):
        batch = list(model.objects.filter(code__startswith="bench-").prefetch_related("themes"))
        for start in range(0, len(batch), 1000):
            search_fields_refresh(batch[start : start + 1000])
    return {"seconds": time.perf_counter() - started}


def counts() -> dict[str, int]:
    from wijkverband.schemes.models import Scheme, SearchWord, Service

    return {"schemes": Scheme.objects.count(), "services": Service.objects.count(), "words": SearchWord.objects.count()}


def paths() -> dict[str, list[str]]:
    def query(params: dict[str, Any]) -> str:
        return urlencode(params, doseq=True)

    return {
        "search API": [f"/api/v1/schemes?{query(p)}" for p in SEARCHES]
        + [f"/api/v1/services?{query(p)}" for p in SERVICE_SEARCHES],
        "wizard page": [f"/regelingen/wijzer/?{query({'toon': 1, **a})}" for a in WIZARD_ANSWERS],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000, help="generated schemes and services (half each)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="requests per row, saturated")
    parser.add_argument("--paced-requests", type=int, default=600, help="requests per row, paced")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time of a paced user, seconds")
    parser.add_argument("--mode", choices=["paced", "saturated", "both"], default="both")
    parser.add_argument("--reuse", action="store_true", help="keep an existing benchmark database")
    args = parser.parse_args()
    modes = ["paced", "saturated"] if args.mode == "both" else [args.mode]

    fresh = prepare_database(args.reuse)
    django_setup()
    if fresh:
        print(f"Generating {args.items} schemes and services in bulk (NOT through the services) ...")
        info = generate(args.items)
        print(f"  generated in {info['seconds']:.0f} s")
    else:
        print("Reusing the existing benchmark database.")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    table_counts = counts()
    connection.close()

    env = {**os.environ, **ENV}
    rows = []
    server = serve(env, PORT, audit=True)
    try:
        for name, urls in paths().items():
            load(PORT, urls, {}, args.users, 100)  # warm-up
            for mode in modes:
                paced = mode == "paced"
                total = args.paced_requests if paced else args.requests
                result = load(PORT, urls, {}, args.users, total, args.think if paced else 0.0)
                result.update(endpoint=name, mode=mode)
                rows.append(result)
    finally:
        server.terminate()
        server.wait(10)

    print("\nData (PostgreSQL):", ", ".join(f"{k} {v:,}" for k, v in table_counts.items()))
    print(
        f"\n{'endpoint':13}{'mode':10}{'req':>6}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}"
        f"   ({args.users} users, think {args.think} s when paced, gunicorn.conf.py; target p95 < {TARGET_P95_MS} ms)"
    )
    for r in rows:
        print(
            f"{r['endpoint']:13}{r['mode']:10}{r['requests']:>6}{r['errors']:>5}{r['p50_ms']:>9.1f}"
            f"{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['rps']:>8.0f}"
        )
    meta = {"cpus": os.cpu_count(), "python": sys.version.split()[0], "platform": platform.platform()}
    out = ROOT / "benchmarks" / "results" / f"schemes-{int(time.time())}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": meta, "data": table_counts, "rows": rows}, indent=2))
    print(f"\nSaved to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
