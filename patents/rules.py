"""Pool rules: parsed once per pool, then matched against many patents in plain Python.

IPC rule lines: ``H02S`` (every patent in that subclass), ``H01M8`` or ``C25B1/04`` (prefix of a
full IPC symbol; patents known only by subclass do not match a longer prefix), or
``H01M: 燃料电池, 氢`` (that IPC prefix AND one of the words in the title or abstract).
Keyword rule lines: ``无人机`` or ``氢+储运`` (all words). Exclude words veto rule matches
(never manual inclusions).

``PoolRules.match`` returns the reason in its stored, language-neutral form (``IPC C25B（氢）``,
``关键词 氢+储运``), whatever language is active; ``reason_label`` renders it for the reader.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .validators import normalise_ipc

KEYWORD_REASON = "关键词 "  # stored reasons for keyword rules start with this
_IPC_REASON = re.compile(r"^IPC (\S+)（(.+)）$")

_IPC_PREFIX = re.compile(r"^[A-H](\d{2}([A-Z](\d{1,4}(/\d{0,6})?)?)?)?$")
_SPLIT = re.compile(r"[,，、;；|]")


@dataclass
class IpcRule:
    prefix: str
    words: list[str] = field(default_factory=list)

    def label(self) -> str:
        return f"IPC {self.prefix}" + (f"（{'、'.join(self.words)}）" if self.words else "")


@dataclass
class PoolRules:
    ipc: list[IpcRule]
    keywords: list[list[str]]
    exclude: list[str]

    def __post_init__(self):
        # Precomputed for speed: an import matches every row against every pool.
        singles = [words[0] for words in self.keywords if len(words) == 1]
        self._single_re = (
            re.compile("|".join(map(re.escape, sorted(singles, key=len, reverse=True)))) if singles else None
        )
        self._exclude_re = re.compile("|".join(map(re.escape, self.exclude))) if self.exclude else None

    @property
    def empty(self) -> bool:
        return not self.ipc and not self.keywords

    def match(self, *, text: str, codes: list[str], subclasses: list[str]) -> str | None:
        """The first rule that selects this patent (its label), or None."""
        if self._exclude_re is not None and self._exclude_re.search(text):
            return None
        for rule in self.ipc:
            if (len(rule.prefix) == 4 and rule.prefix not in subclasses) or (
                len(rule.prefix) < 4 and not any(s.startswith(rule.prefix) for s in subclasses)
            ):
                continue
            if len(rule.prefix) > 4 and not _ipc_hits(rule.prefix, codes, subclasses):
                continue
            if not rule.words or any(w in text for w in rule.words):
                return rule.label()
        if self._single_re is not None:
            found = self._single_re.search(text)
            if found:
                return KEYWORD_REASON + found.group(0)
        for words in self.keywords:
            if len(words) > 1 and all(w in text for w in words):
                return KEYWORD_REASON + "+".join(words)
        return None


def reason_label(reason: str) -> str:
    """A stored pool-membership reason (``PoolRules.match``'s form, or an operator's free text) in
    the active language: ``关键词 氢+储运`` reads ``Keyword 氢+储运`` in English and
    ``IPC C25B（氢）`` reads ``IPC C25B (氢)``; anything else is returned as written."""
    if reason.startswith(KEYWORD_REASON):
        return _("关键词 %(w)s") % {"w": reason[len(KEYWORD_REASON) :]}
    found = _IPC_REASON.match(reason)
    if found:
        return _("IPC %(p)s（%(w)s）") % {"p": found.group(1), "w": found.group(2)}
    return reason


def _ipc_hits(prefix: str, codes: list[str], subclasses: list[str]) -> bool:
    if len(prefix) <= 4:
        return any(s.startswith(prefix) for s in subclasses)
    if "/" not in prefix:  # a main group: H01M8 matches H01M8/04 but not H01M80/...
        prefix += "/"
    return any(c.startswith(prefix) for c in codes)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip() and not line.strip().startswith("#")]


def parse_ipc_rules(text: str) -> list[IpcRule]:
    rules, errors = [], []
    for number, line in enumerate(_lines(text), start=1):
        head, _sep, tail = line.replace("：", ":").partition(":")
        prefix = normalise_ipc(head)
        if not _IPC_PREFIX.match(prefix):
            errors.append(_("第 %(n)d 行“%(l)s”不是有效的 IPC 前缀") % {"n": number, "l": line})
            continue
        rules.append(IpcRule(prefix, [w.strip() for w in _SPLIT.split(tail) if w.strip()]))
    if errors:
        raise ValidationError({"ipc_rules": errors})
    return rules


def parse_keywords(text: str) -> list[list[str]]:
    return [[w.strip() for w in line.split("+") if w.strip()] for line in _lines(text)]


def parse_pool(pool) -> PoolRules:
    return PoolRules(
        ipc=parse_ipc_rules(pool.ipc_rules),
        keywords=[k for k in parse_keywords(pool.keyword_rules) if k],
        exclude=[w.strip() for line in _lines(pool.exclude_keywords) for w in _SPLIT.split(line) if w.strip()],
    )
