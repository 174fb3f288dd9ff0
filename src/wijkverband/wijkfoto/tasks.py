"""Background jobs of the wijkfoto app, run by django-q2 (database broker; also on SQLite)."""

from __future__ import annotations

from .services import traffic_light_overrides_expire


def expire_overrides() -> str:
    """Daily: end traffic-light overrides past their end date and record the fallback colour in the history."""
    return f"expired={traffic_light_overrides_expire()}"
