"""Pages under load: `python -m bench pages [--database-url URL] [--users 50] [--duration 90]`.

Starts the production server (gunicorn, DEBUG off, ``--workers`` sync workers, loopback only)
on the database given (it must hold the demo: ``manage.py load_demo``, and for the at-scale run
``python -m bench scale_data``), then runs a bounded, headless locust test with ``--users``
simulated users for ``--duration`` seconds (bench/_locustfile.py: visitors 60 %, enterprise
members 30 %, leaders 10 %; each waits 1-3 s between pages). The mix: home, library lists with
and without filters, the deepest page a list offers, keyword search, site search, detail pages,
the match panel for a demand as its owner and for an achievement as a visitor, patent pool
pages, the leader dashboard, the health check and sign-ins.

Prints the machine, the data size, the load average before and after, per page the request
count, errors, p50 and p95 with the targets of issue 19 beside them (p95 ≤ 150 ms except login,
0 errors, each p95 within 10× the health check's p95 of the same run), and each worker's
resident memory at the end (target ≤ 250 MiB at 100k records).
"""

import argparse
import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import machine, setup_django

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95_MS = 150
HEALTH_FACTOR = 10
RSS_TARGET_MIB = 250
KEYWORDS = ["机器人", "传感器", "氢能", "电池", "光伏", "智能制造", "新材料"]


