import pytest

from wijkverband.schemes.textsearch import (
    QueryTerm,
    corrections,
    document_score,
    dutch_stem,
    plan_query,
    stems,
    tokenize,
)


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("schulden", "schuld"),
        ("schuld", "schuld"),
        ("ouderen", "ouder"),
        ("toeslagen", "toeslag"),
        ("woningen", "woning"),
        ("mogelijkheden", "mogelijk"),
        ("lichamelijk", "licham"),
        ("gemeenten", "gemeent"),
        ("kinderen", "kinder"),
        ("Bijzondere", "bijzonder"),
        ("maan", "man"),
    ],
)
def test_dutch_stemmer_agrees_with_snowball(word, stem):
    # Expected stems as PostgreSQL's 'dutch' configuration (Snowball) gives them.
    assert dutch_stem(word) == stem


def test_tokenize_drops_stopwords_and_accents():
    assert tokenize("Hulp bij de Café of andere Schuld") == ["hulp", "cafe", "andere", "schuld"]


def test_plural_query_finds_singular_document():
    terms = plan_query("schulden", ["schuld"])
    assert document_score(terms, title=stems("Hulp bij schuld"), body=frozenset()) > 0


def test_word_finds_a_compound_it_starts():
    terms = plan_query("schuld", ["schuldhulpverlening"])
    assert document_score(terms, title=stems("Schuldhulpverlening"), body=frozenset()) > 0


def test_typo_is_corrected_from_the_vocabulary():
    assert corrections("huurtoeslg", ["zorgtoeslag", "huur", "huurtoeslag"])[0] == "huurtoeslag"
    terms = plan_query("huurtoeslg", ["huurtoeslag"])
    assert terms == [QueryTerm(word="huurtoeslg", alternatives=("huurtoeslg", "huurtoeslag"))]


def test_short_words_are_not_guessed():
    assert corrections("wmo", ["wmo", "wml"]) == []


def test_every_term_must_hit_and_title_hits_weigh_more():
    terms = plan_query("schuld huur", ["schuld", "huur"])
    assert document_score(terms, title=stems("schuld"), body=frozenset()) == 0
    in_title = document_score(terms, title=stems("schuld en huur"), body=frozenset())
    in_body = document_score(terms, title=frozenset(), body=stems("schuld en huur"))
    assert in_title > in_body > 0
