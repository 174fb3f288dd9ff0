"""Background jobs of the uitstroom route, run by django-q2 (database broker; also on SQLite)."""

from __future__ import annotations

from .services import evaluation_reminders_run, weekly_match_runs


def evaluation_reminders() -> str:
    """Daily: remind the care side of living evaluations due within a week (once per evaluation)."""
    report = evaluation_reminders_run()
    return f"reminded={report.reminded}"


def weekly_match_run() -> str:
    """Weekly: compute and store proposals per coalition as its named coordinator; never accepts."""
    outcomes = weekly_match_runs()
    runs = sum(1 for outcome in outcomes if outcome.run is not None)
    return f"runs={runs} skipped={len(outcomes) - runs}"
