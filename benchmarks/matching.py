"""The placement matcher at scale and over time (issue 5, generator of shared/docs/matching.md §4).

Static: Alkmaar-like regions (6 gemeenten with supply shares 50/25 and BUCH 25 split over 4, 40–80
buurten of 300–2,500 social homes, traffic light 60/30/10% with 12-month caps green stock/250–stock/100,
orange 1–2, red 0 in the rolling run; static batches cap a buurt at 60/15/0% of its offered homes as
matching.md's experiment did; homes 0.9–1.2× clients, 80% under the aftoppingsgrens;
household 1/2/3/4+ 70/15/10/5%; access need 10%, accessible
homes 15%; support low/mid/high 40/40/20%; 85% low income; 5 corporations with stock 35/25/20/10/10% and a
quota of 25% of the placements each). Larger sizes glue regions of 1,000 clients. Each size runs in its own
process so the peak memory (ru_maxrss) is that size's. Reports runtime, peak memory, share housed,
objective and fit as a ratio to the LP relaxation on the same candidate graph, and the same for FCFS.

Rolling: 3 years of one region (~130 clients and ~150 homes a year, each home on offer 28 days; the first
year is warm-up), weekly batches vs FCFS on the day vs the hindsight optimum (one offline solve with
per-year caps; urgency earned for housing before the target, see hindsight()). Reports % housed within
90 days, ever housed, median and p90 wait (unhoused clients count with their wait so far: a lower bound).

    .venv/bin/python benchmarks/matching.py                              # full: 100 … 100,000 + 10 seeds
    .venv/bin/python benchmarks/matching.py --sizes 100 1000 --seeds 1   # small
Figures only; nothing is asserted. Targets: ≥ 99% of the bound; 10,000 clients < 10 s; 100,000 < 120 s.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from wijkverband.placements import matching as m  # noqa: E402

START = date(2026, 1, 1)
SHARES = [0.50, 0.25, 0.0625, 0.0625, 0.0625, 0.0625]
CORPS = [("K1", 0.35), ("K2", 0.25), ("K3", 0.20), ("K4", 0.10), ("K5", 0.10)]


def weighted(rng: random.Random, options: list[tuple[object, float]]) -> object:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


class Region:
    """The fixed geography of one region: gemeenten, wijken, buurten with stock and traffic light."""

    def __init__(self, rng: random.Random, name: str) -> None:
        self.name = name
        self.gemeenten = [f"{name}GM{g}" for g in range(6)]
        self.buurten: dict[str, list[str]] = {g: [] for g in self.gemeenten}
        self.wijk: dict[str, str] = {}
        self.stock: dict[str, int] = {}
        self.colour: dict[str, str] = {}
        self.cap12: dict[str, int] = {}
        n_buurten = rng.randint(40, 80)
        for b in range(n_buurten):
            gemeente = str(weighted(rng, list(zip(self.gemeenten, SHARES, strict=True))))
            code = f"{gemeente}BU{b}"
            self.buurten[gemeente].append(code)
            self.wijk[code] = f"{gemeente}WK{len(self.buurten[gemeente]) // 4}"
            self.stock[code] = rng.randint(300, 2500)
            colour = str(weighted(rng, [(m.GREEN, 0.6), (m.ORANGE, 0.3), (m.RED, 0.1)]))
            self.colour[code] = colour
            stock = self.stock[code]
            self.cap12[code] = {m.GREEN: rng.randint(stock // 250, stock // 100), m.ORANGE: rng.randint(1, 2)}.get(
                colour, 0
            )
        for gemeente in self.gemeenten:  # every gemeente has at least one buurt
            if not self.buurten[gemeente]:
                code = f"{gemeente}BU0x"
                self.buurten[gemeente].append(code)
                self.wijk[code], self.stock[code], self.colour[code], self.cap12[code] = (
                    f"{gemeente}WK0",
                    500,
                    m.GREEN,
                    3,
                )

    def home(self, rng: random.Random, hid: str) -> m.Home:
        gemeente = str(weighted(rng, list(zip(self.gemeenten, SHARES, strict=True))))
        buurt = rng.choice(self.buurten[gemeente])
        cx = rng.randint(0, 19)
        in_portiek = rng.random() < 0.6
        return m.Home(
            id=hid,
            corporation=f"{self.name}{weighted(rng, CORPS)}",
            buurt=buurt,
            wijk=self.wijk[buurt],
            gemeente=gemeente,
            rooms=int(weighted(rng, [(1, 0.15), (2, 0.35), (3, 0.30), (4, 0.15), (5, 0.05)])),
            # Most homes offered for outflow are under the aftoppingsgrens (max rent of low incomes).
            rent=float(rng.randint(450, 650) if rng.random() < 0.8 else rng.randint(651, 880)),
            access_level=int(weighted(rng, [(0, 0.85), (1, 0.10), (2, 0.05)])),
            complex=f"{buurt}CX{cx}",
            portiek=f"{buurt}CX{cx}P{rng.randint(0, 1)}" if in_portiek else None,
            core_distance_km=rng.expovariate(1 / 2.5),
            care_team=rng.random() < 0.1,
            region=self.name,
        )

    def client(self, rng: random.Random, cid: str, registered_on: date) -> m.Client:
        origin = str(weighted(rng, list(zip(self.gemeenten, SHARES, strict=True))))
        size = int(weighted(rng, [(1, 0.70), (2, 0.15), (3, 0.10), (4, 0.05)]))
        all_buurten = [b for bs in self.buurten.values() for b in bs]
        wished = frozenset([rng.choice(self.buurten[origin])]) if rng.random() < 0.3 else frozenset()
        return m.Client(
            id=cid,
            household_size=size,
            origin_municipality=origin,
            max_rent=650.0 if rng.random() < 0.85 else 880.0,
            registered_on=registered_on,
            access_need=int(weighted(rng, [(0, 0.90), (1, 0.07), (2, 0.03)])),
            support=str(weighted(rng, [(m.SUPPORT_LOW, 0.4), (m.SUPPORT_MID, 0.4), (m.SUPPORT_HIGH, 0.2)])),
            wished_areas=wished,
            excluded_areas=frozenset([rng.choice(all_buurten)]) if rng.random() < 0.1 else frozenset(),
            network_areas=frozenset([rng.choice(all_buurten)]) if rng.random() < 0.3 else frozenset(),
            region=self.name,
        )


def static_instance(n_clients: int, seed: int) -> m.Instance:
    rng = random.Random(seed)
    clients: list[m.Client] = []
    homes: list[m.Home] = []
    lights: dict[str, m.TrafficLight] = {}
    quotas: list[m.SoftQuota] = []
    today = START + timedelta(days=200)
    for r in range(math.ceil(n_clients / 1000)):
        region = Region(rng, f"R{r}")
        n = min(1000, n_clients - 1000 * r)
        n_homes = round(n * rng.uniform(0.9, 1.2))
        clients += [region.client(rng, f"R{r}C{i}", today - timedelta(days=rng.randint(0, 150))) for i in range(n)]
        homes += [region.home(rng, f"R{r}H{j}") for j in range(n_homes)]
        # Static caps as in matching.md's experiment: green 60%, orange 15%, red 0% of the homes offered there.
        offered: dict[str, int] = {}
        for h in homes[-n_homes:]:
            offered[h.buurt] = offered.get(h.buurt, 0) + 1
        share = {m.GREEN: 0.6, m.ORANGE: 0.15, m.RED: 0.0}
        lights.update(
            {
                b: m.TrafficLight(region.colour[b], math.ceil(share[region.colour[b]] * offered.get(b, 0)))
                for b in region.stock
            }
        )
        limit = math.ceil(0.25 * min(n, n_homes) * 0.9)
        quotas += [m.SoftQuota(m.CORPORATION, f"R{r}{k}", limit, 30.0) for k, _ in CORPS]
    return m.Instance(tuple(clients), tuple(homes), today, lights, quotas=tuple(quotas))


def run_static(n_clients: int, seed: int, per_client: int | None, time_limit: float) -> dict[str, object]:
    instance = static_instance(n_clients, seed)
    started = time.perf_counter()
    graph = m.candidates(instance, max_per_client=per_client, seed=seed)
    candidate_s = time.perf_counter() - started
    best = m.solve(instance, graph, time_limit=time_limit)
    fcfs = m.fcfs(instance, graph)
    relaxation = best.relaxation or math.nan
    return {
        "clients": n_clients,
        "homes": len(instance.homes),
        "pairs": len(graph.pairs),
        "components": best.components,
        "candidates_s": round(candidate_s, 2),
        "solve_s": round(best.runtime_s, 2),
        "total_s": round(candidate_s + best.runtime_s, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "status": best.status,
        "housed": best.housed / n_clients,
        "ratio": best.objective / relaxation,
        "fit_ratio": best.fit_ratio,
        "violations": len(best.evaluation.violations),
        "fcfs_s": round(fcfs.runtime_s, 2),
        "fcfs_housed": fcfs.housed / n_clients,
        "fcfs_ratio": fcfs.objective / relaxation,
        "fcfs_fit_ratio": (fcfs.objective - instance.weights.housed * fcfs.housed)
        / (relaxation - instance.weights.housed * (best.bound_housed or 0)),
        "fcfs_violations": len(fcfs.evaluation.violations),
    }


# --- rolling simulation -----------------------------------------------------------------------------


def arrivals(seed: int, days: int) -> tuple[Region, list[tuple[int, m.Client]], list[tuple[int, m.Home]]]:
    rng = random.Random(seed)
    region = Region(rng, "R")
    clients: list[tuple[int, m.Client]] = []
    homes: list[tuple[int, m.Home]] = []
    for day in range(days):
        for _ in range(poisson(rng, 130 / 365)):
            clients.append((day, region.client(rng, f"C{len(clients)}", START + timedelta(days=day))))
        for _ in range(poisson(rng, 150 / 365)):
            homes.append((day, region.home(rng, f"H{len(homes)}")))
    return region, clients, homes


def poisson(rng: random.Random, lam: float) -> int:
    k, p, threshold = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


def simulate(seed: int, policy: str, days: int) -> dict[str, int]:
    """Day by day: homes stay on offer 28 days; caps are the 12-month capacity minus placements so far."""
    region, clients, homes = arrivals(seed, days)
    placed_on: dict[str, int] = {}
    placements: list[tuple[int, m.Home]] = []
    waiting: dict[str, m.Client] = {}
    offered: dict[str, tuple[int, m.Home]] = {}
    ci = hi = 0
    for day in range(days):
        while ci < len(clients) and clients[ci][0] == day:
            waiting[clients[ci][1].id] = clients[ci][1]
            ci += 1
        while hi < len(homes) and homes[hi][0] == day:
            offered[homes[hi][1].id] = homes[hi]
            hi += 1
        offered = {k: v for k, v in offered.items() if day - v[0] < 28}
        if (policy == "weekly" and day % 7 == 6) or policy == "fcfs":
            recent = [h for d, h in placements if day - d < 365]
            lights = {}
            for b, colour in region.colour.items():
                used = sum(1 for h in recent if h.buurt == b)
                lights[b] = m.TrafficLight(colour, max(0, region.cap12[b] - used))
            counts: dict[tuple[str, str], int] = {}
            for h in recent:
                for g in h.path()[:2]:
                    counts[g] = counts.get(g, 0) + 1
            instance = m.Instance(
                tuple(waiting.values()),
                tuple(h for _, h in offered.values()),
                START + timedelta(days=day),
                lights,
                recent=counts,
            )
            result = m.fcfs(instance) if policy == "fcfs" else m.solve(instance, time_limit=10)
            for cid, hid in result.assignment.items():
                placed_on[cid] = day
                placements.append((day, offered.pop(hid)[1]))
                del waiting[cid]
    # Wait in days when housed; minus the wait so far when not (kept apart by the sign).
    return {c.id: placed_on[c.id] - d if c.id in placed_on else -(days - d) for d, c in clients}


def hindsight(seed: int, days: int) -> dict[str, int]:
    """The offline optimum over the horizon (fit and housed as in the batches), caps per calendar year."""
    region, clients, homes = arrivals(seed, days)
    year_homes = []
    for day, h in homes:
        y = day // 365
        year_homes.append(
            (
                day,
                m.Home(
                    id=h.id,
                    corporation=h.corporation,
                    buurt=f"{h.buurt}@{y}",
                    wijk=f"{h.wijk}@{y}",
                    gemeente=h.gemeente,
                    rooms=h.rooms,
                    rent=h.rent,
                    access_level=h.access_level,
                    complex=f"{h.complex}@{y}",
                    portiek=f"{h.portiek}@{y}" if h.portiek else None,
                    core_distance_km=h.core_distance_km,
                    care_team=h.care_team,
                    region=h.region,
                ),
            )
        )
    lights = {
        f"{b}@{y}": m.TrafficLight(c, region.cap12[b]) for b, c in region.colour.items() for y in range(days // 365 + 1)
    }
    instance = m.Instance(tuple(c for _, c in clients), tuple(h for _, h in year_homes), START, lights)
    # Eligibility as in the batches, plus time: the client must be registered before the offer ends.
    # Exclusions name buurten without the year suffix, so check them against the original home.
    graph = m.candidates(instance)
    keep = []
    for p, (i, j) in enumerate(graph.pairs):
        cday, hday = clients[i][0], year_homes[j][0]
        if cday <= hday + 27 and not clients[i][1].excluded_areas & set(homes[j][1].areas()):
            keep.append(p)
    pairs, values = [], []
    for p in keep:
        i, j = graph.pairs[p]
        # Offline every match time is free, so urgency at match time would reward letting people wait;
        # hindsight instead earns the urgency points for housing before the 90-day target.
        wait = max(0, year_homes[j][0] - clients[i][0])
        w = instance.weights
        fit = sum(points for _, points in m.score_parts(clients[i][1], homes[j][1], w))
        pairs.append((i, j))
        values.append(fit + w.urgency * (1 - min(1.0, wait / w.target_days)))
    by_client: list[list[int]] = [[] for _ in clients]
    for p, (i, _) in enumerate(pairs):
        by_client[i].append(p)
    graph = m.CandidateGraph(instance, pairs, values, by_client, graph.home_index, graph.client_index, True)
    result = m.solve(instance, graph, time_limit=120)
    registered = {c.id: d for d, c in clients}
    home_day = {h.id: d for d, h in homes}
    out: dict[str, int] = {}
    for cid, d in registered.items():
        if cid in result.assignment:
            out[cid] = max(0, home_day[result.assignment[cid]] - d)
        else:
            out[cid] = -(days - d)
    return out


def summarise(waits: dict[str, int], registered: dict[str, int], days: int) -> dict[str, float]:
    # Clients registered after the warm-up year and at least 90 days before the end.
    cohort = [c for c, d in registered.items() if 365 <= d <= days - 90]
    housed = [c for c in cohort if waits[c] >= 0]
    within = [c for c in housed if waits[c] <= 90]
    wait_all = sorted(abs(waits[c]) for c in cohort)
    p90 = wait_all[min(len(wait_all) - 1, int(0.9 * len(wait_all)))] if wait_all else 0
    return {
        "cohort": len(cohort),
        "within_90": len(within) / max(1, len(cohort)),
        "ever": len(housed) / max(1, len(cohort)),
        "median_wait": statistics.median(wait_all) if wait_all else 0,
        "p90_wait": p90,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10_000, 100_000])
    parser.add_argument("--candidates", type=int, default=60, help="per client (matching.md m60); 0 = all eligible")
    parser.add_argument("--seeds", type=int, default=10, help="seeds of the rolling simulation (0 = skip)")
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    per_client = args.candidates or None
    if args.one:
        print(json.dumps(run_static(args.one, seed=args.one, per_client=per_client, time_limit=args.time_limit)))
        return
    print("static (one process per size; ratio = objective / LP relaxation on the same graph)")
    print(
        f"{'clients':>8} {'homes':>7} {'pairs':>9} {'cand s':>7} {'solve s':>8} {'MB':>6} {'status':>10} "
        f"{'housed':>7} {'ratio':>7} {'fit':>7} {'viol':>4} | {'FCFS s':>6} {'housed':>7} {'ratio':>7} {'fit':>7}"
    )
    for size in args.sizes:
        cmd = [
            sys.executable,
            __file__,
            "--one",
            str(size),
            "--candidates",
            str(args.candidates),
            "--time-limit",
            str(args.time_limit),
        ]
        out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        print(
            f"{out['clients']:>8} {out['homes']:>7} {out['pairs']:>9} {out['candidates_s']:>7} {out['solve_s']:>8} "
            f"{out['peak_mb']:>6} {out['status']:>10} {out['housed']:>7.1%} {out['ratio']:>7.2%} "
            f"{out['fit_ratio'] or 0:>7.2%} {out['violations']:>4} | {out['fcfs_s']:>6} {out['fcfs_housed']:>7.1%} "
            f"{out['fcfs_ratio']:>7.2%} {out['fcfs_fit_ratio']:>7.2%}"
        )
    if args.seeds:
        days = 365 * args.years
        print(
            f"\nrolling {args.years} years, {args.seeds} seed(s); cohort after the warm-up year;"
            " p90 counts unhoused waits so far"
        )
        rows: dict[str, list[dict[str, float]]] = {"fcfs": [], "weekly": [], "hindsight": []}
        for seed in range(args.seeds):
            _, clients, _ = arrivals(seed, days)
            registered = {c.id: d for d, c in clients}
            for policy in ("fcfs", "weekly"):
                waits = simulate(seed, policy, days)
                rows[policy].append(summarise(waits, registered, days))
            rows["hindsight"].append(summarise(hindsight(seed, days), registered, days))
        print(f"{'policy':>10} {'≤90 d':>7} {'worst':>7} {'ever':>7} {'median':>7} {'p90':>5}")
        for policy, results in rows.items():
            print(
                f"{policy:>10} {statistics.mean(r['within_90'] for r in results):>7.1%} "
                f"{min(r['within_90'] for r in results):>7.1%} {statistics.mean(r['ever'] for r in results):>7.1%} "
                f"{statistics.mean(r['median_wait'] for r in results):>7.0f} "
                f"{statistics.mean(r['p90_wait'] for r in results):>5.0f}"
            )


if __name__ == "__main__":
    main()
