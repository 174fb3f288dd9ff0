"""The demo region: a coalition in Oss (GM0828) around the Ruwaard district (WK082806).

All people are fictitious: names are drawn from common Dutch names, e-mail addresses use
example.org, and BSNs come from the 99999xxxx range reserved for testing. The case stories
(Eva; Kees and Marianne; the mother in Casus de fiets) follow the seed documents.
Everything is written through the services, so the demo's audit trail is real as well.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.cases.constants import (
    ActionStatus,
    CasePlanStatus,
    EntryKind,
    InstrumentCode,
    MeasurementMoment,
    MeetingKind,
    Rasci,
    WatchContactOutcome,
)
from wijkverband.cases.models import (
    CaseAction,
    CaseParticipant,
    CasePlan,
    InstrumentDomain,
    Meeting,
    PlanEntry,
    StatusChange,
    Watch,
    WatchContact,
)
from wijkverband.cases.services import (
    WatchPlan,
    case_action_create,
    case_action_update,
    case_participant_add_network,
    case_participant_invite,
    case_plan_open,
    case_plan_transition,
    measurement_record,
    meeting_record,
    plan_entry_mark_achieved,
    watch_contact_record,
)
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.models import ConsentGrant
from wijkverband.consent.services import consent_grant_record, consent_grant_withdraw
from wijkverband.core.validators import bsn_is_valid
from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.constants import OrganisationKind, Role
from wijkverband.organisations.models import Coalition, Membership, Organisation
from wijkverband.residents.constants import InvolvementRole
from wijkverband.residents.models import Household, Involvement, Resident
from wijkverband.residents.services import involvement_add, resident_register

DEMO_PASSWORD = "Wijkverband-demo-2026"
# One shared TOTP secret for every demo account, so a reviewer adds one entry to an authenticator app.
DEMO_TOTP_KEY_HEX = "3132333435363738393031323334353637383930"  # RFC 6238 test secret
DEMO_TOTP_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

ORGANISATIONS = [
    ("Gemeente Oss", OrganisationKind.MUNICIPALITY, "gemeente"),
    ("Maasland Wonen (demo)", OrganisationKind.HOUSING_CORPORATION, "corporatie"),
    ("Woonstichting Ruwaard Thuis (demo)", OrganisationKind.HOUSING_CORPORATION, "thuis"),
    ("GGZ Maasdelta (demo)", OrganisationKind.CARE_PROVIDER, "ggz"),
    ("Beschermd Wonen De Brug (demo)", OrganisationKind.CARE_PROVIDER, "bw"),
    ("Welzijn en Wijkteam Ruwaard (demo)", OrganisationKind.WELFARE, "wijkteam"),
    ("Huurdersvereniging Ruwaard (demo)", OrganisationKind.TENANTS, "huurders"),
    ("Politie basisteam Maasland (demo)", OrganisationKind.POLICE_JUSTICE, "politie"),
    ("Bewonersinitiatief Ruwaard Samen (demo)", OrganisationKind.RESIDENT_INITIATIVE, "bewoners"),
]
ROLE_PREFIX = {
    Role.PROFESSIONAL: "prof",
    Role.COORDINATOR: "coord",
    Role.MANAGER: "manager",
    Role.FUNCTIONAL_ADMIN: "beheer",
}
FIRST_NAMES = [
    "Anna",
    "Daan",
    "Emma",
    "Sem",
    "Julia",
    "Lucas",
    "Sophie",
    "Finn",
    "Tess",
    "Levi",
    "Sara",
    "Noah",
    "Lisa",
    "Milan",
    "Fleur",
    "Jesse",
    "Lotte",
    "Bram",
    "Noor",
    "Thijs",
    "Mila",
    "Ruben",
    "Iris",
    "Luuk",
    "Fenna",
    "Stijn",
    "Yara",
    "Mohamed",
    "Fatima",
    "Ahmet",
    "Elif",
    "Piotr",
    "Agnieszka",
    "Jan",
    "Maria",
    "Kees",
    "Ria",
    "Henk",
    "Ans",
    "Gerrit",
    "Wilma",
    "Joke",
    "Theo",
    "Ingrid",
    "Peter",
    "Sandra",
    "Marco",
    "Linda",
]
LAST_NAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kaya",
    "Yilmaz",
    "El Amrani",
    "Kowalski",
    "van Os",
    "Verhoeven",
    "van der Heijden",
    "Willems",
    "Aarts",
    "van Erp",
]
STREETS = ["Demolaan", "Fictiestraat", "Voorbeeldweg", "Proefpad", "Oefenhof", "Schetsgaarde", "Modelplein"]
PURPOSES = {
    ConsentScope.BASIC: "Samen met de bewoner werken aan het plan (Samenwerkwijze)",
    ConsentScope.CASE_PLAN: "Deelnemen aan het gezamenlijke plan",
    ConsentScope.HOUSING_ROUTE: "Begeleiding naar een eigen woning",
    ConsentScope.HEALTH: "Afstemming van zorg en ondersteuning",
}


@dataclass
class DemoReport:
    organisations: int
    users: int
    residents: int
    households: int
    plans: int = 0


def _test_bsn(serial: int) -> str:
    """Fictitious BSNs from the 9999xxxxx test range; each serial owns two 8-digit prefixes."""
    for prefix in (99990000 + serial * 2, 99990000 + serial * 2 + 1):
        digits = [int(c) for c in str(prefix)]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check <= 9 and bsn_is_valid(f"{prefix}{check}"):
            return f"{prefix}{check}"
    return ""


def _cli_actor(user: User, organisation: Organisation) -> Actor:
    membership = Membership.objects.select_related("organisation").get(user=user, organisation=organisation)
    return Actor(user=user, membership=membership, access_point="cli")


def demo_is_loaded() -> bool:
    return Organisation.objects.filter(name="Gemeente Oss").exists()


@transaction.atomic
def demo_build(*, resident_count: int = 200, seed: int = 2026) -> DemoReport:
    rng = random.Random(seed)
    if not Municipality.objects.filter(code="GM0828").exists():
        areas_import_gebiedsindeling(folder=Path(settings.SHARED_DATA_DIR) / "gebiedsindeling")
    oss = Municipality.objects.get(code="GM0828")
    ruwaard = District.objects.get(code="WK082806")
    neighbourhoods = list(Neighbourhood.objects.filter(district=ruwaard).order_by("code"))

    organisations: dict[str, Organisation] = {}
    for name, kind, key in ORGANISATIONS:
        organisations[key] = Organisation.objects.create(name=name, kind=kind, municipality=oss)
    coalition = Coalition.objects.create(
        name="Samen in de Ruwaard (demo)",
        description="Samenwerkingsverband van gemeente, corporaties, zorg en welzijn voor de Ruwaard in Oss.",
        municipality=oss,
    )
    coalition.districts.add(ruwaard)
    coalition.organisations.add(*organisations.values())

    users: dict[tuple[str, str], User] = {}
    # Hash once: argon2 is deliberately slow and every demo account shares the password.
    password_hash = make_password(DEMO_PASSWORD)
    for key, organisation in organisations.items():
        for role, prefix in ROLE_PREFIX.items():
            username = f"{prefix}.{key}"
            user = User.objects.create(
                username=username,
                password=password_hash,
                email=f"{username}@example.org",
                display_name=f"{prefix.capitalize()} {organisation.name.replace(' (demo)', '')}",
            )
            Membership.objects.create(user=user, organisation=organisation, role=role)
            TOTPDevice.objects.create(user=user, name="default", key=DEMO_TOTP_KEY_HEX, confirmed=True)
            users[(key, role)] = user
    # A platform superuser for /beheer/, also behind two-factor.
    admin = User.objects.create_superuser(username="admin", password=DEMO_PASSWORD, email="admin@example.org")
    TOTPDevice.objects.create(user=admin, name="default", key=DEMO_TOTP_KEY_HEX, confirmed=True)

    today = timezone.localdate()
    registering = ["wijkteam", "gemeente", "corporatie", "ggz", "bw", "thuis"]
    residents: list[Resident] = []
    households = 0
    serial = 0

    def register(
        org_key: str, first: str, last: str, born: date, street: str, number: int, hood: Neighbourhood, **extra: str
    ) -> Resident:
        nonlocal serial
        serial += 1
        actor = _cli_actor(users[(org_key, Role.PROFESSIONAL)], organisations[org_key])
        return resident_register(
            actor=actor,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            street=street,
            postcode=f"534{5 if hood.code < 'BU08280605' else 4} {rng.choice('ABCDEGHJKL')}{rng.choice('ABCDEGHJKL')}",
            house_number=number,
            city="Oss",
            neighbourhood=hood,
            consent_purpose=PURPOSES[ConsentScope.BASIC],
            consent_given_on=today - timedelta(days=rng.randint(5, 700)),
            email=f"{first.lower()}.{serial}@example.org",
            bsn=extra.get("bsn", _test_bsn(serial)),
        )

    # The seed stories first, so they are easy to find.
    eva = register("wijkteam", "Eva", "Vermeulen", date(today.year - 20, 3, 14), "Demolaan", 12, neighbourhoods[0])
    kees = register("gemeente", "Kees", "van Rooij", date(today.year - 87, 6, 2), "Proefpad", 3, neighbourhoods[2])
    marianne = register(
        "gemeente", "Marianne", "van Rooij", date(today.year - 88, 1, 20), "Proefpad", 3, neighbourhoods[2]
    )
    mother = register(
        "wijkteam", "Samira", "de Fiets", date(today.year - 34, 9, 9), "Schetsgaarde", 40, neighbourhoods[5]
    )
    couple = Household.objects.create(name="Huishouden Van Rooij", postcode=kees.postcode, house_number=3)
    Resident.objects.filter(pk__in=[kees.pk, marianne.pk]).update(household=couple, postcode=kees.postcode)
    family = Household.objects.create(name="Gezin De Fiets", postcode=mother.postcode, house_number=40)
    Resident.objects.filter(pk=mother.pk).update(household=family)
    households += 2
    residents += [eva, kees, marianne, mother]

    def share(
        resident: Resident, from_key: str, to_key: str, scopes: list[str], add_role: Role | None = Role.PROFESSIONAL
    ) -> None:
        actor = _cli_actor(users[(from_key, Role.PROFESSIONAL)], organisations[from_key])
        for scope in scopes:
            consent_grant_record(
                actor=actor,
                resident=resident,
                organisation=organisations[to_key],
                scope=scope,
                purpose=PURPOSES[ConsentScope(scope)],
                given_on=today - timedelta(days=rng.randint(1, 120)),
            )
        if (
            add_role is None
            or Involvement.objects.filter(
                resident=resident,
                user=users[(to_key, add_role)],
                organisation=organisations[to_key],
                ended_at__isnull=True,
            ).exists()
        ):
            return
        involvement_add(
            actor=actor,
            resident=resident,
            user=users[(to_key, add_role)],
            organisation_uuid=str(organisations[to_key].uuid),
            role=InvolvementRole.PROFESSIONAL,
            reason="Lid van het team rond de bewoner",
        )

    # Eva: wijkteam directs; corporation and municipality (briefadres, studiefinanciering) join.
    share(eva, "wijkteam", "corporatie", [ConsentScope.BASIC, ConsentScope.HOUSING_ROUTE])
    share(eva, "wijkteam", "gemeente", [ConsentScope.BASIC, ConsentScope.CASE_PLAN])
    share(eva, "wijkteam", "wijkteam", [ConsentScope.CASE_PLAN], add_role=Role.COORDINATOR)
    # Kees and Marianne: municipality (Wmo) with the GGZ (after TIAs) and the corporation (stairs).
    for person in (kees, marianne):
        share(person, "gemeente", "ggz", [ConsentScope.BASIC, ConsentScope.HEALTH])
        share(person, "gemeente", "corporatie", [ConsentScope.BASIC, ConsentScope.HOUSING_ROUTE])
        share(person, "gemeente", "gemeente", [ConsentScope.CASE_PLAN], add_role=Role.COORDINATOR)
    # Casus de fiets: wijkteam, GGZ/jeugd and welfare around the mother.
    share(mother, "wijkteam", "ggz", [ConsentScope.BASIC, ConsentScope.CASE_PLAN])
    share(mother, "wijkteam", "gemeente", [ConsentScope.BASIC, ConsentScope.CASE_PLAN])
    share(mother, "wijkteam", "wijkteam", [ConsentScope.CASE_PLAN], add_role=Role.COORDINATOR)

    # Generated residents: a mix of households, consents across organisations, a few withdrawn.
    while len(residents) < resident_count:
        org_key = registering[len(residents) % len(registering)]
        hood = rng.choice(neighbourhoods)
        last = rng.choice(LAST_NAMES)
        street = rng.choice(STREETS)
        number = rng.randint(1, 220)
        size = rng.choices([1, 2, 3, 4], weights=[45, 30, 15, 10])[0]
        household = None
        if size > 1:
            household = Household.objects.create(name=f"Huishouden {last}", postcode="5345 AA", house_number=number)
            households += 1
        for member in range(min(size, resident_count - len(residents))):
            age = rng.randint(18, 92) if member == 0 else rng.randint(0, 80)
            born = today - timedelta(days=age * 365 + rng.randint(0, 364))
            resident = register(org_key, rng.choice(FIRST_NAMES), last, born, street, number, hood)
            if household is not None:
                Resident.objects.filter(pk=resident.pk).update(household=household)
            residents.append(resident)
            roll = rng.random()
            if roll < 0.35:
                partner = rng.choice([k for k in registering if k != org_key])
                share(resident, org_key, partner, [ConsentScope.BASIC, rng.choice(list(ConsentScope.values))])
            if roll < 0.5:
                share(resident, org_key, org_key, [ConsentScope.CASE_PLAN], add_role=Role.COORDINATOR)
            if roll > 0.9:
                # The resident withdrew the consent for a partner organisation later.
                actor = _cli_actor(users[(org_key, Role.PROFESSIONAL)], organisations[org_key])
                partner = rng.choice([k for k in registering if k != org_key])
                grant = consent_grant_record(
                    actor=actor,
                    resident=resident,
                    organisation=organisations[partner],
                    scope=ConsentScope.BASIC,
                    purpose=PURPOSES[ConsentScope.BASIC],
                    given_on=today - timedelta(days=200),
                )
                consent_grant_withdraw(
                    actor=actor, resident=resident, grant_uuid=str(grant.uuid), reason="Bewoner wil dit niet meer"
                )
    plans = _case_plans_build(
        w=_PlanWriter(users=users, organisations=organisations, today=today),
        rng=random.Random(seed + 1),  # its own stream, so the residents stay as they were
        share=share,
        residents=residents,
        stories={"eva": eva, "kees": kees, "marianne": marianne, "mother": mother},
        limit=max(len(GENERATED_STATUSES) // 2, resident_count * 14 // 100),
    )
    from wijkverband.agreements.demo import agreements_demo_build

    agreements_demo_build(coalition=coalition, users=users, organisations=organisations)
    from wijkverband.schemes.demo import schemes_demo_build

    schemes_demo_build(users=users, organisations=organisations)
    from wijkverband.wijkfoto.demo import wijkfoto_demo_build

    wijkfoto_demo_build(coalition=coalition, users=users, organisations=organisations)
    from wijkverband.signals.demo import signals_demo_build

    signals_demo_build(users=users, organisations=organisations)
    from wijkverband.placements.demo import placements_demo_build

    placements_demo_build(coalition=coalition, users=users, organisations=organisations)
    return DemoReport(
        organisations=len(organisations),
        users=User.objects.count(),
        residents=len(residents),
        households=households,
        plans=plans,
    )


# --- case plans (casusregie) ---------------------------------------------------------------------
#
# The plans are written through the cases services, so policy checks and the audit trail are real.
# The services only accept what happens today (no agreements due in the past, no meetings in the
# future), so each demo story is told today and then backdated explicitly with queryset updates:
# that is demo history, never something the application itself does.

ESCALATION_TABLE = "Zorg- en Veiligheidshuis Brabant Noordoost"


@dataclass(frozen=True)
class PlanTheme:
    title: str
    want: str
    can: str
    need: str
    partner: str
    agreements: tuple[tuple[str, str], ...]  # (description, owner: director | partner | network)
    network: tuple[str, str]  # (name, relation)


THEMES = [
    PlanTheme(
        "Rust in mijn geldzaken",
        "Geen brieven van de deurwaarder meer en weer rustig kunnen slapen.",
        "Ik kan mijn post bijhouden als iemand af en toe meekijkt.",
        "Een overzicht van mijn schulden en een betalingsregeling voor de huurachterstand.",
        "corporatie",
        (
            ("Samen de post en rekeningen ordenen", "director"),
            ("Betalingsregeling huurachterstand afspreken", "partner"),
            ("Aanmelden bij de schuldhulpverlening van de gemeente", "director"),
            ("Buurvrouw kijkt één keer per week mee met de post", "network"),
        ),
        ("Ans (buurvrouw)", "buurvrouw"),
    ),
    PlanTheme(
        "Weer mensen om me heen",
        "Weer iets met anderen doen; ik zit veel alleen thuis.",
        "Ik kan goed koken en wil dat ook voor anderen doen.",
        "Iemand die de eerste keren met me meegaat naar de buurtkamer.",
        "bewoners",
        (
            ("Kennismaken bij de buurtkamer van Ruwaard Samen", "partner"),
            ("De eerste drie keer samen naar de buurtkamer", "network"),
            ("Meedraaien met de kookavond in de buurtkamer", "director"),
        ),
        ("Wim (vrijwilliger)", "vrijwilliger"),
    ),
    PlanTheme(
        "Prettig wonen zonder ruzie met de buren",
        "Dat de ruzie met de bovenburen stopt.",
        "Ik wil zelf met de buren praten als er iemand bij is.",
        "Een bemiddelaar en een verhuurder die meedenkt over het geluid.",
        "thuis",
        (
            ("Buurtbemiddeling aanvragen", "director"),
            ("Huisbezoek door de wijkbeheerder en geluidsisolatie van de vloer bekijken", "partner"),
            ("Zus gaat mee naar het gesprek met de buren", "network"),
        ),
        ("Petra (zus)", "zus"),
    ),
    PlanTheme(
        "Een zinvolle dag",
        "Werk vinden, eerst een paar uur per week.",
        "Ik ben handig met fietsen en techniek.",
        "Een werkplek waar begeleiding is.",
        "gemeente",
        (
            ("Intake voor het traject naar werk", "partner"),
            ("Proefplaats bij de fietsenwerkplaats regelen", "director"),
            ("Samen een cv maken", "network"),
        ),
        ("Wim (vrijwilliger)", "vrijwilliger"),
    ),
    PlanTheme(
        "Grip op mijn dagen",
        "Weer een dagritme en minder piekeren.",
        "Ik wandel graag en kan dat elke ochtend doen.",
        "Een vaste begeleider en hulp bij het bijhouden van mijn medicijnen.",
        "ggz",
        (
            ("Intake bij GGZ Maasdelta", "partner"),
            ("Weekplanning maken en wekelijks doorlopen", "director"),
            ("Zus belt elke zondag even", "network"),
        ),
        ("Petra (zus)", "zus"),
    ),
    PlanTheme(
        "Rust in het gezin",
        "Dat mijn kinderen elke dag naar school gaan.",
        "Ik kan goed plannen als ik overzicht heb.",
        "Steun bij de opvoeding en oppas voor twee middagen per week.",
        "wijkteam",
        (
            ("Opvoedondersteuning starten", "partner"),
            ("Gesprek met de school over verzuim", "director"),
            ("Buurvrouw past op dinsdag en donderdag op", "network"),
        ),
        ("Ans (buurvrouw)", "buurvrouw"),
    ),
    PlanTheme(
        "Op weg naar een eigen woning",
        "Zelfstandig wonen in de Ruwaard.",
        "Ik betaal mijn huur op tijd en houd mijn kamer schoon.",
        "Een woning en begeleiding in de eerste maanden.",
        "bw",
        (
            ("Zoekprofiel opstellen met de corporatie", "director"),
            ("Driepartijenovereenkomst huur en begeleiding voorbereiden", "partner"),
            ("Budgetbeheer starten", "director"),
        ),
        ("Henk (buurman)", "buurman"),
    ),
    PlanTheme(
        "Een betaalbare energierekening",
        "Een warme woning zonder hoge rekening.",
        "Ik kan zelf de meterstanden bijhouden.",
        "Advies over energie besparen en een lager voorschot.",
        "huurders",
        (
            ("Energiecoach komt op bezoek", "partner"),
            ("Voorschot bij de energieleverancier aanpassen", "director"),
            ("Buurman plaatst tochtstrips", "network"),
        ),
        ("Henk (buurman)", "buurman"),
    ),
]
# The first six cover every status, so even a small demo (the tests use 30 residents) shows them all.
GENERATED_STATUSES = [
    CasePlanStatus.REGISTERED,
    CasePlanStatus.ACTIVE,
    CasePlanStatus.SCALING_DOWN,
    CasePlanStatus.WATCH,
    CasePlanStatus.ESCALATED,
    CasePlanStatus.CLOSED,
    CasePlanStatus.ACTIVE,
    CasePlanStatus.ACTIVE,
    CasePlanStatus.WATCH,
    CasePlanStatus.ACTIVE,
    CasePlanStatus.CLOSED,
    CasePlanStatus.ACTIVE,
]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


class _PlanWriter:
    """Small helpers around the cases services for telling a plan's history."""

    def __init__(self, *, users: dict[tuple[str, str], User], organisations: dict[str, Organisation], today: date):
        self.users = users
        self.organisations = organisations
        self.today = today
        self.zrm_domains = list(
            InstrumentDomain.objects.filter(instrument__code=InstrumentCode.SELF_RELIANCE_MATRIX)
            .order_by("order")
            .values_list("code", flat=True)
        )

    def actor(self, key: str, role: str = Role.PROFESSIONAL) -> Actor:
        return _cli_actor(self.users[(key, role)], self.organisations[key])

    def open(
        self,
        *,
        key: str,
        resident: Resident,
        title: str,
        opened_on: date,
        director: bool = True,
        wants: tuple[str, ...] = (),
        cans: tuple[str, ...] = (),
        needs: tuple[str, ...] = (),
    ) -> CasePlan:
        # Demo history: the resident's consents date from before the plan was opened.
        ConsentGrant.objects.filter(resident=resident, given_on__gt=opened_on).update(given_on=opened_on)
        plan = case_plan_open(
            actor=self.actor(key),
            resident=resident,
            title=title,
            as_case_director=director,
            wants=wants,
            cans=cans,
            needs=needs,
            opened_on=opened_on,
        )
        # Demo history: the answers were written down and the plan registered on the day it opened.
        PlanEntry.objects.filter(plan=plan).update(recorded_on=opened_on, created_at=_at(opened_on, 9))
        StatusChange.objects.filter(plan=plan).update(changed_at=_at(opened_on, 9))
        return plan

    def invite(self, plan: CasePlan, by: str, key: str, role: str = Role.PROFESSIONAL) -> CaseParticipant:
        membership = Membership.objects.get(user=self.users[(key, role)], organisation=self.organisations[key])
        return case_participant_invite(actor=self.actor(by), plan=plan, membership_uuid=membership.uuid)

    def network(self, plan: CasePlan, by: str, name: str, relation: str) -> CaseParticipant:
        return case_participant_add_network(actor=self.actor(by), plan=plan, name=name, relation=relation)

    def move(self, plan: CasePlan, by: str, to_status: str, day: date, reason: str, **extra: Any) -> CasePlan:
        plan = case_plan_transition(actor=self.actor(by), plan=plan, to_status=to_status, reason=reason, **extra)
        # Demo history: the service records the change now; the story had it on `day`.
        latest = StatusChange.objects.filter(plan=plan).latest("pk")
        StatusChange.objects.filter(pk=latest.pk).update(changed_at=_at(day, 14))
        if to_status == CasePlanStatus.CLOSED:
            CasePlan.objects.filter(pk=plan.pk).update(closed_on=day)
            plan.closed_on = day
        return plan

    def watch(self, plan: CasePlan, by: str, contact: CaseParticipant, day: date, weeks: int, months: int) -> None:
        """Go to waakvlam on `day`; contacts that fell before today are recorded as done."""
        self.move(
            plan,
            by,
            CasePlanStatus.WATCH,
            day,
            "Het gaat goed; licht volgen met een vast contactpersoon",
            watch=WatchPlan(contact_uuid=str(contact.uuid), interval_weeks=weeks, period_months=months),
        )
        # Demo history: the waakvlam was scheduled from `day`, not from today.
        shift = self.today - day
        for record in Watch.objects.filter(plan=plan, ended_at__isnull=True):
            Watch.objects.filter(pk=record.pk).update(starts_on=day, ends_on=record.ends_on - shift)
        for wc in WatchContact.objects.filter(watch__plan=plan, watch__ended_at__isnull=True):
            WatchContact.objects.filter(pk=wc.pk).update(due_on=wc.due_on - shift)

    def contacts_done(self, plan: CasePlan, by: str, *, leave_last_open: bool = False) -> None:
        due = list(WatchContact.objects.filter(watch__plan=plan, done_on__isnull=True, due_on__lte=self.today))
        if leave_last_open and due:
            due = due[:-1]
        for wc in due:
            watch_contact_record(
                actor=self.actor(by),
                plan=plan,
                contact_uuid=wc.uuid,
                done_on=wc.due_on,
                outcome=WatchContactOutcome.REACHED_WELL,
                note="Gebeld; het gaat goed, afspraken lopen door.",
            )

    def measure(
        self,
        plan: CasePlan,
        by: str,
        day: date,
        moment: str,
        wellbeing: int,
        ladder: int,
        zrm: list[int],
        note: str = "",
    ) -> None:
        actor = self.actor(by)
        zrm_scores: dict[str | None, int] = dict(zip(self.zrm_domains, zrm, strict=True))
        series: list[tuple[str, dict[str | None, int], str]] = [
            (InstrumentCode.WELLBEING, {None: wellbeing}, note),
            (InstrumentCode.PARTICIPATION_LADDER, {None: ladder}, ""),
            (InstrumentCode.SELF_RELIANCE_MATRIX, zrm_scores, ""),
        ]
        for code, scores, text in series:
            measurement_record(
                actor=actor, plan=plan, instrument_code=code, measured_on=day, moment=moment, scores=scores, note=text
            )

    def meet(
        self,
        plan: CasePlan,
        by: str,
        kind: str,
        day: date,
        attendees: list[CaseParticipant],
        notes: str,
        health: bool = False,
    ) -> Meeting:
        return meeting_record(
            actor=self.actor(by),
            plan=plan,
            kind=kind,
            held_on=day,
            attendee_uuids=[a.uuid for a in attendees],
            notes=notes,
            is_health_related=health,
        )

    def agree(
        self,
        plan: CasePlan,
        by: str,
        description: str,
        owner: CaseParticipant,
        *,
        agreed_on: date,
        due_on: date,
        status: str = ActionStatus.OPEN,
        result: str = "",
        done_on: date | None = None,
        others: tuple[tuple[CaseParticipant, str], ...] = (),
        need: PlanEntry | None = None,
        meeting: Meeting | None = None,
        resource_label: str = "",
    ) -> CaseAction:
        actor = self.actor(by)
        roles: dict[str, str] = {owner.uuid.hex: Rasci.ACCOUNTABLE}
        roles.update({p.uuid.hex: role for p, role in others if p.pk != owner.pk})
        action = case_action_create(
            actor=actor,
            plan=plan,
            description=description,
            owner_uuid=owner.uuid,
            due_on=self.today,
            roles=roles,
            need_uuid=need.uuid if need else None,
            meeting_uuid=meeting.uuid if meeting else None,
            resource_label=resource_label,
        )
        if status != ActionStatus.OPEN:
            case_action_update(actor=actor, plan=plan, action_uuid=action.uuid, status=status, result=result)
        # Demo history: agreed on `agreed_on`, due on `due_on` (may lie in the past: overdue), done on `done_on`.
        finished = status in (ActionStatus.DONE, ActionStatus.CANCELLED)
        completed = (done_on or due_on) if finished else None
        CaseAction.objects.filter(pk=action.pk).update(
            due_on=due_on,
            created_at=_at(agreed_on, 11),
            completed_on=completed,
            updated_at=_at(completed, 16) if completed else _at(agreed_on, 11),
        )
        return action

    def achieved(self, plan: CasePlan, by: str, entry: PlanEntry, day: date) -> None:
        plan_entry_mark_achieved(actor=self.actor(by), plan=plan, entry_uuid=entry.uuid)
        PlanEntry.objects.filter(pk=entry.pk).update(achieved_on=day)  # demo history


