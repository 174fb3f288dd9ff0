"""Each year's figure names the table it came from, not the table of the first import."""

import pytest

from wijkverband.wijkfoto import profiles, selectors
from wijkverband.wijkfoto.importers import cbs_import

INFO = profiles.IndicatorInfo(
    "inhabitants", "Inwoners", "population", "aantal", 0, "CBS", "CC BY 4.0", source_table="85984NED"
)


def row(years, tables):
    cells = tuple(profiles.Cell(1.0, "1") for _ in years)
    return profiles.Row(INFO, tuple(years), cells, cells, cells, tuple(tables))


def test_one_table_for_every_year_is_named_once():
    assert row([2023, 2024], ["kwb-2024", "kwb-2024"]).source_text == "CBS, kwb-2024, CC BY 4.0"


def test_different_tables_are_named_with_their_years():
    text = row([2022, 2023, 2024], ["kwb-2023", "kwb-2023", "85984NED"]).source_text
    assert text == "CBS, kwb-2023 (2022, 2023), 85984NED (2024), CC BY 4.0"


def test_without_known_tables_the_indicator_table_is_shown():
    assert row([2024], [""]).source_text == "CBS, 85984NED, CC BY 4.0"


@pytest.mark.django_db
def test_the_wijkfoto_of_a_utrecht_neighbourhood_names_each_years_file(areas, data_dir):
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv")
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2024.csv")

    wijkfoto = selectors.wijkfoto_get(selectors.area_get("BU03440114"))

    inhabitants = next(r for s in wijkfoto.sections for r in s.rows if r.indicator.code == "inhabitants")
    assert inhabitants.years == (2023, 2024)
    assert "kwb-2023 (2023), kwb-2024 (2024)" in inhabitants.source_text
