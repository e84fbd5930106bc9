"""What the shown matches of a set of demands rest on, and how well "strong" picks the useful ones
(issue 20: "no reason appears on more than half of the shown results of a typical demand"; the
owners' notices announce strong matches only, ``subscriptions.matches.is_strong``).

``ReasonReport`` is fed, per demand, the matches a user would be shown (``Engine.match``, the first
``SHOWN``, as the API and the owners' notices read them) with the judged grades of the demand
(0-3, unjudged = None), and sums up:

- per reason kind (``reason_kind``): on how many shown results it appears, and the share of useful
  results (grade >= ``useful``) with and without it;
- per demand, the share of its shown results that carry its most frequent reason (the issue's
  rule), and the demands where one reason is on more than half;
- the strong-match rule at several score thresholds: precision and recall among the shown results.

Used by ``manage.py evaluate_matching --reasons`` on the dev set (matching/README.md, "Strong
matches"); the BEIR records carry no chain, region or owner, so there the reasons are keywords and
semantic closeness only, and a fixture corpus with facts is checked by the tests.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

SHOWN = 10  # the API's default list and what the owners' notices look at (subscriptions.MATCH_LIMIT)
THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9)

KINDS = (
    "keyword",
    "semantic",
    "weak",
    "chain",
    "ipc",
    "region",
    "maturity",
    "budget",
    "modes",
    "verified",
    "freshness",
    "other",
)


def reason_kind(reason: str, match) -> str:
    """The kind of one shown reason of ``match``: "keyword" (共同关键词), "semantic" (closeness that
    stands out), "weak" (``engine.weak_basis``: the row has no topical reason), or the structured
    condition it states (chain, ipc, region, maturity, budget, modes, verified, freshness), else
    "other" (pair signals of other apps). Reads the reasons in the active language."""
    if reason in match.topical:
        return "keyword" if reason.startswith(_("共同关键词")) else "semantic"
    prefixes = (
        ("weak", _("依据较弱")),
        ("chain", _("同属产业链")),
        ("ipc", _("IPC 分类相同")),
        ("region", _("同一地市")),
        ("region", _("西安—咸阳一体化区域")),
        ("maturity", _("成果成熟度较高，可直接应用于需求")),
        ("budget", _("意向价格在需求预算范围内")),
        ("modes", _("合作方式相符")),
        ("verified", _("发布机构已认证")),
        ("verified", _("企业已通过平台认证")),
        ("freshness", _("近期发布（30 天内）")),
    )
    for kind, prefix in prefixes:
        if reason.startswith(prefix):
            return kind
    if "region" in match.parts and reason.startswith(_("同在%(c)s").split("%")[0]):
        return "region"
    return "other"


@dataclass
class ReasonReport:
    useful: int = 2
    thresholds: tuple = THRESHOLDS
    demands: int = 0
    shown: int = 0
    with_kind: dict = field(default_factory=dict)  # kind -> [shown, useful, judged]
    useful_total: int = 0
    judged_total: int = 0
    top_shares: list = field(default_factory=list)  # per demand: share of its most frequent reason
    over_half: list = field(default_factory=list)  # (demand id, reason, n, shown)
    strong: dict = field(default_factory=dict)  # (rule, threshold) -> [flagged, useful flagged, judged flagged]
    rows: list = field(default_factory=list)  # (score, evidence, grade or None) per shown result

    def add(self, demand_id: str, matches: list, grades: dict) -> None:
        """``matches``: the shown matches of one demand, best first; ``grades``: {match id: grade}
        of the judged ones (absent = unjudged)."""
        self.demands += 1
        self.shown += len(matches)
        counts: dict[str, int] = {}
        for m in matches:
            grade = grades.get(m.id)
            good = grade is not None and grade >= self.useful
            self.useful_total += good
            self.judged_total += grade is not None
            self.rows.append((m.score, tuple(m.evidence), grade))
            for kind in {reason_kind(r, m) for r in m.reasons} or {"none"}:
                row = self.with_kind.setdefault(kind, [0, 0, 0])
                row[0] += 1
                row[1] += good
                row[2] += grade is not None
            for r in set(m.reasons):
                if reason_kind(r, m) != "weak":
                    counts[r] = counts.get(r, 0) + 1
        if matches:
            top = max(counts.items(), key=lambda item: item[1], default=("", 0))
            self.top_shares.append(top[1] / len(matches))
            if top[1] * 2 > len(matches):
                self.over_half.append((demand_id, top[0], top[1], len(matches)))

    def strong_table(self) -> list[dict]:
        """Per rule and threshold: flagged, precision (useful / flagged; unjudged count as not
        useful), precision among the judged, recall (useful flagged / useful shown). Rules:
        "evidence" (the shipped rule: topical evidence and score >= threshold), "keyword" (a shared
        specific keyword and the score), "score" (the score alone)."""
        useful_shown = sum(1 for _s, _e, g in self.rows if g is not None and g >= self.useful)
        rules = {
            "evidence": lambda e: bool(e),
            "keyword": lambda e: "keyword" in e,
            "score": lambda e: True,
        }
        out = []
        for rule, test in rules.items():
            for t in self.thresholds:
                flagged = [(s, g) for s, e, g in self.rows if test(e) and s >= t]
                good = sum(1 for _s, g in flagged if g is not None and g >= self.useful)
                judged = sum(1 for _s, g in flagged if g is not None)
                out.append(
                    {
                        "rule": rule,
                        "threshold": t,
                        "flagged": len(flagged),
                        "useful": good,
                        "precision": round(good / len(flagged), 3) if flagged else None,
                        "precision_judged": round(good / judged, 3) if judged else None,
                        "recall": round(good / useful_shown, 3) if useful_shown else None,
                    }
                )
        return out

    def result(self) -> dict:
        kinds = {}
        for kind, (n, good, judged) in sorted(self.with_kind.items(), key=lambda item: -item[1][0]):
            rest_n, rest_good = self.shown - n, self.useful_total - good
            kinds[kind] = {
                "shown": n,
                "share": round(n / self.shown, 3) if self.shown else None,
                "useful_share": round(good / n, 3) if n else None,
                "useful_share_without": round(rest_good / rest_n, 3) if rest_n else None,
                "judged": judged,
            }
        shares = sorted(self.top_shares)
        return {
            "demands": self.demands,
            "shown": self.shown,
            "useful": self.useful_total,
            "judged": self.judged_total,
            "kinds": kinds,
            "top_reason_share_median": round(shares[len(shares) // 2], 3) if shares else None,
            "top_reason_share_max": round(shares[-1], 3) if shares else None,
            "demands_over_half": len(self.over_half),
            "over_half": self.over_half[:20],
            "strong": self.strong_table(),
        }


def collector(report: ReasonReport, kind: str, grades: dict, shown: int = SHOWN):
    """The ``on_final`` hook of ``evaluation.evaluate``: match each demand again with the first
    ``shown`` results (``drop_common_facts`` works on what is shown) and add them to ``report``
    with their grades, ``grades`` = ``read_qrels(path, judged_zero=True)`` (unjudged: absent)."""

    def on_final(query, engine, source, _rels, ids):
        matches = engine.match(source, targets=[kind], limit=shown)
        judged = grades.get(query["_id"], {})
        report.add(query["_id"], matches, {m.id: judged[ids[m.id]] for m in matches if ids[m.id] in judged})

    return on_final
