import pytest

from patents import ipc
from patents.models import IpcEntry


def test_print_marks_removed():
    assert ipc.strip_print_marks("含有机有效成分的医药配制品〔2〕") == "含有机有效成分的医药配制品"
    assert ipc.strip_print_marks("水果的采摘〔2， 3〕") == "水果的采摘"
    assert ipc.strip_print_marks("无机电子半导体器件[20250101]") == "无机电子半导体器件"
    assert ipc.strip_print_marks("三维[3D]结构") == "三维[3D]结构"  # not a print mark


@pytest.mark.django_db
def test_migration_loaded_repaired_subclasses():
    assert IpcEntry.objects.filter(level="section").count() == 8
    assert IpcEntry.objects.filter(level="class").count() == 132
    assert IpcEntry.objects.filter(level="subclass").count() == 656  # 655 + H01L
    h01l = IpcEntry.objects.get(code="H01L")
    assert h01l.title == "半导体器件；其他类目中不包括的电固体器件"
    assert not h01l.in_current_edition and h01l.parent_id == "H01" and "H10" in h01l.repair_note
    assert IpcEntry.objects.get(code="C10G").title.endswith("石脑油的重整；地蜡")
    assert IpcEntry.objects.get(code="C23C").title.endswith("化学气相沉积法的一般镀覆")
    assert IpcEntry.objects.get(code="C23F").title.endswith("表面处理多步法")
    f25d = IpcEntry.objects.get(code="F25D")
    assert f25d.title.startswith("冰箱") and "_" not in f25d.title_full and f25d.repair_note
    import re

    marks = re.compile(r"[〔\[][\d０-９,，、\s]+[〕\]]")
    assert not [e.code for e in IpcEntry.objects.all() if marks.search(e.title) or marks.search(e.title_full)]
    assert IpcEntry.objects.get(code="G01Q").title.endswith("〔SPM〕")  # an abbreviation, kept
    assert IpcEntry.objects.get(code="B62").title == "无轨陆用车辆"
    assert "注意" not in IpcEntry.objects.get(code="B81").title_full
    assert IpcEntry.objects.get(code="H02S").parent.parent_id == "H"


@pytest.mark.django_db
def test_main_groups_command(tmp_path):
    from django.core.management import call_command

    path = tmp_path / "groups.csv"
    path.write_text(
        "code,subclass,title_zh,source\n"
        "H01M8/00,H01M,燃料电池；及其制造〔2〕,test\n"
        "H01L31/00,H01L,对红外辐射敏感的半导体器件,test\n",
        encoding="utf-8",
    )
    call_command("load_ipc_groups", str(path))
    group = IpcEntry.objects.get(code="H01M8/00")
    assert group.title == "燃料电池；及其制造" and group.parent_id == "H01M" and group.repair_note
    assert IpcEntry.objects.get(code="H01L31/00").parent_id == "H01L"
    call_command("load_ipc_groups", str(path))  # idempotent
    assert IpcEntry.objects.filter(level="group").count() == 2
