"""The public indicators and where each comes from, as data (no ORM).

One ``Spec`` per indicator, with the column that carries it in every supported layout:
``kwb`` the CBS ``kwb-YYYY.xlsx``/csv code, ``odata`` the StatLine key without its yearly suffix
(``AantalInwoners`` for ``AantalInwoners_5``), ``geo_wijk``/``geo_gemeente`` the attribute in the
shipped boundary files, ``pc4`` the column of the postcode statistics, ``nabijheid`` the column title
of the StatLine "Nabijheid voorzieningen" export, ``merged`` the column of the third-party buurt file that
merges CBS and Leefbaarometer figures (``buurt_code`` + ``leefbarometer_score``; only columns whose
meaning matches the indicator exactly). ``national`` says how the country figure may be
derived from a file holding every municipality: ``sum`` for counts, ``weighted:<code>`` for shares
and averages (weighted by another indicator of the same file), nothing when it cannot be derived.
"""

from __future__ import annotations

from dataclasses import dataclass

CBS = "CBS Kerncijfers wijken en buurten"
CBS_PC4 = "CBS Statistische gegevens per postcode (PC4)"
CBS_NABIJHEID = "CBS Nabijheid voorzieningen"
LBM = "Leefbaarometer (Ministerie van BZK)"
NETWORK = "Wijkverband (tot de module er is: ingevoerd door de coalitie)"
CORPORATION = "Opgave woningcorporatie"


@dataclass(frozen=True)
class Spec:
    code: str
    label: str
    group: str
    unit: str
    direction: str = "neutral"
    decimals: int = 0
    source: str = CBS
    kwb: str = ""
    odata: str = ""
    geo_wijk: str = ""
    geo_gemeente: str = ""
    pc4: str = ""
    nabijheid: str = ""
    lbm: str = ""
    merged: str = ""
    national: str = ""

    @property
    def licence(self) -> str:
        if self.source.startswith("CBS"):
            return "CC BY 4.0"
        if self.source == LBM:
            return "open data (BZK)"
        return ""


H, L, N = "higher_is_better", "lower_is_better", "neutral"

