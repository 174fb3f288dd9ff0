from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentScope(models.TextChoices):
    BASIC = "basic", _("Basic details")
    CASE_PLAN = "case_plan", _("Case plan")
    HOUSING_ROUTE = "housing_route", _("Housing route")
    HEALTH = "health", _("Health-related notes")
