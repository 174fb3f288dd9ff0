"""Background jobs of the uitstroom route, run by django-q2 (database broker; also on SQLite)."""

from __future__ import annotations

from .services import evaluation_reminders_run


def evaluation_reminders() -> str:
    """Daily: remind the care side of living evaluations due within a week (once per evaluation)."""
    report = evaluation_reminders_run()
    return f"reminded={report.reminded}"
