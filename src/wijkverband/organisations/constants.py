from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "gemeente", _("Municipality")
    HOUSING_CORPORATION = "woningcorporatie", _("Housing corporation")
    CARE_PROVIDER = "zorgaanbieder", _("Care provider")
    WELFARE = "welzijn", _("Welfare organisation / neighbourhood team")
    TENANTS = "huurdersorganisatie", _("Tenants' organisation")
    POLICE_JUSTICE = "politie_justitie", _("Police / justice")
    RESIDENT_INITIATIVE = "bewonersinitiatief", _("Residents' initiative")


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    COORDINATOR = "coordinator", _("Coordinator")
    MANAGER = "manager", _("Manager")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")


# Roles whose members may, with consent and need to know, see a resident's personal data.
# Managers steer on aggregates; functional admins manage accounts: neither sees personal data.
PERSONAL_DATA_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR})
