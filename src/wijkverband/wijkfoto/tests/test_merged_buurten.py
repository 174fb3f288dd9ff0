"""The third-party buurt file merging CBS and Leefbaarometer (leefbaarometer/utrecht_prov_buurten_cbs_lbm2.csv).

It has no year, so the year is given; every expected figure was read by hand from the source row.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

import pytest

from wijkverband.neighbourhoods.importers import areas_import_gebiedsindeling
from wijkverband.testing.actors import actor_for
from wijkverband.wijkfoto import selectors, services
from wijkverband.wijkfoto.catalogue import CBS, LBM
from wijkverband.wijkfoto.constants import ImportStatus
from wijkverband.wijkfoto.importers import MERGED_SOURCE, ImportRefused, cbs_import, leefbaarometer_import
from wijkverband.wijkfoto.models import AreaValue, ImportRun, Indicator

pytestmark = pytest.mark.django_db

FILE = "leefbaarometer/utrecht_prov_buurten_cbs_lbm2.csv"


@pytest.fixture
def province_areas(db, data_dir):
    """Registry of Amersfoort (0307), Houten (0321) and Utrecht (0344): 317 of the file's 969 buurten."""
    return areas_import_gebiedsindeling(
        folder=data_dir / "gebiedsindeling", municipality_codes={"0307", "0321", "0344"}
    )


def value(code: str, indicator: str, year: int = 2021) -> float | None:
    return AreaValue.objects.get(area_code=code, indicator__code=indicator, year=year).value


def test_the_merged_file_gives_leefbaarometer_and_cbs_figures_per_buurt_for_the_given_year(province_areas, data_dir):
    report = leefbaarometer_import(path=data_dir / FILE, year=2021)

    assert report.layout == "buurten-cbs-lbm-csv" and report.years == {2021} and report.rows_read == 969
    # 0,BU03070100,Amersfoort,Hof,710,36.62,5.63,1.4,396,335.0,69.0,91.0,26.0,2.0,2.3,0.2,0.1,0.9,…,
    # leefbarometer 4.22, 0.02, -0.14, -0.04, 0.24
    assert value("BU03070100", "inhabitants") == 710
    assert value("BU03070100", "pct_age_25_44") == 36.62
    assert value("BU03070100", "avg_household_size") == 1.4
    assert value("BU03070100", "dwellings") == 396
    assert value("BU03070100", "avg_woz") == 335
    assert value("BU03070100", "pct_owner_occupied") == 26
    assert value("BU03070100", "distance_supermarket") == 0.2
    assert value("BU03070100", "distance_daycare") == 0.9
    assert value("BU03070100", "lbm3_score") == 4.22
    assert value("BU03070100", "lbm3_physical") == 0.02
    assert value("BU03070100", "lbm3_nuisance") == -0.14
    assert value("BU03070100", "lbm3_social") == -0.04
    assert value("BU03070100", "lbm3_facilities") == 0.24
    # 397,BU03440114,Utrecht,Halve Maan-Noord,1740,34.77,14.37,2.0,882,321.0,89.0,93.0,31.0,…,
    # leefbarometer 3.89, -0.04, -0.21, -0.07, 0.15
    assert value("BU03440114", "inhabitants") == 1740
    assert value("BU03440114", "dwellings") == 882
    assert value("BU03440114", "avg_woz") == 321
    assert value("BU03440114", "pct_owner_occupied") == 31
    assert value("BU03440114", "distance_supermarket") == 0.7
    assert value("BU03440114", "lbm3_score") == 3.89
    assert value("BU03440114", "lbm3_nuisance") == -0.21
    assert value("BU03440114", "lbm3_facilities") == 0.15
    # 13 indicators for every buurt of the registry but the unknown BU03211352
    assert report.values_written == 13 * 316
    assert AreaValue.objects.filter(year=2021).count() == 13 * 316


def test_columns_that_do_not_match_an_indicator_are_not_imported(province_areas, data_dir):
    leefbaarometer_import(path=data_dir / FILE, year=2021)

    codes = set(AreaValue.objects.values_list("indicator__code", flat=True))
    # No woningvoorraad dimension in the file; its households-with-children figure is per 100 inhabitants.
    assert "lbm3_housing" not in codes and "pct_households_with_children" not in codes
    assert len(codes) == 13


def test_each_figure_keeps_its_unit_original_source_and_licence_and_names_the_merger(province_areas, data_dir):
    report = leefbaarometer_import(path=data_dir / FILE, year=2021)

    score = Indicator.objects.get(code="lbm3_score")
    woz = Indicator.objects.get(code="avg_woz")
    assert (score.unit, score.source, score.licence) == ("score", LBM, "open data (BZK)")
    assert (woz.unit, woz.source, woz.licence) == ("x € 1 000", CBS, "CC BY 4.0")
    assert report.run is not None and report.run.source_table == MERGED_SOURCE
    assert "Nelleke20/notebook.buurtenrecommender" in MERGED_SOURCE