def _entry(plan: CasePlan, kind: str, index: int = 0) -> PlanEntry:
    return list(PlanEntry.objects.filter(plan=plan, kind=kind).order_by("created_at", "pk"))[index]


def _story_fiets(w: _PlanWriter, mother: Resident) -> CasePlan:
    """Casus de fiets (Ruwaard): a €25 bicycle instead of taxi transport; wellbeing 3 → 9; now waakvlam."""
    t = w.today
    opened = t - timedelta(days=300)
    plan = w.open(
        key="wijkteam",
        resident=mother,
        title="Casus de fiets: zoon naar zijn eigen school",
        opened_on=opened,
        wants=("Dat mijn zoon naar zijn eigen school kan blijven gaan, het onderwijs dat hij nodig heeft.",),
        cans=("Ik fiets zelf; ik kan hem leren fietsen als ik daar tijd en een fietsje voor heb.",),
        needs=(
            "Een manier waarop mijn zoon naar school kan komen; vervoer is afgewezen omdat we te dicht bij school wonen.",
            "Rust in huis: mijn zoon slaapt nu op één kamer met zijn twee zusjes.",
        ),
    )
    director = CaseParticipant.objects.get(plan=plan, is_case_director=True)
    ggz = w.invite(plan, "wijkteam", "ggz")
    gemeente = w.invite(plan, "wijkteam", "gemeente")
    opa = w.network(plan, "wijkteam", "Opa Ahmed", "opa (vader van moeder)")
    volunteer = w.network(plan, "wijkteam", "Ineke (vrijwilliger VoorleesExpeditie)", "vrijwilliger")
    w.move(plan, "wijkteam", CasePlanStatus.ACTIVE, opened + timedelta(days=3), "Moeder en casusregisseur zijn gestart")
    meeting_day = opened + timedelta(days=7)
    table = w.meet(
        plan,
        "wijkteam",
        MeetingKind.KITCHEN_TABLE,
        meeting_day,
        [director, ggz, gemeente, opa],
        "Keukentafelgesprek met moeder, opa, wijkteam, GGZ/jeugd en gemeente. Niet gekeken naar wat niet kan, "
        "maar naar wat wel kan: moeder fietst zelf en wil haar zoon leren fietsen.",
    )
    w.measure(
        plan,
        "wijkteam",
        meeting_day,
        MeasurementMoment.START,
        3,
        2,
        [2, 3, 3, 2, 3, 4, 5, 4, 2, 3, 5],
        "Moeder is overbelast.",
    )
    transport = _entry(plan, EntryKind.NEED, 0)
    room = _entry(plan, EntryKind.NEED, 1)
    w.agree(
        plan,
        "wijkteam",
        "Fietsje voor de zoon (€25) in plaats van taxivervoer naar school",
        director,
        agreed_on=meeting_day,
        due_on=meeting_day + timedelta(days=14),
        status=ActionStatus.DONE,
        result="Fietsje gekocht voor €25; moeder fietst met hem mee naar school.",
        done_on=meeting_day + timedelta(days=10),
        others=((gemeente, Rasci.CONSULTED),),
        need=transport,
        meeting=table,
        resource_label="Fietsje (€25)",
    )
    w.agree(
        plan,
        "wijkteam",
        "Vervoer voor één schooljaar, zolang moeder hem leert fietsen",
        gemeente,
        agreed_on=meeting_day,
        due_on=meeting_day + timedelta(days=21),
        status=ActionStatus.DONE,
        result="Vervoersindicatie voor dit schooljaar afgegeven.",
        done_on=meeting_day + timedelta(days=20),
        others=((director, Rasci.INFORMED),),
        need=transport,
        meeting=table,
    )
    w.agree(
        plan,
        "wijkteam",
        "Opa verbouwt de kamer, zodat de zoon apart slaapt van zijn zusjes",
        opa,
        agreed_on=meeting_day,
        due_on=meeting_day + timedelta(days=60),
        status=ActionStatus.DONE,
        result="Kamer klaar; het bedritueel is weer op orde.",
        done_on=meeting_day + timedelta(days=55),
        others=((director, Rasci.SUPPORTIVE),),
        need=room,
        meeting=table,
    )
    w.agree(
        plan,
        "wijkteam",
        "Voorlezen via de VoorleesExpeditie (vrijwillig)",
        volunteer,
        agreed_on=meeting_day,
        due_on=meeting_day + timedelta(days=90),
        status=ActionStatus.DONE,
        result="Twintig weken voorgelezen.",
        done_on=meeting_day + timedelta(days=150),
        others=((ggz, Rasci.INFORMED),),
        meeting=table,
    )
    review = opened + timedelta(days=200)
    w.meet(plan, "wijkteam", MeetingKind.THREE_WAY, review, [director, ggz], "Evaluatie: hij fietst zelf naar school.")
    w.measure(
        plan,
        "wijkteam",
        review,
        MeasurementMoment.REVIEW,
        9,
        4,
        [4, 4, 4, 4, 4, 4, 5, 5, 4, 4, 5],
        "Moeder functioneert weer; er hoeven geen kinderen uit huis geplaatst te worden.",
    )
    w.achieved(plan, "wijkteam", _entry(plan, EntryKind.WANT), review)
    w.move(plan, "wijkteam", CasePlanStatus.SCALING_DOWN, review + timedelta(days=10), "Doelen bereikt; afschalen")
    # Waakvlam since 10 weeks, a contact every 6 weeks: one done, the next one due within two weeks.
    w.watch(plan, "wijkteam", director, t - timedelta(weeks=10), weeks=6, months=12)
    w.contacts_done(plan, "wijkteam")
    return plan


