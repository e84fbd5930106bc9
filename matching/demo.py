"""Demo: index the demo's verified enterprises (the accounts loader creates them without the services)."""

from core.demo import register_demo


@register_demo("matching", order=90)
def load(context, stdout):
    from .indexing import index_documents
    from .organisation_sources import _queryset

    ids = list(_queryset().values_list("pk", flat=True))
    result = index_documents(kind="organisations", ids=ids) if ids else {"indexed": 0}
    stdout.write(f"    matching: {result['indexed']} verified enterprises indexed")
