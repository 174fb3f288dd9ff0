"""Background jobs of the catalogue, run by django-q2 (database broker; also on SQLite)."""

from __future__ import annotations

from .services import catalogue_review_reminders_run


def review_reminders() -> str:
    """Daily: e-mail editors about catalogue items whose review date has passed (once per due date)."""
    report = catalogue_review_reminders_run()
    return f"stale={report.stale} reminded={report.reminded} without_editor={report.without_editor}"
