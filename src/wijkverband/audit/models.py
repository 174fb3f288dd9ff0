"""Append-only audit events after NEN 7513, chained by keyed hash.

Each event stores what happened, when, about which resident, by which user, on behalf of which
organisation, from where and why. Names are snapshots, and the resident is referenced by UUID
without a foreign key, so the trail survives the deletion of a resident or a case.
"""

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import AccessPoint, AuditAction, AuditOutcome


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit events are append-only.")

    def delete(self) -> NoReturn:
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    event_type = models.CharField(_("event"), max_length=64)
    action = models.CharField(_("action"), max_length=1, choices=AuditAction.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=AuditOutcome.choices, default=AuditOutcome.SUCCESS)
    resident_uuid = models.UUIDField(_("resident"), null=True, blank=True, db_index=True)
    user_id_ref = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    username = models.CharField(_("user"), max_length=150, blank=True)
    user_display = models.CharField(_("user name"), max_length=200, blank=True)
    responsible_username = models.CharField(_("on behalf of user"), max_length=150, blank=True)
    organisation_uuid = models.UUIDField(_("organisation"), null=True, blank=True, db_index=True)
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=32, blank=True)
    access_point = models.CharField(_("access point"), max_length=8, choices=AccessPoint.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_uuid = models.UUIDField(_("object"), null=True, blank=True)
    scope = models.CharField(_("consent scope"), max_length=32, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["resident_uuid", "-sequence"], name="audit_resident_seq")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit events are append-only.")


class AuditChainHead(models.Model):
    """One row holding the last sequence and hash; locking it serialises chain appends."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
