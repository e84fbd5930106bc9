"""Demo achievements made from real Chinese paper abstracts: the CSL dev split restricted to the
disciplines that fit the hub's chains (``FITTING_DISCIPLINES``: engineering, agriculture, medicine,
natural science; humanities, economics, law and military science are left out), and 3,564 ChinaXiv
preprint abstracts in engineering, agriculture, medicine, transport, aerospace and environment
(CC BY 4.0: each record credits "Authors and CAS ChinaXiv" and keeps its URL).

Source: catalog/demo/data/csl_papers_dev_1k.jsonl.gz, shipped with the repository
(github.com/ydli-ai/CSL, Apache-2.0; provenance and checksums in catalog/demo/data/README.md). Each paper becomes one published achievement owned by the placeholder
university team, never attributed to its real authors (the file names none). Industry chains are
set only where the title or keywords clearly name the chain's technology (or, for 生物医药, the
discipline is a medical one); stage is 实验室 for science, engineering, medicine and agriculture
papers and empty otherwise; no TRL, no price.
"""

import gzip
import json
import os
from pathlib import Path

from django.conf import settings

from catalog.models import Achievement
from reference.models import CooperationMode

DATA_FILE = Path(
    os.environ.get(
        "DEMO_PAPERS_FILE", Path(settings.BASE_DIR) / "catalog" / "demo" / "data" / "csl_papers_dev_1k.jsonl.gz"
    )
)
PREPRINTS_FILE = Path(
    os.environ.get(
        "DEMO_PREPRINTS_FILE",
        Path(settings.BASE_DIR) / "catalog" / "demo" / "data" / "chinaxiv_abstracts_industry_3564.jsonl.gz",
    )
)
PREPRINT_NOTE = (
    "数据来源：Authors and CAS ChinaXiv，CC BY 4.0（https://creativecommons.org/licenses/by/4.0/），"
    "原文 {url}；仅作演示成果，不代表原作者发布。"
)
# CSL disciplines that fit the hub's chains and seed 001's industries.
FITTING_DISCIPLINES = frozenset(
    [
        "中医学/中药学",
        "食品科学与工程",
        "材料科学与工程",
        "交通运输工程",
        "园艺学",
        "环境科学与工程",
        "基础医学/临床医学",
        "水产",
        "化学/化学工程与技术",
        "药学",
        "纺织科学与工程",
        "土木工程",
        "计算机科学与技术",
        "信息与通信工程",
        "光学工程",
        "地质学/地质资源与地质工程",
        "石油与天然气工程",
        "农业工程",
        "力学",
        "电子科学与技术",
        "电气工程",
        "动力工程及工程热物理",
        "船舶与海洋工程",
        "冶金工程",
        "生物学/生物科学与工程",
        "作物学",
        "机械工程",
        "口腔医学",
        "农业资源利用",
        "矿业工程",
        "畜牧学/兽医学",
        "测绘科学与技术",
        "林学/林业工程",
        "公共卫生与预防医学",
        "物理学",
        "控制科学与工程",
        "核科学与技术",
        "水利工程",
        "航空宇航科学与技术",
        "植物保护",
    ]
)
SOURCE_NOTE = "数据来源：CSL 中文科学文献数据集（github.com/ydli-ai/CSL，Apache-2.0）论文摘要 {id}，仅作演示成果，不代表原作者发布。"
SUMMARY_CHARS = 160

# Words in a paper's title or keywords that clearly place it in a chain.
CHAIN_WORDS: dict[str, tuple[str, ...]] = {
    "hydrogen": ("氢能", "制氢", "储氢", "燃料电池", "电解水"),
    "photovoltaic": ("光伏", "太阳能电池", "太阳电池", "钙钛矿电池"),
    "connected-vehicles": (
        "自动驾驶汽车",
        "无人驾驶汽车",
        "智能网联",
        "车联网",
        "车路协同",
        "电动汽车",
        "新能源汽车",
        "PHEV",
        "混合动力汽车",
    ),
    "drones": ("无人机",),
    "ai": (
        "神经网络",
        "深度学习",
        "机器学习",
        "人工智能",
        "支持向量机",
        "SVM",
        "计算机视觉",
        "目标检测",
        "图像识别",
        "强化学习",
        "知识图谱",
        "模式识别",
        "自编码网络",
    ),
    "biomedicine": ("干细胞", "组织工程", "基因治疗", "抗体", "疫苗", "抗肿瘤", "靶向"),
    "high-end-equipment": (
        "数控",
        "机床",
        "增材制造",
        "3D打印",
        "工业机器人",
        "串联机器人",
        "齿轮",
        "轴承",
        "减速器",
        "刀具",
    ),
}
MEDICAL_DISCIPLINES = {"药学", "基础医学/临床医学", "中医学/中药学", "口腔医学"}
LAB_CATEGORIES = {"工学", "理学", "医学", "农学"}


def read_papers(path: Path | None = None) -> list[dict]:
    path = path or DATA_FILE
    if not path.exists():
        return []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fits(paper: dict) -> bool:
    return paper.get("discipline") in FITTING_DISCIPLINES


def read_preprints(path: Path | None = None) -> list[dict]:
    """The ChinaXiv preprints as papers: {id, title, abstract, keywords[], discipline, url}."""
    rows = read_papers(path or PREPRINTS_FILE)
    return [
        {
            "id": row["id"],
            "title": row["title"].strip(),
            "abstract": row["abstract"],
            "keywords": [],  # the source's keyword field lost its separators: not usable as keywords
            "discipline": row.get("clc_label") or "",
            "category": "工学",
            "url": row.get("url") or "",
        }
        for row in rows
        if row.get("title", "").strip() and row.get("abstract", "").strip()
    ]


def chains_for(paper: dict) -> list[str]:
    text = paper["title"] + " " + " ".join(paper.get("keywords") or [])
    slugs = [slug for slug, words in CHAIN_WORDS.items() if any(word in text for word in words)]
    if paper.get("discipline") in MEDICAL_DISCIPLINES and "biomedicine" not in slugs:
        slugs.append("biomedicine")
    return slugs


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def achievement_for(paper: dict, *, team, team_name: str) -> Achievement:
    lab = paper.get("category") in LAB_CATEGORIES
    modes = [CooperationMode.JOINT_DEVELOPMENT, CooperationMode.TECH_SERVICE] if lab else [CooperationMode.TECH_SERVICE]
    abstract = paper["abstract"].strip()
    note = PREPRINT_NOTE.format(url=paper["url"]) if paper.get("url") else SOURCE_NOTE.format(id=paper["id"])
    return Achievement(
        title=_truncate(paper["title"].strip(), 200),
        summary=_truncate(abstract, SUMMARY_CHARS),
        body=f"{abstract}\n\n{note}",
        field=_truncate(paper.get("discipline") or "", 100),
        keywords=_truncate("、".join(paper.get("keywords") or []), 300),
        stage=Achievement.Stage.LAB if lab else "",
        cooperation_modes=modes,
        owner_org=team,
        team_name=team_name,
    )
