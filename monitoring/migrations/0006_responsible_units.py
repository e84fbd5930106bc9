"""Responsible units as the plans name them, and the lead units of the ledger tasks whose text
names one. Everything else starts unassigned ("原文未点名牵头单位") for operators to assign.

Seed 001 (行动方案 2024—2026) names lead units once, for 三（四）4 (人才发展改革试验区):
"（牵头单位：①社会事业服务局、组织人事部（人才办）；②③组织人事部（人才办）；④发展改革和商务局、
科技创新和新经济局、西安市公安局西咸新区分局）". Seed 002 (十四五科技规划) 专栏 25 names "秦创原创促中心、
各新城工作部" and 六 "各新城、园办主要领导作为第一责任人". Tasks 三（三）5①②③ name their new city.
"""

from django.db import migrations

S001_TALENT = "《秦创原总窗口建设行动方案（2024—2026年）》三（四）4 牵头单位"
S002_BOX25 = "《西咸新区“十四五”科技创新规划》专栏 25：会同秦创原创促中心、各新城工作部等单位"
S002_SIX = "《西咸新区“十四五”科技创新规划》六：各新城、园办主要领导作为第一责任人"

# code, name, kind, new city, source, order
UNITS = [
    ("kjcx", "科技创新和新经济局", "department", "", S001_TALENT + "④", 10),
    ("fgsw", "发展改革和商务局", "department", "", S001_TALENT + "④", 20),
    ("zzrs", "组织人事部（人才办）", "department", "", S001_TALENT + "①②③", 30),
    ("shsy", "社会事业服务局", "department", "", S001_TALENT + "①", 40),
    ("gaj", "西安市公安局西咸新区分局", "agency", "", S001_TALENT + "④", 50),
    ("ccz", "秦创原创促中心", "agency", "", S002_BOX25, 60),
    ("fengdong", "沣东新城", "new_city", "fengdong", S002_SIX, 110),
    ("fengxi", "沣西新城", "new_city", "fengxi", S002_SIX, 120),
    ("qinhan", "秦汉新城", "new_city", "qinhan", S002_SIX, 130),
    ("konggang", "空港新城", "new_city", "konggang", S002_SIX, 140),
    ("jinghe", "泾河新城", "new_city", "jinghe", S002_SIX, 150),
    ("energy-finance", "能源金贸区", "new_city", "energy_finance", S002_SIX, 160),
]

S001_CLUSTER = "《秦创原总窗口建设行动方案（2024—2026年）》三（三）5{n}：任务原文点名{city}"
# ledger task code -> (unit code, section mark)
TASK_UNITS = {
    "A53": ("jinghe", "①"),
    "A54": ("jinghe", "①"),
    "A55": ("qinhan", "②"),
    "A56": ("qinhan", "②"),
    "A57": ("fengxi", "③"),
    "A58": ("fengxi", "③"),
}
UNNAMED = "原文未点名牵头单位，由运营人员指定"
# Tasks the platform's records count (monitoring.services.measure.MEASURABLE).
MEASURABLE = {"A01": "pay_after_use_pilots", "A07": "new_brokers", "A48": "demands_published"}


def load(apps, schema_editor):
    Unit = apps.get_model("monitoring", "ResponsibleUnit")
    LedgerTask = apps.get_model("monitoring", "LedgerTask")
    units = {}
    for code, name, kind, city, source, order in UNITS:
        units[code], _ = Unit.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "new_city": city, "source": source, "order": order}
        )
    for task in LedgerTask.objects.filter(lead_unit__isnull=True):
        key = task.code.split("-")[0]
        if key in MEASURABLE and not task.metric_code:
            task.metric_code = MEASURABLE[key]
            task.save(update_fields=["metric_code"])
        named = TASK_UNITS.get(key)
        if named:
            unit = units[named[0]]
            task.lead_unit = unit
            task.unit_source = S001_CLUSTER.format(n=named[1], city=unit.name)
        elif not task.unit_source:
            task.unit_source = UNNAMED
        task.save(update_fields=["lead_unit", "unit_source"])


def unload(apps, schema_editor):
    apps.get_model("monitoring", "LedgerTask").objects.update(lead_unit=None, unit_source="")
    apps.get_model("monitoring", "ResponsibleUnit").objects.filter(code__in=[u[0] for u in UNITS]).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0005_governance")]
    operations = [migrations.RunPython(load, unload)]
