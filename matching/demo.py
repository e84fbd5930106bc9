"""Demo: index the demo's verified enterprises (the loaders create them without the services)."""

from core.demo import register_demo

# After every loader that creates verified enterprises without the services (accounts 10,
# listings 85, enterprises 90, fulfilment 95 ...): at 90 the three firms of the fulfilment demo
# (政策演示企业甲/乙/丙) were never indexed, and /matching/status/ showed 42 published, 39 indexed.
# Before the vectors job (10 000), which embeds what is indexed.
ORDER = 9_000


@register_demo("matching", order=ORDER)
def load(context, stdout):
    from .indexing import index_documents
    from .organisation_sources import _queryset

    ids = list(_queryset().values_list("pk", flat=True))
    result = index_documents(kind="organisations", ids=ids) if ids else {"indexed": 0}
    stdout.write(f"    matching: {result['indexed']} verified enterprises indexed")


@register_demo("matching_vectors", order=10_000)
def start_vectors(context, stdout):
    """Semantic matching needs vectors: the demo's records are embedded by a background job (a
    Celery worker with REDIS_URL; without Redis, `make run` runs `manage.py embed_backfill`
    beside the web server). /matching/status/ shows the coverage."""
    from django.conf import settings

    from jobs.services import job_start

    from . import embedding

    if embedding.get_embedder() is None:
        stdout.write(f"    matching: {embedding.status()}")
    elif settings.REDIS_URL:
        job_start(name="matching.embed_backfill")  # enqueued when the loader's transaction commits
        stdout.write("    matching: 语义向量补算任务已交给 Celery worker（进度见 /matching/status/）")
    else:
        stdout.write("    matching: 语义向量请运行 manage.py embed_backfill（make run 会在后台运行）")
