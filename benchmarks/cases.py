"""Case plans at scale: 10,000 plans, the plan page, the work list and the plan API under 20 users.

On PostgreSQL (127.0.0.1:5432, database `wijkverband_bench_cases`, dropped and recreated) this
migrates, generates 10,000 case plans of about 20 timeline items each (the resident's answers,
agreements with RASCI roles, meetings with attendees, measurements with scores, status changes)
for residents spread over organisations, with one professional of a large organisation taking
part in 500 of them (about 1,500 open agreements of their own). The data is written in bulk with
`bulk_create`, NOT through the services (there is no audit trail for it), but the consents,
involvements and plan participants are real rows, so the access policy applies in full.

It then counts the database queries per page in-process (Django test client) to show they do not
grow with the plan or the work list, and serves the app with gunicorn exactly as benchmarks/web.py
(gunicorn.conf.py: 2 x cores + 1 workers, 2 threads; config.settings.bench, audit on) to measure
p50/p95/p99 and throughput at 20 concurrent users, paced (think time) and saturated, as
benchmarks/web.py explains. Figures only;
nothing is asserted.

    .venv/bin/python benchmarks/cases.py [--plans 10000] [--users 20] [--mode paced|saturated|both]
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
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from web import load, serve  # noqa: E402  (same server and load generator as the web benchmark)

PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "wijkverband_bench_cases"
PG_BENCH = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PORT = 8766
BENCH_USER = "bench.prof"  # the professional in the large organisation whose pages are measured
SMALL_USER = "bench.klein"  # work list with 10 open agreements
BUSY_USER = "bench.druk"  # work list with 300 open agreements
TARGET_P95_MS = 200

ENV = {
    "PYTHONPATH": str(ROOT / "src"),
    "DJANGO_SETTINGS_MODULE": "config.settings.bench",
    "WIJKVERBAND_SECRET_KEY": "bench-" + "k" * 50,
    "WIJKVERBAND_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DATABASE_URL": PG_BENCH,
}

# Items per plan by kind; 20 in total for the bulk, 5 and 40 for the query-count probes.
SHAPES = {
    5: {"entries": 1, "actions": 1, "meetings": 1, "measurements": 1, "status_changes": 1},
    20: {"entries": 3, "actions": 6, "meetings": 3, "measurements": 4, "status_changes": 4},
    40: {"entries": 6, "actions": 14, "meetings": 6, "measurements": 8, "status_changes": 6},
}
# Status histories (each a valid path through lifecycle.TRANSITIONS), keyed by how many changes.
HISTORIES = {
    "registered": ["registered"],
    "active": ["registered", "active", "scaling_down", "active"],
    "scaling_down": ["registered", "active", "escalated", "active", "scaling_down"],
    "watch": ["registered", "active", "scaling_down", "watch"],
    "escalated": ["registered", "active", "scaling_down", "escalated"],
    "closed": ["registered", "active", "scaling_down", "closed"],
}
STATUS_WEIGHTS = {"active": 58, "scaling_down": 10, "watch": 10, "escalated": 5, "closed": 12, "registered": 5}


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


class Generator:
    """Bulk writes of organisations, people, consents, involvements and plans (no services, no audit)."""

    def __init__(self, seed: int = 2026) -> None:
        from django.contrib.auth.hashers import make_password
        from django.utils import timezone

        from wijkverband.cases.models import Instrument

        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.password = make_password("bench-" + "p" * 20)
        self.instruments = {i.code: i for i in Instrument.objects.prefetch_related("domains")}
        self.zrm_domains = list(self.instruments["zrm"].domains.all())
        self.serial = 0

    def at(self, day: date, hour: int = 10) -> datetime:
        from django.utils import timezone

        return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=hour)))

    # --- organisations and people ------------------------------------------------------------------

    def base(self) -> None:
        from django.conf import settings

        from django_otp.plugins.otp_totp.models import TOTPDevice
        from rest_framework.authtoken.models import Token

        from wijkverband.accounts.models import User
        from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
        from wijkverband.neighbourhoods.models import Municipality, Neighbourhood
        from wijkverband.organisations.constants import OrganisationKind, Role
        from wijkverband.organisations.models import Membership, Organisation

        areas_import_gebiedsindeling(folder=Path(settings.SHARED_DATA_DIR) / "gebiedsindeling")
        oss = Municipality.objects.get(code="GM0828")
        self.neighbourhoods = list(Neighbourhood.objects.filter(municipality=oss))
        kinds = list(OrganisationKind.values)
        # One large neighbourhood team (150 professionals) and 15 other organisations (20 each).
        specs = [("Wijkteam Groot (bench)", OrganisationKind.WELFARE, 150)]
        specs += [(f"Organisatie {n:02d} (bench)", kinds[n % len(kinds)], 20) for n in range(1, 16)]
        organisations = Organisation.objects.bulk_create(
            [Organisation(name=name, kind=kind, municipality=oss) for name, kind, _n in specs]
        )
        users: list[User] = []
        owners: list[Organisation] = []
        for organisation, (_name, _kind, count) in zip(organisations, specs, strict=True):
            for n in range(count):
                users.append(
                    User(username=f"prof.{organisation.pk}.{n}", password=self.password, display_name=f"Prof {n}")
                )
                owners.append(organisation)
        large = organisations[0]
        for username in (BENCH_USER, SMALL_USER, BUSY_USER):
            users.append(User(username=username, password=self.password, display_name=username))
            owners.append(large)
        users = User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=o, role=Role.PROFESSIONAL) for u, o in zip(users, owners, strict=True)]
        )
        self.large = large
        self.organisations = organisations
        self.staff: dict[int, list[User]] = {}
        for user, organisation in zip(users, owners, strict=True):
            if not user.username.startswith("bench."):
                self.staff.setdefault(organisation.pk, []).append(user)
        self.special = {u.username: u for u in users if u.username.startswith("bench.")}
        for user in self.special.values():
            TOTPDevice.objects.create(user=user, name="default", key="31" * 20, confirmed=True)
            Token.objects.create(user=user)

    # --- plans ---------------------------------------------------------------------------------------

    def plans(self, total: int, chunk: int = 500) -> None:
        """`total` plans of 20 items; the bench user takes part in 500, the small and busy users in a few."""
        large_share = 0.3
        bench_plans = set(range(0, min(total, 2500), 5))  # every 5th of the first 2,500: 500 plans
        small_plans = set(range(3, 3 + 5 * 5, 5))  # 5 plans x 2 open agreements = 10
        busy_plans = set(range(1, 1 + 100 * 5, 5))  # 100 plans x 3 open agreements = 300
        for start in range(0, total, chunk):
            specs = []
            for i in range(start, min(total, start + chunk)):
                in_large = i in bench_plans or i in small_plans or i in busy_plans or self.rng.random() < large_share
                extra = []
                if i in bench_plans:
                    extra.append((self.special[BENCH_USER], 3, i % 5 == 0 and i % 10 == 0))
                if i in small_plans:
                    extra.append((self.special[SMALL_USER], 2, False))
                if i in busy_plans:
                    extra.append((self.special[BUSY_USER], 3, False))
                specs.append({"large": in_large, "extra": extra, "items": 20})
            self.write(specs)

    def probes(self) -> dict[str, str]:
        """Two plans of the bench user with 5 and 40 items, for the query counts."""
        from wijkverband.cases.models import CasePlan

        before = set(CasePlan.objects.values_list("pk", flat=True))
        user = self.special[BENCH_USER]
        self.write(
            [
                {"large": True, "extra": [(user, 1, True)], "items": 5, "status": "active"},
                {"large": True, "extra": [(user, 4, True)], "items": 40, "status": "active"},
            ]
        )
        new = list(CasePlan.objects.exclude(pk__in=before).order_by("pk").values_list("uuid", flat=True))
        return {"plan_5_items": str(new[0]), "plan_40_items": str(new[1])}

    def write(self, specs: list[dict[str, Any]]) -> None:  # noqa: C901, PLR0912, PLR0915 - one bulk pipeline
        from wijkverband.cases.models import (
            ActionRole,
            CaseAction,
            CaseParticipant,
            CasePlan,
            Measurement,
            MeasurementScore,
            Meeting,
            PlanEntry,
            StatusChange,
            Watch,
            WatchContact,
        )
        from wijkverband.consent.models import ConsentGrant
        from wijkverband.residents.models import Involvement, Resident

        rng, today = self.rng, self.today
        others = self.organisations[1:]
        residents, plans, rows = [], [], []
        for spec in specs:
            self.serial += 1
            opener = self.large if spec["large"] else rng.choice(others)
            partners = rng.sample([o for o in self.organisations if o.pk != opener.pk], 2)
            status = spec.get("status") or rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
            opened = today - timedelta(days=rng.randint(30, 700))
            residents.append(
                Resident(
                    first_name=f"Bewoner{self.serial}",
                    last_name="Bench",
                    date_of_birth=date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000)),
                    postcode="5345 AB",
                    house_number=self.serial,
                    city="Oss",
                    neighbourhood=rng.choice(self.neighbourhoods),
                    registered_by_organisation=opener,
                )
            )
            rows.append({"spec": spec, "opener": opener, "partners": partners, "status": status, "opened": opened})
        residents = Resident.objects.bulk_create(residents)

        # Consents (basic + case plan) for every organisation in the plan; involvements for every professional.
        consents, involvements, people = [], [], []
        for row, resident in zip(rows, residents, strict=True):
            director = rng.choice(self.staff[row["opener"].pk])
            team = [(director, row["opener"], True)]
            team += [(rng.choice(self.staff[p.pk]), p, False) for p in row["partners"]]
            for user, _count, _direct in row["spec"]["extra"]:
                team.append((user, self.large, False))
            if any(direct for _u, _c, direct in row["spec"]["extra"]):
                # The bench user directs this plan instead.
                bench = row["spec"]["extra"][0][0]
                team = [(bench, self.large, True)] + [(u, o, False) for u, o, _d in team if u.pk != bench.pk]
            row["team"] = team
            consents.extend(
                ConsentGrant(
                    resident=resident,
                    organisation=organisation,
                    scope=scope,
                    purpose="Benchmark",
                    given_on=row["opened"] - timedelta(days=7),
                    recorded_for=row["opener"],
                )
                for organisation in {o.pk: o for _u, o, _d in team}.values()
                for scope in ("basic", "case_plan")
            )
            for user, organisation, direct in team:
                involvements.append(
                    Involvement(
                        resident=resident,
                        user=user,
                        organisation=organisation,
                        role="case_director" if direct else "professional",
                        reason="Benchmark",
                    )
                )
                people.append((row, user, organisation, direct, involvements[-1]))
        ConsentGrant.objects.bulk_create(consents, batch_size=5000)
        Involvement.objects.bulk_create(involvements, batch_size=5000)

        for row, resident in zip(rows, residents, strict=True):
            plans.append(
                CasePlan(
                    resident=resident,
                    title=f"Plan {resident.first_name}",
                    status=row["status"],
                    opened_by_organisation=row["opener"],
                    opened_by=row["team"][0][0],
                    opened_on=row["opened"],
                    escalation_table="Zorg- en Veiligheidshuis" if row["status"] == "escalated" else "",
                    closed_on=today - timedelta(days=10) if row["status"] == "closed" else None,
                )
            )
        plans = CasePlan.objects.bulk_create(plans, batch_size=5000)
        for row, plan in zip(rows, plans, strict=True):
            row["plan"] = plan

        participants = []
        for row, user, organisation, direct, involvement in people:
            participant = CaseParticipant(
                plan=row["plan"],
                kind="professional",
                user=user,
                organisation=organisation,
                involvement=involvement,
                name=user.display_name,
                is_case_director=direct and row["status"] != "registered",
            )
            row.setdefault("participants", []).append(participant)
            participants.append(participant)
        for row in rows:
            network = CaseParticipant(plan=row["plan"], kind="network", name="Buurvrouw", relation="buurvrouw")
            row["participants"].append(network)
            participants.append(network)
        CaseParticipant.objects.bulk_create(participants, batch_size=5000)

        entries, meetings, measurements, changes = [], [], [], []
        for row in rows:
            shape = SHAPES[row["spec"]["items"]]
            plan, opened = row["plan"], row["opened"]
            row["entries"] = [
                PlanEntry(
                    plan=plan,
                    kind=("want", "can", "need")[n % 3],
                    text="In de eigen woorden van de bewoner. " * 3,
                    recorded_on=opened,
                )
                for n in range(shape["entries"])
            ]
            entries += row["entries"]
            row["meetings"] = [
                Meeting(
                    plan=plan,
                    kind=("kitchen_table", "case_conference", "three_way")[n % 3],
                    held_on=min(today, opened + timedelta(days=7 + 30 * n)),
                    notes="Verslag van het gesprek. " * 10,
                    is_health_related=n % 3 == 2,
                )
                for n in range(shape["meetings"])
            ]
            meetings += row["meetings"]
            row["measurements"] = []
            for n in range(shape["measurements"]):
                code = ("zrm", "wellbeing", "participation_ladder", "wellbeing")[n % 4]
                row["measurements"].append(
                    Measurement(
                        plan=plan,
                        instrument=self.instruments[code],
                        measured_on=min(today, opened + timedelta(days=7 + 20 * n)),
                        moment="start" if n < 3 else "review",
                    )
                )
            measurements += row["measurements"]
            steps = list(HISTORIES[row["status"]])
            while row["status"] == "active" and len(steps) < shape["status_changes"]:
                steps += ["scaling_down", "active"]
            steps = steps[-shape["status_changes"] :]
            for n, to_status in enumerate(steps):
                changes.append(
                    StatusChange(
                        plan=plan,
                        from_status=steps[n - 1] if n else "",
                        to_status=to_status,
                        changed_at=self.at(min(today, opened + timedelta(days=3 * n))),
                        changed_by_name="Bench",
                        organisation_name=row["opener"].name,
                        reason="Benchmark",
                    )
                )
        PlanEntry.objects.bulk_create(entries, batch_size=5000)
        Meeting.objects.bulk_create(meetings, batch_size=5000)
        Measurement.objects.bulk_create(measurements, batch_size=5000)
        StatusChange.objects.bulk_create(changes, batch_size=5000)

        attendees, scores = [], []
        through = Meeting.attendees.through
        for row in rows:
            professionals = [p for p in row["participants"] if p.kind == "professional"]
            attendees.extend(
                through(meeting_id=meeting.pk, caseparticipant_id=participant.pk)
                for meeting in row["meetings"]
                for participant in professionals[:3]
            )
            for measurement in row["measurements"]:
                if measurement.instrument.code == "zrm":
                    scores += [
                        MeasurementScore(measurement=measurement, domain=d, value=rng.randint(1, 5))
                        for d in self.zrm_domains
                    ]
                else:
                    low, top = measurement.instrument.scale_min, measurement.instrument.scale_max
                    scores.append(MeasurementScore(measurement=measurement, value=rng.randint(low, top)))
        through.objects.bulk_create(attendees, batch_size=5000)
        MeasurementScore.objects.bulk_create(scores, batch_size=5000)

        actions, roles_for = [], []
        for row in rows:
            shape = SHAPES[row["spec"]["items"]]
            participants = row["participants"]
            director = participants[0]
            needs = [e for e in row["entries"] if e.kind == "need"]
            finished = row["status"] in ("closed", "watch")
            owned: list[tuple[CaseParticipant, bool]] = []
            by_user = {p.user_id: p for p in participants if p.user_id}
            special = {user.pk for user, _count, _direct in row["spec"]["extra"]}
            rota = [p for p in participants if p.user_id not in special]
            for user, count, _direct in row["spec"]["extra"]:
                owned += [(by_user[user.pk], True)] * count
            for n in range(shape["actions"]):
                if n < len(owned):
                    owner, must_be_open = owned[n]
                else:
                    owner, must_be_open = rota[n % len(rota)], False
                open_ = must_be_open or (not finished and n % 3 == 0)
                agreed = min(today - timedelta(days=1), row["opened"] + timedelta(days=7 + 10 * n))
                due = today + timedelta(days=rng.randint(-20, 40)) if open_ else agreed + timedelta(days=14)
                action = CaseAction(
                    plan=row["plan"],
                    need=needs[0] if needs else None,
                    meeting=row["meetings"][n % len(row["meetings"])],
                    description=f"Afspraak {n + 1}: wie doet wat wanneer",
                    owner=owner,
                    due_on=due,
                    status=("open", "in_progress")[n % 2] if open_ else "done",
                    result="" if open_ else "Gedaan zoals afgesproken.",
                    completed_on=None if open_ else min(today, due),
                )
                actions.append(action)
                others = [p for p in participants if p.pk != owner.pk]
                roles_for.append([(owner, "A")] + [(p, "RCI"[k % 3]) for k, p in enumerate(others[:2])])
        actions = CaseAction.objects.bulk_create(actions, batch_size=5000)
        ActionRole.objects.bulk_create(
            [
                ActionRole(action=action, participant=participant, role=role)
                for action, roles in zip(actions, roles_for, strict=True)
                for participant, role in roles
            ],
            batch_size=5000,
        )

        # Waakvlam plans: a schedule every four weeks, the first contacts done.
        watched = [row for row in rows if row["status"] == "watch"]
        watches = Watch.objects.bulk_create(
            [
                Watch(
                    plan=row["plan"],
                    contact=row["participants"][0],
                    interval_weeks=4,
                    starts_on=today - timedelta(weeks=6),
                    ends_on=today + timedelta(weeks=20),
                )
                for row in watched
            ]
        )
        WatchContact.objects.bulk_create(
            [
                WatchContact(
                    watch=watch,
                    due_on=today + timedelta(weeks=4 * k - 2),
                    done_on=today + timedelta(weeks=4 * k - 2) if k == 0 else None,
                    outcome="reached_well" if k == 0 else "",
                )
                for watch in watches
                for k in range(6)
            ],
            batch_size=5000,
        )


def generate(total: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", "--noinput", verbosity=0)
    started = time.perf_counter()
    generator = Generator()
    with transaction.atomic():
        generator.base()
        generator.plans(total)
        probes = generator.probes()
    return {"seconds": time.perf_counter() - started, **probes}


def counts() -> dict[str, int]:
    from wijkverband.cases.models import (
        ActionRole,
        CaseAction,
        CaseParticipant,
        CasePlan,
        Measurement,
        MeasurementScore,
        Meeting,
        PlanEntry,
        StatusChange,
    )
    from wijkverband.consent.models import ConsentGrant
    from wijkverband.residents.models import Involvement

    models = [
        CasePlan,
        PlanEntry,
        CaseAction,
        ActionRole,
        Meeting,
        Measurement,
        MeasurementScore,
        StatusChange,
        CaseParticipant,
        ConsentGrant,
        Involvement,
    ]
    return {m.__name__: m.objects.count() for m in models}


def sessions() -> dict[str, dict[str, str]]:
    """A verified session (as after password + TOTP) and an API token per measured user."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from django_otp import DEVICE_ID_SESSION_KEY
    from rest_framework.authtoken.models import Token

    from wijkverband.accounts.models import User

    result = {}
    for username in (BENCH_USER, SMALL_USER, BUSY_USER):
        user = User.objects.get(username=username)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get(name="default").persistent_id
        session.create()
        result[username] = {"session": session.session_key or "", "token": Token.objects.get(user=user).key}
    return result


