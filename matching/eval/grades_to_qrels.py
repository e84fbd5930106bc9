"""Turn a judge's grade sheet into BEIR qrels (issue 20 dev set).

    python matching/eval/grades_to_qrels.py MAP.tsv GRADES.txt [MAP2.tsv GRADES2.txt ...] > qrels.tsv

MAP.tsv: query id, number shown to the judge, document id (written with the pool view); GRADES:
one line per query, "D07 3=10 1=4,9" (grade = numbers); unlisted pooled documents are 0. Every
pooled document gets a row (0 included), so the pool itself is recorded.
"""

import sys
from pathlib import Path


def convert(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    grades: dict[tuple[str, str], int] = {}
    for map_path, grade_path in pairs:
        shown = {}
        for line in Path(map_path).read_text(encoding="utf-8").splitlines():
            qid, number, doc = line.split("\t")
            shown[(qid, number)] = doc
            grades.setdefault((qid, doc), 0)
        for line in Path(grade_path).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts:
                continue
            qid = parts[0]
            for part in parts[1:]:
                grade, numbers = part.split("=")
                for number in numbers.split(","):
                    doc = shown[(qid, number)]
                    grades[(qid, doc)] = max(grades[(qid, doc)], int(grade))
    return grades


if __name__ == "__main__":
    args = sys.argv[1:]
    result = convert(list(zip(args[0::2], args[1::2], strict=True)))
    print("query-id\tcorpus-id\tscore")
    for (qid, doc), grade in sorted(result.items()):
        print(f"{qid}\t{doc}\t{grade}")
