from pathlib import Path

from django.conf import settings

import pytest

from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling

DATA = Path(settings.SHARED_DATA_DIR)


@pytest.fixture
def areas(db):
    """The 2025 area registry for Oss (GM0828) and Utrecht (GM0344)."""
    return areas_import_gebiedsindeling(folder=DATA / "gebiedsindeling", municipality_codes={"0828", "0344"})


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def coalition(neighbourhood, wijkteam, corporation):
    from wijkverband.organisations.models import Coalition

    coalition = Coalition.objects.create(name="Samen Ruwaard", municipality=neighbourhood.municipality)
    coalition.organisations.set([wijkteam, corporation])
    return coalition


@pytest.fixture
def second_neighbourhood(neighbourhood):
    from wijkverband.testing import factories

    return factories.NeighbourhoodFactory(code="BU08280603", name="Schadewijk-Noord", district=neighbourhood.district)


@pytest.fixture
def light(coalition, coordinator, neighbourhood, second_neighbourhood):
    """A neighbourhood traffic light on '% households at the social minimum' (orange ≥ 8, red ≥ 12)."""
    from wijkverband.testing.actors import actor_for
    from wijkverband.wijkfoto import services
    from wijkverband.wijkfoto.catalogue import BY_CODE
    from wijkverband.wijkfoto.importers import indicators_ensure

    indicator = indicators_ensure([BY_CODE["pct_households_social_minimum"]])["pct_households_social_minimum"]
    config = services.traffic_light_config_create(actor=actor_for(coordinator), coalition=coalition, name="Draagkracht")
    services.traffic_light_rule_set(
        actor=actor_for(coordinator), config=config, indicator=indicator, orange_threshold=8, red_threshold=12
    )
    return config


def set_value(code: str, indicator_code: str, value, year: int = 2023, level: str = "neighbourhood"):
    from wijkverband.wijkfoto.catalogue import BY_CODE
    from wijkverband.wijkfoto.importers import indicators_ensure
    from wijkverband.wijkfoto.models import AreaValue

    AreaValue.objects.update_or_create(
        indicator=indicators_ensure([BY_CODE[indicator_code]])[indicator_code],
        level=level,
        area_code=code,
        year=year,
        defaults={"value": value},
    )
