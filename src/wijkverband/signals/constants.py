"""Choices of the signals domain. Labels are English msgids; Dutch lives in the .po file."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignalStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    CONTACTED = "contacted", _("Contact made")
    REFERRED_TO_PLAN = "referred_to_plan", _("Referred to a plan")
    CLOSED_NO_FOLLOW_UP = "closed_no_follow_up", _("Closed without follow-up")
    NOT_REACHED = "not_reached", _("Not reached")


class SubjectKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    HOUSEHOLD = "household", _("Household")
    ADDRESS = "address", _("Address")
    BUILDING = "building", _("Building")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


class SourceKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    TENANTS_ORGANISATION = "tenants_organisation", _("Tenants' organisation")
    WATCH_SUPPORTER = "watch_supporter", _("Waakvlam supporter")
    NEIGHBOUR = "neighbour", _("Resident about a neighbour")
    CREDITOR = "creditor", _("Creditor (vroegsignalering)")


class TeamKind(models.TextChoices):
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("Neighbourhood team")
    FRONT_DOOR = "front_door", _("Front door (one point of entry)")
    DEBT_HELP = "debt_help", _("Debt help")
    SOCIAL_MANAGEMENT = "social_management", _("Corporation's social management")
    SAFETY_HOUSE = "safety_house", _("Zorg- en Veiligheidshuis")


class ArrearsKind(models.TextChoices):
    RENT = "huur", _("Rent")
    WATER = "water", _("Drinking water")
    ENERGY = "energie", _("Energy (electricity, gas, heat)")
    HEALTH_INSURANCE = "zorgverzekering", _("Health insurance")


class OutreachStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class OutreachKind(models.TextChoices):
    """Who or what an outreach task reaches out to: a household at an address, a building, or a neighbourhood."""

    HOUSEHOLD = "household", _("Household")
    BUILDING = "building", _("Building")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")


class AttemptKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")
    # For a building or neighbourhood: going there, and talking with its residents and partners.
    AREA_VISIT = "area_visit", _("Visit on site (schouw)")
    MEETING = "meeting", _("Meeting with residents or partners")


class OutreachResult(models.TextChoices):
    # What a reached household decided; "not reached" is the absence of contact, not a result.
    HELP_ACCEPTED = "help_accepted", _("Help accepted")
    HELP_REFUSED = "help_refused", _("Help refused")
    ALREADY_HELPED = "already_helped", _("Already receiving help")
    # What came of reaching out to a building or neighbourhood.
    ACTION_AGREED = "action_agreed", _("Approach agreed with residents or partners")
    NO_ACTION_NEEDED = "no_action_needed", _("No action needed")
    NONE = "", _("No result yet")


# Which attempts and results fit which kind of task (a household does not "agree an approach",
# a neighbourhood does not "accept help"); the service refuses the others.
ATTEMPTS_BY_KIND: dict[str, tuple[str, ...]] = {
    OutreachKind.HOUSEHOLD: (AttemptKind.HOME_VISIT, AttemptKind.PHONE, AttemptKind.LETTER, AttemptKind.EMAIL),
    OutreachKind.BUILDING: (AttemptKind.AREA_VISIT, AttemptKind.MEETING, AttemptKind.PHONE, AttemptKind.LETTER),
    OutreachKind.NEIGHBOURHOOD: (AttemptKind.AREA_VISIT, AttemptKind.MEETING, AttemptKind.PHONE, AttemptKind.LETTER),
}
RESULTS_BY_KIND: dict[str, tuple[str, ...]] = {
    OutreachKind.HOUSEHOLD: (OutreachResult.HELP_ACCEPTED, OutreachResult.HELP_REFUSED, OutreachResult.ALREADY_HELPED),
    OutreachKind.BUILDING: (OutreachResult.ACTION_AGREED, OutreachResult.NO_ACTION_NEEDED),
    OutreachKind.NEIGHBOURHOOD: (OutreachResult.ACTION_AGREED, OutreachResult.NO_ACTION_NEEDED),
}


class BatchSource(models.TextChoices):
    API = "api", _("API (JSON)")
    CSV = "csv", _("CSV upload")