def _story_kees_marianne(w: _PlanWriter, kees: Resident) -> CasePlan:
    """Kees (87) and Marianne (88): a household plan; the stairs are no longer safe after Marianne's TIAs."""
    t = w.today
    opened = t - timedelta(days=120)
    plan = w.open(
        key="gemeente",
        resident=kees,
        title="Kees en Marianne: veilig thuis blijven wonen",
        opened_on=opened,
        wants=(
            "Samen zelfstandig blijven wonen zolang het veilig kan.",
            "Weer eens de deur uit; ik was journalist en wil bij blijven.",
        ),
        cans=("Kees regelt de post en de afspraken en schrijft nog elke dag.",),
        needs=(
            "Een veilige woning: het huis heeft een trap en dat is na de TIA's van Marianne niet meer veilig.",
            "Dagbesteding voor Marianne, zodat Kees op adem kan komen.",
        ),
    )
    director = CaseParticipant.objects.get(plan=plan, is_case_director=True)
    ggz = w.invite(plan, "gemeente", "ggz")
    corporation = w.invite(plan, "gemeente", "corporatie")
    neighbour = w.network(plan, "gemeente", "Henk (buurman)", "buurman")
    daughter = w.network(plan, "gemeente", "Annelies (dochter)", "dochter")
    w.move(plan, "gemeente", CasePlanStatus.ACTIVE, opened + timedelta(days=2), "Wmo-melding opgepakt")
    table_day = opened + timedelta(days=9)
    table = w.meet(
        plan,
        "gemeente",
        MeetingKind.KITCHEN_TABLE,
        table_day,
        [director, ggz, corporation, daughter],
        "Keukentafelgesprek bij Kees en Marianne thuis. Marianne is verward na meerdere TIA's; Kees heeft moeite "
        "met lopen en last van duizeligheid. De huisarts is op de hoogte.",
        health=True,
    )
    w.measure(plan, "gemeente", table_day, MeasurementMoment.START, 4, 1, [4, 2, 2, 4, 2, 2, 5, 2, 3, 2, 5])
    stairs = _entry(plan, EntryKind.NEED, 0)
    daycare = _entry(plan, EntryKind.NEED, 1)
    w.agree(
        plan,
        "gemeente",
        "Ergotherapeut bekijkt het valrisico in huis",
        director,
        agreed_on=table_day,
        due_on=table_day + timedelta(days=14),
        status=ActionStatus.DONE,
        result="Losse kleden weg, beugels bij de trap en in de badkamer.",
        done_on=table_day + timedelta(days=12),
        need=stairs,
        meeting=table,
    )
    w.agree(
        plan,
        "gemeente",
        "Traplift via de Wmo, of verhuizen naar een gelijkvloerse woning: besluit samen met Kees en Marianne",
        director,
        agreed_on=table_day,
        due_on=t + timedelta(days=10),
        status=ActionStatus.IN_PROGRESS,
        others=((corporation, Rasci.RESPONSIBLE), (ggz, Rasci.CONSULTED)),
        need=stairs,
        meeting=table,
        resource_label="Wmo: traplift",
    )
    w.agree(
        plan,
        "gemeente",
        "Gelijkvloerse woning in de buurt zoeken als alternatief voor de traplift",
        corporation,
        agreed_on=table_day,
        due_on=t + timedelta(days=30),
        status=ActionStatus.IN_PROGRESS,
        others=((director, Rasci.INFORMED),),
        need=stairs,
        meeting=table,
    )
    w.agree(
        plan,
        "gemeente",
        "Dagbesteding voor Marianne, twee dagen per week",
        ggz,
        agreed_on=table_day,
        due_on=t + timedelta(days=5),
        others=((director, Rasci.INFORMED),),
        need=daycare,
        meeting=table,
    )
    w.agree(
        plan,
        "gemeente",
        "Boodschappen op zaterdag",
        neighbour,
        agreed_on=table_day,
        due_on=table_day + timedelta(days=7),
        status=ActionStatus.DONE,
        result="Henk doet elke zaterdag de boodschappen.",
        done_on=table_day + timedelta(days=7),
    )
    review = t - timedelta(days=20)
    w.meet(plan, "gemeente", MeetingKind.CASE_CONFERENCE, review, [director, ggz, corporation], "Voortgang woning.")
    w.measure(plan, "gemeente", review, MeasurementMoment.REVIEW, 6, 2, [4, 3, 2, 4, 2, 3, 5, 3, 3, 3, 5])
    return plan


