"""Demo signals for Oss (Ruwaard), built through the services like real use (one call from demo_build).

- postcode areas 5341–5349 of Oss; 5344 and 5345 are pinned to Ruwaard neighbourhoods (a demo
  approximation: a real installation loads a PC6 → buurt table);
- three teams: the Ruwaard wijkteam, debt help of the municipality, the corporation's social manager;
- routing: nuisance from the tenants' organisation → social management; arrears in Ruwaard → wijkteam;
  other arrears → debt help; everything else → wijkteam;
- Maasland Wonen as signal partner delivers a rent-arrears batch; a household with a rent arrear and a
  worry from a waakvlam supporter shows as one outreach task; older signals fill the overview;
- a worry about a Ruwaard neighbourhood as a whole shows as an outreach task for the neighbourhood.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.neighbourhoods.models import Municipality, Neighbourhood
from wijkverband.organisations.constants import Role
from wijkverband.organisations.models import Membership, Organisation

from . import arrears, services
from .constants import AttemptKind, BatchSource, SourceKind, SubjectKind, TeamKind
from .models import PostcodeArea, RoutingRule, SignalCategory, SignalPartner, Team, TeamMember

STREETS = ["Demolaan", "Proefpad", "Schetsgaarde", "Voorbeeldstraat", "Testhof"]


def _actor(users: dict[tuple[str, str], User], key: str, role: str = Role.PROFESSIONAL) -> Actor:
    user = users[(key, role)]
    return Actor(user=user, membership=Membership.objects.get(user=user, role=role), access_point="cli")


def _team(organisation: Organisation, name: str, kind: str, users: dict[tuple[str, str], User], key: str) -> Team:
    coordinator = Membership.objects.get(user=users[(key, Role.COORDINATOR)], organisation=organisation)
    team = Team.objects.create(organisation=organisation, name=name, kind=kind, coordinator=coordinator)
    for role in (Role.PROFESSIONAL, Role.COORDINATOR):
        TeamMember.objects.create(
            team=team, membership=Membership.objects.get(user=users[(key, role)], organisation=organisation)
        )
    return team


def signals_demo_build(
    *, users: dict[tuple[str, str], User], organisations: dict[str, Organisation], seed: int = 2026
) -> int:
    rng = random.Random(seed)  # noqa: S311 - fictitious demo data, reproducible on purpose
    oss = Municipality.objects.get(code="GM0828")
    ruwaard = list(Neighbourhood.objects.filter(district__code="WK082806").order_by("code"))
    for pc4 in range(5341, 5350):
        hood = {5345: ruwaard[0], 5344: ruwaard[5]}.get(pc4) if len(ruwaard) > 5 else None
        PostcodeArea.objects.create(pc4=str(pc4), municipality=oss, neighbourhood=hood)

    wijkteam = _team(
        organisations["wijkteam"], "Wijkteam Ruwaard – signalen", TeamKind.NEIGHBOURHOOD_TEAM, users, "wijkteam"
    )
    debt = _team(organisations["gemeente"], "Schuldhulpverlening Oss", TeamKind.DEBT_HELP, users, "gemeente")
    social = _team(
        organisations["corporatie"], "Sociaal beheer Maasland Wonen", TeamKind.SOCIAL_MANAGEMENT, users, "corporatie"
    )
    nuisance = RoutingRule.objects.create(
        order=10,
        name="Overlast gemeld door huurders → sociaal beheer",
        team=social,
        source_kinds="tenants_organisation",
    )
    nuisance.categories.add(SignalCategory.objects.get(code="overlast"))
    arrears_ruwaard = RoutingRule.objects.create(
        order=20, name="Betalingsachterstand in de Ruwaard → wijkteam", team=wijkteam, area_codes="WK082806"
    )
    arrears_ruwaard.categories.add(SignalCategory.objects.get(code="betalingsachterstand"))
    arrears_other = RoutingRule.objects.create(order=30, name="Overige betalingsachterstanden → schuldhulp", team=debt)
    arrears_other.categories.add(SignalCategory.objects.get(code="betalingsachterstand"))
    RoutingRule.objects.create(order=1000, name="Al het andere → wijkteam Ruwaard", team=wijkteam)
    for key in ("corporatie", "thuis"):
        SignalPartner.objects.create(organisation=organisations[key], municipality=oss)

    wijkcoach = _actor(users, "wijkteam")
    categories = list(SignalCategory.objects.filter(is_arrears=False, parent__isnull=False))
    sources = [SourceKind.PROFESSIONAL, SourceKind.WATCH_SUPPORTER, SourceKind.TENANTS_ORGANISATION]
    now = timezone.now()
    count = 0
    # A year of earlier signals for the overview; most picked up in time, some still open.
    for number in range(60):
        received = now - timedelta(days=rng.randint(3, 360), hours=rng.randint(0, 8))
        signal = services.signal_create(
            actor=wijkcoach,
            category=rng.choice(categories),
            subject_kind=SubjectKind.ADDRESS,
            source_kind=rng.choice(sources),
            postcode=f"534{rng.choice('45')} {rng.choice('ABCDEG')}{rng.choice('HJKLMN')}",
            house_number=rng.randint(1, 120),
            street=rng.choice(STREETS),
            city="Oss",
            description="Demo-signaal (fictief).",
            received_at=received,
        )
        count += 1
        if signal.team_id == wijkteam.pk and number % 4 != 0 and signal.outreach is not None:
            made_on = min(timezone.localdate(received) + timedelta(days=rng.randint(1, 12)), timezone.localdate())
            services.outreach_attempt_record(
                actor=wijkcoach,
                task=signal.outreach,
                kind=rng.choice([AttemptKind.HOME_VISIT, AttemptKind.PHONE]),
                made_on=made_on,
                is_reached=True,
            )
    # Neighbours on the public page.
    for description in ("Al weken een volle brievenbus bij nummer 14", "Harde muziek 's nachts in de portiek"):
        services.signal_report_public(
            category=SignalCategory.objects.get(
                code="zelfverwaarlozing" if "brievenbus" in description else "overlast-geluid"
            ),
            description=description,
            postcode="5345 AB",
            house_number=14,
        )
        count += 1
    # A worry about a whole neighbourhood: one outreach task for the place (a visit on site), not a household.
    if ruwaard:
        services.signal_create(
            actor=wijkcoach,
            category=SignalCategory.objects.get(code="overlast-openbare-ruimte"),
            subject_kind=SubjectKind.NEIGHBOURHOOD,
            source_kind=SourceKind.PROFESSIONAL,
            neighbourhood=ruwaard[0],
            description="Jongeren hangen 's avonds rond bij het winkelcentrum; bewoners voelen zich onveilig.",
        )
        count += 1
    # This month's rent-arrears batch of Maasland Wonen, two households also known from other signals.
    rows = [
        {
            "reference": f"MW-{timezone.localdate():%Y%m}-{n:03d}",
            "firstName": rng.choice(["Anna", "Bram", "Chantal", "Dirk", "Fatima", "Gerrit"]),
            "lastName": rng.choice(["de Vries", "Jansen", "Bakker", "El Amrani", "Visser", "Smits"]),
            "street": rng.choice(STREETS),
            "houseNumber": 14 if n < 2 else rng.randint(1, 120),
            "postcode": "5345 AB"
            if n < 2
            else f"534{rng.choice('12345')} {rng.choice('ABCDEG')}{rng.choice('HJKLMN')}",
            "city": "Oss",
            "phone": f"06{rng.randint(10000000, 99999999)}",
            "arrearsKind": "huur",
            "amountOwed": f"{rng.randint(400, 2600)}.{rng.randint(0, 99):02d}",
            "monthsInArrears": rng.randint(1, 3),
            "threat": n == 0,
        }
        for n in range(12)
    ]
    outcome = services.arrears_batch_ingest(
        actor=_actor(users, "corporatie"),
        reference=f"MW-{timezone.localdate():%Y-%m}",
        rows=arrears.json_rows(rows),
        source=BatchSource.API,
    )
    if outcome.is_refused:  # the demo rows are ours: a refusal is a bug worth stopping for
        raise RuntimeError(f"demo arrears batch refused: {outcome.file_error or outcome.errors[:3]}")
    count += outcome.new_count
    return count
