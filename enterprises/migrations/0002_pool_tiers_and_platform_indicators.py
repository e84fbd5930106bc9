"""Default cultivation-pool tiers and the platform-computed companions of four reported indicators.

The reported indicators (高新技术企业数 …, monitoring 0002) stay the official figures; these
companions are counted from confirmed pool memberships (enterprises.metrics)."""

from django.db import migrations

# Frozen copy of enterprises.pools.DEFAULT_TIERS at the time of this migration.
TIERS = [['tech_sme',
  '科技型中小企业',
  'ladder',
  10,
  [{'fact': 'has_tech_sme', 'op': 'is', 'value': True}],
  [{'fact': 'has_tech_sme', 'op': 'is', 'value': True}],
  '001 三(三)2②'],
 ['high_tech_reserve',
  '高企后备',
  'ladder',
  20,
  [{'fact': 'has_tech_sme', 'op': 'is', 'value': True},
   {'fact': 'has_high_tech', 'op': 'is', 'value': False},
   {'fact': 'rd_ratio', 'op': '>=', 'value': 3},
   {'fact': 'invention_patents', 'op': '>=', 'value': 1}],
  [{'fact': 'has_high_tech', 'op': 'is', 'value': False}],
  '001 三(三)2②'],
 ['high_tech',
  '高新技术企业',
  'ladder',
  30,
  [{'fact': 'has_high_tech', 'op': 'is', 'value': True}],
  [{'fact': 'has_high_tech', 'op': 'is', 'value': True}],
  '001 三(三)2②'],
 ['srdi_sme',
  '专精特新中小企业',
  'ladder',
  40,
  [{'fact': 'has_srdi_sme', 'op': 'is', 'value': True}],
  [{'fact': 'has_srdi_sme', 'op': 'is', 'value': True}],
  '001 三(三)2②'],
 ['little_giant',
  '专精特新“小巨人”',
  'ladder',
  50,
  [{'fact': 'has_little_giant', 'op': 'is', 'value': True}],
  [{'fact': 'has_little_giant', 'op': 'is', 'value': True}],
  '001 三(三)2②'],
 ['above_scale_reserve',
  '规上后备',
  'ladder',
  60,
  [{'fact': 'revenue', 'op': '>=', 'value': 1000},
   {'fact': 'has_above_scale_industry', 'op': 'is', 'value': False},
   {'fact': 'has_above_scale_service', 'op': 'is', 'value': False}],
  [{'fact': 'has_above_scale_industry', 'op': 'is', 'value': False},
   {'fact': 'has_above_scale_service', 'op': 'is', 'value': False}],
  '001 三(三)2②'],
 ['above_scale',
  '规上工业企业',
  'ladder',
  70,
  [{'fact': 'has_above_scale_industry', 'op': 'is', 'value': True}],
  [{'fact': 'has_above_scale_industry', 'op': 'is', 'value': True}],
  '001 三(三)2②'],
 ['listing_basic',
  '上市后备·基础库',
  'listing',
  10,
  [{'fact': 'has_high_tech', 'op': 'is', 'value': True},
   {'fact': 'revenue', 'op': '>=', 'value': 5000},
   {'fact': 'has_listed', 'op': 'is', 'value': False}],
  [{'fact': 'has_listed', 'op': 'is', 'value': False}],
  '002 第五章'],
 ['listing_key',
  '上市后备·重点库',
  'listing',
  20,
  [{'fact': 'revenue', 'op': '>=', 'value': 20000},
   {'fact': 'net_profit', 'op': '>=', 'value': 1000},
   {'fact': 'has_listed', 'op': 'is', 'value': False}],
  [{'fact': 'has_listed', 'op': 'is', 'value': False}],
  '002 第五章'],
 ['listing_gold',
  '上市后备·金种子库',
  'listing',
  30,
  [{'fact': 'revenue', 'op': '>=', 'value': 50000},
   {'fact': 'net_profit', 'op': '>=', 'value': 3000},
   {'fact': 'revenue_growth', 'op': '>=', 'value': 20},
   {'fact': 'has_listed', 'op': 'is', 'value': False}],
  [{'fact': 'has_listed', 'op': 'is', 'value': False}],
  '002 第五章'],
 ['listed',
  '上市/挂牌企业',
  'listing',
  40,
  [{'fact': 'has_listed', 'op': 'is', 'value': True}],
  [{'fact': 'has_listed', 'op': 'is', 'value': True}],
  '002 第五章'],
 ['potential_gazelle',
  '潜在瞪羚',
  'growth',
  10,
  [{'fact': 'revenue', 'op': '>=', 'value': 500},
   {'fact': 'revenue_growth', 'op': '>=', 'value': 20},
   {'fact': 'has_gazelle', 'op': 'is', 'value': False}],
  [{'fact': 'has_gazelle', 'op': 'is', 'value': False}],
  '001 三(三)2④'],
 ['gazelle',
  '瞪羚企业',
  'growth',
  20,
  [{'fact': 'has_gazelle', 'op': 'is', 'value': True}],
  [{'fact': 'has_gazelle', 'op': 'is', 'value': True}],
  '001 三(三)2④'],
 ['seed_unicorn',
  '种子独角兽',
  'growth',
  30,
  [{'fact': 'has_gazelle', 'op': 'is', 'value': True}, {'fact': 'financing', 'op': '>=', 'value': 5000}],
  [{'fact': 'has_unicorn', 'op': 'is', 'value': False}],
  '001 三(三)2④'],
 ['potential_unicorn',
  '潜在独角兽',
  'growth',
  40,
  [{'fact': 'financing', 'op': '>=', 'value': 20000}, {'fact': 'revenue_growth', 'op': '>=', 'value': 30}],
  [{'fact': 'has_unicorn', 'op': 'is', 'value': False}],
  '001 三(三)2④'],
 ['unicorn',
  '独角兽企业',
  'growth',
  50,
  [{'fact': 'has_unicorn', 'op': 'is', 'value': True}],
  [{'fact': 'has_unicorn', 'op': 'is', 'value': True}],
  '001 三(三)2④']]

COMPANIONS = [
    ("high_tech_enterprises_platform", "国家高新技术企业数（平台核验）", "pool_high_tech", 31),
    ("tech_smes_platform", "科技型中小企业数（平台核验）", "pool_tech_sme", 33),
    ("gazelle_enterprises_platform", "瞪羚企业数（平台核验）", "pool_gazelle", 54),
    ("unicorn_enterprises_platform", "独角兽企业数（平台核验）", "pool_unicorn", 55),
]


def forwards(apps, schema_editor):
    PoolTier = apps.get_model("enterprises", "PoolTier")
    for code, name, track, order, entry, keep, source in TIERS:
        PoolTier.objects.get_or_create(
            code=code,
            defaults={"name": name, "track": track, "order": order, "entry_rules": entry, "keep_rules": keep, "source": source},
        )
    Indicator = apps.get_model("monitoring", "Indicator")
    for code, name, metric, order in COMPANIONS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "unit": "家", "source": "computed", "metric_code": metric, "aggregation": "stock",
                "order": order,
                "definition": "期末经运营确认入库、资质已核验的企业数（平台计算）；统计部门口径以填报指标为准。",
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(code__in=[c[0] for c in COMPANIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0001_enterprise_profiles_points_pools"),
        ("monitoring", "0002_plan_indicators_and_targets"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
