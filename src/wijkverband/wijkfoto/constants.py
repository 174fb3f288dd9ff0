"""Choices of the wijkfoto domain. Labels are English msgids; Dutch lives in the .po file."""

from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTRY_CODE = "NL00"


class AreaLevel(models.TextChoices):
    COUNTRY = "country", _("Country")
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT = "district", _("District")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    POSTCODE = "postcode", _("Postcode area")
    # A corporation's own areas, coded by parsing.housing_area_code (BU08280602:C1040[:P7]).
    COMPLEX = "complex", _("Housing complex")
    STAIRWELL = "stairwell", _("Stairwell (portiek)")


class Direction(models.TextChoices):
    """Which way is better: the traffic light and the colours of the map read this."""

    HIGHER_IS_BETTER = "higher_is_better", _("Higher is better")
    LOWER_IS_BETTER = "lower_is_better", _("Lower is better")
    NEUTRAL = "neutral", _("Neither better nor worse")


class IndicatorGroup(models.TextChoices):
    POPULATION = "population", _("Population and age")
    HOUSEHOLDS = "households", _("Households")
    HOUSING = "housing", _("Housing stock")
    INCOME = "income", _("Income and benefits")
    CARE = "care", _("Care and support")
    FACILITIES = "facilities", _("Distance to facilities")
    LIVEABILITY = "liveability", _("Leefbaarometer")
    OWN = "own", _("Own measurements")
    NETWORK = "network", _("Signals and placements")


class ImportKind(models.TextChoices):
    CBS = "cbs", _("CBS key figures")
    LEEFBAAROMETER = "leefbaarometer", _("Leefbaarometer")
    GEO = "geo", _("Area boundaries")


class ImportStatus(models.TextChoices):
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed, nothing written")


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed, nothing written")


class Colour(models.TextChoices):
    GREEN = "green", _("Green")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")
    UNKNOWN = "unknown", _("Unknown (no data)")


class TrafficLightLevel(models.TextChoices):
    """The level a coalition judges at. Complex and stairwell need figures that only own indicators carry."""

    DISTRICT = "district", _("District")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    POSTCODE = "postcode", _("Street / postcode area")
    COMPLEX = "complex", _("Housing complex")
    STAIRWELL = "stairwell", _("Stairwell (portiek)")
