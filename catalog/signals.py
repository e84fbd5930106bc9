"""Signals other apps listen to. Sent after the transaction commits."""

from django.dispatch import Signal

# Sent with sender=<model class>, record=<instance>, action in {"published", "updated", "withdrawn"}.
# "withdrawn" means: no longer public (archived, expired, returned or sent back to draft).
resource_changed = Signal()
