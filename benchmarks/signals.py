"""Vroegsignalering at scale: ingest 100,000 arrears signals (CSV and API) into PostgreSQL.

On PostgreSQL (127.0.0.1:5432, database `wijkverband_bench_signals`, dropped and recreated) this
migrates, sets up one municipality with its postcode areas, a wijkteam, a routing rule and a housing
corporation as signal partner, writes a CSV of N arrears rows to a temporary file (about 10% of the
households get a second signal, so combining into outreach tasks is exercised) and then, each in a
fresh child process so peak memory (VmHWM) is that ingest's own:

1. CSV ingest through ``arrears_batch_ingest`` (streamed, validated, deduplicated, routed, combined,
   audited: one audit event per signal) — rows/s and peak RSS;
2. the same CSV again with the same reference (idempotent: nothing written) and under a new batch
   reference (every row already known: nothing doubled);
3. the same rows as JSON through the whole Django stack (``POST /api/v1/arrears-batches``), the body
   handed over as a file the way a WSGI server does (a test client would copy it into memory first);
4. a CSV and a JSON ingest of N/10 rows, to show peak memory does not grow with the file (both are
   read as streams: the JSON body is never held whole, see ``arrears.json_batch``);
5. a killed ingest: a child process ingesting a new batch is SIGKILLed halfway; afterwards the batch
   has either all its rows or none.

Figures only; nothing is asserted.

    .venv/bin/python benchmarks/signals.py [--rows 100000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "wijkverband_bench_signals"
ENV = {
    "PYTHONPATH": str(ROOT / "src"),
    "DJANGO_SETTINGS_MODULE": "config.settings.bench",
    "WIJKVERBAND_SECRET_KEY": "bench-" + "k" * 50,
    "WIJKVERBAND_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
}
HEADER = (
    "referentie;bsn;voornaam;achternaam;straat;huisnummer;toevoeging;postcode;woonplaats;telefoon;email;"
    "soort;bedrag;maanden_achterstand;dreiging"
)
PARTNER_USER = "bench.schuldeiser"


def valid_bsn(serial: int) -> str:
    """A BSN that passes the elfproef (fictitious: the 9xxxxxxxx test range)."""
    base = 900000000 + serial * 10
    for candidate in range(base, base + 10):
        digits = [int(c) for c in f"{candidate:09d}"]
        total = sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
        if total > 0 and total % 11 == 0:
            return f"{candidate:09d}"
    return ""  # no check digit fits this base: deliver the row without BSN


def write_csv(path: Path, rows: int, prefix: str, seed: int = 2026) -> None:
    rng = random.Random(seed)  # noqa: S311 - fictitious benchmark data
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\n")
        number = 0
        while number < rows:
            postcode = f"534{rng.randint(1, 9)} {rng.choice('ABCDEGHJKL')}{rng.choice('ABCDEGHJKL')}"
            house = rng.randint(1, 300)
            kinds = ["huur", "energie"] if rng.random() < 0.1 else [rng.choice(["huur", "water", "zorgverzekering"])]
            for kind in kinds[: rows - number]:
                bsn = valid_bsn(number) if number % 3 == 0 else ""
                handle.write(
                    f"{prefix}-{number:07d};{bsn};Anna;Jansen {number};Proefstraat;{house};;{postcode};Oss;"
                    f"06{rng.randint(10000000, 99999999)};;{kind};{rng.randint(50, 3000)},{rng.randint(0, 99):02d};"
                    f"{rng.randint(1, 4)};{'ja' if rng.random() < 0.05 else 'nee'}\n"
                )
                number += 1


def prepare_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (DB_NAME,),
        )
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def django_setup() -> None:
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def base_data() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from wijkverband.accounts.models import User
    from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
    from wijkverband.organisations.constants import OrganisationKind, Role
    from wijkverband.organisations.models import Membership, Organisation
    from wijkverband.signals.models import PostcodeArea, RoutingRule, SignalPartner, Team, TeamMember

    oss = Municipality.objects.create(code="GM0828", name="Oss")
    ruwaard = District.objects.create(code="WK082806", name="Ruwaard", municipality=oss)
    hoods = [
        Neighbourhood.objects.create(code=f"BU082806{n:02d}", name=f"Buurt {n}", district=ruwaard, municipality=oss)
        for n in range(1, 10)
    ]
    for n, hood in enumerate(hoods, start=1):
        PostcodeArea.objects.create(pc4=f"534{n}", municipality=oss, neighbourhood=hood)
    wijkteam = Organisation.objects.create(name="Wijkteam", kind=OrganisationKind.WELFARE, municipality=oss)
    corporation = Organisation.objects.create(
        name="Corporatie", kind=OrganisationKind.HOUSING_CORPORATION, municipality=oss
    )
    coach = User.objects.create(username="bench.coach")
    team = Team.objects.create(organisation=wijkteam, name="Wijkteam – signalen", kind="neighbourhood_team")
    TeamMember.objects.create(
        team=team, membership=Membership.objects.create(user=coach, organisation=wijkteam, role=Role.PROFESSIONAL)
    )
    RoutingRule.objects.create(order=1000, name="Alles → wijkteam", team=team)
    partner = User.objects.create(username=PARTNER_USER)
    Membership.objects.create(user=partner, organisation=corporation, role=Role.PROFESSIONAL)
    SignalPartner.objects.create(organisation=corporation, municipality=oss)


def _actor(access_point: str = "api") -> Any:
    from wijkverband.accounts.actor import Actor
    from wijkverband.organisations.models import Membership

    membership = Membership.objects.select_related("user", "organisation").get(user__username=PARTNER_USER)
    return Actor(user=membership.user, membership=membership, access_point=access_point)


def peak_rss_mb() -> float:
    """This process's own peak RSS. Not getrusage's ru_maxrss: Linux carries that over exec from the
    parent that forked us, so every child would report at least the parent's peak (which holds the
    generated files' rows for a moment)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:  # pragma: no cover - not Linux
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def child(mode: str, path: str, reference: str) -> None:
    """One ingest in this process; prints a JSON line with the figures."""
    django_setup()
    from wijkverband.signals import arrears
    from wijkverband.signals.constants import BatchSource
    from wijkverband.signals.services import arrears_batch_ingest

    started = time.perf_counter()
    if mode == "csv":
        with open(path, "rb") as handle:
            outcome = arrears_batch_ingest(
                actor=_actor(), reference=reference, rows=arrears.csv_rows(handle), source=BatchSource.CSV
            )
    else:
        from django.core.handlers.wsgi import WSGIHandler

        from rest_framework.authtoken.models import Token

        token, _created = Token.objects.get_or_create(user=_actor().user)
        handler = WSGIHandler()
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]]) -> None:
            answer["status"] = int(status.split()[0])

        started = time.perf_counter()
        # The body goes in as a file, as a WSGI server hands it over: the view reads it as a stream,
        # so the peak RSS below is the server's own, not a copy of the body in a test client.
        with open(path, "rb") as handle:
            environ = {
                "REQUEST_METHOD": "POST",
                "PATH_INFO": "/api/v1/arrears-batches",
                "SCRIPT_NAME": "",
                "QUERY_STRING": "",
                "CONTENT_TYPE": "application/json",
                "CONTENT_LENGTH": str(Path(path).stat().st_size),
                "HTTP_AUTHORIZATION": f"Token {token.key}",
                "HTTP_HOST": "testserver",
                "SERVER_NAME": "testserver",
                "SERVER_PORT": "80",
                "wsgi.input": handle,
                "wsgi.errors": sys.stderr,
                "wsgi.url_scheme": "http",
            }
            content = b"".join(handler(environ, start_response))
        if answer["status"] not in (200, 201):
            print(json.dumps({"error": answer["status"], "body": content[:500].decode()}))
            return
        data = json.loads(content)
        created = answer["status"] == 201
        outcome = type(
            "O",
            (),
            {
                "row_count": data["rowCount"],
                "new_count": data["newCount"],
                "known_count": data["knownCount"],
                "created": created,
                "is_refused": False,
                "errors": [],
            },
        )()
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "rows": outcome.row_count,
                "new": outcome.new_count,
                "known": outcome.known_count,
                "created": outcome.created,
                "refused": outcome.is_refused,
                "errors": [str(e) for e in outcome.errors[:3]],
                "seconds": round(seconds, 2),
                "rows_per_s": round(outcome.row_count / seconds) if seconds else None,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )


