"""Highlighted snippets: escaped text with <mark> around the matched terms."""

import re

from django.utils.html import escape

WINDOW = 120


def _pattern(terms) -> re.Pattern | None:
    terms = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def snippet(text: str, terms, *, window: int = WINDOW) -> str:
    """A window of ``text`` around its first match, HTML-escaped, matches in <mark>.
    Returns "" when no term occurs."""
    pattern = _pattern(terms)
    text = " ".join((text or "").split())
    if pattern is None or not text:
        return ""
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - window // 4)
    end = min(len(text), start + window)
    piece = text[start:end]
    out, last = [], 0
    for match in pattern.finditer(piece):
        out.append(escape(piece[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(piece[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + "".join(out) + suffix


def shared_terms(text: str, terms) -> list[str]:
    """The terms that occur in ``text``, longest first, without terms contained in a longer one."""
    text = (text or "").lower()
    found = [t for t in sorted(set(terms), key=len, reverse=True) if len(t) > 1 and t.lower() in text]
    kept: list[str] = []
    for term in found:
        if not any(term in longer for longer in kept):
            kept.append(term)
    return kept
