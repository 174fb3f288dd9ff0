from django.db import models
from django.utils.translation import gettext_lazy as _

from . import kpis

# Roles that may change a coalition's agreements; professionals and admins read them.
EDITOR_ROLES = frozenset({"coordinator", "manager"})


class Rasci(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    SUPPORTIVE = "S", _("Supportive")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class PerformanceTheme(models.TextChoices):
    AFFORDABLE = "affordable", _("Affordable housing stock")
    ENERGY = "energy", _("Energy-efficient housing stock")
    VULNERABLE = "vulnerable", _("Housing and support of vulnerable tenants")
    RESILIENT = "resilient", _("Resilient neighbourhoods")
    OTHER = "other", _("Other theme")


class AgreementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Direction(models.TextChoices):
    HIGHER = kpis.HIGHER, _("Higher is better")
    LOWER = kpis.LOWER, _("Lower is better")


class Aggregation(models.TextChoices):
    SUM = kpis.SUM, _("Sum (counts)")
    MEAN = kpis.MEAN, _("Mean (rates and scores)")


class KpiMethod(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    FORMULA = "formula", _("Formula (entered as result)")
    AUTOMATIC = "automatic", _("Automatic from Wijkverband")


class Period(models.TextChoices):
    YEAR = "Y", _("Whole year")
    H1 = "H1", _("First half")
    H2 = "H2", _("Second half")
    Q1 = "Q1", _("Quarter 1")
    Q2 = "Q2", _("Quarter 2")
    Q3 = "Q3", _("Quarter 3")
    Q4 = "Q4", _("Quarter 4")


class CostKind(models.TextChoices):
    SPENT = "spent", _("Cost of the support given")
    AVOIDED = "avoided", _("Cost avoided (reference scenario)")


class LearningLevel(models.TextChoices):
    PROFESSIONALS = "professionals", _("Professionals")
    MANAGERS = "managers", _("Managers")
    BOARD = "board", _("Board")


class LessonKind(models.TextChoices):
    SUCCESS = "success", _("What worked")
    FAILURE = "failure", _("What did not work")
    ESCALATION = "escalation", _("Escalated to the next level")


class ToolOutcome(models.TextChoices):
    WORKED = "worked", _("Worked")
    PARTLY = "partly", _("Worked partly")
    DID_NOT_WORK = "did_not_work", _("Did not work")


# Levels in the order a theme is escalated: professionals → managers → board.
LEVEL_ORDER = (LearningLevel.PROFESSIONALS, LearningLevel.MANAGERS, LearningLevel.BOARD)

# A pilot on the routekaart is checked at least twice a year.
PILOT_CHECK_MONTHS = 6
# Coordinators and managers of the owning party are reminded this many days before a check is due.
PILOT_REMIND_DAYS = 14
