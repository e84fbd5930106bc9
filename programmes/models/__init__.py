"""The programme engine: calls, entries, the expert pool and review, news and events."""

from .calls import Call, Criterion, Kind, ListItem, Milestone, Stage, TieBreak
from .entries import Entry, EntryStatus, Interest, ItemType, MilestoneCheck, Objection
from .news import Article, Event, Registration
from .reviews import Assignment, Draw, PoolExpert, Score

__all__ = [
    "Article",
    "Assignment",
    "Call",
    "Criterion",
    "Draw",
    "Entry",
    "EntryStatus",
    "Event",
    "Interest",
    "ItemType",
    "Kind",
    "ListItem",
    "Milestone",
    "MilestoneCheck",
    "Objection",
    "PoolExpert",
    "Registration",
    "Score",
    "Stage",
    "TieBreak",
]
