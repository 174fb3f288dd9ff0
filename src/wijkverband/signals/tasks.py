"""Background jobs of the signals app, run by django-q2 (database broker; also on SQLite)."""

from __future__ import annotations

from .services import arrears_retention_run, signals_escalate_overdue


def escalate_overdue() -> str:
    """Daily: signals past their response term go to the team's coordinator."""
    return f"escalated={signals_escalate_overdue()}"


def arrears_retention() -> str:
    """Daily: remove personal data of arrears signals that led to no contact within the legal period."""
    return f"removed={arrears_retention_run().removed}"
