"""Importers on the shipped files; every expected figure was read by hand from the source row."""

import shutil

import pytest

from wijkverband.wijkfoto.constants import ImportStatus
from wijkverband.wijkfoto.importers import ImportRefused, cbs_import, geo_import, leefbaarometer_import
from wijkverband.wijkfoto.models import AreaShape, AreaValue, ImportRun, Indicator

pytestmark = pytest.mark.django_db


def value(code: str, indicator: str, year: int) -> float | None:
    return AreaValue.objects.get(area_code=code, indicator__code=indicator, year=year).value


def test_odata_json_gives_oss_and_ruwaard_2024(areas, data_dir):
    report = cbs_import(path=data_dir / "cbs_kwb/kwb2024_gemeente_wijk_nl.json")

    assert report.layout == "cbs-odata-json" and report.years == {2024}
    # "GM0828": AantalInwoners_5 94634, Woningvoorraad_35 42122, Bevolkingsdichtheid_34 584
    assert value("GM0828", "inhabitants", 2024) == 94634
    assert value("GM0828", "dwellings", 2024) == 42122
    assert value("GM0828", "density", 2024) == 584
    # "WK082806" Ruwaard: 13595 inhabitants, 6815 men, 6780 women, 6285 dwellings
    assert value("WK082806", "inhabitants", 2024) == 13595
    assert value("WK082806", "men", 2024) == 6815
    assert value("WK082806", "women", 2024) == 6780
    assert value("WK082806", "dwellings", 2024) == 6285


def test_country_is_derived_from_all_342_municipalities_of_a_national_file(areas, data_dir):
    cbs_import(path=data_dir / "cbs_kwb/kwb2024_gemeente_wijk_nl.json")

    country = AreaValue.objects.get(area_code="NL00", indicator__code="inhabitants", year=2024)
    # The sum of AantalInwoners_5 over the 342 GM rows (CBS: 17,942,942 on 1 January 2024).
    assert country.value == 17942942 and country.derived
    assert value("NL00", "dwellings", 2024) == 8204049


def test_codes_outside_the_registry_are_reported_and_not_guessed(areas, data_dir):
    report = cbs_import(path=data_dir / "cbs_kwb/kwb2024_gemeente_wijk_nl.json")

    unknown = {p.code for p in report.problems}
    # Only Oss and Utrecht are in the registry of this test: Amsterdam's WK0363AA is a valid but unknown code.
    assert "WK0363AA" in unknown and "GM0828" not in unknown
    assert not AreaValue.objects.filter(area_code="WK0363AA").exists()
    assert all("niet geraden" in p.message for p in report.problems)


def test_kwb_csv_gives_utrecht_neighbourhoods_2023(areas, data_dir):
    report = cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv")

    assert report.layout == "cbs-kwb-csv" and report.rows_read == 122 and not report.problems
    # BU03440114 Halve Maan-Noord: a_inw 1865, p_huurw 69, p_wcorpw 58, a_soz_wb 160, g_hhgro 2, a_woning 882
    assert value("BU03440114", "inhabitants", 2023) == 1865
    assert value("BU03440114", "pct_rented", 2023) == 69
    assert value("BU03440114", "pct_corporation", 2023) == 58
    assert value("BU03440114", "social_assistance", 2023) == 160
    assert value("BU03440114", "dwellings", 2023) == 882
    assert value("GM0344", "inhabitants", 2023) == 367947
    assert value("GM0344", "avg_household_size", 2023) == 1.9
    assert value("WK034401", "social_assistance", 2023) == 710


def test_cbs_missing_markers_are_missing_never_zero(areas, data_dir):
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2024.csv")

    # The early 2024 release has '.' for housing and benefits; population is filled in.
    assert value("BU03440114", "pct_corporation", 2024) is None
    assert value("BU03440114", "social_assistance", 2024) is None
    assert value("GM0344", "inhabitants", 2024) == 374238
    assert not AreaValue.objects.filter(year=2024, indicator__code="pct_corporation", value=0).exists()


def test_xlsx_and_csv_of_the_same_release_give_the_same_figures(areas, data_dir):
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.xlsx")
    from_xlsx = set(AreaValue.objects.values_list("indicator__code", "area_code", "value"))

    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv")

    assert set(AreaValue.objects.values_list("indicator__code", "area_code", "value")) == from_xlsx
    assert len(from_xlsx) > 3000


def test_reimporting_a_year_replaces_instead_of_adding(areas, data_dir):
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv")
    count = AreaValue.objects.count()

    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv")

    assert AreaValue.objects.count() == count
    assert ImportRun.objects.filter(status=ImportStatus.DONE).count() == 2


def test_every_indicator_carries_unit_source_and_licence(areas, data_dir):
    cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv")

    corporation = Indicator.objects.get(code="pct_corporation")
    assert (corporation.unit, corporation.licence) == ("%", "CC BY 4.0")
    assert corporation.source.startswith("CBS") and corporation.source_table == "kwb-2023"


def test_nabijheid_export_gives_distances_and_the_country(areas, data_dir):
    cbs_import(path=data_dir / "cbs_kwb/utrecht_nabijheid_voorzieningen_buurt_2023.csv")

    # "Nederland";…;"NL00": Afstand tot huisartsenpraktijk "       ." in this export → missing
    assert value("NL00", "distance_gp", 2023) is None
    assert AreaValue.objects.filter(level="neighbourhood", indicator__code="distance_gp", year=2023).exists()


