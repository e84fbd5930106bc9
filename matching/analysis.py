"""Chinese text analysis shared by the index, the queries and the evaluation.

normalise (core.text: NFKC, format characters removed, lower case, traditional → simplified)
→ segment (rjieba search mode + the platform's domain dictionary) → drop stop words; a token
mixing Latin letters or digits with Han (``3d打印``, ``x射线``, ``5g基站``) is indexed by its parts
too. Keyword queries are expanded with the synonym and abbreviation table
(``data/synonyms.txt``, operators extend it). The index is fed space-joined tokens and uses
tantivy's whitespace tokenizer, so what is indexed and what is queried always goes through this
one module.
"""

import re
import threading
from pathlib import Path

from core.text import normalise as text_normalise

DATA_DIR = Path(__file__).resolve().parent / "data"
DICTIONARY_PATH = DATA_DIR / "domain_dict.txt"
STOPWORDS_PATH = DATA_DIR / "stopwords.txt"
SYNONYMS_PATH = DATA_DIR / "synonyms.txt"

# Words in the user dictionary get this frequency unless the file says otherwise: high enough
# that rjieba keeps 智能网联汽车 or 先使用后付费 whole.
DEFAULT_FREQ = 200_000

_lock = threading.Lock()
_state: dict = {}

_TOKEN_OK = re.compile(r"[\w]", re.UNICODE)


def normalise(text: str) -> str:
    """The platform's one text normaliser (core.text.normalise): NFKC, format characters removed,
    lower case, traditional → simplified, collapsed spaces."""
    return text_normalise(text)


def read_dictionary(path: Path | None = None) -> list[tuple[str, int]]:
    """The domain dictionary: one ``word [freq]`` per line, ``#`` starts a comment."""
    path = path or DICTIONARY_PATH
    words = []
    if not path.exists():
        return words
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else DEFAULT_FREQ
        words.append((parts[0], freq))
    return words


def stop_words() -> frozenset[str]:
    if "stop" not in _state:
        words = set()
        if STOPWORDS_PATH.exists():
            for line in STOPWORDS_PATH.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    words.add(line)
        _state["stop"] = frozenset(words)
    return _state["stop"]


def _segmenter():
    """rjieba's shared dictionary with the domain words added once per process."""
    seg = _state.get("seg")
    if seg is not None:
        return seg
    with _lock:
        if "seg" not in _state:
            import rjieba

            for word, freq in read_dictionary():
                rjieba.add_word(normalise(word), freq, None)
            _state["seg"] = rjieba
    return _state["seg"]


def warm_up() -> None:
    """Load the segmenter with the domain dictionary, OpenCC's tables, the stop words, the
    synonym table and the query stop list now rather than on the first request. The web server's
    master calls it before forking (gunicorn.conf.py), so every worker shares these pages (about
    35 MiB) copy-on-write instead of building its own copy. Opens no file or thread that outlives it."""
    tokens("预热 warm-up 燃料电池")
    stop_words()
    synonyms()
    generic_words()


def reload_dictionary() -> None:
    """Re-read the dictionary, stop words and synonyms (after ``manage.py matching_dictionary add``)."""
    with _lock:
        _state.clear()


def _keep(token: str, stops: frozenset[str]) -> bool:
    return bool(token.strip()) and token not in stops and bool(_TOKEN_OK.search(token))


# Per-process memos of the per-token decisions (tokens repeat: a 100k-record rebuild asks about
# a few hundred thousand distinct tokens millions of times). Cleared with the dictionary.
_MEMO_MAX = 500_000


def _memo(name: str) -> dict:
    memo = _state.get(name)
    if memo is None or len(memo) > _MEMO_MAX:
        memo = _state[name] = {}
    return memo


def _piece_memos() -> tuple[dict, dict]:
    """(kept, extras): for each segmenter piece seen, its token ("" when dropped); for the few
    kept pieces that add tokens in search mode, (longer known sub-words, the token's mixed-script
    parts, its sub-words' mixed-script parts). One lifetime for both: a piece is in ``extras``
    only if it needs it and is in ``kept``."""
    kept = _state.get("kept")
    if kept is None or len(kept) > _MEMO_MAX:
        kept = _state["kept"] = {}
        _state["extras"] = {}
    return kept, _state["extras"]


def _learn(pieces, kept: dict, extras: dict, seg, stops: frozenset[str]) -> None:
    for piece in set(pieces).difference(kept):
        token = piece.strip()
        if not _keep(token, stops):
            kept[piece] = ""
            continue
        kept[piece] = token
        subwords = _long_subwords(seg, token) if len(token) > 4 else ()
        own = mixed_parts(token)
        inner = tuple(p for sub in subwords for p in mixed_parts(sub))
        if subwords or own or inner:
            extras[piece] = (subwords, own, inner)


