"""Background jobs of the cases app, run by django-q2 (database broker; also on SQLite)."""

from __future__ import annotations

from .services import watch_reminders_run


def watch_reminders() -> str:
    """Daily: remind waakvlam contacts that are due and escalate missed ones to the case director."""
    report = watch_reminders_run()
    return f"reminded={report.reminded} escalated={report.escalated}"
