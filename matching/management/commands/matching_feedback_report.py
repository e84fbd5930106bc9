"""Share of useful matches per signal, from brokers' and owners' feedback (issue 20, item 6).

manage.py matching_feedback_report [--min N] [--json]

Each feedback row keeps the signals its match carried when it was judged (chain, ipc, region,
maturity, budget, modes, verified, freshness, ipc_consensus, lexical_only / semantic_only / both,
shared_keyword, semantic_standout). The table gives, per signal, how many judged matches had it,
the share marked useful or contacted, the share among the judged matches without it, and the
difference in percentage points: the evidence to tune ``engine.WEIGHTS`` on.
"""

import json

from django.core.management.base import BaseCommand

from matching.selectors import feedback_by_signal


class Command(BaseCommand):
    help = "按信号统计匹配反馈的有用率（用于依据反馈调整重排权重）"

    def add_arguments(self, parser):
        parser.add_argument("--min", type=int, default=0, help="只列出至少被评价 N 次的信号")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, min=0, json=False, **options):
        report = feedback_by_signal(min_judged=min)
        if json:
            self.stdout.write(_dumps(report))
            return
        if not report["judged"]:
            self.stdout.write("还没有记录了信号的反馈。")
            return
        self.stdout.write(f"共 {report['judged']} 条反馈，有用或已联系 {report['useful']} 条（{report['share']}%）")
        self.stdout.write(
            f"{'signal':<18}{'weight':>8}{'judged':>8}{'useful':>8}{'share%':>8}{'without%':>10}{'lift':>7}"
        )
        for r in report["rows"]:
            weight = "—" if r["weight"] is None else f"{r['weight']:.2f}"
            without = "—" if r["without_share"] is None else f"{r['without_share']:.1f}"
            lift = "—" if r["lift"] is None else f"{r['lift']:+.1f}"
            self.stdout.write(
                f"{r['signal']:<18}{weight:>8}{r['judged']:>8}{r['useful']:>8}{r['share']:>8.1f}{without:>10}{lift:>7}"
            )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
