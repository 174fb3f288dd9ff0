"""Demo data for the Oss demo coalition, written through the agreements services.

The micro-analysis of Casus de fiets reproduces the seed exactly: a €25 bicycle and one school year
of transport (€5,025) against three out-of-home placements avoided (3 × €40,000 = €120,000), with
wellbeing 3 → 9 taken from the plan's own measurements.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from wijkverband.accounts.actor import Actor
from wijkverband.accounts.models import User
from wijkverband.cases.models import CasePlan
from wijkverband.organisations.constants import Role
from wijkverband.organisations.models import Coalition, Membership, Organisation

from . import services

FIETS_TITLE = "Casus de fiets: zoon naar zijn eigen school"

FIETS_LINES = (
    services.CostLineInput("spent", "fiets-kind", Decimal(1), "Fietsje voor de zoon"),
    services.CostLineInput(
        "spent", "leerlingenvervoer-schooljaar", Decimal(1), "Vervoersindicatie voor één schooljaar"
    ),
    services.CostLineInput("avoided", "uithuisplaatsing-kind", Decimal(3), "Drie kinderen niet uit huis geplaatst"),
)


def _actor(users: dict[tuple[str, str], User], organisations: dict[str, Organisation], key: str, role: str) -> Actor:
    membership = Membership.objects.select_related("organisation").get(
        user=users[(key, role)], organisation=organisations[key]
    )
    return Actor(user=membership.user, membership=membership, access_point="cli")


def agreements_demo_build(
    *, coalition: Coalition, users: dict[tuple[str, str], User], organisations: dict[str, Organisation]
) -> None:
    today = timezone.localdate()
    year = today.year
    coordinator = _actor(users, organisations, "gemeente", Role.COORDINATOR)
    ids = {key: str(organisation.uuid) for key, organisation in organisations.items()}

    # DIN: Ruwaard's five strategic goals, with operational goals and efforts.
    din = services.din_template_apply(actor=coordinator, coalition=coalition, template_key="ruwaard", year=year)
    goals = list(din.strategic_goals.all())
    wellbeing = services.operational_goal_add(
        actor=coordinator,
        coalition=coalition,
        strategic_goal_uuid=goals[0].uuid,
        title="Welbevinden van bewoners in een plan stijgt met gemiddeld 2 punten",
        indicator="Welzijn 1–10, eerste en laatste meting",
    )
    six_weeks = services.operational_goal_add(
        actor=coordinator,
        coalition=coalition,
        strategic_goal_uuid=goals[2].uuid,
        title="Een oplossing binnen zes weken",
        indicator="Dagen van aanmelding tot eerste afspraak",
    )
    costs = services.operational_goal_add(
        actor=coordinator,
        coalition=coalition,
        strategic_goal_uuid=goals[3].uuid,
        title="Micro-analyses tonen lagere maatschappelijke kosten",
        indicator="Kosten vermeden tegenover kosten ingezet",
    )
    services.effort_create(
        actor=coordinator,
        coalition=coalition,
        title="Multidisciplinair overleg bij de bewoner thuis",
        goal_uuids=[wellbeing.uuid, six_weeks.uuid],
        roles={ids["wijkteam"]: "A", ids["ggz"]: "R", ids["gemeente"]: "S", ids["corporatie"]: "C"},
    )
    services.effort_create(
        actor=coordinator,
        coalition=coalition,
        title="Micro-analyses van afgeronde casussen",
        goal_uuids=[costs.uuid],
        roles={ids["gemeente"]: "A", ids["wijkteam"]: "R", ids["bewoners"]: "I"},
    )

    # A performance agreement with a jaarschijf per party and a progress meeting.
    performance = services.performance_agreement_create(
        actor=coordinator,
        coalition=coalition,
        theme="vulnerable",
        title="Huisvesting en begeleiding van kwetsbare huurders",
        ambition="Kwetsbare bewoners wonen veilig en zo zelfstandig mogelijk in de Ruwaard.",
        goal="Jaarlijks 12 woningen voor uitstroom uit beschermd wonen, met begeleiding.",
        starts_in=year,
        ends_in=year + 3,
    )
    for key, action in (
        ("corporatie", "Zes woningen beschikbaar voor uitstroom"),
        ("thuis", "Zes woningen beschikbaar voor uitstroom"),
        ("bw", "Begeleiding bij elke uitstroom, eerste jaar"),
        ("gemeente", "Regie op de uitstroomtafel"),
    ):
        services.annual_commitment_set(
            actor=coordinator, agreement=performance, organisation_uuid=ids[key], year=year, action=action
        )
    services.progress_meeting_record(
        actor=coordinator,
        agreement=performance,
        held_on=today - timedelta(days=30),
        notes="Vier van de twaalf woningen toegewezen; begeleiding loopt.",
        status="on_track",
    )

    # A framework agreement over the two corporations (Alkmaar-style shares).
    framework = services.framework_agreement_create(
        actor=coordinator,
        coalition=coalition,
        target_group="Uitstroom beschermd wonen en maatschappelijke opvang",
        starts_in=year,
        ends_in=year + 2,
        homes_per_year={year: 12, year + 1: 14, year + 2: 14},
        shares={ids["corporatie"]: Decimal(50), ids["thuis"]: Decimal(25), ids["gemeente"]: Decimal(25)},
    )
    services.framework_delivery_record(
        actor=coordinator, agreement=framework, organisation_uuid=ids["corporatie"], year=year, homes=4
    )

    # KPIs (Alphen's result areas) with a manual value and two automatic ones.
    district = coalition.districts.order_by("code").first()
    area = district.code if district else coalition.municipality.code
    satisfaction = services.kpi_define(
        actor=coordinator,
        coalition=coalition,
        name="Cliënttevredenheid",
        unit="rapportcijfer",
        direction="higher",
        source="Cliëntervaringsonderzoek",
        targets={year: Decimal("7.5")},
        result_area="Cliënttevredenheid",
    )
    services.kpi_measurement_record(actor=coordinator, kpi=satisfaction, area_code=area, year=year, value="8.1")
    relapse = services.kpi_define(
        actor=coordinator,
        coalition=coalition,
        name="Terugval binnen een jaar",
        unit="%",
        direction="lower",
        source="Registratie wijkteam",
        targets={year: Decimal(10)},
        result_area="Terugval",
    )
    services.kpi_measurement_record(actor=coordinator, kpi=relapse, area_code=area, year=year, value="12")
    for code, name in (("plans_opened", "Plannen geopend"), ("plans_closed", "Plannen afgesloten")):
        services.kpi_define(
            actor=coordinator,
            coalition=coalition,
            name=name,
            unit="aantal",
            direction="higher",
            aggregation="sum",
            method="automatic",
            automatic_code=code,
            source="Wijkverband",
            targets={year: Decimal(20)},
            result_area="Zelfredzaamheid",
        )
    services.kpi_automatic_refresh(actor=coordinator, coalition=coalition, year=year)

    # Area budget (Ruwaard: €2.1m a year for five years, indexed) and learning.
    services.area_budget_create(
        actor=coordinator,
        coalition=coalition,
        area_code=area,
        name="Wijkbudget Wmo en welzijn",
        starts_in=year,
        ends_in=year + 4,
        base_amount="2100000",
        indexation_percent="2",
        baseline_amount="2250000",
        savings_split={"residents": "33.333", "municipality": "33.333", "providers": "33.334"},
    )
    session = services.learning_session_record(
        actor=coordinator,
        coalition=coalition,
        level="professionals",
        held_on=today - timedelta(days=14),
        themes="Klein beginnen; de vraag van één bewoner",
        attendee_uuids=[ids["wijkteam"], ids["ggz"], ids["gemeente"]],
    )
    services.lesson_record(
        actor=coordinator,
        coalition=coalition,
        session=session,
        kind="failure",
        title="Te lang over randvoorwaarden gepraat",
        text="We begonnen pas echt toen we het klein maakten: de vraag van één bewoner, en die opschalen.",
    )
    waiting = services.lesson_record(
        actor=coordinator,
        coalition=coalition,
        session=session,
        kind="failure",
        title="Wachttijd ggz blokkeert uitstroom",
        text="Uitstroom loopt vast zolang begeleiding pas na maanden start; dat lossen professionals niet op.",
    )
    services.lesson_escalate(actor=coordinator, lesson=waiting)

    # Toolbox and routekaart (Moderne Devoten): an instrument with where it did and did not work,
    # and a pilot whose progress is checked at least twice a year.
    kitchen_table = services.tool_create(
        actor=coordinator,
        coalition=coalition,
        name="Keukentafelgesprek met het hele netwerk",
        description="Bewoner, netwerk en alle betrokken professionals aan één tafel, bij de bewoner thuis.",
        source="Wijkteam Ruwaard",
    )
    services.tool_evaluation_record(
        actor=coordinator,
        tool=kitchen_table,
        outcome="worked",
        context="Gezinnen met meerdere hulpverleners",
        text="Eén plan in plaats van vier; afspraken werden nagekomen.",
        evaluated_on=today - timedelta(days=60),
    )
    services.tool_evaluation_record(
        actor=coordinator,
        tool=kitchen_table,
        outcome="did_not_work",
        context="Bewoners die hulp mijden",
        text="Te veel mensen tegelijk; een eerste gesprek met één vertrouwde professional werkte beter.",
        evaluated_on=today - timedelta(days=20),
    )
    pilot = services.pilot_create(
        actor=coordinator,
        coalition=coalition,
        title="Eén gebiedsbudget Wmo en welzijn",
        goal="Minder indicatiestellingen en snellere hulp door één virtueel budget voor de Ruwaard.",
        owner_uuid=ids["gemeente"],
        starts_on=today - timedelta(days=200),
    )
    services.pilot_check_record(
        actor=coordinator,
        pilot=pilot,
        checked_on=today - timedelta(days=20),
        progress="Budget ingericht; eerste besparing op indicaties zichtbaar.",
        status="on_track",
    )

    # Casus de fiets: the case director records the micro-analysis through the plan's own policy.
    plan = CasePlan.objects.filter(title=FIETS_TITLE).first()
    if plan is not None:
        services.micro_analysis_save(
            actor=_actor(users, organisations, "wijkteam", Role.PROFESSIONAL),
            plan=plan,
            reference_scenario=(
                "Zonder vervoer kan de zoon niet naar speciaal onderwijs; de overbelaste moeder houdt het niet "
                "vol en de drie kinderen worden uit huis geplaatst (3 × één jaar)."
            ),
            lines=FIETS_LINES,
        )
