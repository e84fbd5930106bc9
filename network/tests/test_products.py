"""Product library (产品库, 首台（套）): import through the shared pipeline, linked patents found by
number, list page and API."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

pytestmark = pytest.mark.django_db


def _file(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_products_import_list_and_api(client, operator, enterprise, member):
    from django.core.exceptions import PermissionDenied

    from network.importing import import_products
    from network.models import Product
    from patents.models import Patent

    patent = Patent.objects.create(publication_number="CN114081026A", title="燃料电池电堆")
    head = ["产品名称", "产品类别", "生产企业", "相关专利", "认定批次/文号", "申领补贴（万元）"]
    bad = _file([head, ["电堆", "首台（套）重大技术装备", enterprise.name, "CN 999999999 A", "", "abc"]])
    report = import_products(filename="p.xlsx", content=bad, by=operator)
    assert not report.ok and Product.objects.count() == 0
    good = _file(
        [head, ["氢燃料电池电堆", "首台（套）重大技术装备", enterprise.name, "CN 114081026 A", "2026年第一批", "120"]]
    )
    assert import_products(filename="p.xlsx", content=good, by=operator).created == 1
    product = Product.objects.get()
    assert list(product.patents.all()) == [patent] and product.subsidy_claimed_wan == 120
    with pytest.raises(PermissionDenied):
        import_products(filename="p.xlsx", content=good, by=member)
    html = client.get(reverse("network:products") + "?kind=first_set").content.decode()
    assert "氢燃料电池电堆" in html and "CN114081026A" in html
    data = client.get("/api/v1/network/products/").json()["results"]
    assert data[0]["patents"] == ["CN114081026A"]