def run_child(mode: str, path: Path, reference: str) -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, "--child", mode, "--file", str(path), "--reference", reference],
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def csv_to_json(csv_path: Path, json_path: Path, reference: str) -> None:
    import csv

    keys = {
        "referentie": "reference",
        "bsn": "bsn",
        "voornaam": "firstName",
        "achternaam": "lastName",
        "straat": "street",
        "huisnummer": "houseNumber",
        "toevoeging": "houseNumberAddition",
        "postcode": "postcode",
        "woonplaats": "city",
        "telefoon": "phone",
        "email": "email",
        "soort": "arrearsKind",
        "bedrag": "amountOwed",
        "maanden_achterstand": "monthsInArrears",
        "dreiging": "threat",
    }
    with csv_path.open(encoding="utf-8") as source:
        rows = [{keys[k]: v for k, v in row.items() if v != ""} for row in csv.DictReader(source, delimiter=";")]
    json_path.write_text(json.dumps({"reference": reference, "rows": rows}), encoding="utf-8")


def batch_rows(reference: str) -> int:
    import psycopg

    with psycopg.connect(ENV["DATABASE_URL"]) as conn:
        found = conn.execute(
            "SELECT COUNT(s.id) FROM signals_signal s JOIN signals_arrearsbatch b ON s.batch_id = b.id "
            "WHERE b.reference = %s",
            (reference,),
        ).fetchone()
        batches = conn.execute(
            "SELECT COUNT(*) FROM signals_arrearsbatch WHERE reference = %s", (reference,)
        ).fetchone()
    return (found[0] if found else 0) if batches and batches[0] else -1