def test_pc4_statistics_are_stored_per_postcode_area(areas, data_dir):
    cbs_import(path=data_dir / "cbs_pc4/cbs_pc4_2023_nl.csv")

    # pc4 1011: aantal_inwoners 9910, aantal_huurwoningen_in_bezit_woningcorporaties 2445, percentage_huurwoningen 70
    assert value("1011", "inhabitants", 2023) == 9910
    assert value("1011", "corporation_dwellings", 2023) == 2445
    assert value("1011", "pct_rented", 2023) == 70
    # README: PC4 9741 (Selwerd) 7,785 inhabitants, 2,215 of 4,095 dwellings owned by a corporation
    assert value("9741", "inhabitants", 2023) == 7785
    assert value("9741", "corporation_dwellings", 2023) == 2215
    assert value("9741", "dwellings", 2023) == 4095


def test_an_unknown_layout_is_refused_and_writes_nothing(areas, tmp_path):
    path = tmp_path / "kwb2023.csv"
    path.write_text("foo,bar\n1,2\n")

    with pytest.raises(ImportRefused, match="onbekende indeling"):
        cbs_import(path=path)

    assert not AreaValue.objects.exists() and not Indicator.objects.filter(source__startswith="CBS").exists()
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_a_year_that_contradicts_the_file_is_refused(areas, data_dir):
    with pytest.raises(ImportRefused, match="verkeerd jaar"):
        cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv", year=2024)

    assert not AreaValue.objects.exists()


def test_a_file_without_a_year_needs_one(areas, data_dir, tmp_path):
    path = tmp_path / "utrecht.csv"
    shutil.copy(data_dir / "cbs_kwb/utrecht_kwb2023.csv", path)

    with pytest.raises(ImportRefused, match="jaar"):
        cbs_import(path=path)
    cbs_import(path=path, year=2023)

    assert value("BU03440114", "inhabitants", 2023) == 1865


def test_a_bad_row_is_reported_and_strict_mode_writes_nothing(areas, data_dir, tmp_path):
    lines = (data_dir / "cbs_kwb/utrecht_kwb2023.csv").read_text(encoding="utf-8-sig").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("BU03440114"))
    lines[index] = lines[index].replace(",1865,", ",veel,", 1)
    path = tmp_path / "kwb2023.csv"
    path.write_text("\n".join(lines) + "\n")

    with pytest.raises(ImportRefused):
        cbs_import(path=path, strict=True)
    assert not AreaValue.objects.exists()

    report = cbs_import(path=path)
    assert [(p.row, p.code) for p in report.problems] == [(index + 1, "BU03440114")]
    assert not AreaValue.objects.filter(area_code="BU03440114").exists()
    assert "onleesbare waarde 'veel'" in report.problems[0].message


def test_a_failure_half_way_rolls_back_what_was_written(areas, data_dir, monkeypatch):
    from wijkverband.wijkfoto import importers

    calls = {"n": 0}
    original = importers._Writer.flush

    def failing_flush(self):
        calls["n"] += 1
        if calls["n"] == 2:
            raise importers.ImportRefused("schijf vol")
        original(self)

    monkeypatch.setattr(importers, "BATCH_ROWS", 50)
    monkeypatch.setattr(importers._Writer, "flush", failing_flush)

    with pytest.raises(ImportRefused):
        cbs_import(path=data_dir / "cbs_kwb/utrecht_kwb2023.csv")

    assert calls["n"] == 2 and not AreaValue.objects.exists()


def test_leefbaarometer_3_per_wijk_with_all_years(db, data_dir):
    from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling

    areas_import_gebiedsindeling(folder=data_dir / "gebiedsindeling", municipality_codes={"0362"})

    report = leefbaarometer_import(path=data_dir / "leefbaarometer/lbm3_amstelveen_wijken_2014_2022.csv")

    assert report.layout == "lbm3-wijk" and report.years == {2014, 2018, 2020, 2022}
    # 3,WK036201,Randwijck,2014,4.270599604867483,…,fys 0.0064002230091221
    assert value("WK036201", "lbm3_score", 2014) == pytest.approx(4.270599604867483)
    assert value("WK036201", "lbm3_physical", 2014) == pytest.approx(0.0064002230091221)


def test_leefbaarometer_2_classes_per_postcode_and_one_year(db, data_dir):
    report = leefbaarometer_import(path=data_dir / "leefbaarometer/lbm2_pc4_klassen_2002_2018.csv", year=2018)

    assert report.years == {2018}
    # 5341,6,6,6,6,5,5,…: KL18 = 5 (voldoende)
    assert value("5341", "lbm2_class", 2018) == 5
    assert not AreaValue.objects.filter(year=2016).exists()


def test_leefbaarometer_year_not_in_the_file_is_refused(db, data_dir):
    with pytest.raises(ImportRefused, match="verkeerd jaar"):
        leefbaarometer_import(path=data_dir / "leefbaarometer/lbm2_pc4_klassen_2002_2018.csv", year=2019)


def test_geojson_districts_give_shapes_and_figures(areas, data_dir):
    report = geo_import(path=data_dir / "geo/wijken_2024_nl.geojson")

    assert report.layout == "geojson-wijken"
    assert AreaShape.objects.filter(parent_code="GM0828").count() == 23
    ruwaard = AreaShape.objects.get(code="WK082806")
    assert ruwaard.name == "Ruwaard" and ruwaard.geometry["type"] in {"Polygon", "MultiPolygon"}
    assert value("WK082806", "inhabitants", 2024) == 13595
    # WK099899 "Buitenland" is not an area of the registry
    assert "WK099899" in {p.code for p in report.problems}
