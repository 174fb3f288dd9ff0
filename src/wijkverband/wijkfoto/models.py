"""The wijkfoto: indicators (what is measured), their values per area and year, and the traffic light.

No personal data lives here: every figure is an aggregate over an area (CBS, Leefbaarometer, or an
organisation's own measurement). Areas are referenced by level + CBS code rather than by foreign
key, so postcode areas, the country and codes of earlier years can carry values too; the importers
check codes against ``neighbourhoods`` and report the ones they do not know instead of guessing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wijkverband.core.models import BaseModel
from wijkverband.core.validators import validate_no_control_chars, validate_no_html
from wijkverband.organisations.models import Coalition, Organisation

from .constants import (
    AreaLevel,
    Colour,
    Direction,
    ImportKind,
    ImportStatus,
    IndicatorGroup,
    TrafficLightLevel,
    UploadStatus,
)

TEXT_VALIDATORS = [validate_no_html, validate_no_control_chars]


class Indicator(BaseModel):
    """What is measured. Public indicators come from a source file; own ones belong to an organisation."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    label = models.CharField(_("label"), max_length=200, validators=TEXT_VALIDATORS)
    description = models.TextField(_("description"), blank=True, max_length=4000, validators=TEXT_VALIDATORS)
    group = models.CharField(_("group"), max_length=16, choices=IndicatorGroup.choices)
    unit = models.CharField(_("unit"), max_length=40, validators=TEXT_VALIDATORS)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices, default=Direction.NEUTRAL)
    source = models.CharField(_("source"), max_length=200, validators=TEXT_VALIDATORS)
    source_table = models.CharField(_("source table"), max_length=100, blank=True)
    licence = models.CharField(_("licence"), max_length=60, blank=True)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="own_indicators"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group", "position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.label

    @property
    def is_own(self) -> bool:
        return self.owner_id is not None


class ImportRun(BaseModel):
    """One import of one file: what it was, what it wrote and every row it could not use."""

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    layout = models.CharField(_("layout"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"), null=True)
    status = models.CharField(_("status"), max_length=8, choices=ImportStatus.choices)
    rows_read = models.PositiveIntegerField(default=0)
    values_written = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list)
    # The table or file edition the figures came from (85984NED, kwb-2023, …): shown per year with them.
    source_table = models.CharField(_("source table"), max_length=100, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")


class ImportUpload(BaseModel):
    """A file uploaded in the web page, imported in the background (django-q2) with progress.

    The file is kept under ``DATA_DIR/uploads/wijkfoto/<uuid>/`` with its own name (the importers read
    the year and layout from it). ``rows_done`` is read from a progress file while the import runs,
    because the import's own transaction keeps its writes invisible until it ends.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    strict = models.BooleanField(_("strict"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=UploadStatus.choices, default=UploadStatus.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")


class AreaValue(models.Model):
    """One figure: indicator × area × year. ``value`` None means the source says 'unknown' (never 0)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    level = models.CharField(max_length=16, choices=AreaLevel.choices)
    # CBS code, PC4, or a complex/stairwell code (parsing.housing_area_code)
    area_code = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    value = models.FloatField(null=True)
    # Derived figures (e.g. the country as the sum of all municipalities) are marked as such.
    derived = models.BooleanField(default=False)
    measured_on = models.DateField(null=True, blank=True)
    source_note = models.CharField(max_length=200, blank=True, validators=TEXT_VALIDATORS)
    import_run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level", "area_code", "year"], name="one_value_per_year")
        ]
        indexes = [models.Index(fields=["level", "area_code"], name="areavalue_area")]
        verbose_name = _("area value")
        verbose_name_plural = _("area values")


class AreaShape(models.Model):
    """A simplified boundary (GeoJSON geometry in WGS84) for drawing maps without tiles."""

    level = models.CharField(max_length=16, choices=AreaLevel.choices)
    code = models.CharField(max_length=12)
    name = models.CharField(max_length=100)
    parent_code = models.CharField(max_length=12, blank=True)
    year = models.PositiveSmallIntegerField()
    geometry = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "code", "year"], name="one_shape_per_year")]
        indexes = [models.Index(fields=["parent_code"], name="areashape_parent")]


class TrafficLightConfig(BaseModel):
    """A coalition's traffic light (stoplicht / draagkracht): rules, how they add up, and capacities.

    Every rule scores 0 (below its orange threshold), 1 (orange) or 2 (red), times its weight. The sum
    decides the colour: at least ``orange_from`` is orange, at least ``red_from`` is red. With one rule
    of weight 1 that is simply the rule's own colour. Capacities (for the placement matcher) are
    placements per 1,000 social homes over 12 months per colour.
    """

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="traffic_lights")
    name = models.CharField(_("name"), max_length=200, validators=TEXT_VALIDATORS)
    level = models.CharField(
        _("level"), max_length=16, choices=TrafficLightLevel.choices, default=TrafficLightLevel.NEIGHBOURHOOD
    )
    orange_from = models.FloatField(_("orange from score"), default=1)
    red_from = models.FloatField(_("red from score"), default=2)
    use_district_values = models.BooleanField(
        _("use the district's figure when a neighbourhood has none"), default=True
    )
    green_limit = models.FloatField(_("placements per 1,000 social homes per year when green"), default=10)
    orange_limit = models.FloatField(_("placements per 1,000 social homes per year when orange"), default=5)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["coalition__name", "name"]
        # The matcher asks one traffic light per level (selectors.capacity_for); two would contradict.
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "level"], condition=Q(is_active=True), name="one_active_light_per_level"
            )
        ]
        verbose_name = _("traffic light")
        verbose_name_plural = _("traffic lights")

    def __str__(self) -> str:
        return self.name


class TrafficLightRule(BaseModel):
    config = models.ForeignKey(TrafficLightConfig, on_delete=models.CASCADE, related_name="rules")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    orange_threshold = models.FloatField(_("orange threshold"))
    red_threshold = models.FloatField(_("red threshold"))
    weight = models.FloatField(_("weight"), default=1)

    class Meta:
        ordering = ["indicator__label"]
        constraints = [models.UniqueConstraint(fields=["config", "indicator"], name="one_rule_per_indicator")]


class TrafficLightOverride(BaseModel):
    """A manual colour for one area, set by a coordinator or manager, with a reason and an end date."""

    config = models.ForeignKey(TrafficLightConfig, on_delete=models.CASCADE, related_name="overrides")
    area_code = models.CharField(_("area"), max_length=40)
    colour = models.CharField(_("colour"), max_length=8, choices=Colour.choices)
    reason = models.TextField(_("reason"), max_length=2000, validators=TEXT_VALIDATORS)
    valid_until = models.DateField(_("valid until"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_by_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["config", "area_code"], condition=Q(ended_at__isnull=True), name="one_open_override_per_area"
            )
        ]


class TrafficLightResult(models.Model):
    """History: a row each time an area's colour (or its reasons) changes, and every override or config edit."""

    config = models.ForeignKey(TrafficLightConfig, on_delete=models.CASCADE, related_name="results")
    area_code = models.CharField(max_length=40)
    colour = models.CharField(max_length=8, choices=Colour.choices)
    computed_colour = models.CharField(max_length=8, choices=Colour.choices)
    score = models.FloatField(null=True)
    reasons = models.JSONField(default=list)
    overridden = models.BooleanField(default=False)
    cause = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["config", "area_code", "-recorded_at"], name="tlresult_area")]
