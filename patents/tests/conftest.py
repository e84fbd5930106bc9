import itertools
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
_serial = itertools.count(100001)
# Facts a source may give beside title and IPC: with them an invention grant in a strategic pool
# has five of the eight scored items known (strategic industry, overseas family, pledge, claims,
# citations), enough to be rated high-value (``scoring`` min_known).
KNOWN_FACTS = {"claims_count": 12, "cited_by_count": 3, "overseas_family": False, "pledge_amount": 0}


@pytest.fixture
def make_patent(db):
    """Import one patent through the real importer (so pools and scores are assigned)."""
    from patents.models import Patent
    from patents.services.importing import import_rows

    def make(kind="B", **fields):
        digit = {"A": "1", "B": "1", "U": "2", "S": "3"}[kind]
        number = fields.pop("publication_number", f"CN{digit}14{next(_serial):06d}{kind}")
        row = {"publication_number": number, "title": fields.pop("title", "一种测试装置"), **fields}
        import_rows([(1, row)], source="test")
        return Patent.objects.get(publication_number=number)

    return make


@pytest.fixture
def pool(db):
    from patents.models import PatentPool

    return PatentPool.objects.get(slug="hydrogen")
