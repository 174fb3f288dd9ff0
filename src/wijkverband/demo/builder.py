"""The demo region: a coalition in Oss (GM0828) around the Ruwaard district (WK082806).

All people are fictitious: names are drawn from common Dutch names, e-mail addresses use
example.org, and BSNs come from the 99999xxxx range reserved for testing. The case stories
(Eva; Kees and Marianne; the mother in Casus de fiets) follow the seed documents.
Everything is written through the services, so the demo's audit trail is real as well.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.consent.constants import ConsentScope
from wijkverband.consent.services import consent_grant_record, consent_grant_withdraw
from wijkverband.core.validators import bsn_is_valid
from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood
from wijkverband.organisations.constants import OrganisationKind, Role
from wijkverband.organisations.models import Coalition, Membership, Organisation
from wijkverband.residents.constants import InvolvementRole
from wijkverband.residents.models import Household, Resident
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
        resident: Resident, from_key: str, to_key: str, scopes: list[str], add_role: Role = Role.PROFESSIONAL
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
    return DemoReport(
        organisations=len(organisations), users=User.objects.count(), residents=len(residents), households=households
    )


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
        "Casussen: Eva Vermeulen (prof.wijkteam), Kees en Marianne van Rooij (prof.gemeente), Samira de Fiets (prof.wijkteam)"
    )
    return "\n".join(lines)
