"""The real-world intake cases of tests/intake/ (copied from the project's shared/cases/intake):
each file through the import it is meant for, behaving as tests/intake/README.md says."""

import datetime as dt
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog import importing
from catalog.models import Achievement, Demand
from patents.models import Patent
from patents.services.importing import ImportRejected, import_file

INTAKE = Path(__file__).resolve().parent / "intake"

pytestmark = pytest.mark.django_db


def _import(model, name, operator, **kwargs):
    path = INTAKE / name
    return importing.import_records(model=model, filename=path.name, content=path.read_bytes(), by=operator, **kwargs)


def test_cr_only_line_endings_read_like_lf(operator):
    report = _import(Demand, "cr-only-line-endings_demands.csv", operator)
    assert report.ok, report.errors
    assert report.created == 2
    second = Demand.objects.get(title="演示需求：无人机电池管理")
    assert second.budget_max == Decimal("30") and second.deadline == dt.date(2026, 7, 1)


def test_unreadable_csv_is_one_file_error(operator):
    content = b'\xef\xbb\xbf\xe6\xa0\x87\xe9\xa2\x98,\xe6\x8a\x80\xe6\x9c\xaf\xe9\x97\xae\xe9\xa2\x98\n"a\x00b,c\n'
    report = importing.import_records(model=Demand, filename="x.csv", content=content * 1, by=operator)
    assert not report.ok and not Demand.objects.exists()


def test_wrong_sheet_dimension_reads_every_row(operator):
    report = _import(Demand, "wrong-sheet-dimension_demands.xlsx", operator)
    assert report.ok, report.errors
    assert report.created == 2
    assert set(Demand.objects.values_list("budget_max", flat=True)) == {Decimal("80"), Decimal("40")}


def test_nul_byte_is_a_row_error_with_line_and_column(operator):
    report = _import(Demand, "nul-byte-in-cell_demands.csv", operator)
    assert not report.ok and report.created == 0 and not Demand.objects.exists()
    [error] = report.errors
    assert (error.line, error.column) == (2, "标题")
    assert "U+0000" in error.message


def test_trl_infinite_is_a_row_error(operator):
    report = _import(Achievement, "trl-infinite_achievements.csv", operator)
    assert not report.ok and not Achievement.objects.exists()
    [error] = report.errors
    assert (error.line, error.column) == (2, "技术成熟度TRL") and "不是整数" in error.message


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "NaN", "5.5", "1e400", "10", "0", "三"])
def test_trl_refuses_non_finite_non_integral_and_out_of_range(operator, value):
    content = f"标题,技术成熟度TRL\n演示成果,{value}\n".encode()
    report = importing.import_records(model=Achievement, filename="a.csv", content=content, by=operator)
    assert not report.ok and report.errors[0].column == "技术成熟度TRL"


def test_gbk_file_with_unit_in_amount(operator):
    report = _import(Demand, "gbk-with-unit-amount_demands.csv", operator)
    assert report.ok, report.errors
    robot = Demand.objects.get(title="演示需求：光伏组件清洗机器人")
    assert robot.budget_min == Decimal("1000") and robot.budget_max is None and robot.is_bottleneck
    assert robot.deadline == dt.date(2026, 6, 30)
    battery = Demand.objects.get(title="演示需求：锂电池回收")
    assert battery.budget_min == Decimal("50") and battery.deadline == dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("50万元", "50"), ("50万", "50"), ("500000元", "50"), ("0.5亿元", "5000"), ("1，000", "1000"), ("５０", "50")],
)
def test_amount_units_are_converted(operator, cell, expected):
    content = f'标题,技术问题,预算下限（万元）\n演示需求,问题,"{cell}"\n'.encode()
    report = importing.import_records(model=Demand, filename="d.csv", content=content, by=operator)
    assert report.ok, report.errors
    assert Demand.objects.get().budget_min == Decimal(expected)


@pytest.mark.parametrize("cell", ["50美元", "-5", "1.234元", "inf"])
def test_amounts_refused_clearly(operator, cell):
    content = f"标题,技术问题,预算下限（万元）\n演示需求,问题,{cell}\n".encode()
    report = importing.import_records(model=Demand, filename="d.csv", content=content, by=operator)
    assert not report.ok and report.errors[0].column == "预算下限（万元）", report.errors


def test_title_row_above_header_is_skipped(operator):
    report = _import(Demand, "title-row-above-header_demands.xlsx", operator)
    assert report.ok, report.errors
    assert Demand.objects.get().title == "演示需求：无人机巡检图像识别"


