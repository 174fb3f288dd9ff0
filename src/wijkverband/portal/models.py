"""The resident's own access ("Mijn Wijkverband"): an account bound to one resident, and one-time links.

- A resident account is a user with an unusable password and no membership: it never acts for an
  organisation, so the professional policy shows it nothing; it only reads its own resident's data.
- A login link stores the SHA-256 hash of its token, never the token itself, and works once,
  before it expires and unless a newer link replaced it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkverband.core.models import BaseModel
from wijkverband.residents.models import Resident


class ResidentAccount(BaseModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident_account")
    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="account")

    class Meta:
        verbose_name = _("resident account")
        verbose_name_plural = _("resident accounts")

    def __str__(self) -> str:
        return f"resident account {self.uuid}"


class ResidentLoginLinkQuerySet(models.QuerySet["ResidentLoginLink"]):
    def usable_at(self, moment: datetime) -> ResidentLoginLinkQuerySet:
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=moment)


class ResidentLoginLink(BaseModel):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="login_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    # Set when a newer link for the same resident replaced this one before it was used.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ResidentLoginLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("resident login link")
        verbose_name_plural = _("resident login links")

    def __str__(self) -> str:
        return f"login link {self.uuid}"
