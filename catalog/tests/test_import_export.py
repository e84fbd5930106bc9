import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from catalog import importing
from catalog.columns import COLUMNS
from catalog.libraries import LIBRARIES
from catalog.models import Achievement, Demand, ReviewEvent

DEMAND_HEADER = [
    "标题",
    "技术问题",
    "预算下限（万元）",
    "预算上限（万元）",
    "期望完成日期",
    "期望合作方式",
    "卡脖子",
    "产业链",
    "地市",
    "区县",
    "保密细节",
]


def csv_bytes(rows, encoding="utf-8-sig") -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD_ROWS = [
    DEMAND_HEADER,
    [
        "质子交换膜耐久性",
        "膜衰减快",
        "50",
        "200",
        "2026-12-31",
        "转让、许可",
        "是",
        "氢能",
        "西安市",
        "610113",
        "配方A",
    ],
    [
        "光伏组件清洗机器人",
        "人工清洗成本高",
        "面议",
        "",
        "2026/06/30",
        "合作开发",
        "否",
        "光伏、人工智能",
        "610400",
        "",
        "",
    ],
]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "csv-gbk", "xlsx"])
def test_good_file_imports_every_row(operator, fmt):
    content = {"csv": csv_bytes(GOOD_ROWS), "csv-gbk": csv_bytes(GOOD_ROWS, "gb18030"), "xlsx": xlsx_bytes(GOOD_ROWS)}[
        fmt
    ]
    filename = "demands.xlsx" if fmt == "xlsx" else "demands.csv"
    report = importing.import_records(model=Demand, filename=filename, content=content, by=operator)
    assert report.ok, [e.as_dict() for e in report.errors]
    assert report.created == 2
    first = Demand.objects.get(title="质子交换膜耐久性")
    assert first.status == "published" and first.is_bottleneck and first.cooperation_modes == ["transfer", "licence"]
    assert str(first.budget_max) == "200.00" and first.county_id == "610113" and first.prefecture_id == "610100"
    assert list(first.industry_chains.values_list("slug", flat=True)) == ["hydrogen"]
    second = Demand.objects.get(title="光伏组件清洗机器人")
    assert (
        second.budget_min is None
        and second.deadline.isoformat() == "2026-06-30"
        and second.industry_chains.count() == 2
    )
    assert ReviewEvent.objects.filter(action="import").count() == 2


@pytest.mark.django_db
def test_import_as_draft(operator):
    report = importing.import_records(
        model=Demand, filename="d.csv", content=csv_bytes(GOOD_ROWS), by=operator, publish=False
    )
    assert report.ok and set(Demand.objects.values_list("status", flat=True)) == {"draft"}


BAD_ROWS = [
    DEMAND_HEADER,
    ["好行", "问题", "", "", "", "", "", "", "", "", ""],
    ["", "缺标题", "", "", "", "", "", "", "", "", ""],  # line 3: 标题 missing
    ["预算倒挂", "问题", "300", "100", "", "", "", "", "", "", ""],  # line 4: budget_max < budget_min
    ["坏格式", "问题", "很多", "", "明年", "以物易物", "也许", "区块链", "北京市", "", ""],  # line 5: six problems
]


