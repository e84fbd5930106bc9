"""The IPC scheme's Chinese titles: reading the reference files and repairing their known gaps.

Sources (see patents/data/README.md): the 2026.01 Chinese edition as parsed into
``ipc_zh_2026.01_*.csv``. Repairs, applied every time the files are loaded:

1. Print marks: the edition's version marks such as ``〔2〕``, ``〔1，8〕``, ``[7]``, ``[20250101]``
   are removed from titles (they are not part of the title).
2. Notes merged into titles (classes A24, B81, B62): the title is cut where the note begins.
3. H01L: not in the 2026.01 edition (its content moved to H10), but older patents still carry it;
   it is added with its former title, marked as not in the current edition.
4. Truncated subclass titles (C10G, C23C, C23F) and the garbled ones (F25D, C09D) get the title
   completed from the English IPC title of the same edition (WIPO, CC BY 4.0), translated in the
   edition's own wording where the class title or neighbouring text gives it. Each repaired entry
   records what was done in ``repair_note`` and shows it on its page.
"""

import csv
import gzip
import re
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(__file__).resolve().parent / "data"
SUBCLASSES_CSV = DATA_DIR / "ipc_zh_2026.01_subclasses.csv"
SECTIONS_CLASSES_CSV = DATA_DIR / "ipc_zh_2026.01_sections_classes.csv"
MAIN_GROUPS_NAME = "ipc_zh_2026.01_maingroups.csv"

_PRINT_MARK = re.compile(r"\s*[〔\[][\d０-９,，、\s]+[〕\]]")

# code -> (short title, full title or None for "same as short", note)
SUBCLASS_REPAIRS = {
    "C10G": (
        "烃油裂化；液态烃混合物的制备，例如用破坏性加氢反应、低聚反应、聚合反应；从油页岩、油矿或油气中回收烃油；"
        "含烃类为主的混合物的精制；石脑油的重整；地蜡",
        None,
        "原标题在“石”字处截断，末尾“石脑油的重整；地蜡”据 IPC 英文版（REFORMING OF NAPHTHA; MINERAL WAXES）补全",
    ),
    "C23C": (
        "对金属材料的镀覆；用金属材料对材料的镀覆；表面扩散法，化学转化或置换法的金属材料表面处理；"
        "真空蒸发法、溅射法、离子注入法或化学气相沉积法的一般镀覆",
        None,
        "原标题在“沉”字处截断，据 C23 大类标题“化学气相沉积法的一般镀覆”补全",
    ),
    "C23F": (
        "非机械方法去除表面上的金属材料；金属材料的缓蚀；一般防积垢；至少一种在C23大类中所列的方法及至少一种在"
        "C21D、C22F小类或者C25大类中所列的方法的金属材料表面处理多步法",
        None,
        "原标题在“方”字处截断，末尾据 IPC 英文版（MULTI-STEP PROCESSES FOR SURFACE TREATMENT OF METALLIC MATERIAL）补全",
    ),
    "F25D": (
        "冰箱；冷库；冰柜；其他类目不包括的冷却或冷冻设备",
        "冰箱；冷库；冰柜；其他类目不包括的冷却或冷冻设备（冷藏陈列柜入A47F3/04；家用绝热容器入A47J41/00；"
        "冷藏车见B60至B64类的适当小类；一般隔热容器入B65D）",
        "原数据为参见说明而非标题（乱码）；标题据 IPC 英文版（REFRIGERATORS; COLD ROOMS; ICE-BOXES; COOLING OR "
        "FREEZING APPARATUS NOT OTHERWISE PROVIDED FOR）与原文用词重写，参见说明整理后放入完整名称",
    ),
    "C09D": (
        "涂料组合物，例如色漆、清漆或天然漆；填充浆料；化学涂料或油墨的去除剂；油墨；改正液；木材着色剂；"
        "用于着色或印刷的浆料或固体；为此使用的材料",
        None,
        "原标题末尾“原料为此”语序错乱，据 IPC 英文版（USE OF MATERIALS THEREFOR）改为“为此使用的材料”",
    ),
}

H01L = {
    "code": "H01L",
    "title": "半导体器件；其他类目中不包括的电固体器件",
    "note": "2026.01 版已删除本小类，内容移入 H10 各小类；为仍标注 H01L 的既有专利保留原标题",
}

