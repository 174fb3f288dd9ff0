from django.db import models
from django.utils.translation import gettext_lazy as _


class InvolvementRole(models.TextChoices):
    CASE_DIRECTOR = "case_director", _("Case director")
    PROFESSIONAL = "professional", _("Involved professional")
    ROUTE_COORDINATOR = "route_coordinator", _("Housing route coordinator")
