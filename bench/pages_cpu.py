"""CPU per page, load-independent: `python -m bench pages_cpu [--database-url URL] [--repeat 10]`.

The companion of `python -m bench pages` for a busy machine: wall times under load measure the
queue, CPU times do not. Opens each page kind of the pages mix in this process through Django's
test client (every middleware, DEBUG off, warm caches as a long-running worker has them) and
prints per page kind, averaged over ``--repeat`` requests after one warm-up request:

- ``app ms``: CPU time of this process (Python: views, templates, ORM, driver) per request;
- ``db ms``: CPU time of the PostgreSQL backend serving this connection per request (from
  /proc/<backend pid>/stat; PostgreSQL must run on this machine, else "?");
- ``queries``: SQL statements per request and ``sql ms`` their wall time.

The target it serves: on the 2-core machine of issue 19, locust and the server share the cores,
so the pages mix (about 25 requests/s at 50 users) needs app + db ≤ about 30 ms per request on
average for p95 ≤ 150 ms. ``--cold`` clears the cache before each request (first visit after a
change or after the TTL).
"""

import argparse
import os
import random
import time
import urllib.parse


def _backend_cpu_ms(pid: int | None) -> float | None:
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) * 1000 / ticks


def pages(the_plan: dict) -> list[tuple[str, str, str]]:
    """(page kind, who, path) for every kind of the pages mix; ids from ``bench.pages.plan``."""
    rng = random.Random(19)
    kw = [urllib.parse.unquote(k) for k in the_plan["keywords"]]
    chain = the_plan["chains"][0] if the_plan["chains"] else ""
    achievement = the_plan["achievements"][0]
    demand = next(pk for kind, pk in the_plan["details"] if kind == "demands")
    return [
        ("health", "visitor", "/healthz/"),
        ("home", "visitor", "/"),
        ("home (signed in)", "owner", "/"),
        ("list", "visitor", "/achievements/?page=3"),
        ("list (demands)", "visitor", "/demands/?page=2"),
        ("list filtered", "visitor", f"/achievements/?chain={chain}&stage=&page=2"),
        ("list filtered (demands)", "visitor", f"/demands/?chain={chain}&stage=&page=1"),
        ("list deep page", "visitor", f"/achievements/?page={the_plan['deep_page']}"),
        ("keyword search", "visitor", f"/achievements/?q={urllib.parse.quote(kw[0])}&page=2"),
        ("keyword search (demands)", "visitor", f"/demands/?q={urllib.parse.quote(kw[1])}&page=1"),
        ("site search", "visitor", f"/search/?q={urllib.parse.quote(kw[1])}"),
        ("detail (achievement)", "visitor", f"/achievements/{achievement}/"),
        ("detail (demand)", "visitor", f"/demands/{demand}/"),
        ("detail (demand, owner)", "owner", f"/demands/{the_plan['owned_demands'][0]}/"),
        ("patent pool list", "visitor", "/patents/"),
        ("patent pool", "visitor", f"/patents/pools/{rng.choice(the_plan['pools'])}/"),
        ("patent detail", "visitor", f"/patents/p/{the_plan['patents'][0]}/"),
        ("match panel (achievement, visitor)", "visitor", f"/matching/panel/achievements/{achievement}/"),
        ("match panel (demand, owner)", "owner", f"/matching/panel/demands/{the_plan['owned_demands'][0]}/"),
        ("leader dashboard", "leader", "/monitoring/"),
        ("login form", "visitor", "/accounts/login/"),
    ]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench pages_cpu")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--var-dir", default=os.environ.get("VAR_DIR"), help="where the search index lives")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cold", action="store_true", help="clear the cache before each request")
    parser.add_argument("--only", default="", help="only the page kinds containing this text")
    args = parser.parse_args(argv)
    if args.var_dir:
        os.environ["VAR_DIR"] = args.var_dir
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "REQUIRE_2FA"):
        os.environ.setdefault(name, "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    from bench import machine, setup_django
    from bench.pages import plan

    setup_django(args.database_url)
    import logging

    logging.getLogger("techmarket.request").setLevel(logging.WARNING)  # one log line per request
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    the_plan = plan()
    clients = {"visitor": Client()}
    for who in ("owner", "leader"):
        clients[who] = Client()
        clients[who].force_login(User.objects.get(email=the_plan[who]))
    # The panels are htmx fragments: ask for them as the page's script does.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT NULL")
        backend = cursor.fetchone()[0]
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}; records: " + ", ".join(f"{k} {v:,}" for k, v in the_plan["sizes"].items()))
    print(f"cache: {cache.__class__.__name__}; {'cold (cleared before each request)' if args.cold else 'warm'}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print(f"{'page':<38}{'app ms':>8}{'db ms':>8}{'sum ms':>8}{'queries':>9}{'sql ms':>8}  status")
    totals = []
    for kind, who, path in pages(the_plan):
        if args.only and args.only not in kind:
            continue
        client = clients[who]
        headers = {"HX-Request": "true"} if path.startswith("/matching/panel/") else {}
        status = client.get(path, headers=headers).status_code  # warm-up: templates, indexes, caches
        app = db = sql = 0.0
        queries = 0
        db_known = True
        for _round in range(args.repeat):
            if args.cold:
                cache.clear()
            db_before = _backend_cpu_ms(backend)
            cpu_before = time.process_time()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path, headers=headers)
            app += time.process_time() - cpu_before
            db_after = _backend_cpu_ms(backend)
            if db_before is None or db_after is None:
                db_known = False
            else:
                db += db_after - db_before
            queries += len(captured.captured_queries)
            sql += sum(float(q["time"]) for q in captured.captured_queries)
            status = response.status_code
        n = args.repeat
        app_ms, db_ms = app * 1000 / n, db / n
        totals.append(app_ms + (db_ms if db_known else 0))
        print(
            f"{kind:<38}{app_ms:>8.1f}{(f'{db_ms:.1f}' if db_known else '?'):>8}"
            f"{app_ms + (db_ms if db_known else 0):>8.1f}{queries / n:>9.1f}{sql * 1000 / n:>8.1f}  {status}"
        )
    print(f"{'mean over page kinds':<38}{'':>16}{sum(totals) / max(1, len(totals)):>8.1f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("app = this process's CPU, db = PostgreSQL backend CPU (10 ms clock ticks, averaged), sql = SQL wall time")
