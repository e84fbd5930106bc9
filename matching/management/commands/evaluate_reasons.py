"""What the shown matches of typical demands rest on, on the platform's own index.

manage.py evaluate_reasons [--demands matching/eval/demands.tsv] [--target achievements ...]
    [--shown 10] [--json]

Each line of the demands file (id, chain slug, title, text; the dev set of issue 20) is matched
as a new demand of that chain against the live indexes of each target kind (achievements and
patents by default), as a signed-in visitor sees them (published records only), the first
``--shown`` of each kind. Prints, per kind, the share of shown results carrying each reason kind
(``reason_report.reason_kind``: keyword, semantic, weak, chain, verified ...) and the share of the
most frequent single reason per demand (issue 20: no reason on more than half of the shown results
of a typical demand). Unlike ``evaluate_matching --reasons`` the records carry facts (verified
owner, publication date, chain, maturity) but no grades. Reads only; nothing is written.
"""

import csv
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from matching import index
from matching.engine import Engine, Viewer
from matching.reason_report import SHOWN, ReasonReport
from matching.selectors import visible_ids
from matching.sources import Document

DEFAULT_DEMANDS = Path(settings.BASE_DIR) / "matching" / "eval" / "demands.tsv"


def read_demands(path: Path) -> list[tuple[str, Document]]:
    """The demands file as (id, document): (id, chain, title, text) per tab-separated line."""
    out = []
    with open(path, encoding="utf-8") as handle:
        for n, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)):
            if len(row) < 4:
                raise CommandError(f"{path}:{n + 1}: 需要 4 列（编号、产业链、标题、正文）")
            doc = Document(kind="demands", id=-(n + 1), title=row[2], text=row[3], chains=[row[1]] if row[1] else [])
            out.append((row[0], doc))
    return out


class Command(BaseCommand):
    help = "统计典型需求在本平台索引上的匹配结果各类推荐理由出现的比例（只读）"

    def add_arguments(self, parser):
        parser.add_argument("--demands", type=Path, default=DEFAULT_DEMANDS)
        parser.add_argument("--target", action="append", help="目标类型（默认 achievements、patents）")
        parser.add_argument("--shown", type=int, default=SHOWN, help="每类看前几条（默认 10）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, demands: Path, target=None, shown: int = SHOWN, json: bool = False, **options):
        if not demands.exists():
            raise CommandError(f"文件不存在：{demands}")
        if not 1 <= shown <= 50:
            raise CommandError("--shown 取 1-50")
        targets = target or ["achievements", "patents"]
        missing = [t for t in targets if not index.index_exists(t)]
        if missing:
            raise CommandError(f"没有索引：{'、'.join(missing)}（先运行 manage.py rebuild_index）")
        docs = read_demands(demands)
        engine = Engine()
        allowed = visible_ids(AnonymousUser())
        results = {}
        for kind in targets:
            report = ReasonReport()
            for demand_id, doc in docs:
                matches = engine.match(
                    doc, viewer=Viewer(authenticated=True), targets=[kind], limit=shown, allowed=allowed
                )
                report.add(demand_id, matches, {})
            results[kind] = report.result()
            results[kind].pop("strong")  # no grades here
        if json:
            self.stdout.write(_dumps(results))
            return
        for kind, r in results.items():
            self.stdout.write(f"\n{kind}：需求 {r['demands']} 条，展示 {r['shown']} 条")
            for name, k in r["kinds"].items():
                self.stdout.write(f"  {name:<11}{k['shown']:>6}{100 * k['share']:>7.1f}%")
            self.stdout.write(
                f"  每条需求最常见理由所占比例：中位数 {r['top_reason_share_median']}，"
                f"最大 {r['top_reason_share_max']}；超过一半的需求 {r['demands_over_half']} 条"
            )
            for demand, reason, n, total in r["over_half"]:
                self.stdout.write(f"    {demand}: {reason}（{n}/{total}）")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