def bench_user_facts() -> dict[str, Any]:
    from wijkverband.accounts.models import User
    from wijkverband.cases.models import CaseAction, CasePlan
    from wijkverband.testing.actors import actor_for

    facts: dict[str, Any] = {}
    for username in (BENCH_USER, SMALL_USER, BUSY_USER):
        actor = actor_for(User.objects.get(username=username))
        visible = CasePlan.objects.visible_to(actor)
        facts[username] = {
            "visible_plans": visible.count(),
            "open_actions_owned": CaseAction.objects.open()
            .filter(owner__user=actor.user, plan__in=visible.values("pk"))
            .count(),
        }
    return facts


def query_counts(info: dict[str, Any], auth: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Queries per request, in-process with the test client; the second request is counted (warm)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def measure(username: str, path: str, api: bool = False) -> tuple[int, int]:
        client = Client()
        headers: dict[str, str] = {}
        if api:
            headers["HTTP_AUTHORIZATION"] = f"Token {auth[username]['token']}"
        else:
            client.cookies["sessionid"] = auth[username]["session"]
        client.get(path, **headers)  # type: ignore[arg-type]
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, **headers)  # type: ignore[arg-type]
        return len(captured.captured_queries), response.status_code

    rows = []
    probes = [
        ("plan page, 5 items", BENCH_USER, f"/plannen/{info['plan_5_items']}/", False),
        ("plan page, 40 items", BENCH_USER, f"/plannen/{info['plan_40_items']}/", False),
        ("plan API, 5 items", BENCH_USER, f"/api/v1/case-plans/{info['plan_5_items']}", True),
        ("plan API, 40 items", BENCH_USER, f"/api/v1/case-plans/{info['plan_40_items']}", True),
        ("work list, 10 actions", SMALL_USER, "/plannen/werklijst/", False),
        ("work list, 300 actions", BUSY_USER, "/plannen/werklijst/", False),
        ("work list, bench user", BENCH_USER, "/plannen/werklijst/", False),
    ]
    for name, username, path, api in probes:
        queries, status = measure(username, path, api)
        rows.append({"page": name, "user": username, "path": path, "queries": queries, "status": status})
    return rows


