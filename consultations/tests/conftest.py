import pytest


@pytest.fixture
def owner_org(make_org):
    return make_org(name="西安某大学氢能团队", kind="university")


@pytest.fixture
def owner(make_user, owner_org):
    return make_user(name="周老师", org=owner_org)


@pytest.fixture
def colleague(make_user, owner_org):
    return make_user(name="周老师的同事", org=owner_org)


@pytest.fixture
def asker(make_user, make_org):
    return make_user(name="郑工", org=make_org(name="沣西新能源装备有限公司"))


@pytest.fixture
def outsider(make_user, make_org):
    return make_user(name="无关人员", org=make_org(name="无关公司"))


@pytest.fixture
def expert(make_record, owner_org):
    from catalog.models import Expert

    return make_record(Expert, owner_org=owner_org, title="周教授（氢燃料电池）", fields_of_work="燃料电池")


@pytest.fixture
def make_patent(db):
    from patents.models import Patent
    from patents.services.importing import import_rows

    def make(number="CN114000001B", title="一种金属双极板成形装置"):
        import_rows([(1, {"publication_number": number, "title": title})], source="test")
        return Patent.objects.get(publication_number=number)

    return make


@pytest.fixture
def no_throttle_limit(monkeypatch):
    from consultations.throttles import ConsultationThrottle

    monkeypatch.setattr(ConsultationThrottle, "rate", "1000/hour", raising=False)
