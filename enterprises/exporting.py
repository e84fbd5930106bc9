"""XLSX exports of points and pools for operators, written by the platform's one XLSX writer
(``core.xlsx``: text never becomes a formula, amounts stay numbers, dates stay dates)."""

from core.xlsx import Sheet, workbook_bytes

from . import selectors


def _workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    return workbook_bytes(Sheet(title, header, rows) for title, header, rows in sheets)


def points_workbook(run) -> bytes:
    """One row per enterprise (rank, points, grade, stage) and a sheet with every indicator's part."""
    scores = list(selectors.run_scores(run))
    summary = [
        [s.rank, s.profile.organisation.name, s.total, s.grade, s.percentile, s.stage, run.year, run.model.code]
        for s in scores
    ]
    parts = [
        [
            s.profile.organisation.name,
            p["label"],
            p["group"],
            "" if p["value"] is None else p["value"],
            p["unit"],
            p["source"],
            p["band_score"],
            p["weight"],
            p["points"],
        ]
        for s in scores
        for p in s.breakdown
    ]
    return _workbook(
        [
            ("积分", ["排名", "企业", "创新积分", "等级", "排名在前占比%", "阶段", "年度", "模型版本"], summary),
            ("得分明细", ["企业", "指标", "分组", "取值", "单位", "数据来源", "分档得分", "权重", "得分"], parts),
        ]
    )


def pools_workbook(year: int) -> bytes:
    """Proposals of the year with reasons and decisions, and every membership with its dates."""
    from .models import PoolMembership

    proposals = [
        [
            p.tier.name,
            p.profile.organisation.name,
            p.get_action_display(),
            p.get_status_display(),
            "；".join(p.reasons),
            p.decision_note,
            str(p.decided_by or ""),
            p.decided_at,
        ]
        for p in selectors.proposals(year, status="")
    ]
    members = [
        [m.tier.name, m.profile.organisation.name, m.entered_on, m.left_on]
        for m in PoolMembership.objects.select_related("tier", "profile__organisation").order_by(
            "tier__track", "tier__order"
        )
    ]
    return _workbook(
        [
            (f"{year}遴选", ["层级", "企业", "动作", "状态", "理由", "决定说明", "决定人", "决定日期"], proposals),
            ("在库记录", ["层级", "企业", "入库日期", "出库日期"], members),
        ]
    )
