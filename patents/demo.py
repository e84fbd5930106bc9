"""Demo: the IPC main groups and the 9,740 real patents shipped in patents/data (gzip; provenance and
checksums in patents/data/README.md), assigned to the pools."""

from core.demo import register_demo

from . import ipc
from .models import IpcEntry
from .services.importing import import_file

PATENTS_CSV = ipc.DATA_DIR / "cn_patents_titles_ipc_9740.csv.gz"


@register_demo("patents", order=50)
def load(context, stdout):
    groups = ipc.default_main_groups_path()
    if groups.exists():
        created, _updated = ipc.load_entries(ipc.main_groups(groups), model=IpcEntry)
        stdout.write(f"    IPC 大组：新增 {created}")
    else:
        stdout.write(f"    跳过 IPC 大组：找不到 {groups}")
    path = PATENTS_CSV
    if not path.exists():
        stdout.write(f"    跳过专利演示数据：找不到 {path}")
        return
    report = import_file(path)
    stdout.write(f"    专利：新增 {report.created}，更新 {report.updated}，未变 {report.unchanged}")
