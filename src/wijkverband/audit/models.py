"""Append-only audit events after NEN 7513, chained by keyed hash.

Each event stores what happened, when, about which resident, by which user, on behalf of which
organisation, from where and why. Names are snapshots, and the resident is referenced by UUID
without a foreign key, so the trail survives the deletion of a resident or a case.
"""

from typing import Any, NoReturn, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import AccessPoint, AuditAction, AuditOutcome

_M = TypeVar("_M", bound=models.Model)


class AppendOnlyQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit events are append-only.")

    def delete(self) -> NoReturn:
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
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
    # HMAC over the content, written with the event; the chain lives in AuditSeal.
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet["AuditEvent"].as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["resident_uuid", "-id"], name="audit_resident_id")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit events are append-only.")

    @property
    def sequence(self) -> int:
        """The event number shown to people and in the API: events are numbered in order of writing."""
        return int(self.pk)


class AuditSeal(models.Model):
    """One link of the chain over events, appended by the sealer in a single order.

    The event is referenced by id without a foreign key: a removed event must leave its seal behind
    as evidence, not take it along.
    """

    position = models.PositiveBigIntegerField(unique=True)
    event_id = models.BigIntegerField(unique=True)
    event_hash = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    objects = AppendOnlyQuerySet["AuditSeal"].as_manager()

    class Meta:
        ordering = ["position"]

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit seals are append-only.")


class AuditChainHead(models.Model):
    """One row: the last seal, and the event id below which every event has been sealed.

    Only the sealer locks it, so recording an event never waits for another request.
    """

    last_position = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    sealed_through_id = models.BigIntegerField(default=0)
