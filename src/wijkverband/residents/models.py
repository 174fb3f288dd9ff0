"""Residents and households. Personal data: read only through selectors, written only through services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkverband.core import crypto
from wijkverband.core.models import BaseModel
from wijkverband.core.validators import (
    mask_bsn,
    validate_bag_id,
    validate_birth_date,
    validate_no_control_chars,
    validate_no_html,
    validate_postcode,
)
from wijkverband.neighbourhoods.models import Neighbourhood
from wijkverband.organisations.models import Organisation

from .constants import InvolvementRole

if TYPE_CHECKING:
    from wijkverband.accounts.actor import Actor

TEXT_VALIDATORS = [validate_no_html, validate_no_control_chars]


class ResidentQuerySet(models.QuerySet["Resident"]):
    def visible_to(self, actor: Actor, scope: str = "basic") -> ResidentQuerySet:
        # The one policy lives in consent.policy; this is only the entry point selectors use.
        from wijkverband.consent.policy import visible_residents

        return visible_residents(self, actor=actor, scope=scope)


class Household(BaseModel):
    name = models.CharField(_("household name"), max_length=200, validators=TEXT_VALIDATORS)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[validate_postcode])
    house_number = models.PositiveIntegerField(_("house number"))
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True, validators=TEXT_VALIDATORS)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class Resident(BaseModel):
    first_name = models.CharField(_("first name"), max_length=100, validators=TEXT_VALIDATORS)
    last_name = models.CharField(_("last name"), max_length=150, validators=TEXT_VALIDATORS)
    date_of_birth = models.DateField(_("date of birth"), validators=[validate_birth_date])
    street = models.CharField(_("street"), max_length=150, blank=True, validators=TEXT_VALIDATORS)
    postcode = models.CharField(_("postcode"), max_length=7, validators=[validate_postcode])
    house_number = models.PositiveIntegerField(_("house number"))
    house_number_addition = models.CharField(_("addition"), max_length=10, blank=True, validators=TEXT_VALIDATORS)
    city = models.CharField(_("place"), max_length=100, blank=True, validators=TEXT_VALIDATORS)
    bag_id = models.CharField(_("BAG id"), max_length=16, blank=True, validators=[validate_bag_id])
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="residents"
    )
    household = models.ForeignKey(Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="members")
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=TEXT_VALIDATORS)
    email = models.EmailField(_("e-mail"), max_length=200, blank=True)
    # BSN: Fernet ciphertext plus a keyed blind index for lookup and uniqueness; never in the clear.
    bsn_encrypted = models.TextField(blank=True, editable=False)
    bsn_index = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    registered_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="registered_residents"
    )

    objects = ResidentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["postcode", "house_number"], name="resident_address")]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def address(self) -> str:
        number = f"{self.house_number}{self.house_number_addition}"
        street = f"{self.street} {number}" if self.street else number
        return ", ".join(part for part in (street, f"{self.postcode} {self.city}".strip()) if part)

    @property
    def has_bsn(self) -> bool:
        return bool(self.bsn_encrypted)

    def reveal_bsn(self) -> str:
        return crypto.decrypt(self.bsn_encrypted) if self.bsn_encrypted else ""

    @property
    def masked_bsn(self) -> str:
        return mask_bsn(self.reveal_bsn())


class Involvement(BaseModel):
    """Need to know: a user's role in a resident's case or route, for one organisation."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="involvements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="involvements")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(_("role"), max_length=32, choices=InvolvementRole.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True, validators=TEXT_VALIDATORS)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="involvements_added"
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "user", "organisation"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_involvement",
            )
        ]
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