def killed_ingest(path: Path, reference: str, expected_seconds: float, rows: int) -> str:
    process = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, __file__, "--child", "csv", "--file", str(path), "--reference", reference],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **ENV},
    )
    time.sleep(max(expected_seconds / 2, 0.5))
    finished_before_kill = process.poll() is not None
    process.send_signal(signal.SIGKILL)
    process.wait()
    time.sleep(1)  # let PostgreSQL notice the dropped connection and roll back
    found = batch_rows(reference)
    state = "no batch, no rows" if found == -1 else f"batch with {found} of {rows} rows"
    verdict = "all or nothing: OK" if found in (-1, rows) else "PARTIAL (would be a bug)"
    return f"{state} ({verdict}){' — finished before the kill' if finished_before_kill else ''}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the CSV/JSON files in the temp folder")
    parser.add_argument("--child", choices=["csv", "api"])
    parser.add_argument("--file")
    parser.add_argument("--reference")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.file, args.reference)
        return

    print(f"# signals benchmark: {args.rows} rows, {platform.python_version()}, {platform.machine()}")
    prepare_database()
    django_setup()
    base_data()
    folder = Path(tempfile.mkdtemp(prefix="wv-bench-signals-"))
    big, small, fresh, api_csv = (folder / name for name in ("big.csv", "small.csv", "fresh.csv", "api.csv"))
    write_csv(big, args.rows, "R")
    write_csv(small, max(args.rows // 10, 1), "S")
    write_csv(fresh, args.rows, "K")
    write_csv(api_csv, args.rows, "A")
    api_json, small_json = folder / "api.json", folder / "small.json"
    csv_to_json(api_csv, api_json, "API-1")
    write_csv(api_csv, max(args.rows // 10, 1), "T")
    csv_to_json(api_csv, small_json, "API-SMALL")
    print(f"CSV size: {big.stat().st_size / 1e6:.1f} MB; JSON size: {api_json.stat().st_size / 1e6:.1f} MB")

    first = run_child("csv", big, "CSV-1")
    print(f"1. CSV ingest           : {json.dumps(first)}")
    again = run_child("csv", big, "CSV-1")
    print(f"2a. same batch again    : {json.dumps(again)}")
    known = run_child("csv", big, "CSV-1-bis")
    print(f"2b. same rows, new ref. : {json.dumps(known)}")
    api = run_child("api", api_json, "API-1")
    print(f"3. API (JSON) ingest    : {json.dumps(api)}")
    small_run = run_child("csv", small, "CSV-SMALL")
    print(f"4. CSV of {max(args.rows // 10, 1)} rows  : {json.dumps(small_run)}")
    print(f"   peak RSS {small_run['peak_rss_mb']} MB for 1/10 of the rows vs {first['peak_rss_mb']} MB for all")
    small_api = run_child("api", small_json, "API-SMALL")
    print(f"4b. JSON of {max(args.rows // 10, 1)} rows : {json.dumps(small_api)}")
    print(f"   peak RSS {small_api.get('peak_rss_mb')} MB for 1/10 of the rows vs {api.get('peak_rss_mb')} MB for all")
    print(f"5. killed ingest        : {killed_ingest(fresh, 'CSV-KILLED', first['seconds'], args.rows)}")
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
