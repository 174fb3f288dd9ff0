"""Dutch search on the catalogue: the same behaviour on SQLite (Python fallback) and PostgreSQL (full text)."""

from datetime import date

import pytest

from wijkverband.schemes.selectors import SearchFilters, catalogue_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(make_scheme):
    make_scheme(
        code="hulp-schuld",
        name="Hulp bij schuld",
        summary="Gratis gesprek over uw schuld.",
        themes=["debts"],
        target_groups=["debts"],
    )
    make_scheme(
        code="huurtoeslag",
        name="Huurtoeslag",
        summary="Geld voor de huur.",
        scope="national",
        area="",
        themes=["income", "housing"],
        target_groups=["tenants"],
    )
    make_scheme(
        code="zwemles",
        name="Zwemles voor kinderen",
        summary="Een zwemdiploma voor uw kind.",
        themes=["youth"],
        target_groups=["families"],
    )
    make_scheme(
        code="schuldhulpverlening",
        name="Schuldhulpverlening",
        summary="Een plan voor betalingsachterstanden.",
        themes=["debts"],
        target_groups=["debts"],
    )


def names(result):
    return [item.name for item in result.items]


def test_plural_finds_the_singular(catalogue):
    result = catalogue_search(filters=SearchFilters(query="schulden"))
    assert "Hulp bij schuld" in names(result)
    assert "Zwemles voor kinderen" not in names(result)


def test_a_word_finds_compounds_it_starts(catalogue):
    assert "Schuldhulpverlening" in names(catalogue_search(filters=SearchFilters(query="schuld")))


def test_a_typo_still_finds_and_says_what_it_searched(catalogue):
    result = catalogue_search(filters=SearchFilters(query="huurtoeslg"))
    assert names(result) == ["Huurtoeslag"]
    assert [t.alternatives for t in result.corrected] == [("huurtoeslg", "huurtoeslag")]


def test_title_hits_rank_first(catalogue, make_scheme):
    make_scheme(code="zwembad", name="Zwembadpas", summary="Korting, ook na de zwemles.", themes=["participation"])
    assert names(catalogue_search(filters=SearchFilters(query="zwemles")))[0] == "Zwemles voor kinderen"


def test_nonsense_finds_nothing(catalogue):
    result = catalogue_search(filters=SearchFilters(query="xylofoonconcert"))
    assert result.total == 0 and result.items == []


def test_facets_filter_and_count(catalogue):
    result = catalogue_search(filters=SearchFilters(themes=("debts",)))
    assert sorted(names(result)) == ["Hulp bij schuld", "Schuldhulpverlening"]
    themes = {f.value: (f.count, f.selected) for f in result.facets["theme"]}
    assert themes["debts"] == (2, True)
    groups = {f.value: f.count for f in result.facets["targetGroup"]}
    assert groups == {"debts": 2}


def test_area_filter_keeps_national_and_local_schemes(catalogue, make_scheme):
    make_scheme(code="amsterdam", name="Stadspas Amsterdam", scope="national", area="")  # national by data
    result = catalogue_search(filters=SearchFilters(area="WK082806"))
    areas = {f.value for f in result.facets["area"]}
    assert areas == {"national", "GM0828"}
    assert result.total == 5


def test_expired_schemes_are_kept_but_hidden_unless_asked(catalogue, make_scheme):
    make_scheme(code="oud", name="Energietoeslag 2023", valid_from="2023-01-01", valid_until="2023-12-31")
    today = date(2026, 6, 1)
    assert "Energietoeslag 2023" not in names(
        catalogue_search(filters=SearchFilters(query="energietoeslag"), today=today)
    )
    shown = catalogue_search(filters=SearchFilters(query="energietoeslag", include_expired=True), today=today)
    assert names(shown) == ["Energietoeslag 2023"]


def test_services_are_searched_the_same_way(make_service):
    make_service(code="inloop", name="Inloopspreekuur geldzaken", summary="Hulp met brieven over schulden.")
    result = catalogue_search(kind="service", filters=SearchFilters(query="schuld"))
    assert names(result) == ["Inloopspreekuur geldzaken"]
