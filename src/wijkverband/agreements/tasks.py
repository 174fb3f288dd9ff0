"""Background jobs of the agreements app, run by django-q2 (database broker; also on SQLite)."""

from __future__ import annotations

from .services import pilot_reminders_run


def pilot_reminders() -> str:
    """Daily: remind the owners of pilots whose twice-yearly progress check is due or overdue."""
    report = pilot_reminders_run()
    return f"reminded={report.reminded} overdue={report.overdue}"