def test_empty_cells_are_missing_never_zero(province_areas, data_dir):
    leefbaarometer_import(path=data_dir / FILE, year=2021)

    # 20,BU03070308,Amersfoort,Wagenwerkplaats,115,…: the five leefbarometer cells are empty
    assert value("BU03070308", "lbm3_score") is None
    assert value("BU03070308", "lbm3_nuisance") is None
    assert value("BU03070308", "inhabitants") == 115


@pytest.mark.parametrize("importer", [leefbaarometer_import, cbs_import])
def test_without_a_year_the_merged_file_is_refused_and_nothing_is_written(province_areas, data_dir, importer):
    with pytest.raises(ImportRefused, match="noemt geen jaar") as refused:
        importer(path=data_dir / FILE)

    assert "Geef het jaar van de cijfers op" in refused.value.message
    assert not AreaValue.objects.exists() and not Indicator.objects.exists()
    run = ImportRun.objects.get()
    assert (run.status, run.layout) == (ImportStatus.FAILED, "buurten-cbs-lbm-csv")


def test_a_year_that_contradicts_the_file_name_is_refused(province_areas, data_dir, tmp_path):
    path = tmp_path / "buurten_cbs_lbm_2020.csv"
    path.write_bytes((data_dir / FILE).read_bytes())

    with pytest.raises(ImportRefused, match="verkeerd jaar"):
        leefbaarometer_import(path=path, year=2021)
    leefbaarometer_import(path=path)

    assert AreaValue.objects.filter(year=2020).count() == 13 * 316


def test_reimporting_the_same_year_replaces_and_another_year_is_kept_apart(province_areas, data_dir):
    leefbaarometer_import(path=data_dir / FILE, year=2021)
    first = set(AreaValue.objects.values_list("indicator__code", "area_code", "year", "value"))

    leefbaarometer_import(path=data_dir / FILE, year=2021)
    assert set(AreaValue.objects.values_list("indicator__code", "area_code", "year", "value")) == first
    assert AreaValue.objects.count() == len(first) == 13 * 316

    cbs_import(path=data_dir / FILE, year=2022)
    assert AreaValue.objects.count() == 2 * 13 * 316
    assert value("BU03440114", "lbm3_score", 2022) == value("BU03440114", "lbm3_score", 2021) == 3.89


def test_unknown_and_old_buurt_codes_are_reported_and_never_guessed(province_areas, data_dir):
    report = leefbaarometer_import(path=data_dir / FILE, year=2021)

    problems = {p.code: p for p in report.problems}
    # BU03211352 Rondweg Zuid-Oost (Houten) is not in the 2025 code list; Stichtse Vecht (1904) is not in this registry.
    assert problems["BU03211352"].row == 258 and "niet geraden" in problems["BU03211352"].message
    assert any(code.startswith("BU1904") for code in problems)
    assert len(report.problems) == 969 - 316
    assert not AreaValue.objects.filter(area_code="BU03211352").exists()
    assert not AreaValue.objects.filter(area_code__startswith="BU1904").exists()


def test_the_command_refuses_the_file_without_year_and_imports_it_with_one(province_areas, data_dir, capsys):
    with pytest.raises(CommandError):
        call_command("import_leefbaarometer", str(data_dir / FILE))
    assert "noemt geen jaar" in capsys.readouterr().err
    assert not AreaValue.objects.exists()

    call_command("import_leefbaarometer", str(data_dir / FILE), "--year", "2021")

    assert value("BU03070100", "lbm3_score") == 4.22


def test_the_web_upload_needs_the_year_for_the_merged_file(
    province_areas, data_dir, coordinator, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.DATA_DIR = tmp_path
    content = (data_dir / FILE).read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        refused = services.import_upload_create(
            actor=actor_for(coordinator),
            kind="leefbaarometer",
            file=SimpleUploadedFile("utrecht_prov_buurten_cbs_lbm2.csv", content),
        )
    refused.refresh_from_db()
    assert refused.status == "failed" and "noemt geen jaar" in refused.message
    assert not AreaValue.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = services.import_upload_create(
            actor=actor_for(coordinator),
            kind="leefbaarometer",
            file=SimpleUploadedFile("utrecht_prov_buurten_cbs_lbm2.csv", content),
            year=2021,
        )
    done.refresh_from_db()
    assert done.status == "done" and done.run.source_table == MERGED_SOURCE
    assert value("BU03440114", "lbm3_score") == 3.89


def test_the_wijkfoto_of_a_buurt_names_the_original_source_the_merger_and_the_licence(province_areas, data_dir):
    leefbaarometer_import(path=data_dir / FILE, year=2021)

    wijkfoto = selectors.wijkfoto_get(selectors.area_get("BU03440114"))

    rows = {r.indicator.code: r for s in wijkfoto.sections for r in s.rows}
    assert rows["lbm3_score"].years == (2021,)
    assert rows["lbm3_score"].source_text == f"{LBM}, {MERGED_SOURCE}, open data (BZK)"
    assert rows["inhabitants"].source_text == f"{CBS}, {MERGED_SOURCE}, CC BY 4.0"
