"""Demo: compute the platform's indicators from whatever demo records the other apps loaded; give
two responsible units a demo contact each and assign them two ledger tasks; enter park figures
marked 演示 and publish their per-mu grades.

Reported indicators stay empty (the dashboard shows 暂无数据): the demo invents no statistics.
Park figures are invented for the demo and say so (演示) in their source.
"""

from decimal import Decimal

from core.demo import register_demo

DEMO_PASSWORD = "demo-pass-2026"
DEMO_CONTACTS = [  # email, name, unit code
    ("kjcx@demo.qcy", "科创局联络员（演示）", "kjcx"),
    ("jinghe@demo.qcy", "泾河新城联络员（演示）", "jinghe"),
]
DEMO_ASSIGN = [("A04-2026", "kjcx"), ("A53", "jinghe")]
# Park name prefix → land (亩), then per year: investment, output, tax, value added (万元), energy (吨标准煤)
DEMO_PARKS = {
    "西咸新区·泾河双碳光伏产业园": (
        "3200",
        {2024: (180000, 2600000, 52000, 610000, 250000), 2025: (210000, 3100000, 61000, 720000, 270000)},
    ),
    "西咸新区·沣西数字经济产业园": (
        "1500",
        {2024: (90000, 520000, 21000, 160000, 30000), 2025: (110000, 640000, 26000, 190000, 33000)},
    ),
    "西咸新区·秦汉自动驾驶产业园": (
        "2100",
        {2024: (150000, 700000, 18000, 170000, 60000), 2025: (160000, 860000, 22000, 200000, 64000)},
    ),
    "西咸新区·空港临空经济产业园": (
        "1800",
        {2024: (70000, 300000, 9000, 80000, 42000), 2025: (75000, 340000, 10000, 90000, 45000)},
    ),
}
EVIDENCE = "演示数据（非真实统计）"


@register_demo("monitoring", order=900)
def load(context: dict, stdout) -> None:
    from accounts.models import User
    from reference.models import Park

    from .models import LedgerTask, ParkYear, ResponsibleUnit, UnitMember
    from .services import indicators_refresh, permu

    run = indicators_refresh(by=context.get("operator"), trigger="manual")
    stdout.write(f"monitoring: {run.created} new, {run.changed} changed, {run.unchanged} unchanged computed values")
    operator = context.get("operator")
    for email, name, code in DEMO_CONTACTS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD, name=name, roles=["reviewer"]
        )
        UnitMember.objects.get_or_create(
            unit=ResponsibleUnit.objects.get(code=code), user=user, defaults={"title": "联络员"}
        )
        context.setdefault("logins", []).append(("责任单位联络员", email, DEMO_PASSWORD))
    for task_code, unit_code in DEMO_ASSIGN:
        task = LedgerTask.objects.filter(code=task_code, assignee__isnull=True).first()
        if task:
            unit = ResponsibleUnit.objects.get(code=unit_code)
            task.lead_unit = unit
            task.owner_department = unit.name
            task.assignee = unit.memberships.first().user
            task.save(update_fields=["lead_unit", "owner_department", "assignee"])
    years = set()
    for prefix, (land, by_year) in DEMO_PARKS.items():
        park = Park.objects.filter(name__startswith=prefix).first()
        if park is None:
            continue
        if park.land_area_mu is None:
            park.land_area_mu = Decimal(land)
            park.source = (park.source + "；用地面积：" + EVIDENCE)[:200]
            park.save(update_fields=["land_area_mu", "source"])
        for year, (investment, output, tax, value_added, energy) in by_year.items():
            years.add(year)
            ParkYear.objects.get_or_create(
                park=park,
                year=year,
                defaults={
                    "investment": investment,
                    "output": output,
                    "tax": tax,
                    "value_added": value_added,
                    "energy": energy,
                    "evidence": EVIDENCE,
                    "entered_by": operator,
                },
            )
    if operator is not None and getattr(operator, "is_operator", False):
        for year in sorted(years):
            permu.park_evaluation_run(year=year, by=operator)
    stdout.write(f"monitoring: demo units' contacts, park figures (演示) for {sorted(years)}")
