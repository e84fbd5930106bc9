"""Innovation points and pool selection at scale: `python -m bench enterprises_scale [--n 5000] [--database-url URL]`.

Creates N synthetic enterprises (fictitious, fixed seed) with two verified annual reports and a few
verified qualifications each in a fresh database (temporary SQLite file by default), then times
``points.score_year`` (every firm scored with its breakdown) and ``pools.propose_year`` (the bulk
SQL selection over 16 tiers plus the per-firm explanations of each proposal). No baseline: the
yearly jobs run once a year in the background; the figure shows they fit in minutes.
"""

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench import machine, setup_django


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench enterprises_scale")
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench_enterprises_"))
    setup_django(args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}")

    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Organisation
    from enterprises import points, pools
    from enterprises.models import AnnualReport, EnterpriseProfile, PoolProposal, Qualification

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    start = time.perf_counter()
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"基准企业{i:06d}", kind="enterprise", verification_status="verified")
            for i in range(args.n)
        ],
        batch_size=2000,
    )
    profiles = EnterpriseProfile.objects.bulk_create(
        [EnterpriseProfile(organisation=o, founded_on=dt.date(2005 + i % 19, 1, 1)) for i, o in enumerate(orgs)],
        batch_size=2000,
    )
    reports, quals = [], []
    for p in profiles:
        size = rng.choice([300, 800, 2000, 6000, 25000, 60000])
        for year, factor in ((2024, 1), (2025, rng.choice([1.0, 1.1, 1.3, 1.6]))):
            revenue = Decimal(int(size * factor))
            reports.append(
                AnnualReport(
                    profile=p,
                    year=year,
                    staff=100,
                    rd_staff=rng.choice([5, 15, 30]),
                    revenue=revenue,
                    net_profit=revenue / 10,
                    rd_expenditure=revenue * rng.choice([2, 5, 12]) / 100,
                    tax=revenue / 20,
                    financing=Decimal(rng.choice([0, 500, 8000, 30000])),
                    status="verified",
                    source="verified",
                )
            )
        for kind in rng.sample(["tech_sme", "high_tech", "srdi_sme", "gazelle"], k=rng.randint(0, 3)):
            quals.append(Qualification(profile=p, kind=kind, issued_on=dt.date(2024, 1, 1), status="verified"))
    AnnualReport.objects.bulk_create(reports, batch_size=2000)
    Qualification.objects.bulk_create(quals, batch_size=2000)
    setup = time.perf_counter() - start

    start = time.perf_counter()
    run = points.score_year(year=2025)
    scoring = time.perf_counter() - start
    start = time.perf_counter()
    pools.propose_year(year=2025)
    selection = time.perf_counter() - start
    print(f"machine: {machine()}; database: {connection.vendor}; load average: {os.getloadavg()}")
    print(
        f"data: {args.n} enterprises, {len(reports)} verified reports, {len(quals)} verified qualifications (setup {setup:.1f} s)"
    )
    print(
        f"points.score_year: {run.scored} firms scored in {scoring:.1f} s ({scoring / max(run.scored, 1) * 1000:.2f} ms per firm)"
    )
    print(f"pools.propose_year: {PoolProposal.objects.count()} proposals over 16 tiers in {selection:.1f} s")
