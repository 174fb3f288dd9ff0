"""Background jobs of the wijkfoto app, run by django-q2 (database broker; also on SQLite)."""

from __future__ import annotations

from .services import traffic_light_overrides_expire


def expire_overrides() -> str:
    """Daily: end traffic-light overrides past their end date and record the fallback colour in the history."""
    return f"expired={traffic_light_overrides_expire()}"


def import_upload_run(upload_id: int) -> str:
    """Queued by the web upload: import the stored file and record the outcome on the upload."""
    from .models import ImportUpload
    from .services import import_upload_run as run

    upload = ImportUpload.objects.filter(pk=upload_id).first()
    if upload is None:
        return "missing"
    return run(upload=upload).status
