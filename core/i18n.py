"""Stored names in the reader's language.

Reference data keeps its Chinese name (``name``, what documents and registrations use) and, where
the platform ships one, an English name (``name_en``). Pages, forms and the API's labels show the
English one on English pages when it is filled, else the Chinese one.
"""

from django.utils.translation import get_language


def is_english() -> bool:
    """Whether the active language is English (``en``, ``en-us`` …); Chinese is the default."""
    return (get_language() or "").startswith("en")


def readers_name(name: str, name_en: str) -> str:
    """``name_en`` when the active language is English and it is filled, else ``name``."""
    return name_en if name_en and is_english() else name


def operator_name() -> str:
    """The site operator's name in the reader's language (settings ``SITE_OPERATOR_NAME`` and
    ``SITE_OPERATOR_NAME_EN``): footer, about and contact pages."""
    from django.conf import settings

    return readers_name(settings.SITE_OPERATOR_NAME, getattr(settings, "SITE_OPERATOR_NAME_EN", ""))


class ReadersName:
    """Mixin for a model with ``name`` and ``name_en``: ``label`` in the reader's language. A model
    using it returns ``self.label`` from ``__str__`` too, so that form choices, the admin and any
    ``{{ object }}`` read English on English pages."""

    @property
    def label(self) -> str:
        return readers_name(self.name, self.name_en)
