from pathlib import Path

from django.conf import settings

import pytest

from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood

pytestmark = pytest.mark.django_db

FOLDER = Path(settings.SHARED_DATA_DIR) / "gebiedsindeling"


def test_whole_country_2025_is_imported_with_its_hierarchy():
    report = areas_import_gebiedsindeling(folder=FOLDER)

    assert Municipality.objects.count() == 343
    assert District.objects.count() == 3505
    assert Neighbourhood.objects.count() == 14823 - len([p for p in report.problems if p.startswith("BU")])
    ruwaard = District.objects.get(code="WK082806")
    assert ruwaard.name == "Ruwaard" and ruwaard.municipality.name == "Oss"
    assert ruwaard.neighbourhoods.count() == 9
    assert Neighbourhood.objects.get(code="BU08280602").name == "Dichtersbuurt"
    assert Neighbourhood.objects.get(code="BU01530604").name == "Wesselerbrink Zuid-Oost"


def test_reimport_changes_nothing():
    areas_import_gebiedsindeling(folder=FOLDER, municipality_codes={"0828"})

    report = areas_import_gebiedsindeling(folder=FOLDER, municipality_codes={"0828"})

    assert (report.municipalities, report.districts, report.neighbourhoods) == (0, 0, 0)
    assert Municipality.objects.count() == 1


def test_areas_whose_parent_is_unknown_are_reported_not_guessed(tmp_path):
    (tmp_path / "cbs_gemeenten_2025.csv").write_text("\ufeffGemeente2025;Gemeentenaam2025\n0828;Oss\n")
    (tmp_path / "cbs_wijken_2025.csv").write_text("\ufeffWijk2025;wijknaam2025\n082806;Ruwaard\n999901;Verdwenen\n")
    (tmp_path / "cbs_buurten_2025.csv").write_text(
        "\ufeffBuurt2025;buurtnaam2025\n08280602;Dichtersbuurt\n99990101;Weg\n"
    )

    report = areas_import_gebiedsindeling(folder=tmp_path)

    assert report.problems == ["WK999901: gemeente GM9999 onbekend", "BU99990101: wijk WK999901 onbekend"]
    assert Neighbourhood.objects.count() == 1