def _story_eva(w: _PlanWriter, eva: Resident) -> CasePlan:
    """Eva (20): sleeps at a friend's; without a postal address her student finance stops."""
    t = w.today
    opened = t - timedelta(days=45)
    plan = w.open(
        key="wijkteam",
        resident=eva,
        title="Eva: een eigen plek en haar diploma",
        opened_on=opened,
        wants=("Een eigen kamer.", "Mijn MBO-4 opleiding afmaken; ik ben bijna klaar."),
        cans=("Ik werk in het weekend in de supermarkt en kan mijn huur zelf betalen.",),
        needs=(
            "Een postadres (briefadres), zodat mijn studiefinanciering doorloopt.",
            "Een kamer of kleine woning.",
        ),
    )
    director = CaseParticipant.objects.get(plan=plan, is_case_director=True)
    corporation = w.invite(plan, "wijkteam", "corporatie")
    gemeente = w.invite(plan, "wijkteam", "gemeente")
    friend = w.network(plan, "wijkteam", "Sanne (vriendin)", "vriendin, Eva logeert bij haar")
    w.move(plan, "wijkteam", CasePlanStatus.ACTIVE, opened + timedelta(days=1), "Casusregie gestart")
    table_day = opened + timedelta(days=6)
    table = w.meet(
        plan,
        "wijkteam",
        MeetingKind.KITCHEN_TABLE,
        table_day,
        [director, corporation, gemeente, friend],
        "Gesprek met Eva bij haar vriendin. Eva kan niet bij haar moeder terecht; haar vader heeft geen vaste plek.",
    )
    w.measure(plan, "wijkteam", table_day, MeasurementMoment.START, 4, 3, [2, 4, 1, 2, 3, 4, 5, 5, 3, 4, 5])
    address = _entry(plan, EntryKind.NEED, 0)
    room = _entry(plan, EntryKind.NEED, 1)
    w.agree(
        plan,
        "wijkteam",
        "Briefadres toekennen; het wijkteam onderbouwt de aanvraag",
        gemeente,
        agreed_on=table_day,
        due_on=t - timedelta(days=5),
        others=((director, Rasci.SUPPORTIVE),),
        need=address,
        meeting=table,
    )
    w.agree(
        plan,
        "wijkteam",
        "Met DUO bellen over de studiefinanciering",
        director,
        agreed_on=table_day,
        due_on=table_day + timedelta(days=3),
        status=ActionStatus.DONE,
        result="DUO wacht op het briefadres; uitstel van vier weken.",
        done_on=table_day + timedelta(days=2),
        need=address,
        meeting=table,
    )
    w.agree(
        plan,
        "wijkteam",
        "Inschrijven als woningzoekende en een kamer via de jongerenregeling zoeken",
        corporation,
        agreed_on=table_day,
        due_on=t + timedelta(days=21),
        status=ActionStatus.IN_PROGRESS,
        others=((director, Rasci.INFORMED),),
        need=room,
        meeting=table,
    )
    w.agree(
        plan,
        "wijkteam",
        "Eva mag tot de zomer blijven logeren",
        friend,
        agreed_on=table_day,
        due_on=t + timedelta(days=60),
        others=((director, Rasci.INFORMED),),
    )
    return plan


