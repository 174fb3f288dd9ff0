"""Choices of the case plan domain. Labels are English msgids; Dutch lives in the .po file."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CasePlanStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACTIVE = "active", _("Active")
    SCALING_DOWN = "scaling_down", _("Scaling down")
    WATCH = "watch", _("Watch (waakvlam)")
    ESCALATED = "escalated", _("Escalated to the multi-agency table")
    CLOSED = "closed", _("Closed")


class EntryKind(models.TextChoices):
    WANT = "want", _("What do I want?")
    CAN = "can", _("What can I do?")
    NEED = "need", _("What do I need?")


class ParticipantKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    NETWORK = "network", _("Own network")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Rasci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    SUPPORTIVE = "S", _("Supportive")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class ResourceKind(models.TextChoices):
    """What an action may point to in the catalogue of schemes and services (issue: regelingenwijzer)."""

    SCHEME = "scheme", _("Scheme")
    SERVICE = "service", _("Service")


class MeetingKind(models.TextChoices):
    KITCHEN_TABLE = "kitchen_table", _("Kitchen-table meeting")
    CASE_CONFERENCE = "case_conference", _("Case conference")
    THREE_WAY = "three_way", _("Three-way meeting")


class MeasurementMoment(models.TextChoices):
    START = "start", _("Start")
    REVIEW = "review", _("Review")
    END = "end", _("End")


class InstrumentCode(models.TextChoices):
    WELLBEING = "wellbeing", _("Wellbeing")
    PARTICIPATION_LADDER = "participation_ladder", _("Participation ladder")
    SELF_RELIANCE_MATRIX = "zrm", _("Self-reliance matrix")


class WatchContactOutcome(models.TextChoices):
    REACHED_WELL = "reached_well", _("Reached, going well")
    REACHED_CONCERN = "reached_concern", _("Reached, concerns")
    NOT_REACHED = "not_reached", _("Not reached")


TIMELINE_KINDS = [
    ("entry", _("Own words")),
    ("action", _("Agreement")),
    ("action_done", _("Agreement finished")),
    ("meeting", _("Meeting")),
    ("measurement", _("Measurement")),
    ("status", _("Status")),
    ("watch_contact", _("Waakvlam contact")),
]
