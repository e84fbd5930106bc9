import json

import pytest
from django.core.management import CommandError, call_command

from patents.models import Patent, PoolMembership
from patents.services.importing import ImportRejected, import_file, import_rows

from .conftest import FIXTURES

SAMPLE = FIXTURES / "sample_30.csv"


@pytest.mark.django_db
def test_csv_import_then_reimport_changes_nothing():
    report = import_file(SAMPLE)
    assert (report.created, report.updated, report.unchanged) == (30, 0, 0)
    patent = Patent.objects.get(publication_number="CN215677119U")
    assert patent.patent_type == "utility" and patent.ipc_subclass_list == ["G01D", "H02S"]
    # The CSV carries no dates, applicants or status: they stay empty, never derived.
    assert patent.application_date is None and patent.legal_status == "" and patent.applicants == []
    assert PoolMembership.objects.filter(patent=patent, pool__slug="photovoltaic").exists()
    snapshot = list(Patent.objects.order_by("id").values())
    memberships = list(PoolMembership.objects.order_by("id").values())
    again = import_file(SAMPLE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 30)
    assert list(Patent.objects.order_by("id").values()) == snapshot
    assert list(PoolMembership.objects.order_by("id").values()) == memberships


@pytest.mark.django_db
def test_rejected_batch_writes_nothing_and_reports_every_bad_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "publication_number,title,ipc_subclasses,application_number,application_date\n"
        "CN114081026A,好的一行,A01M,,\n"  # line 2: fine
        "CN11408X026A,公开号错,A01M,,\n"  # line 3
        "CN114081027A,,A01M,,\n"  # line 4: no title
        "CN114081028A,申请号校验位错,A01M,201710601862.4,\n"  # line 5
        "CN114081029A,IPC 错,Z99Z,,\n"  # line 6
        "CN114081026A,重复,A01M,,\n"  # line 7: duplicate of line 2
        "CN114081030A,日期错,A01M,,2021-13-01\n",  # line 8
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as exc:
        import_file(path)
    errors = exc.value.report.errors
    assert [(e.line, e.field) for e in errors] == [
        (3, "publication_number"),
        (4, "title"),
        (5, "application_number"),
        (6, "ipc_subclasses"),
        (7, "publication_number"),
        (8, "application_date"),
    ]
    assert "第 2 行" in errors[4].message or "与第 2 行重复" in errors[4].message
    assert Patent.objects.count() == 0


@pytest.mark.django_db
def test_jsonl_full_layout_links_organisations_and_experts(tmp_path, make_org, make_record):
    from catalog.models import Expert

    org = make_org(name="西安交通大学", kind="university")
    expert = make_record(Expert, title="张三", organisation_name="西安交通大学")
    make_record(Expert, title="李四", organisation_name="甲单位")
    make_record(Expert, title="李四", organisation_name="乙单位")  # ambiguous: not linked
    row = {
        "publication_number": "CN111504366B",
        "application_number": "201710601862.3",
        "title": "一种质子交换膜燃料电池",
        "abstract": "本发明公开了一种燃料电池电堆。",
        "claims_count": 12,
        "ipc_codes": ["H01M 8/0612", "H01M 8/04"],
        "applicants": ["西安交通大学 ", "某某公司"],
        "inventors": ["张三", "李四"],
        "application_date": "2017-07-20",
        "publication_date": "2017-11-01",
        "grant_date": "2020-05-08",
        "legal_status": "授权",
        "family_size": 3,
        "overseas_family": True,
        "cited_by_count": 4,
        "pledge_amount": 1200,
        "award": "中国专利优秀奖",
    }
    path = tmp_path / "full.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_file(path)
    assert report.created == 1
    patent = Patent.objects.get()
    assert patent.ipc_code_list == ["H01M8/0612", "H01M8/04"] and patent.ipc_subclass_list == ["H01M"]
    assert patent.legal_status == "granted" and patent.award == "china_patent_excellence"
    assert list(patent.applicant_orgs.all()) == [org]
    assert list(patent.inventor_experts.all()) == [expert]
    assert PoolMembership.objects.filter(patent=patent, pool__slug="hydrogen").exists()
    assert patent.high_value
    # Upsert: a changed field is written, the rest kept; the same file again changes nothing.
    row["claims_count"] = 15
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_file(path).updated == 1
    patent.refresh_from_db()
    assert patent.claims_count == 15 and patent.abstract.startswith("本发明")
    assert import_file(path).unchanged == 1


@pytest.mark.django_db
def test_csv_upsert_keeps_fields_the_csv_lacks(make_patent):
    patent = make_patent(
        publication_number="CN114081026A", title="旧名称", abstract="已有摘要", ipc_codes=["A01M29/00"]
    )
    import_rows(
        [
            (
                2,
                {
                    "publication_number": "CN114081026A",
                    "title": "一种水电站高压输电线路驱鸟保护装置",
                    "ipc_subclasses": "A01M|G06F|H02G",
                },
            )
        ]
    )
    patent.refresh_from_db()
    assert patent.title.startswith("一种水电站") and patent.abstract == "已有摘要"
    assert patent.ipc_subclass_list == ["A01M", "G06F", "H02G"]


@pytest.mark.django_db
def test_consistency_checks():
    rows = [
        (1, {"publication_number": "CN215792497U", "title": "x", "patent_type": "发明"}),
        (2, {"publication_number": "CN114081026A", "title": "x", "application_number": "202120654321.9"}),
        (3, {"publication_number": "CN111504366B", "title": "x", "legal_status": "pending"}),
        (
            4,
            {
                "publication_number": "CN111504367B",
                "title": "x",
                "application_date": "2020-01-02",
                "grant_date": "2019-01-01",
            },
        ),
        (5, {"__error__": "不是有效的 JSON"}),
    ]
    with pytest.raises(ImportRejected) as exc:
        import_rows(rows)
    assert [(e.line, e.field) for e in exc.value.report.errors] == [
        (1, "patent_type"),
        (2, "application_number"),
        (3, "legal_status"),
        (4, "grant_date"),
        (5, "-"),
    ]


@pytest.mark.django_db
def test_command_reports_lines_and_fails(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"publication_number": "CN1", "title": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_patents", str(path))
    err = capsys.readouterr().err
    assert "第 1 行 publication_number" in err and "第 2 行" in err
    assert Patent.objects.count() == 0
    call_command("import_patents", str(SAMPLE))
    assert Patent.objects.count() == 30


def test_unsupported_file(tmp_path):
    from patents.services.importing import ImportFileError

    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(ImportFileError):
        import_file(path)
