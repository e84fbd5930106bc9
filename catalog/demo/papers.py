"""Demo achievements made from real Chinese paper abstracts (CSL dev split, 1,000 papers).

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
    return Achievement(
        title=_truncate(paper["title"].strip(), 200),
        summary=_truncate(abstract, SUMMARY_CHARS),
        body=f"{abstract}\n\n{SOURCE_NOTE.format(id=paper['id'])}",
        field=_truncate(paper.get("discipline") or "", 100),
        keywords=_truncate("、".join(paper.get("keywords") or []), 300),
        stage=Achievement.Stage.LAB if lab else "",
        cooperation_modes=modes,
        owner_org=team,
        team_name=team_name,
    )