def test_missing_header_says_where_it_must_be(operator):
    content = "汇总表\n\n甲,乙\n".encode()
    report = importing.import_records(model=Demand, filename="d.csv", content=content, by=operator)
    assert not report.ok and "前 10 行" in report.errors[0].message and "标题" in report.errors[0].message


def test_header_matched_after_nfkc_and_cells_lose_format_characters(operator):
    content = "标题,技术问题,预算上限(万元)\n演示\u200b需求\u00ad,问\ufeff题,８０\n".encode()
    report = importing.import_records(model=Demand, filename="d.csv", content=content, by=operator)
    assert report.ok, report.errors
    demand = Demand.objects.get()
    assert (demand.title, demand.problem, demand.budget_max) == ("演示需求", "问题", Decimal("80"))


def test_row_limit_refuses_before_reading_everything(operator):
    content = ("标题,技术问题\n" + "演示,问题\n" * 6).encode()
    report = importing.import_records(model=Demand, filename="d.csv", content=content, by=operator, max_rows=5)
    assert not report.ok and "最多" in report.errors[0].message and not Demand.objects.exists()


def test_mixed_latin_han_achievements_import(operator):
    report = _import(Achievement, "mixed-latin-han_achievements.csv", operator)
    assert report.ok, report.errors and report.created == 2


def test_patent_numbers_as_written_are_normalised_on_import(operator):
    report = _import(Achievement, "patent-numbers-as-written_achievements.csv", operator)
    assert report.ok, report.errors
    numbers = sorted(Achievement.objects.values_list("patent_numbers", flat=True))
    assert numbers == ["CN111504366B、CN114081026A", "CN114081026A", "CN114081026A", "CN114081026A"]


def test_patent_hyphen_number_and_ipc_version():
    report = import_file(INTAKE / "patent-hyphen-number-ipc-version_patents.csv")
    assert report.created == 1
    patent = Patent.objects.get()
    assert patent.publication_number == "CN119000001A"
    assert patent.ipc_codes == ",H01M8/0228," and patent.application_date == dt.date(2024, 3, 5)


def test_patent_date_with_slashes():
    report = import_file(INTAKE / "patent-date-slashes_patents.csv")
    assert report.created == 1
    assert Patent.objects.get().application_date == dt.date(2024, 3, 5)


def test_patent_import_reads_what_library_import_reads(tmp_path):
    """GB18030, CR line ends, Chinese headers, a title row and NUL refused — the same reader."""
    path = tmp_path / "p.csv"
    text = "专利清单（演示）\r公开号,名称,申请日\rCN-119000002-A,演示：储氢瓶,2024年3月5日\r"
    path.write_bytes(text.encode("gb18030"))
    assert import_file(path).created == 1
    bad = tmp_path / "bad.csv"
    bad.write_bytes("publication_number,title\nCN119000003A,演示\x00\n".encode())
    with pytest.raises(ImportRejected) as exc:
        import_file(bad)
    assert [(e.line, e.field) for e in exc.value.report.errors] == [(2, "title")]


def test_import_records_command(operator, tmp_path):
    out, err = StringIO(), StringIO()
    path = INTAKE / "cr-only-line-endings_demands.csv"
    call_command("import_records", "demands", str(path), "--dry-run", stdout=out, stderr=err)
    assert "2 行" in out.getvalue() and not Demand.objects.exists()
    call_command("import_records", "demands", str(path), "--publish", stdout=out, stderr=err)
    assert Demand.objects.filter(status="published").count() == 2
    with pytest.raises(CommandError):
        call_command("import_records", "demands", str(INTAKE / "nul-byte-in-cell_demands.csv"), stdout=out, stderr=err)
    assert "第 2 行 标题" in err.getvalue()
    assert Demand.objects.count() == 2


def test_patent_import_from_bytes_for_background_jobs():
    from patents.services.importing import import_content

    path = INTAKE / "patent-date-slashes_patents.csv"
    assert import_content(path.name, path.read_bytes()).created == 1


def test_one_upload_lists_every_error_of_a_row(operator):
    """A row with an unreadable cell still gets the model's field checks on its other cells, so an
    operator fixes the file once (the new-user trial found the e-mail error only on a second upload)."""
    content = "标题,技术成熟度TRL,联系邮箱\n演示成果,inf,not-an-email\n".encode()
    report = importing.import_records(model=Achievement, filename="a.csv", content=content, by=operator)
    columns = [e.column for e in report.errors]
    assert "技术成熟度TRL" in columns and any("邮箱" in c for c in columns), columns
    assert not Achievement.objects.exists()
