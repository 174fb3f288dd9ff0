"""DIN templates taken from the seed texts (Platform31, 'Samenwerken aan leefbare en vitale buurten', 2022).

Stored in Dutch because they are the coalitions' own words, quoted, not interface text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GoalTemplate:
    title: str
    purpose: str = ""
    operational: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DinTemplate:
    key: str
    name: str
    ambition: str
    goals: tuple[GoalTemplate, ...]


RUWAARD = DinTemplate(
    key="ruwaard",
    name="Proeftuin De Ruwaard (Oss): vijf strategische doelen",
    ambition="Een vitale wijk waar inwoners tegen lagere kosten een betere (positieve) gezondheid ervaren.",
    goals=(
        GoalTemplate(
            "Betere gezondheid en ervaren kwaliteit van leven van individuele inwoners",
            "Zodat inwoners zich zo goed en vitaal mogelijk voelen.",
        ),
        GoalTemplate(
            "Meer gezamenlijke betrokkenheid en verantwoordelijkheid van inwoners",
            "Zodat inwoners samen bouwen aan een betere wijk.",
        ),
        GoalTemplate(
            "Meer en betere gezamenlijk georganiseerde wonen, welzijn en zorg",
            "Zodat de samenwerking soepel verloopt en bewoners zo snel en goed mogelijk worden geholpen.",
        ),
        GoalTemplate(
            "Lagere maatschappelijke kosten",
            "Zodat er ook in de toekomst nog genoeg geld is om te voldoen aan de behoeften van de bewoners.",
        ),
        GoalTemplate(
            "Betere steunende systemen",
            "Zodat organisaties zo zijn ingericht dat zij beter kunnen doen wat nodig is.",
        ),
    ),
)

SELWERD = DinTemplate(
    key="selwerd",
    name="Sunny Selwerd (Groningen): vier samenhangende domeinen",
    ambition="Gezondheid en welbevinden: de wijk gezonder, duurzamer en gelukkiger maken.",
    goals=(
        GoalTemplate(
            "Wonen & duurzaamheid",
            "Kwaliteit van de woningvoorraad, duurzaamheid, verhuisbewegingen en sociale duurzaamheid.",
            ("Betaalbaar wonen, minder energie gebruiken en geen gedwongen verhuizingen uit de wijk",),
        ),
        GoalTemplate(
            "Leefkwaliteit, zorg & welzijn",
            "Geestelijke en lichamelijke gezondheid, armoede, opvoeding, opleiding en zelfregie.",
            ("Gezond(er) blijven",),
        ),
        GoalTemplate(
            "Woonomgeving, verkeersveiligheid & inrichting fysieke ruimte",
            "Veiligheid en aantrekkelijkheid, ontmoeting en gezond bewegen.",
            ("Veilig wonen in een aantrekkelijke woonomgeving",),
        ),
        GoalTemplate(
            "Maatschappelijke participatie, werk & meedoen",
            "Werk, meedoen, sociale contacten, wijkvoorzieningen.",
            ("Meedoen",),
        ),
    ),
)

DIN_TEMPLATES = {template.key: template for template in (RUWAARD, SELWERD)}
