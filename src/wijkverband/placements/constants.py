"""Choices of the uitstroom route. Values are stable identifiers; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationKind(models.TextChoices):
    SHELTER = "mo", _("Shelter (MO)")
    PROTECTED_LIVING = "bw", _("Protected living (BW)")
    MENTAL_HEALTH = "ggz", _("Mental health care with stay (GGZ)")
    YOUTH = "youth", _("Youth care with stay")


class ApplicationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    COMPLETE = "complete", _("Complete, waiting for a home")
    PROPOSED = "proposed", _("Home proposed")
    OFFERED = "offered", _("Home offered")
    HOUSED = "housed", _("Housed (trial period)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SupportIntensity(models.TextChoices):
    LOW = "low", _("Low")
    MID = "mid", _("Middle")
    HIGH = "high", _("High")


class AccessLevel(models.IntegerChoices):
    NONE = 0, _("No requirement")
    STEP_FREE = 1, _("Step-free (ground floor or lift)")
    WHEELCHAIR = 2, _("Wheelchair accessible")


class OfferStatus(models.TextChoices):
    AVAILABLE = "available", _("Available for the route")
    PROPOSED = "proposed", _("Proposed to a client")
    LET = "let", _("Let")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A BAG id may be offered once at a time: among these statuses it is unique.
ACTIVE_OFFER_STATUSES = (OfferStatus.AVAILABLE, OfferStatus.PROPOSED)


class MatchRunStatus(models.TextChoices):
    DONE = "done", _("Done")
    FAILED = "failed", _("Refused: input could not be matched")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted by the coordinator")
    OVERRIDDEN = "overridden", _("Overridden")
    SUPERSEDED = "superseded", _("Superseded by a later run")


class PlacementStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted by the client")
    DECLINED = "declined", _("Declined")


class TrialStatus(models.TextChoices):
    """The lease during the trial period (see ``lifecycle.TRIAL_TRANSITIONS``)."""

    DRAFT = "draft", _("Draft, not signed")
    TRIAL = "trial", _("Trial period")
    EXTENDED = "extended", _("Trial period extended")
    TRANSFERRED = "transferred", _("Lease transferred (omklap)")
    ENDED = "ended", _("Ended, back to care")


MAX_TRIAL_MONTHS = 18
HOUSED_TARGET_DAYS = 90  # 3 months from a complete application
HOUSED_TARGET_SHARE = 80  # percent
