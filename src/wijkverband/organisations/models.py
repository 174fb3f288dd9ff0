from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkverband.core.models import BaseModel
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.neighbourhoods.models import District, Municipality

from .constants import OrganisationKind, Role


class Organisation(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True, validators=[validate_no_html])
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Coalition(BaseModel):
    """A samenwerkingsverband: organisations that work together for an area."""

    name = models.CharField(_("name"), max_length=200, unique=True, validators=[validate_no_html])
    description = models.TextField(
        _("description"), blank=True, max_length=4000, validators=[validate_no_html, validate_no_control_chars]
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="coalitions")
    districts = models.ManyToManyField(District, blank=True, related_name="coalitions")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="coalitions")

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"
