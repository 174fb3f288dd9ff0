"""Latency of the resident page and the resident API under 20 concurrent users, audit on and off.

Serves the app with gunicorn as `make run` does (sized by gunicorn.conf.py), on SQLite and PostgreSQL,
once with audit logging and once without (WIJKVERBAND_AUDIT_ENABLED=false, benchmark only), and
prints p50/p95/p99 latency, throughput and the audit overhead. Figures only; nothing is asserted.

Two load shapes, both with 20 users:
- ``paced``: each user waits a think time (uniform 0.5-1.5 x --think seconds) after every answer,
  as people at a desk do and as locust users do; this is the latency a user experiences.
- ``saturated``: no think time, every user fires the next request at once; this measures the
  capacity of the 2 cores (req/s) and what audit costs in it. Latency here is mostly queueing:
  p50 ~ users / throughput.

    .venv/bin/python benchmarks/web.py [--db sqlite|postgres|both] [--mode paced|saturated|both]
        [--users 20] [--think 1.0] [--requests 2000] [--paced-requests 600]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/wijkverband_bench"

SETUP = r"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from rest_framework.authtoken.models import Token
from wijkverband.accounts.models import User
from wijkverband.residents.models import Resident
from wijkverband.testing.actors import actor_for
user = User.objects.get(username="prof.wijkteam")
token, _ = Token.objects.get_or_create(user=user)
# A verified session as after a real password + TOTP login; the login itself is not what we measure.
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get(name="default").persistent_id
session.create()
ids = [str(r.uuid) for r in Resident.objects.visible_to(actor_for(user))[:10]]
print(json.dumps({"token": token.key, "session": session.session_key, "ids": ids}))
"""


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([str(BIN / "wijkverband"), *args], env=env, capture_output=True, text=True, check=True)
    return result.stdout


def prepare(db: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    env.update(WIJKVERBAND_SECRET_KEY="bench-" + "k" * 50, WIJKVERBAND_ALLOWED_HOSTS="127.0.0.1,localhost")
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS wijkverband_bench")
            conn.execute("CREATE DATABASE wijkverband_bench")
        env["DATABASE_URL"] = PG_BENCH
    else:
        env["WIJKVERBAND_DATA_DIR"] = tempfile.mkdtemp(prefix="wv-bench-")
        env.pop("DATABASE_URL", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "demo")
    return env


def audit_count(env: dict[str, str]) -> int:
    out = manage(
        env, "shell", "-c", "from wijkverband.audit.models import AuditEvent; print(AuditEvent.objects.count())"
    )
    return int(out.strip().splitlines()[-1])


def serve(env: dict[str, str], port: int, audit: bool) -> subprocess.Popen[bytes]:
    server_env = {**env, "WIJKVERBAND_AUDIT_ENABLED": "true" if audit else "false"}
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--pythonpath",
            "src",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=server_env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def load(
    port: int, paths: list[str], headers: dict[str, str], users: int, total: int, think: float = 0.0
) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + 180

    def worker(index: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        pause = random.Random(index)
        if think:
            time.sleep(pause.uniform(0, think))  # users arrive spread out, not in one burst
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            started = time.perf_counter()
            try:
                conn.request("GET", paths[(n + index) % len(paths)], headers=headers)
                response = conn.getresponse()
                response.read()
            except (ConnectionError, http.client.HTTPException, TimeoutError):
                # The server closed a kept-alive connection (or a worker died): count it, then reconnect,
                # as a browser would, instead of losing the whole run.
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    errors += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += response.status != 200
            if think:
                time.sleep(think * pause.uniform(0.5, 1.5))

    started = time.perf_counter()
    with ThreadPoolExecutor(users) as pool:
        list(pool.map(worker, range(users)))
    wall = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": quantiles[49] * 1000,
        "p95_ms": quantiles[94] * 1000,
        "p99_ms": quantiles[98] * 1000,
        "rps": len(latencies) / wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="requests per row, saturated")
    parser.add_argument("--paced-requests", type=int, default=600, help="requests per row, paced")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time of a paced user, seconds")
    parser.add_argument("--mode", choices=["paced", "saturated", "both"], default="both")
    args = parser.parse_args()
    modes = ["paced", "saturated"] if args.mode == "both" else [args.mode]
    rows: list[dict[str, Any]] = []
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        env = prepare(db)
        info = json.loads(manage(env, "shell", "-c", SETUP).strip().splitlines()[-1])
        endpoints = {
            "page": ([f"/bewoners/{i}/" for i in info["ids"]], {"Cookie": f"sessionid={info['session']}"}),
            "api": ([f"/api/v1/residents/{i}" for i in info["ids"]], {"Authorization": f"Token {info['token']}"}),
        }
        for audit in (True, False):
            server = serve(env, 8765, audit)
            try:
                for name, (paths, headers) in endpoints.items():
                    load(8765, paths, headers, args.users, 200)  # warm-up
                    for mode in modes:
                        paced = mode == "paced"
                        total = args.paced_requests if paced else args.requests
                        before = audit_count(env)
                        result = load(8765, paths, headers, args.users, total, args.think if paced else 0.0)
                        result.update(
                            db=db, mode=mode, audit=audit, endpoint=name, audit_events_added=audit_count(env) - before
                        )
                        rows.append(result)
            finally:
                server.terminate()
                server.wait(10)
    print(
        f"\n{'db':9}{'mode':10}{'endpoint':9}{'audit':7}{'req':>6}{'err':>5}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'req/s':>8}{'events':>8}"
    )
    for r in rows:
        print(
            f"{r['db']:9}{r['mode']:10}{r['endpoint']:9}{'on' if r['audit'] else 'off':7}{r['requests']:>6}"
            f"{r['errors']:>5}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}{r['rps']:>8.0f}"
            f"{r['audit_events_added']:>8}"
        )
    print(f"\nAudit overhead, on vs off (targets: p95 < 150 ms at {args.users} users, overhead < 10%)")
    for db in sorted({r["db"] for r in rows}):
        for mode in modes:
            for endpoint in ("page", "api"):
                on, off = (
                    next(
                        r
                        for r in rows
                        if (r["db"], r["mode"], r["endpoint"], r["audit"]) == (db, mode, endpoint, audit)
                    )
                    for audit in (True, False)
                )
                # Saturated: overhead is lost capacity. Paced: it is added latency.
                print(
                    f"  {db:9}{mode:10}{endpoint:5} p50 {100 * (on['p50_ms'] / off['p50_ms'] - 1):+.1f}%  "
                    f"p95 {100 * (on['p95_ms'] / off['p95_ms'] - 1):+.1f}%  "
                    f"throughput {100 * (on['rps'] / off['rps'] - 1):+.1f}%"
                )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    meta = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "users": args.users,
        "think_s": args.think,
    }
    (out / f"web-{int(time.time())}.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