# Classes whose parsed title swallowed a note: keep the text before the note.
CLASS_TITLE_REPAIRS = {
    "A24": ("烟草；雪茄烟；纸烟；模拟吸烟装置；吸烟者用品", "删去并入标题的“注意”说明"),
    "B81": ("微观结构技术", "删去并入标题的“注意”说明"),
    "B62": ("无轨陆用车辆", "删去并入标题的 B62B 小类标题"),
}


def strip_print_marks(text: str) -> str:
    return _PRINT_MARK.sub("", text or "").strip()


def _read(path: Path) -> list[dict]:
    opener = gzip.open if Path(path).suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def sections_and_classes() -> list[dict]:
    """Rows ready for IpcEntry: code, level, parent, title, title_full, repair_note, in_current_edition, source."""
    result = []
    for row in _read(SECTIONS_CLASSES_CSV):
        code, level = row["code"], row["level"]
        title = strip_print_marks(row["title_zh_short"])
        full = strip_print_marks(row["title_zh_full"])
        note = ""
        if code in CLASS_TITLE_REPAIRS:
            title, note = CLASS_TITLE_REPAIRS[code]
            full = title
        elif full != row["title_zh_full"]:
            note = "删去版本标记"
        result.append(
            _entry(code, level, code[0] if level == "class" else None, title, full, note, "IPC 2026.01 中文版")
        )
    return result


def subclasses() -> list[dict]:
    result = []
    for row in _read(SUBCLASSES_CSV):
        code = row["code"]
        if code in SUBCLASS_REPAIRS:
            title, full, note = SUBCLASS_REPAIRS[code]
            full = full or title
        else:
            title = strip_print_marks(row["title_zh_short"])
            full = strip_print_marks(row["title_zh_full"])
            note = "删去版本标记" if full != row["title_zh_full"] or title != row["title_zh_short"] else ""
        result.append(_entry(code, "subclass", row["class"], title, full, note, row["source"]))
    result.append(
        _entry(
            "H01L",
            "subclass",
            "H01",
            H01L["title"],
            H01L["title"],
            H01L["note"],
            "IPC 2025.01 及以前版本",
            current=False,
        )
    )
    return result


def main_groups(path: Path) -> list[dict]:
    result = []
    for row in _read(path):
        title = strip_print_marks(row["title_zh"])
        note = "删去版本标记" if title != row["title_zh"].strip() else ""
        short = title if len(title) <= 300 else title[:299] + "…"
        result.append(_entry(row["code"], "group", row["subclass"], short, title, note, row["source"]))
    return result


def default_main_groups_path() -> Path:
    """The main groups shipped with the app (gzip), or the plain CSV in ``settings.PATENTS_REFERENCE_DIR``."""
    configured = getattr(settings, "PATENTS_REFERENCE_DIR", None)
    if configured:
        return Path(configured) / MAIN_GROUPS_NAME
    return DATA_DIR / (MAIN_GROUPS_NAME + ".gz")


def _entry(code, level, parent, title, full, note, source, current=True) -> dict:
    return {
        "code": code,
        "level": level,
        "parent_id": parent,
        "title": title[:300],
        "title_full": full,
        "repair_note": note[:300],
        "in_current_edition": current,
        "source": source[:100],
    }


def load_entries(rows: Iterable[dict], *, model) -> tuple[int, int]:
    """Upsert IpcEntry rows (parents first). Returns (created, updated)."""
    rows = list(rows)
    existing = {e.code: e for e in model.objects.filter(code__in=[r["code"] for r in rows])}
    known_parents = set(model.objects.values_list("code", flat=True)) | {r["code"] for r in rows}
    create, update = [], []
    fields = ["level", "parent_id", "title", "title_full", "repair_note", "in_current_edition", "source"]
    for row in rows:
        if row["parent_id"] and row["parent_id"] not in known_parents:
            row["parent_id"] = None
        current = existing.get(row["code"])
        if current is None:
            create.append(model(**row))
        elif any(getattr(current, f) != row[f] for f in fields):
            for f in fields:
                setattr(current, f, row[f])
            update.append(current)
    model.objects.bulk_create(create, batch_size=1000)
    model.objects.bulk_update(update, fields, batch_size=1000)
    return len(create), len(update)
