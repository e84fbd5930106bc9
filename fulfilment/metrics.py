"""Registers the 80 % indicator's metric (``ledger.register_metrics``)."""

from .ledger import register_metrics  # noqa: F401
