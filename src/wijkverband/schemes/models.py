"""The Regelingenwijzer: a catalogue of schemes (regelingen) and of services and initiatives in the neighbourhood.

No personal data lives here. A scheme or service is public information, maintained by the editors
of the organisation that owns it. Case plans refer to an item by kind + UUID (``cases.CaseAction``);
the catalogue only ever counts those references, it never reads the plans themselves.

Writes go through ``schemes.services`` (which keep the search fields and the vocabulary current);
eligibility is structured data, read by the pure module ``eligibility``.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkverband.core.models import BaseModel
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.models import Organisation

from .constants import AreaScope, BenefitKind, ServiceKind

TEXT_VALIDATORS = [validate_no_html, validate_no_control_chars]


def area_of(
    scope: str, municipality: tuple[str, str] | None, district: tuple[str, str] | None
) -> tuple[str | None, str]:
    """(code, name) of the area a scheme or service is limited to; no code for a national one.
    For model instances and for rows read as values alike."""
    if scope == AreaScope.DISTRICT and district is not None:
        return district
    if scope == AreaScope.MUNICIPALITY and municipality is not None:
        return municipality
    return None, str(AreaScope.NATIONAL.label)


class Theme(models.Model):
    """A theme (inkomen, schulden, wonen …); the fixed list lives in ``constants.Theme``, seeded by a migration."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name


class CatalogueItem(BaseModel):
    """What schemes and services share: identity, area, provider, links and upkeep."""

    # Stable, human-readable key for import and export ("huurtoeslag", "oss-meedoenregeling").
    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=TEXT_VALIDATORS)
    summary = models.CharField(
        _("short description"),
        max_length=600,
        validators=TEXT_VALIDATORS,
        help_text=_("In plain Dutch (B1 level): what it is and for whom."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="%(class)s_items",
        verbose_name=_("maintained by"),
    )
    provider = models.CharField(_("provider"), max_length=200, validators=TEXT_VALIDATORS)
    scope = models.CharField(_("area of validity"), max_length=16, choices=AreaScope.choices)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("municipality")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    url = models.URLField(_("website"), max_length=500, blank=True)
    keywords = models.CharField(_("search words"), max_length=500, blank=True, validators=TEXT_VALIDATORS)
    # A fictitious local example (demo); national schemes are described from public information.
    is_example = models.BooleanField(_("example (fictitious)"), default=False)
    last_checked_on = models.DateField(_("last checked on"))
    last_checked_by = models.CharField(_("last checked by"), max_length=200, validators=TEXT_VALIDATORS)
    review_due_on = models.DateField(_("review due on"))
    review_reminded_on = models.DateField(_("review reminder sent on"), null=True, blank=True)
    broken_links = models.JSONField(_("broken links"), default=list, blank=True)
    links_checked_at = models.DateTimeField(_("links checked at"), null=True, blank=True)
    # Denormalised search fields, kept current by the services: normalised text for the SQLite
    # fallback and the tsvector (PostgreSQL 'dutch' config) for full text search.
    search_title = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def area_code(self) -> str | None:
        return self._area()[0]

    @property
    def area_name(self) -> str:
        return self._area()[1]

    def _area(self) -> tuple[str | None, str]:
        municipality, district = self.municipality, self.district
        return area_of(
            self.scope,
            (municipality.code, municipality.name) if municipality is not None else None,
            (district.code, district.name) if district is not None else None,
        )

    def is_stale_on(self, day: date) -> bool:
        return self.review_due_on <= day

    def is_retired_on(self, day: date) -> bool:
        """Ended by its editors: no longer offered, kept for reference and for the plans that use it."""
        return False


class Scheme(CatalogueItem):
    """A regeling: money, a service, priority or advice, with who it is for and how to apply."""

    target_description = models.CharField(_("target group"), max_length=300, validators=TEXT_VALIDATORS)
    benefit_kind = models.CharField(_("what it gives"), max_length=16, choices=BenefitKind.choices)
    benefit = models.CharField(_("what you get"), max_length=300, validators=TEXT_VALIDATORS)
    conditions = models.TextField(_("conditions"), max_length=4000, blank=True, validators=TEXT_VALIDATORS)
    how_to_apply = models.TextField(_("how to apply"), max_length=4000, blank=True, validators=TEXT_VALIDATORS)
    documents = models.TextField(
        _("documents needed"), max_length=2000, blank=True, validators=TEXT_VALIDATORS, help_text=_("One per line.")
    )
    links = models.JSONField(_("more links"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Structured criteria read by eligibility.criteria_parse (age, household, income, housing, …).
    eligibility = models.JSONField(_("eligibility"), default=dict, blank=True)
    themes = models.ManyToManyField(Theme, related_name="schemes", blank=True, verbose_name=_("themes"))
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="schemes", blank=True, verbose_name=_("target groups")
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["scope", "municipality", "district"], name="scheme_area"),
            models.Index(fields=["valid_until"], name="scheme_valid_until"),
            models.Index(fields=["review_due_on"], name="scheme_review_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="scheme_valid_period",
            )
        ]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")

    def is_current_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )

    def is_retired_on(self, day: date) -> bool:
        return self.valid_until is not None and self.valid_until < day

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]


class Service(CatalogueItem):
    """A service of an organisation or a residents' initiative in the neighbourhood (wijknetwerk)."""

    kind = models.CharField(_("kind"), max_length=32, choices=ServiceKind.choices)
    target_description = models.CharField(_("target group"), max_length=300, blank=True, validators=TEXT_VALIDATORS)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    location = models.CharField(_("location"), max_length=300, blank=True, validators=TEXT_VALIDATORS)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True, validators=TEXT_VALIDATORS)
    contact = models.CharField(_("contact"), max_length=300, blank=True, validators=TEXT_VALIDATORS)
    is_active = models.BooleanField(_("active"), default=True)
    themes = models.ManyToManyField(Theme, related_name="services", blank=True, verbose_name=_("themes"))
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="services", blank=True, verbose_name=_("target groups")
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["scope", "municipality", "district"], name="service_area"),
            models.Index(fields=["review_due_on"], name="service_review_due"),
        ]
        verbose_name = _("service or initiative")
        verbose_name_plural = _("services and initiatives")

    def is_retired_on(self, day: date) -> bool:
        return not self.is_active


class CatalogueEditor(BaseModel):
    """A user who maintains the catalogue items of one organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="catalogue_editorships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="catalogue_editors")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="one_editorship_per_org")]
        verbose_name = _("catalogue editor")
        verbose_name_plural = _("catalogue editors")

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class SearchWord(models.Model):
    """The catalogue's vocabulary: every word once, for typo correction (pg_trgm or difflib)."""

    word = models.CharField(max_length=80, unique=True)
    stem = models.CharField(max_length=80, db_index=True)

    def __str__(self) -> str:
        return self.word


def review_due_after(checked_on: date, days: int) -> date:
    return checked_on + timedelta(days=days)