def tokens(text: str, *, search_mode: bool = True) -> list[str]:
    """Segment normalised text. Search mode adds the sub-words of long words (for the index and
    for recall); precise mode gives one reading (for keyword queries, every token required).

    Every decision about a piece (stop word, sub-words, mixed-script parts) is taken once per
    process and looked up afterwards: a rebuild segments millions of pieces of a few hundred
    thousand distinct ones."""
    text = normalise(text)
    if not text:
        return []
    seg = _segmenter()
    stops = stop_words()
    pieces = seg.cut_for_search(text) if search_mode else seg.cut(text)
    kept, extras = _piece_memos()
    _learn(pieces, kept, extras, seg, stops)
    out = [token for token in map(kept.__getitem__, pieces) if token]
    if search_mode and not extras.keys().isdisjoint(pieces):
        found = [extras[p] for p in pieces if p in extras]
        # Search mode adds only 2- and 3-character sub-words; add the longer known ones too so
        # that 燃料电池 finds 氢燃料电池.
        out += [sub for subwords, _own, _inner in found for sub in subwords]
        # 3d打印 → 3d, 打印; x射线 → x, 射线: the query "3D" or "X 射线" finds them. The parts of
        # the tokens first, then those of the sub-words, each once, none already a token.
        parts = [p for _subwords, own, _inner in found for p in own]
        parts += [p for _subwords, _own, inner in found for p in inner]
        if parts:
            present = set(out)
            out += [p for p in dict.fromkeys(parts) if p not in present and _keep(p, stops)]
    return out


_SCRIPT_RUN = re.compile(r"[a-z0-9]+|[\u3400-\u9fff\U00020000-\U0003134f]+")


def mixed_parts(token: str) -> list[str]:
    """The Latin/digit and Han runs of a token that mixes them (``3d打印`` → ``["3d", "打印"]``);
    ``[]`` for a token of one script."""
    memo = _memo("mixed")  # tokens repeat: one regular-expression scan per distinct token
    found = memo.get(token)
    if found is None:
        runs = _SCRIPT_RUN.findall(token)
        found = memo[token] = runs if len(runs) > 1 else []
    return found


def _long_subwords(seg, token: str) -> tuple[str, ...]:
    memo = _memo("subwords")
    found = memo.get(token)
    if found is None:
        n = len(token)
        found = memo[token] = tuple(
            token[i : i + size]
            for size in range(4, min(n, 12))
            for i in range(0, n - size + 1)
            if seg.has_word(token[i : i + size])
        )
    return found


def index_text(text: str) -> str:
    """What the index stores in a searchable field: search-mode tokens joined by spaces."""
    return " ".join(tokens(text, search_mode=True))


def query_tokens(text: str) -> list[str]:
    """Distinct precise-mode tokens of a keyword query, in order."""
    seen = []
    for token in tokens(text, search_mode=False):
        if token not in seen:
            seen.append(token)
    return seen


# ---- synonyms and abbreviations ---------------------------------------------------------------


def read_synonyms(path: Path | None = None) -> dict[str, list[str]]:
    """``data/synonyms.txt``: ``A => B, C`` (a query for A also finds B and C: abbreviations and
    narrower terms) or ``A = B = C`` (equivalent: each finds the others); ``#`` starts a comment.
    Keys and alternatives are normalised."""
    path = path or SYNONYMS_PATH
    table: dict[str, list[str]] = {}
    if not path.exists():
        return table

    def add(key: str, alternatives) -> None:
        bucket = table.setdefault(key, [])
        bucket += [a for a in alternatives if a != key and a not in bucket]

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if "=>" in line:
            left, right = line.split("=>", 1)
            alternatives = [normalise(w) for w in re.split(r"[,，、]", right) if normalise(w)]
            for key in re.split(r"[,，、]", left):
                if normalise(key):
                    add(normalise(key), alternatives)
        else:
            words = [normalise(w) for w in line.split("=") if normalise(w)]
            for word in words:
                add(word, words)
    return table


def synonyms() -> dict[str, list[str]]:
    if "synonyms" not in _state:
        _state["synonyms"] = read_synonyms()
    return _state["synonyms"]


def query_groups(text: str) -> list[list[list[str]]]:
    """A keyword query as groups that must all match; a group matches when any of its alternatives
    does, an alternative when all its tokens do. Words of the synonym table found in the query
    (longest first) give a group with the word and its synonyms; the rest are precise-mode tokens,
    each its own group. ``query_groups("电镜 维修")`` →
    ``[[["电镜"], ["电子显微镜"]], [["维修"]]]``."""
    text = normalise(text)
    table = synonyms()
    keys = sorted((k for k in table if k in text), key=len, reverse=True)
    keys = [k for k in keys if not k.isascii() or re.search(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])", text)]
    groups: list[list[list[str]]] = []
    seen: set[tuple] = set()

    def plain(part: str) -> None:
        for token in query_tokens(part):
            if (token,) not in seen:
                seen.add((token,))
                groups.append([[token]])

    if not keys:
        plain(text)
        return groups
    pattern = re.compile(
        "|".join(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])" if k.isascii() else re.escape(k) for k in keys)
    )
    position = 0
    for match in pattern.finditer(text):
        plain(text[position : match.start()])
        key = match.group(0)
        alternatives = []
        for word in [key, *table[key]]:
            words = query_tokens(word) or [word]
            if words not in alternatives:
                alternatives.append(words)
        marker = tuple(tuple(a) for a in alternatives)
        if marker not in seen:
            seen.add(marker)
            groups.append(alternatives)
        position = match.end()
    plain(text[position:])
    return groups


