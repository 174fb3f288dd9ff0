from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkverband.core.models import BaseModel
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.organisations.models import Organisation
from wijkverband.residents.models import Resident

from .constants import ConsentScope

TEXT_VALIDATORS = [validate_no_html, validate_no_control_chars]


class ConsentGrantQuerySet(models.QuerySet["ConsentGrant"]):
    def valid_on(self, day: date) -> ConsentGrantQuerySet:
        return self.filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
            given_on__lte=day,
            withdrawn_at__isnull=True,
        )

    def valid_now(self) -> ConsentGrantQuerySet:
        return self.valid_on(timezone.localdate())


class ConsentGrant(BaseModel):
    """A resident allows one organisation to see one part of their data for a purpose."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="consent_grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="consent_grants")
    scope = models.CharField(_("scope"), max_length=32, choices=ConsentScope.choices)
    purpose = models.CharField(_("purpose"), max_length=300, validators=TEXT_VALIDATORS)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="consents_recorded"
    )
    recorded_for = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="consents_recorded"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="consents_withdrawn"
    )
    withdrawal_reason = models.CharField(
        _("reason for withdrawal"), max_length=300, blank=True, validators=TEXT_VALIDATORS
    )

    objects = ConsentGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-created_at"]
        indexes = [models.Index(fields=["resident", "organisation", "scope"], name="consent_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_after_given",
            )
        ]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.resident_id} → {self.organisation} ({self.scope})"

    @property
    def is_valid(self) -> bool:
        today = timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.given_on <= today
            and (self.valid_until is None or self.valid_until >= today)
        )
