"""Choices of the catalogue of schemes and services. Labels are English msgids; Dutch lives in the .po file."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BenefitKind(models.TextChoices):
    MONEY = "money", _("Money")
    SERVICE = "service", _("Service")
    PRIORITY = "priority", _("Priority")
    ADVICE = "advice", _("Advice")
    DISCOUNT = "discount", _("Discount or free")


class AreaScope(models.TextChoices):
    NATIONAL = "national", _("National")
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT = "district", _("District")


class ServiceKind(models.TextChoices):
    SERVICE = "service", _("Service of an organisation")
    INITIATIVE = "initiative", _("Residents' initiative")
    MEETING_PLACE = "meeting_place", _("Meeting place")
    WALK_IN = "walk_in", _("Walk-in (inloop)")
    COMMUNITY_RESTAURANT = "community_restaurant", _("Neighbourhood restaurant")
    NEIGHBOURHOOD_COMPANY = "neighbourhood_company", _("Neighbourhood company (wijkbedrijf)")
    VOLUNTEERS = "volunteers", _("Volunteers")
    HOUSING_CIRCLE = "housing_circle", _("Housing circle (wooncirkel)")


class Theme(models.TextChoices):
    """Themes are fixed so the kansenkaart can name the white spots: a theme nobody offers in an area."""

    INCOME = "income", _("Income and allowances")
    DEBTS = "debts", _("Debts and money matters")
    HOUSING = "housing", _("Housing")
    CARE = "care", _("Care and support")
    HEALTH = "health", _("Health")
    WORK = "work", _("Work and daytime activities")
    YOUTH = "youth", _("Children and youth")
    PARTICIPATION = "participation", _("Meeting and taking part")
    SAFETY = "safety", _("Safety")
    MOBILITY = "mobility", _("Mobility")


class TargetGroup(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    LOW_INCOME = "low_income", _("People with a low income")
    DEBTS = "debts", _("People with debts")
    FAMILIES = "families", _("Families with children")
    YOUTH = "youth", _("Young people")
    ELDERLY = "elderly", _("Older people")
    DISABILITY = "disability", _("People with a disability or illness")
    TENANTS = "tenants", _("Tenants")
    HOMELESS = "homeless", _("People without a home")
    CAREGIVERS = "caregivers", _("Informal carers")
    NEWCOMERS = "newcomers", _("Newcomers (status holders)")


# How long a checked item stays current before its editors are reminded to check it again.
REVIEW_INTERVAL_DAYS = 180