SPECS: tuple[Spec, ...] = (
    # population
    Spec(
        "inhabitants",
        "Inwoners",
        "population",
        "aantal",
        kwb="a_inw",
        odata="AantalInwoners",
        geo_wijk="aantal_inwoners",
        geo_gemeente="aantal_inwoners",
        pc4="aantal_inwoners",
        merged="aantal_inwoners",
        national="sum",
    ),
    Spec(
        "men",
        "Mannen",
        "population",
        "aantal",
        kwb="a_man",
        odata="Mannen",
        geo_wijk="mannen",
        geo_gemeente="mannen",
        pc4="aantal_mannen",
        national="sum",
    ),
    Spec(
        "women",
        "Vrouwen",
        "population",
        "aantal",
        kwb="a_vrouw",
        odata="Vrouwen",
        geo_wijk="vrouwen",
        geo_gemeente="vrouwen",
        pc4="aantal_vrouwen",
        national="sum",
    ),
    Spec(
        "age_0_14", "Inwoners 0 tot 15 jaar", "population", "aantal", kwb="a_00_14", pc4="aantal_inwoners_0_tot_15_jaar"
    ),
    Spec(
        "age_15_24",
        "Inwoners 15 tot 25 jaar",
        "population",
        "aantal",
        kwb="a_15_24",
        pc4="aantal_inwoners_15_tot_25_jaar",
    ),
    Spec(
        "age_25_44",
        "Inwoners 25 tot 45 jaar",
        "population",
        "aantal",
        kwb="a_25_44",
        pc4="aantal_inwoners_25_tot_45_jaar",
    ),
    Spec(
        "age_45_64",
        "Inwoners 45 tot 65 jaar",
        "population",
        "aantal",
        kwb="a_45_64",
        pc4="aantal_inwoners_45_tot_65_jaar",
    ),
    Spec(
        "age_65_plus",
        "Inwoners 65 jaar en ouder",
        "population",
        "aantal",
        kwb="a_65_oo",
        pc4="aantal_inwoners_65_jaar_en_ouder",
    ),
    Spec(
        "pct_age_0_14",
        "Aandeel 0 tot 15 jaar",
        "population",
        "%",
        geo_wijk="0_15",
        geo_gemeente="0_15",
        national="weighted:inhabitants",
    ),
    Spec(
        "pct_age_15_24",
        "Aandeel 15 tot 25 jaar",
        "population",
        "%",
        geo_wijk="15_25",
        geo_gemeente="15_25",
        national="weighted:inhabitants",
    ),
    Spec(
        "pct_age_25_44",
        "Aandeel 25 tot 45 jaar",
        "population",
        "%",
        geo_wijk="25_45",
        geo_gemeente="25_45",
        merged="aantal_inwoners_tussen_25_44_percentage",
        national="weighted:inhabitants",
    ),
    Spec(
        "pct_age_45_64",
        "Aandeel 45 tot 65 jaar",
        "population",
        "%",
        geo_wijk="45_65",
        geo_gemeente="45_65",
        national="weighted:inhabitants",
    ),
    Spec(
        "pct_age_65_plus",
        "Aandeel 65 jaar en ouder",
        "population",
        "%",
        geo_wijk="65plus",
        geo_gemeente="65plus",
        national="weighted:inhabitants",
    ),
    Spec(
        "density",
        "Bevolkingsdichtheid",
        "population",
        "inwoners per km²",
        kwb="bev_dich",
        odata="Bevolkingsdichtheid",
        geo_wijk="bevolkingsdichtheid",
        geo_gemeente="bevolkingsdichtheid",
    ),
    # households
    Spec(
        "households",
        "Huishoudens",
        "households",
        "aantal",
        kwb="a_hh",
        geo_wijk="huishoudens",
        geo_gemeente="huishoudens",
        pc4="aantal_part_huishoudens",
        national="sum",
    ),
    Spec(
        "one_person_households",
        "Eenpersoonshuishoudens",
        "households",
        "aantal",
        kwb="a_1p_hh",
        pc4="aantal_eenpersoonshuishoudens",
    ),
    Spec("households_with_children", "Huishoudens met kinderen", "households", "aantal", kwb="a_hh_m_k"),
    Spec(
        "pct_one_person_households",
        "Aandeel eenpersoonshuishoudens",
        "households",
        "%",
        geo_gemeente="pct_eenpersoonshhd",
        national="weighted:households",
    ),
    Spec(
        "pct_households_with_children",
        "Aandeel huishoudens met kinderen",
        "households",
        "%",
        geo_gemeente="pct_hhd_met_kind",
        # Not the merged file's aantal_huishoudens_met_kinderen_percentage: that is households with children
        # per 100 inhabitants (BU03440114: 14.37 ≈ 250 / 1740), not a share of households (KWB 2023: 290/940).
        national="weighted:households",
    ),
    Spec(
        "avg_household_size",
        "Gemiddelde huishoudensgrootte",
        "households",
        "personen",
        decimals=1,
        kwb="g_hhgro",
        geo_wijk="gem_huishouden_grootte",
        geo_gemeente="gem_huishouden_grootte",
        pc4="gemiddelde_huishoudensgrootte",
        merged="gemiddelde_huishoudensgrootte",
        national="weighted:households",
    ),
    # housing
    Spec(
        "dwellings",
        "Woningvoorraad",
        "housing",
        "aantal",
        kwb="a_woning",
        odata="Woningvoorraad",
        geo_gemeente="woningvoorraad",
        pc4="aantal_woningen",
        merged="woningvoorraad",
        national="sum",
    ),
    Spec(
        "avg_woz",
        "Gemiddelde WOZ-waarde",
        "housing",
        "x € 1 000",
        kwb="g_wozbag",
        geo_gemeente="gem_woz_waarde",
        pc4="gemiddelde_woz_waarde_woning",
        merged="gemiddelde_woningwaarde",
        national="weighted:dwellings",
    ),
    Spec(
        "pct_owner_occupied",
        "Koopwoningen",
        "housing",
        "%",
        kwb="p_koopw",
        geo_gemeente="koopwoningen",
        pc4="percentage_koopwoningen",
        merged="koopwoning_percentage",
        national="weighted:dwellings",
    ),
    Spec(
        "pct_rented",
        "Huurwoningen",
        "housing",
        "%",
        kwb="p_huurw",
        geo_gemeente="huurwoningen",
        pc4="percentage_huurwoningen",
        national="weighted:dwellings",
    ),
    Spec(
        "pct_corporation",
        "Huurwoningen in bezit van een woningcorporatie",
        "housing",
        "%",
        kwb="p_wcorpw",
        odata="InBezitWoningcorporatie",
        geo_gemeente="pct_huurcorporatie",
        national="weighted:dwellings",
    ),
    Spec("pct_other_landlord", "Huurwoningen van overige verhuurders", "housing", "%", kwb="p_ov_hw"),
    Spec(
        "corporation_dwellings",
        "Huurwoningen van een woningcorporatie",
        "housing",
        "aantal",
        pc4="aantal_huurwoningen_in_bezit_woningcorporaties",
    ),
    Spec(
        "pct_vacant",
        "Leegstaande woningen",
        "housing",
        "%",
        L,
        kwb="p_leegsw",
        geo_gemeente="pct_leegstand",
        national="weighted:dwellings",
    ),
    # income and benefits
    Spec(
        "income_per_inhabitant",
        "Gemiddeld inkomen per inwoner",
        "income",
        "x € 1 000",
        H,
        decimals=1,
        kwb="g_ink_pi",
        geo_gemeente="gem_inkomen_inwoner",
        national="weighted:inhabitants",
    ),
    Spec(
        "pct_households_low_income",
        "Huishoudens met een laag inkomen (laagste 40%)",
        "income",
        "%",
        L,
        kwb="p_hh_li",
        geo_gemeente="pct_hh_laag_inkomen",
        national="weighted:households",
    ),
    Spec(
        "pct_households_social_minimum",
        "Huishoudens onder of rond het sociaal minimum",
        "income",
        "%",
        L,
        kwb="p_hh_osm",
        odata="HuishOnderOfRondSociaalMinimum",
        geo_gemeente="pct_rond_sociaal_min",
        national="weighted:households",
    ),
    Spec(
        "social_assistance",
        "Personen met bijstand",
        "income",
        "aantal",
        L,
        kwb="a_soz_wb",
        odata="PersonenPerSoortUitkeringBijstand",
    ),
    Spec(
        "benefits_under_pension_age",
        "Personen met een uitkering onder de AOW-leeftijd",
        "income",
        "aantal",
        L,
        pc4="aantal_personen_met_uitkering_onder_aowlft",
    ),
    # care
    Spec("wmo_clients", "Wmo-cliënten", "care", "aantal", kwb="a_wmo_t", odata="WmoClienten"),
    Spec(
        "wmo_per_1000",
        "Wmo-cliënten per 1 000 inwoners",
        "care",
        "per 1 000 inwoners",
        L,
        kwb="p_wmo_t",
        odata="WmoClientenRelatief",
        geo_gemeente="wmo_per_1000",
        national="weighted:inhabitants",
    ),
    Spec(
        "youth_care",
        "Jongeren met jeugdzorg in natura",
        "care",
        "aantal",
        kwb="a_jz_tn",
        odata="JongerenMetJeugdzorgInNatura",
    ),
    Spec(
        "pct_youth_care",
        "Aandeel jongeren met jeugdzorg",
        "care",
        "%",
        L,
        decimals=1,
        kwb="p_jz_tn",
        odata="PercentageJongerenMetJeugdzorg",
        geo_gemeente="pct_jeugdzorg",
    ),
    # facilities
    Spec(
        "distance_gp",
        "Afstand tot huisartsenpraktijk",
        "facilities",
        "km",
        L,
        decimals=1,
        kwb="g_afs_hp",
        geo_gemeente="afstand_huisarts",
        source=CBS,
        nabijheid="Gezondheid en welzijn/Huisartsenpraktijk/Afstand tot huisartsenpraktijk (km)",
    ),
    Spec(
        "distance_supermarket",
        "Afstand tot grote supermarkt",
        "facilities",
        "km",
        L,
        decimals=1,
        kwb="g_afs_gs",
        geo_gemeente="afstand_supermarkt",
        nabijheid="Detailhandel/Winkels dagelijkse boodschappen/Afstand tot grote supermarkt (km)",
        merged="afstand_tot_grote_supermarkt_km",
    ),
    Spec(
        "distance_daycare",
        "Afstand tot kinderdagverblijf",
        "facilities",
        "km",
        L,
        decimals=1,
        kwb="g_afs_kv",
        geo_gemeente="afstand_kdv",
        nabijheid="Kinderopvang/Kinderdagverblijf/Afstand tot kinderdagverblijf (km)",
        merged="afstand_tot_kinderdagverblijf_km",
    ),
    Spec(
        "distance_school",
        "Afstand tot basisschool",
        "facilities",
        "km",
        L,
        decimals=1,
        kwb="g_afs_sc",
        geo_gemeente="afstand_basisonderwijs",
        nabijheid="Onderwijs/Basisonderwijs/Afstand tot school (km)",
    ),
    # liveability: Leefbaarometer 3.0 (wijk) and 2.0 (postcode) are different models, so separate indicators
    Spec(
        "lbm3_score",
        "Leefbaarometer-score",
        "liveability",
        "score",
        H,
        decimals=2,
        source=LBM,
        lbm="lbm",
        merged="leefbarometer_score",
    ),
    Spec(
        "lbm3_physical",
        "Leefbaarometer: fysieke omgeving (afwijking)",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="fys",
        merged="leefbarometer_fysieke_omgeving",
    ),
    Spec(
        "lbm3_nuisance",
        "Leefbaarometer: overlast en onveiligheid (afwijking)",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="onv",
        # The merged file's name for "overlast en onveiligheid": of LBM 3.0's five dimensions it has four
        # (fysieke omgeving, sociale samenhang and voorzieningen by name, no woningvoorraad).
        merged="leefbarometer_fysieke_overlast",
    ),
    Spec(
        "lbm3_social",
        "Leefbaarometer: sociale samenhang (afwijking)",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="soc",
        merged="leefbarometer_sociale_samenhang",
    ),
    Spec(
        "lbm3_facilities",
        "Leefbaarometer: voorzieningen (afwijking)",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="vrz",
        merged="leefbarometer_voorzieningen",
    ),
    Spec(
        "lbm3_housing",
        "Leefbaarometer: woningvoorraad (afwijking)",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="won",
    ),
    Spec(
        "lbm2_class",
        "Leefbaarometer 2.0: klasse (1 zeer onvoldoende – 9 uitstekend)",
        "liveability",
        "klasse",
        H,
        source=LBM,
        lbm="KL",
    ),
    Spec(
        "lbm2_deviation",
        "Leefbaarometer 2.0: afwijking van het landelijk gemiddelde",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="RLBRMTR",
    ),
    Spec(
        "lbm2_housing",
        "Leefbaarometer 2.0: woningen",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="RLBWON",
    ),
    Spec(
        "lbm2_residents",
        "Leefbaarometer 2.0: bewoners",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="RLBBEV",
    ),
    Spec(
        "lbm2_facilities",
        "Leefbaarometer 2.0: voorzieningen",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="RLBVRZ",
    ),
    Spec(
        "lbm2_safety",
        "Leefbaarometer 2.0: veiligheid",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="RLBVEI",
    ),
    Spec(
        "lbm2_physical",
        "Leefbaarometer 2.0: fysieke omgeving",
        "liveability",
        "afwijking",
        H,
        decimals=3,
        source=LBM,
        lbm="RLBFYS",
    ),
)

# Figures the network supplies (see ``providers``): no file carries them, organisations enter them.
NETWORK_SPECS: tuple[Spec, ...] = (
    Spec("placements_12m", "Plaatsingen van kwetsbare huishoudens (12 maanden)", "network", "aantal", source=NETWORK),
    Spec("signals_12m", "Signalen (12 maanden)", "network", "aantal", L, source=NETWORK),
    Spec(
        "social_homes", "Sociale huurwoningen (corporatiebezit)", "housing", "aantal", source="Opgave woningcorporatie"
    ),
)

BY_CODE = {spec.code: spec for spec in (*SPECS, *NETWORK_SPECS)}


def by_column(attribute: str) -> dict[str, Spec]:
    """Column name in one layout (``kwb``, ``odata``, …) → spec."""
    return {getattr(spec, attribute): spec for spec in SPECS if getattr(spec, attribute)}
