"""Chinese text analysis shared by the index, the queries and the evaluation.

normalise → segment (rjieba search mode + the platform's domain dictionary) → drop stop words.
The index is fed space-joined tokens and uses tantivy's whitespace tokenizer, so what is
indexed and what is queried always goes through this one module.
"""

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DICTIONARY_PATH = DATA_DIR / "domain_dict.txt"
STOPWORDS_PATH = DATA_DIR / "stopwords.txt"

# Words in the user dictionary get this frequency unless the file says otherwise: high enough
# that rjieba keeps 智能网联汽车 or 先使用后付费 whole.
DEFAULT_FREQ = 200_000

_lock = threading.Lock()
_state: dict = {}

_TOKEN_OK = re.compile(r"[\w]", re.UNICODE)


@lru_cache(maxsize=1)
def _converter():
    """Traditional → simplified with OpenCC's bundled tables (offline); None when unavailable."""
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # noqa: BLE001 - the package is optional; without it text stays as written
        return None


def normalise(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, traditional → simplified, collapsed spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    converter = _converter()
    if converter is not None:
        text = converter.convert(text)
    return " ".join(text.split())


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


def reload_dictionary() -> None:
    """Re-read the dictionary and stop words (after ``manage.py matching_dictionary add``)."""
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


def tokens(text: str, *, search_mode: bool = True) -> list[str]:
    """Segment normalised text. Search mode adds the sub-words of long words (for the index and
    for recall); precise mode gives one reading (for keyword queries, every token required)."""
    text = normalise(text)
    if not text:
        return []
    seg = _segmenter()
    stops = stop_words()
    pieces = seg.cut_for_search(text) if search_mode else seg.cut(text)
    # piece -> its token, or "" when dropped; filled for new pieces, then looked up in bulk.
    kept = _memo("kept")
    for piece in set(pieces).difference(kept):
        token = piece.strip()
        kept[piece] = token if _keep(token, stops) else ""
    out = [token for token in map(kept.__getitem__, pieces) if token]
    if search_mode:
        # Search mode adds only 2- and 3-character sub-words; add the longer known ones too so
        # that 燃料电池 finds 氢燃料电池.
        out += [sub for t in out if len(t) > 4 for sub in _long_subwords(seg, t)]
    return out


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