def group_terms(groups: list[list[list[str]]]) -> list[str]:
    """Every token of the groups, for highlighting."""
    return list(dict.fromkeys(t for group in groups for alternative in group for t in alternative))


# ---- query construction for matching (issue 20) ------------------------------------------------

QUERY_STOPLIST_PATH = DATA_DIR / "query_stoplist.txt"
# A generic word (research verbs, company self-description) weighs this much of a topical word.
# IDF already lowers common words; 0.1 on top of it lost ranking on all three evaluation sets
# (patent titles name 装置 / 方法 / 系统, which tell a device from a process): 0.5 measured best
# (matching/README.md, issue 20 figures).
GENERIC_FACTOR = 0.5
# A single character (泵, 阀, 钢, 膜: often the object of a short patent title) weighs this much.
SINGLE_CHAR_FACTOR = 0.5
# Terms of a boilerplate sentence (company background, finance) weigh this much.
BACKGROUND_FACTOR = 0.2
# A sub-word that search mode adds inside a longer word (丙烯 in 聚丙烯腈) weighs this much of the
# whole word: the dictionary's multi-character term takes precedence over its fragments.
FRAGMENT_FACTOR = 0.3
TITLE_FACTOR = 2.0
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")


def read_query_stoplist(path: Path | None = None) -> tuple[frozenset[str], tuple[str, ...]]:
    """``data/query_stoplist.txt``: ([generic] words, [background] sentence markers)."""
    path = path or QUERY_STOPLIST_PATH
    generic: set[str] = set()
    markers: list[str] = []
    section = "generic"
    if not path.exists():
        return frozenset(), ()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        for word in line.split():
            word = normalise(word)
            if not word:
                continue
            if section == "background":
                markers.append(word)
            else:
                generic.add(word)
    return frozenset(generic), tuple(markers)


def generic_words() -> frozenset[str]:
    if "generic" not in _state:
        _state["generic"], _state["markers"] = read_query_stoplist()
    return _state["generic"]


def background_markers() -> tuple[str, ...]:
    generic_words()
    return _state["markers"]


_UNITS_ONLY = re.compile(r"[0-9.%a-z]{1,2}")


def is_generic(term: str) -> bool:
    """A word that says nothing about a topic: a stop word, a [generic] word of the domain stop
    list, one character, or digits/units only."""
    return len(term) < 2 or term in stop_words() or term in generic_words() or bool(_UNITS_ONLY.fullmatch(term))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(normalise(text)) if s.strip()]


def term_weights(title: str, text: str) -> dict[str, float]:
    """Every term of a record with its weight in a query built from it, before specificity
    (IDF): the whole text is read (no cap on its length). A whole word of the precise reading
    counts 1 per sentence it occurs in (the title ``TITLE_FACTOR``); a fragment that only search
    mode adds counts ``FRAGMENT_FACTOR``; terms of a boilerplate sentence (a company background
    or finance marker, ``[background]``) count ``BACKGROUND_FACTOR``; generic words are scaled by
    ``GENERIC_FACTOR``, single characters by ``SINGLE_CHAR_FACTOR``. Repeats saturate (``w / (w + 1)`` shape), so a word repeated ten times
    does not outvote a rare part's name mentioned once."""
    raw: dict[str, float] = {}
    seen_whole: set[str] = set()
    markers = background_markers()
    seg = _segmenter()
    pieces = [(normalise(title), TITLE_FACTOR)] + [
        (s, BACKGROUND_FACTOR if any(m in s for m in markers) else 1.0) for s in sentences(text)
    ]
    for piece, factor in pieces:
        if not piece:
            continue
        seen_whole.update(t.strip() for t in seg.cut(piece))
        for term in set(tokens(piece, search_mode=True)):
            if len(term) >= 2 or SINGLE_CHAR_FACTOR > 0:
                raw[term] = raw.get(term, 0.0) + factor
    out = {}
    for term, value in raw.items():
        value = 2.0 * value / (value + 1.0)  # saturating: 1 -> 1.0, 3 -> 1.5, many -> 2
        if term not in seen_whole:
            value *= FRAGMENT_FACTOR
        if len(term) < 2:
            value *= SINGLE_CHAR_FACTOR
        elif is_generic(term):
            value *= GENERIC_FACTOR
        out[term] = value
    return out


def whole_words(text: str) -> set[str]:
    """The words of the precise reading of ``text`` (a dictionary word is never split into its
    fragments: 聚丙烯腈 does not contain the word 聚丙烯, 电容器 not 容器)."""
    return set(tokens(text, search_mode=False))