def plan_ids(limit: int = 500) -> list[str]:
    """The plans the measured user takes part in (all 500): the requests rotate over every one of them,
    so per-process caches (form markup) hit no more often than for a real caseload."""
    from wijkverband.accounts.models import User
    from wijkverband.cases.models import CasePlan
    from wijkverband.testing.actors import actor_for

    actor = actor_for(User.objects.get(username=BENCH_USER))
    plans = CasePlan.objects.visible_to(actor).order_by("pk").values_list("uuid", flat=True)[:limit]
    return [str(u) for u in plans]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=10000)
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
    info_file = ROOT / "benchmarks" / "results" / "cases-probes.json"
    info_file.parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        print(f"Generating {args.plans} plans in bulk (bulk_create, NOT through the services; no audit trail) ...")
        info = generate(args.plans)
        info_file.write_text(json.dumps(info))
        print(f"  generated in {info['seconds']:.0f} s")
    else:
        info = json.loads(info_file.read_text())
        print("Reusing the existing benchmark database.")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    table_counts = counts()
    facts = bench_user_facts()
    auth = sessions()
    queries = query_counts(info, auth)
    ids = plan_ids()
    connection.close()

    env = {**os.environ, **ENV}
    endpoints = {
        "plan page": ([f"/plannen/{i}/" for i in ids], {"Cookie": f"sessionid={auth[BENCH_USER]['session']}"}),
        "work list": (["/plannen/werklijst/"], {"Cookie": f"sessionid={auth[BENCH_USER]['session']}"}),
        "plan API": ([f"/api/v1/case-plans/{i}" for i in ids], {"Authorization": f"Token {auth[BENCH_USER]['token']}"}),
    }
    rows = []
    server = serve(env, PORT, audit=True)
    try:
        for name, (paths, headers) in endpoints.items():
            load(PORT, paths, headers, args.users, 100)  # warm-up
            for mode in modes:
                paced = mode == "paced"
                total = args.paced_requests if paced else args.requests
                result = load(PORT, paths, headers, args.users, total, args.think if paced else 0.0)
                result.update(endpoint=name, mode=mode)
                rows.append(result)
    finally:
        server.terminate()
        server.wait(10)

    print("\nData (bulk, PostgreSQL):", ", ".join(f"{k} {v:,}" for k, v in table_counts.items()))
    for username, fact in facts.items():
        print(f"  {username}: {fact['visible_plans']} visible plans, {fact['open_actions_owned']} open agreements")
    print(f"\n{'page (queries per request, in-process)':42}{'queries':>8}{'status':>8}")
    for q in queries:
        print(f"{q['page']:42}{q['queries']:>8}{q['status']:>8}")
    print(
        f"\n{'endpoint':11}{'mode':10}{'req':>6}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}"
        f"   ({args.users} users, think {args.think} s when paced, gunicorn as gunicorn.conf.py, audit on;"
        f" target p95 < {TARGET_P95_MS} ms)"
    )
    for r in rows:
        print(
            f"{r['endpoint']:11}{r['mode']:10}{r['requests']:>6}{r['errors']:>5}{r['p50_ms']:>9.1f}"
            f"{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['rps']:>8.0f}"
        )
    meta = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "users": args.users,
        "think_s": args.think,
    }
    out = ROOT / "benchmarks" / "results" / f"cases-{int(time.time())}.json"
    out.write_text(
        json.dumps(
            {
                "meta": meta,
                "generated": info,
                "tables": table_counts,
                "users": facts,
                "queries": queries,
                "rows": rows,
                "note": "data written with bulk_create, not through the services",
            },
            indent=2,
        )
    )
    print(f"\nWritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