def _generated_plan(
    w: _PlanWriter, rng: random.Random, share: Any, resident: Resident, key: str, status: str, index: int
) -> CasePlan:
    t = w.today
    theme = THEMES[index % len(THEMES)]
    partner = theme.partner if theme.partner != key else "wijkteam" if key != "wijkteam" else "gemeente"
    if status == CasePlanStatus.REGISTERED:
        opened = t - timedelta(days=rng.randint(2, 20))
    elif status == CasePlanStatus.CLOSED:
        opened = t - timedelta(days=rng.randint(300, 600))
    else:
        opened = t - timedelta(days=rng.randint(60, 330))
    registered = status == CasePlanStatus.REGISTERED
    plan = w.open(
        key=key,
        resident=resident,
        title=theme.title,
        opened_on=opened,
        director=not registered,
        wants=(theme.want,),
        cans=(theme.can,),
        needs=(theme.need,),
    )
    if registered:
        if key != "wijkteam":
            # Referred to the wijkteam, which has yet to name a case director: it shows in their work list.
            share(resident, key, "wijkteam", [ConsentScope.BASIC, ConsentScope.CASE_PLAN])
            ConsentGrant.objects.filter(resident=resident, given_on__gt=opened).update(given_on=opened)
            w.invite(plan, key, "wijkteam")
        return plan
    director = CaseParticipant.objects.get(plan=plan, is_case_director=True)
    share(resident, key, partner, [ConsentScope.BASIC, ConsentScope.CASE_PLAN])
    # prof.wijkteam takes part in a share of the other organisations' plans too.
    with_wijkteam = key != "wijkteam" and partner != "wijkteam" and index % 3 == 0
    if with_wijkteam:
        share(resident, key, "wijkteam", [ConsentScope.BASIC, ConsentScope.CASE_PLAN])
    # Demo history: the partners' consents date from the start of the plan.
    ConsentGrant.objects.filter(resident=resident, given_on__gt=opened).update(given_on=opened)
    helper = w.invite(plan, key, partner)
    team = [director, helper]
    if with_wijkteam:
        team.append(w.invite(plan, key, "wijkteam"))
    network = w.network(plan, key, *theme.network)
    w.move(plan, key, CasePlanStatus.ACTIVE, opened + timedelta(days=rng.randint(1, 5)), "Casusregisseur benoemd")
    start = opened + timedelta(days=rng.randint(6, 14))
    meeting = w.meet(
        plan,
        key,
        MeetingKind.KITCHEN_TABLE,
        start,
        [*team, network],
        "Keukentafelgesprek met de bewoner en het netwerk: wat wil, wat kan en wat is nodig.",
    )
    wellbeing = rng.randint(2, 5)
    ladder = rng.randint(1, 3)
    zrm = [rng.randint(1, 4) for _ in w.zrm_domains]
    w.measure(plan, key, start, MeasurementMoment.START, wellbeing, ladder, zrm)
    need = _entry(plan, EntryKind.NEED)
    owners = {"director": director, "partner": helper, "network": network}
    finished = status in (CasePlanStatus.CLOSED, CasePlanStatus.WATCH)
    for number, (description, owner_kind) in enumerate(theme.agreements):
        owner = owners[owner_kind]
        agreed = start + timedelta(days=number)
        # Done, then open ones that are overdue, due soon or in progress; closed and waakvlam plans are done.
        roll = 0 if finished else (number + index) % 4
        if roll == 0 or (t - agreed).days > 150 and roll == 3:
            done = min(agreed + timedelta(days=rng.randint(7, 40)), t - timedelta(days=1))
            w.agree(
                plan,
                key,
                description,
                owner,
                agreed_on=agreed,
                due_on=done,
                status=ActionStatus.DONE,
                result="Gedaan zoals afgesproken.",
                done_on=done,
                others=((director, Rasci.INFORMED),),
                need=need,
                meeting=meeting,
            )
        elif roll == 1:
            w.agree(
                plan,
                key,
                description,
                owner,
                agreed_on=agreed,
                due_on=t - timedelta(days=rng.randint(1, 21)),
                others=((director, Rasci.INFORMED),),
                need=need,
                meeting=meeting,
            )
        else:
            w.agree(
                plan,
                key,
                description,
                owner,
                agreed_on=agreed,
                due_on=t + timedelta(days=rng.randint(2, 40)),
                status=ActionStatus.IN_PROGRESS if roll == 2 else ActionStatus.OPEN,
                others=((director, Rasci.INFORMED), (helper, Rasci.CONSULTED)),
                need=need,
                meeting=meeting,
            )
    if len(team) > 2:
        # The wijkteam member owns an agreement as well, so the work list has something for them.
        w.agree(
            plan,
            key,
            "Wijkteam sluit aan bij het volgende gesprek",
            team[2],
            agreed_on=start,
            due_on=t + timedelta(days=rng.randint(-10, 20)) if not finished else start + timedelta(days=20),
            status=ActionStatus.DONE if finished else ActionStatus.OPEN,
            result="Aangesloten." if finished else "",
            others=((director, Rasci.INFORMED),),
        )
    review = start + timedelta(days=rng.randint(45, 90))
    reviewed = review < t - timedelta(days=3)
    if reviewed:
        w.meet(plan, key, MeetingKind.CASE_CONFERENCE, review, team, "Evaluatie van de afspraken.")
        w.measure(
            plan,
            key,
            review,
            MeasurementMoment.REVIEW,
            min(10, wellbeing + rng.randint(0, 4)),
            min(6, ladder + rng.randint(0, 2)),
            [min(5, v + rng.randint(0, 1)) for v in zrm],
        )
    last = min((review if reviewed else start) + timedelta(days=5), t - timedelta(days=1))
    if status == CasePlanStatus.ESCALATED:
        w.move(
            plan,
            key,
            CasePlanStatus.ESCALATED,
            t - timedelta(days=rng.randint(3, 30)),
            "Meervoudige problematiek; afstemming nodig met zorg en veiligheid",
            escalation_table=ESCALATION_TABLE,
        )
    elif status in (CasePlanStatus.SCALING_DOWN, CasePlanStatus.WATCH, CasePlanStatus.CLOSED):
        w.move(plan, key, CasePlanStatus.SCALING_DOWN, last, "Afspraken lopen; ondersteuning wordt minder")
        if status == CasePlanStatus.WATCH:
            weeks = rng.choice([2, 4, 6])
            # Started long enough ago for a first contact; whether one is overdue depends on the schedule.
            w.watch(plan, key, director, max(last + timedelta(days=1), t - timedelta(days=weeks * 7 + 3)), weeks, 6)
            w.contacts_done(plan, key, leave_last_open=index % 2 == 0)
        elif status == CasePlanStatus.CLOSED:
            end = min(last + timedelta(days=60), t - timedelta(days=1))
            w.measure(
                plan,
                key,
                end,
                MeasurementMoment.END,
                min(10, wellbeing + 4),
                min(6, ladder + 2),
                [min(5, v + 1) for v in zrm],
            )
            w.move(plan, key, CasePlanStatus.CLOSED, end, "Doelen bereikt; de bewoner redt het zelf")
    return plan