def _expected_errors():
    return {
        (3, "标题", "必填"),
        (4, "预算上限（万元）"),
        (5, "预算下限（万元）"),
        (5, "期望完成日期"),
        (5, "期望合作方式"),
        (5, "卡脖子"),
        (5, "产业链"),
        (5, "地市"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_bad_rows_write_nothing_and_report_every_problem(operator, fmt):
    content = csv_bytes(BAD_ROWS) if fmt == "csv" else xlsx_bytes(BAD_ROWS)
    report = importing.import_records(model=Demand, filename=f"d.{fmt}", content=content, by=operator)
    assert not report.ok and report.created == 0
    assert not Demand.objects.exists() and not ReviewEvent.objects.exists()
    found = {(e.line, e.column) for e in report.errors}
    for expected in _expected_errors():
        assert expected[:2] in found, (expected, found)
    assert 2 not in {e.line for e in report.errors}  # the good line is not blamed
    messages = {(e.line, e.column): e.message for e in report.errors}
    assert messages[(4, "预算上限（万元）")] == "预算上限不能低于下限。"
    assert "不是数字" in messages[(5, "预算下限（万元）")]
    assert "未知的产业链" in messages[(5, "产业链")] and "区块链" in messages[(5, "产业链")]
    assert "不是有效选项" in messages[(5, "期望合作方式")]


@pytest.mark.django_db
def test_header_problems_are_reported(operator):
    report = importing.import_records(
        model=Demand, filename="d.csv", content=csv_bytes([["标题", "颜色"], ["a", "b"]]), by=operator
    )
    assert report.errors[0].line == 1 and "技术问题" in report.errors[0].message
    report = importing.import_records(
        model=Demand, filename="d.csv", content=csv_bytes([["标题", "技术问题", "颜色"], ["a", "b", "c"]]), by=operator
    )
    assert "无法识别的列" in report.errors[0].message and "颜色" in report.errors[0].message
    report = importing.import_records(model=Demand, filename="d.txt", content=b"x", by=operator)
    assert "只支持" in report.errors[0].message
    report = importing.import_records(model=Demand, filename="d.xlsx", content=b"not a zip", by=operator)
    assert "无法读取" in report.errors[0].message
    report = importing.import_records(model=Demand, filename="d.csv", content=csv_bytes([DEMAND_HEADER]), by=operator)
    assert "没有数据行" in report.errors[0].message


@pytest.mark.django_db
def test_only_operators_import(member, client):
    with pytest.raises(PermissionDenied):
        importing.import_records(model=Demand, filename="d.csv", content=csv_bytes(GOOD_ROWS), by=member)
    client.force_login(member)
    assert client.get(reverse("catalog:import")).status_code == 403


@pytest.mark.django_db
def test_import_page_reports_errors_in_chinese_and_imports_good_file(client, operator):
    client.force_login(operator)
    upload = io.BytesIO(csv_bytes(BAD_ROWS))
    upload.name = "bad.csv"
    page = client.post(
        reverse("catalog:import"), {"library": "demands", "file": upload, "publish": "1"}, follow=True
    ).content.decode()
    # The import runs as a background job (inline here, without Redis); its page lists the errors.
    assert "失败" in page and "本批未写入任何记录" in page and "预算上限不能低于下限" in page and "必填" in page
    assert not Demand.objects.exists()
    upload = io.BytesIO(xlsx_bytes(GOOD_ROWS))
    upload.name = "good.xlsx"
    response = client.post(
        reverse("catalog:import"), {"library": "demands", "file": upload, "publish": "1"}, follow=True
    )
    assert "导入成功：2 条技术需求" in response.content.decode()
    assert Demand.objects.published().count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(LIBRARIES))
def test_template_opens_with_openpyxl_and_round_trips(client, operator, slug):
    client.force_login(operator)
    response = client.get(reverse("catalog:import_template", args=[slug]))
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    workbook = load_workbook(io.BytesIO(response.content))
    model = LIBRARIES[slug].model
    assert [c.value for c in workbook["数据"][1]] == [c.header for c in COLUMNS[model]]
    assert workbook["说明"].max_row == len(COLUMNS[model]) + 1
    # The empty template itself is a valid (header-only) file: no unknown or missing columns.
    report = importing.import_records(model=model, filename="t.xlsx", content=response.content, by=operator)
    assert [e.message for e in report.errors] == ["没有数据行。"]


def _export_rows(client, slug, **params):
    response = client.get(reverse("catalog:export", args=[slug]), params)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.mark.django_db
def test_export_respects_filters_and_search(client, make_record, enterprise):
    from reference.models import IndustryChain

    a = make_record(Achievement, owner_org=enterprise, title="氢气纯化膜", stage="pilot", asking_price=120)
    a.industry_chains.add(IndustryChain.objects.get(slug="hydrogen"))
    make_record(Achievement, owner_org=enterprise, title="光伏硅片切割", stage="lab")
    make_record(Achievement, owner_org=enterprise, title="草稿成果", status="draft")
    rows = _export_rows(client, "achievements")
    assert rows[0][0] == "编号" and {r[1] for r in rows[1:]} == {"氢气纯化膜", "光伏硅片切割"}
    assert [r[1] for r in _export_rows(client, "achievements", stage="pilot")[1:]] == ["氢气纯化膜"]
    assert [r[1] for r in _export_rows(client, "achievements", chain="hydrogen")[1:]] == ["氢气纯化膜"]
    assert [r[1] for r in _export_rows(client, "achievements", q="硅片")[1:]] == ["光伏硅片切割"]
    header = list(rows[0])
    row = next(r for r in rows if r[1] == "氢气纯化膜")
    assert row[header.index("成熟阶段")] == "中试" and row[header.index("产业链")] == "氢能"


@pytest.mark.django_db
def test_export_mine_scope_needs_membership(client, make_record, enterprise, member, make_user):
    make_record(Demand, owner_org=enterprise, title="我的草稿需求", status="draft")
    assert len(_export_rows(client, "demands", scope="mine")) == 1  # visitor: header only
    client.force_login(make_user())
    assert len(_export_rows(client, "demands", scope="mine")) == 1
    client.force_login(member)
    assert [r[1] for r in _export_rows(client, "demands", scope="mine")[1:]] == ["我的草稿需求"]


@pytest.mark.django_db
def test_export_never_writes_formulas(client, make_record, enterprise):
    make_record(Demand, owner_org=enterprise, title='=HYPERLINK("http://evil.example","点我")')
    response = client.get(reverse("catalog:export", args=["demands"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