def plan() -> dict:
    """What the simulated users open: real ids from the database."""
    import random

    from accounts.models import User
    from catalog.libraries import LIBRARIES
    from catalog.models import Achievement, Demand
    from core.pagination import MAX_ROWS
    from patents.models import Patent, PatentPool
    from reference.models import IndustryChain

    rng = random.Random(19)
    owner = User.objects.filter(email="enterprise@demo.qcy").first()
    leader = User.objects.filter(email="leader@demo.qcy").first()
    if owner is None or leader is None:
        raise SystemExit("the database has no demo users: run manage.py load_demo first")
    public_achievements = Achievement.objects.published().filter(visibility="public")
    public_demands = Demand.objects.published().filter(visibility="public")
    achievement_ids = list(public_achievements.order_by("?").values_list("pk", flat=True)[:200])
    demand_ids = list(public_demands.order_by("?").values_list("pk", flat=True)[:100])
    owned = list(
        Demand.objects.published().filter(owner_org_id__in=owner.organisation_ids()).values_list("pk", flat=True)
    )
    if not owned:
        raise SystemExit("the demo enterprise has no published demand: run manage.py load_demo first")
    rows = min(public_achievements.count(), MAX_ROWS)
    return {
        "password": "demo-pass-2026",
        "owner": owner.email,
        "leader": leader.email,
        "libraries": ["achievements", "demands"],
        "chains": list(IndustryChain.objects.values_list("slug", flat=True)),
        "deep_page": max(1, -(-rows // 20)),
        "keywords": [urllib.request.quote(k) for k in KEYWORDS],
        "details": [["achievements", pk] for pk in achievement_ids[:50]] + [["demands", pk] for pk in demand_ids[:50]],
        "achievements": achievement_ids[:100] or [0],
        "owned_demands": owned,
        "pools": list(PatentPool.objects.filter(is_active=True).values_list("slug", flat=True)) or ["hydrogen"],
        "patents": list(Patent.objects.order_by("?").values_list("publication_number", flat=True)[:50]),
        "sizes": {lib.slug: lib.model.objects.count() for lib in LIBRARIES.values()}
        | {"patents": Patent.objects.count()},
        "seed": rng.random(),
    }


def _wait_healthy(url: str, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before answering; see its output above")
        try:
            with urllib.request.urlopen(url + "/healthz/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz/ in time")


def _workers(master: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return children


def _memory_mib(pid: int) -> dict[str, float]:
    """A worker's memory in MiB: "rss" and "peak" (resident, VmRSS/VmHWM), "pss" (proportional:
    shared pages divided among the processes sharing them) and "private" (anonymous). The
    memory-mapped search indexes and vectors count in full in every worker's resident figure
    but are one copy in the page cache for all workers; PSS charges each worker its share."""
    values = {}
    for name in ("status", "smaps_rollup"):
        try:
            text = Path(f"/proc/{pid}/{name}").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            key, _sep, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "Pss"):
                values[key] = int(value.split()[0]) / 1024
    return {
        "rss": values.get("VmRSS", 0.0),
        "peak": values.get("VmHWM", 0.0),
        "pss": values.get("Pss", 0.0),
        "private": values.get("RssAnon", 0.0),
    }


def _warm(url: str, the_plan: dict) -> None:
    """Each worker loads its indexes and dictionary once, as a long-running server has."""
    paths = [
        "/",
        "/achievements/",
        f"/achievements/?q={the_plan['keywords'][0]}",
        "/search/?q=" + the_plan["keywords"][1],
    ]
    paths += [f"/matching/panel/achievements/{the_plan['achievements'][0]}/", "/patents/"]
    for _round in range(4):
        for path in paths:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + path, timeout=60).read()


def _table(stats_csv: Path) -> list[dict]:
    rows = []
    with open(stats_csv, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            rows.append(
                {
                    "name": row["Name"],
                    "method": row["Type"],
                    "count": int(row["Request Count"]),
                    "errors": int(row["Failure Count"]),
                    "p50": float(row["50%"] or 0),
                    "p95": float(row["95%"] or 0),
                    "rps": float(row["Requests/s"] or 0),
                }
            )
    return rows


def report(rows: list[dict]) -> bool:
    health = next((r["p95"] for r in rows if r["name"] == "health"), None)
    limit = health * HEALTH_FACTOR if health else None
    print()
    print(
        f"{'page':<38}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}   target p95     ≤ {HEALTH_FACTOR}× health"
    )
    ok = True
    for row in sorted(rows, key=lambda r: -r["p95"]):
        is_login = row["name"] == "login"
        target = "(login: none)" if is_login else f"≤ {TARGET_P95_MS} ms"
        meets = is_login or row["p95"] <= TARGET_P95_MS
        within = limit is None or is_login or row["p95"] <= limit
        ok &= meets and within and row["errors"] == 0
        print(
            f"{row['name']:<38}{row['count']:>9}{row['errors']:>8}{row['p50']:>9.0f}{row['p95']:>9.0f}   "
            f"{target:<13}{'✓' if meets else '✗':>2}   {'✓' if within else '✗'}"
        )
    total = sum(r["count"] for r in rows)
    errors = sum(r["errors"] for r in rows)
    print(f"{'all':<38}{total:>9}{errors:>8}   ({sum(r['rps'] for r in rows):.1f} requests/s; target 0 errors)")
    if health is not None:
        print(f"health check p95: {health:.0f} ms → each page's p95 should be ≤ {limit:.0f} ms")
    return ok


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench pages")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--var-dir", default=os.environ.get("VAR_DIR"), help="where the search index lives")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=90, help="seconds of load (bounded)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8719)
    args = parser.parse_args(argv)
    if args.duration > 600 or args.users > 200:
        raise SystemExit("keep the run bounded: --duration ≤ 600 s, --users ≤ 200")
    if args.var_dir:
        os.environ["VAR_DIR"] = args.var_dir
    setup_django(args.database_url)
    from django.db import connection

    the_plan = plan()
    connection.close()
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}; records: " + ", ".join(f"{k} {v:,}" for k, v in the_plan["sizes"].items()))
    print(
        f"load: {args.users} users (spawn {args.spawn_rate}/s), {args.duration} s, gunicorn {args.workers} sync workers, DEBUG off"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    env = dict(os.environ, DEBUG="0", ALLOWED_HOSTS="127.0.0.1,localhost", BENCH_PAGES_PLAN=json.dumps(the_plan))
    env.setdefault("SECRET_KEY", "benchmark-only-key")
    # Plain HTTP on the loopback (no TLS proxy in front), and the demo leader has no second factor
    # enrolled: production's HTTPS redirect, secure cookies and 2FA requirement are off here.
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "REQUIRE_2FA"):
        env.setdefault(name, "0")
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    url = f"http://127.0.0.1:{args.port}"
    bindir = Path(sys.executable).parent
    server = subprocess.Popen(
        [
            str(bindir / "gunicorn"),
            "techmarket.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        _wait_healthy(url, server)
        _warm(url, the_plan)
        with tempfile.TemporaryDirectory() as tmp:
            prefix = Path(tmp) / "run"
            run = subprocess.run(
                [
                    str(bindir / "locust"),
                    "-f",
                    str(ROOT / "bench" / "_locustfile.py"),
                    "--headless",
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.spawn_rate),
                    "-t",
                    f"{args.duration}s",
                    "--host",
                    url,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--stop-timeout",
                    "5",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
                check=False,
                timeout=args.duration + 120,
                capture_output=True,
                text=True,
            )
            rss = [_memory_mib(pid) for pid in _workers(server.pid)]
            if not Path(f"{prefix}_stats.csv").exists():
                print(run.stderr[-3000:])
                raise SystemExit("locust wrote no statistics")
            rows = _table(Path(f"{prefix}_stats.csv"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ok = report(rows)
    if rss:
        print(
            "worker memory (MiB, resident now/peak · proportional · private): "
            + ", ".join(f"{m['rss']:.0f}/{m['peak']:.0f} · {m['pss']:.0f} · {m['private']:.0f}" for m in rss)
        )
        worst_rss, worst_pss = max(m["peak"] for m in rss), max(m["pss"] for m in rss)
        print(
            f"  target ≤ {RSS_TARGET_MIB} MiB: resident {'✓' if worst_rss <= RSS_TARGET_MIB else '✗'} "
            f"(counts the shared memory-mapped indexes in full in every worker), "
            f"proportional {'✓' if worst_pss <= RSS_TARGET_MIB else '✗'}"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("all targets met" if ok else "some targets missed (✗ above)")