def _case_plans_build(
    *,
    w: _PlanWriter,
    rng: random.Random,
    share: Any,
    residents: list[Resident],
    stories: dict[str, Resident],
    limit: int,
) -> int:
    # Stories: the organisations that join need the case-plan scope; the municipality also health
    # (the kitchen-table notes at Kees and Marianne are health-related).
    kees = Resident.objects.get(pk=stories["kees"].pk)  # fresh: the household was set by a queryset update
    for person in (kees, stories["marianne"]):
        for key, scope in (
            ("ggz", ConsentScope.CASE_PLAN),
            ("corporatie", ConsentScope.CASE_PLAN),
            ("gemeente", ConsentScope.HEALTH),
        ):
            share(person, "gemeente", key, [scope], add_role=None)
    share(stories["eva"], "wijkteam", "corporatie", [ConsentScope.CASE_PLAN], add_role=None)
    _story_fiets(w, stories["mother"])
    _story_kees_marianne(w, kees)
    _story_eva(w, stories["eva"])
    count = 3
    key_by_org = {organisation.pk: key for key, organisation in w.organisations.items()}
    made = 0
    for resident in residents:
        if made >= limit:
            break
        if resident.pk in {s.pk for s in stories.values()}:
            continue
        if resident.registered_by_organisation_id is None:
            continue
        key = key_by_org[resident.registered_by_organisation_id]
        has_scope = ConsentGrant.objects.valid_on(w.today).filter(
            resident=resident, organisation=w.organisations[key], scope=ConsentScope.CASE_PLAN
        )
        if not has_scope.exists():
            continue
        status = GENERATED_STATUSES[made % len(GENERATED_STATUSES)]
        _generated_plan(w, rng, share, resident, key, status, made)
        made += 1
    return count + made


def demo_credentials_text() -> str:
    lines = [
        "Wijkverband demo — alle personen en gegevens zijn fictief.",
        f"Wachtwoord voor alle demo-gebruikers: {DEMO_PASSWORD}",
        f"Tweestapsverificatie (TOTP), één geheim voor alle demo-gebruikers: {DEMO_TOTP_BASE32}",
        "  Huidige code opvragen: make demo-code   (of: .venv/bin/wijkverband demo_code)",
        "Gebruikers (gebruikersnaam = rol.organisatie):",
    ]
    for _name, _kind, key in ORGANISATIONS:
        lines.append("  " + ", ".join(f"{prefix}.{key}" for prefix in ROLE_PREFIX.values()))
    lines.append("  admin (platformbeheer op /beheer/)")
    lines.append(
        "Casussen (plannen op /plannen/): Eva Vermeulen (actief, casusregisseur prof.wijkteam), "
        "Kees en Marianne van Rooij (huishoudplan, actief, prof.gemeente met prof.ggz en prof.corporatie), "
        "Casus de fiets: Samira de Fiets (waakvlam, prof.wijkteam); werklijst van prof.wijkteam: /plannen/werklijst/"
    )
    return "\n".join(lines)
