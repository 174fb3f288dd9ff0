"""Uitstroom demo data: three fictitious clients of Beschermd Wonen De Brug, four offered homes of
Maasland Wonen in the Ruwaard, a wooncirkel core and one match run — all written through the services,
so the policy checks and the audit trail are real. Runs after the wijkfoto demo (traffic lights)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.services import consent_grant_record
from wijkverband.neighbourhoods.models import Neighbourhood
from wijkverband.organisations.constants import Role
from wijkverband.organisations.models import Coalition, Membership, Organisation
from wijkverband.residents.services import resident_register

from . import services
from .constants import ApplicationKind
from .models import WooncirkelCore

# (first name, last name, kind, household size, max rent, support, days since complete)
CLIENTS = (
    ("Sanne", "de Wit", ApplicationKind.PROTECTED_LIVING, 1, "620.00", "mid", 75),
    ("Mehmet", "Aydın", ApplicationKind.SHELTER, 1, "560.00", "low", 40),
    ("Lotte", "Jansen", ApplicationKind.MENTAL_HEALTH, 2, "700.00", "high", 10),
)
# (street, number, buurt index in the Ruwaard, rooms, rent, lat, lon)
HOMES = (
    ("Demostraat", "4", 0, 2, "545.00", 51.7625, 5.5410),
    ("Proefplein", "17", 1, 2, "598.00", 51.7660, 5.5450),
    ("Voorbeeldlaan", "31", 2, 3, "655.00", 51.7600, 5.5500),
    ("Testhof", "2", 3, 1, "480.00", 51.7680, 5.5380),
)


def _actor(user: User, organisation: Organisation) -> Actor:
    return Actor(user=user, membership=Membership.objects.get(user=user, organisation=organisation), access_point="cli")


def placements_demo_build(
    *, coalition: Coalition, users: dict[tuple[str, str], User], organisations: dict[str, Organisation]
) -> None:
    today = timezone.localdate()
    care = _actor(users[("bw", Role.PROFESSIONAL)], organisations["bw"])
    corporation = _actor(users[("corporatie", Role.PROFESSIONAL)], organisations["corporatie"])
    buurten = list(Neighbourhood.objects.filter(district__code="WK082806").order_by("code"))
    WooncirkelCore.objects.create(
        coalition=coalition,
        name="Wooncirkel Ruwaard (demo)",
        neighbourhood=buurten[0],
        latitude=51.7630,
        longitude=5.5420,
    )
    for n, (street, number, index, rooms, rent, lat, lon) in enumerate(HOMES, start=1):
        services.dwelling_offer_create(
            actor=corporation,
            neighbourhood_code=buurten[index].code,
            bag_id=f"08280100000{n:05d}",
            street=street,
            house_number=number,
            postcode="5345 AB",
            city="Oss",
            complex_code="C100" if index < 2 else "",
            rooms=rooms,
            access_level=0,
            rent=Decimal(rent),
            available_from=today,
            offered_until=today + timedelta(days=90),
            latitude=lat,
            longitude=lon,
        )
    for n, (first, last, kind, size, max_rent, support, waited) in enumerate(CLIENTS):
        resident = resident_register(
            actor=care,
            first_name=first,
            last_name=last,
            date_of_birth=date(today.year - 30 - n, 5, 1 + n),
            postcode="5341 AA",
            house_number=100 + n,
            city="Oss",
            consent_purpose="Begeleiding beschermd wonen",
            consent_given_on=today - timedelta(days=200),
        )
        consent_grant_record(
            actor=care,
            resident=resident,
            organisation=organisations["bw"],
            scope=ConsentScope.HOUSING_ROUTE,
            purpose="Uitstroom naar een eigen woning",
            given_on=today - timedelta(days=200),
        )
        complete_on = today - timedelta(days=waited)
        application = services.outflow_application_register(
            actor=care,
            resident=resident,
            kind=kind,
            wmo_decision_on=complete_on - timedelta(days=20),
            omslag_approved_on=complete_on - timedelta(days=10),
            provisional_urgency_on=complete_on,
        )
        services.housing_need_profile_save(
            actor=care,
            application=application,
            origin_municipality=buurten[0].district.municipality,
            household_size=size,
            max_rent=Decimal(max_rent),
            support_intensity=support,
            needs_core_nearby=support == "high",
            network_areas=[buurten[1].code] if n == 0 else [],
        )
        services.outflow_application_complete(actor=care, application=application, complete_on=complete_on)
    services.match_run_start(
        actor=_actor(users[("bw", Role.COORDINATOR)], organisations["bw"]), coalition=coalition, time_limit=10
    )
