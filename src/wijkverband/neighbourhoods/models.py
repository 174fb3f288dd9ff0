"""The CBS area registry: gemeente → wijk → buurt, keyed by their CBS codes (GM0828, WK082806, BU08280601)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    code = models.CharField(_("CBS code"), max_length=6, unique=True)  # GM0828
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("classification year"), default=2025)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class District(models.Model):
    code = models.CharField(_("CBS code"), max_length=8, unique=True)  # WK082806
    name = models.CharField(_("name"), max_length=100)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="districts")
    year = models.PositiveSmallIntegerField(_("classification year"), default=2025)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Neighbourhood(models.Model):
    code = models.CharField(_("CBS code"), max_length=10, unique=True)  # BU08280601
    name = models.CharField(_("name"), max_length=100)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="neighbourhoods")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="neighbourhoods")
    year = models.PositiveSmallIntegerField(_("classification year"), default=2025)

    class Meta:
        ordering = ["code"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
