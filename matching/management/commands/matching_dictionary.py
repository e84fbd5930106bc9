"""Build or extend the domain dictionary kept in matching/data/domain_dict.txt.

    manage.py matching_dictionary build [--seeds DIR] [--ipc CSV]   # regenerate from the sources
    manage.py matching_dictionary add 先使用后付费 揭榜挂帅 [--freq N]  # append words by hand
    manage.py matching_dictionary check 智能网联汽车先使用后付费        # show the segmentation

Rebuild the index afterwards (``manage.py rebuild_index``) so stored documents use the new words.
"""

import csv
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from matching import analysis

# Terms of the hub's plans and market that a general dictionary splits wrongly.
CURATED = """
先使用后付费 先投后股 作价入股 揭榜挂帅 赛马制 卡脖子 三项改革 职务科技成果 赋权改革 科技经纪人 技术经理人
技术合同 认定登记 技术转移 成果转化 概念验证 中试熟化 中试基地 孵化器 加速器 促进器 众创空间 科技型中小企业
高新技术企业 专精特新 瞪羚企业 独角兽企业 创新积分 科技创新券 免申即享 即申即享 秦创原 总窗口 科学家+工程师
西咸新区 沣东新城 沣西新城 秦汉新城 空港新城 泾河新城 能源金贸区 西咸一体化 西安咸阳一体化
智能网联汽车 新能源汽车 自动驾驶 车路协同 线控底盘 激光雷达 毫米波雷达 氢燃料电池 燃料电池 电堆 质子交换膜
制氢 储氢 加氢站 电解水制氢 电解槽 光伏组件 钙钛矿 异质结 单晶硅 硅片 逆变器 储能电池 锂离子电池 固态电池
无人机 飞控 低空经济 人工智能 机器学习 深度学习 计算机视觉 大模型 知识图谱 工业互联网 数字孪生 智能制造
生物医药 医疗器械 体外诊断 创新药 基因编辑 细胞治疗 高端装备 数控机床 增材制造 3d打印 工业机器人 航空航天
研发贷 成果贷 人才贷 知识产权质押 投贷联动 投保联动 股权投资 融资担保 应用场景 首发应用场景 机会清单 路演
"""

_SPLIT = re.compile(r"[；;，,、。（）()\[\]〔〕【】“”\"'：:\s/]+|或|例如|及其|以及|一般|专门|主要")
_HAS_HAN = re.compile(r"[\u4e00-\u9fff]")
# IPC titles carry cross-references ("...入 A01C") and hedges ("如电视", "其他类不包括的"): not terms.
_NOISE = re.compile(r"入$|^如|^一般|其他|不包括|在该|[0-9\-+]|^与|^或|^和|的$")


def phrases(text: str, low: int = 2, high: int = 10) -> list[str]:
    out = []
    for part in _SPLIT.split(text or ""):
        part = re.sub(r"[0-9a-zA-Z〔〕\[\]<>.\-]+$", "", part.strip())
        if low <= len(part) <= high and _HAS_HAN.search(part) and not _NOISE.search(part):
            out.append(part)
    return out


def collect(seeds_dir: Path | None, ipc_csv: Path) -> dict[str, str]:
    """word -> where it came from."""
    words: dict[str, str] = {}
    for word in CURATED.split():
        words.setdefault(word, "curated")
    from reference.models import CooperationMode, IndustryChain, NewCity

    for label in [str(label) for _v, label in CooperationMode.choices + NewCity.choices]:
        words.setdefault(label, "reference")
    for chain in IndustryChain.objects.all():
        for word in [chain.name, *phrases(chain.description, 2, 8)]:
            words.setdefault(word, "chain")
    if seeds_dir is not None and seeds_dir.exists():
        for path in sorted(seeds_dir.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            for quoted in re.findall(r"“([^”]{2,10})”", text):
                for word in phrases(quoted, 2, 10):
                    words.setdefault(word, f"seed {path.name}")
    if ipc_csv.exists():
        with ipc_csv.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for word in phrases(row.get("title_zh_short", ""), 3, 8):
                    words.setdefault(word, f"ipc {row['code']}")
    return words


class Command(BaseCommand):
    help = "构建或扩充领域词典（matching/data/domain_dict.txt）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="从规划文本、IPC 分类名和产业链重建词典")
        # The planning texts are not part of the repository: name their folder to include them.
        build.add_argument("--seeds", type=Path, help="规划文本目录（*.txt），不给则只用产业链、IPC 和已有词")
        build.add_argument(
            "--ipc", type=Path, default=Path(settings.BASE_DIR) / "patents" / "data" / "ipc_zh_2026.01_subclasses.csv"
        )
        add = sub.add_parser("add", help="追加词语")
        add.add_argument("words", nargs="+")
        add.add_argument("--freq", type=int, default=analysis.DEFAULT_FREQ)
        synonym = sub.add_parser("synonym", help="追加同义词或简称（写入 matching/data/synonyms.txt）")
        synonym.add_argument("word", help="用户会搜的词，如 电镜")
        synonym.add_argument("alternatives", nargs="+", help="也要找到的词，如 电子显微镜")
        synonym.add_argument("--equivalent", action="store_true", help="互为同义（双向），默认单向")
        check = sub.add_parser("check", help="查看一段文字的分词结果")
        check.add_argument("text")

    def handle(self, *args, action, **options):
        path = analysis.DICTIONARY_PATH
        if action == "build":
            words = collect(options["seeds"], options["ipc"])
            existing = {w for w, _f in analysis.read_dictionary()}
            manual = sorted(existing - set(words))  # words added by hand survive a rebuild
            lines = ["# Domain dictionary: word [freq]. Built by `manage.py matching_dictionary build`;"]
            lines.append("# extend with `manage.py matching_dictionary add WORD ...`.")
            lines += sorted(words)
            lines += manual
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            self.stdout.write(f"{len(words) + len(manual)} 个词写入 {path}")
        elif action == "add":
            existing = {w for w, _f in analysis.read_dictionary()}
            new = [w for w in options["words"] if w and w not in existing]
            if any(" " in w for w in new):
                raise CommandError("词语中不能有空格")
            with path.open("a", encoding="utf-8") as handle:
                for word in new:
                    freq = options["freq"]
                    handle.write(f"{word}\n" if freq == analysis.DEFAULT_FREQ else f"{word} {freq}\n")
            self.stdout.write(f"新增 {len(new)} 个词；请运行 manage.py rebuild_index 使索引生效")
        elif action == "synonym":
            words = [options["word"], *options["alternatives"]]
            if any(not w.strip() or set(w) & set("=>#,，、") for w in words):
                raise CommandError("词语中不能有 = > # 或逗号")
            line = " = ".join(words) if options["equivalent"] else f"{words[0]} => {', '.join(words[1:])}"
            with analysis.SYNONYMS_PATH.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
            self.stdout.write(f"已追加：{line}（无需重建索引；正在运行的服务重启后生效）")
        analysis.reload_dictionary()
        if action == "check":
            self.stdout.write(" / ".join(analysis.tokens(options["text"], search_mode=False)))
            self.stdout.write(" / ".join(analysis.tokens(options["text"], search_mode=True)))
