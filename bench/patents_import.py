"""Patent import rate: `python -m bench patents_import [--database-url URL] [--copies N]`.

Imports the 9,740 real patents shipped in patents/data/cn_patents_titles_ipc_9740.csv.gz into a fresh
database (a temporary SQLite file by default; for PostgreSQL pass e.g.
postgres://postgres@127.0.0.1:5432/h_bench_patents, which is dropped and re-created), through the
same service as `manage.py import_patents` (validation, upsert, pool assignment, scoring, linking).
It times three passes: the first import (inserts), the same file again (nothing changes), and the
file with every title changed (updates). ``--copies N`` also writes N renumbered copies of the
rows (synthetic publication numbers, same titles and IPC) to show scaling. The matching engine's
re-indexing, which a task queue runs after the import in production, is not part of the timing.
"""

import argparse
import csv
import gzip
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from bench import machine, setup_django

DATA = Path(__file__).resolve().parents[1] / "patents" / "data" / "cn_patents_titles_ipc_9740.csv.gz"


def _fresh_postgres(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _write_variant(rows: list[dict], path: Path, *, copies: int, title_suffix: str = "") -> int:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["publication_number", "title", "ipc_subclasses"])
        writer.writeheader()
        count = 0
        for copy in range(copies):
            for row in rows:
                number = row["publication_number"]
                if copy:  # synthetic renumbering keeps the series digit and kind code valid
                    digits = int(number[3:11]) + copy * 300_000 % 100_000_000
                    number = f"{number[:3]}{digits % 100_000_000:08d}{number[11:]}"
                writer.writerow(
                    {
                        "publication_number": number,
                        "title": row["title"] + title_suffix,
                        "ipc_subclasses": row["ipc_subclasses"],
                    }
                )
                count += 1
    return count


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench patents_import")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--copies", type=int, default=1, help="1 = the real file only")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench_patents_"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        _fresh_postgres(url)
    setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    from matching.sources import documents_changed_signal
    from patents.models import Patent, PoolMembership
    from patents.services.importing import import_file

    call_command("migrate", verbosity=0)
    documents_changed_signal.receivers = []  # index work goes to the task queue, not timed here
    with gzip.open(DATA, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    base = tmp / "patents.csv"
    changed = tmp / "patents_changed.csv"
    n = _write_variant(rows, base, copies=args.copies)
    _write_variant(rows, changed, copies=args.copies, title_suffix="（修订）")

    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} (1 min)")
    print(
        f"database: {connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.cursor().connection.info.server_version}"
    )
    print(
        f"data: {DATA.name} ({len(rows):,} real patents) x {args.copies} = {n:,} rows, {base.stat().st_size / 1e6:.1f} MB"
    )
    for label, path in (
        ("first import (insert)", base),
        ("same file again (no change)", base),
        ("every title changed (update)", changed),
    ):
        started, cpu_started = time.perf_counter(), time.process_time()
        report = import_file(path)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(
            f"{label:30s} wall {seconds:6.2f} s {n / seconds:8,.0f}/s | this process's CPU {cpu:6.2f} s {n / cpu:8,.0f}/s  "
            f"(created {report.created:,}, updated {report.updated:,}, unchanged {report.unchanged:,})"
            + (f"  target >= 5,000/s: {'met' if n / seconds >= 5000 else 'NOT met'} (wall)" if report.created else "")
        )
    print(
        f"patents {Patent.objects.count():,}, pool memberships {PoolMembership.objects.count():,}, "
        f"high-value {Patent.objects.filter(high_value=True).count():,}"
    )
    print("target: >= 5,000 patents/s. Wall time includes waiting for a shared CPU (see load average);")
    print("CPU time is what the import itself costs (on PostgreSQL the server's own CPU is not in it).")
