"""Dutch text search without a database: normalising, a Dutch stemmer and typo tolerance (no ORM).

PostgreSQL searches with its own ``dutch`` text search configuration (see ``selectors``); this module
gives SQLite the same behaviour in plain Python and prepares the query terms for both:

- ``normalize`` lower-cases and strips accents ("één" → "een"), so "Wmo" and "wmo" are one word;
- ``dutch_stem`` is the Snowball Dutch stemmer (the algorithm PostgreSQL's ``dutch`` config uses,
  https://snowballstem.org/algorithms/dutch/stemmer.html), written out here because no stemmer
  package is installed: "schulden" → "schuld", "ouderen" → "ouder";
- ``corrections`` finds words of the catalogue's vocabulary close to a misspelt query word with
  ``difflib`` (Ratcliff/Obershelp similarity), so "huurtoeslg" still finds "huurtoeslag";
- ``document_matches`` decides whether a document's stems answer every query term, where a term
  also matches as the start of a compound ("schuld" finds "schuldhulpverlening").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Common Dutch function words: they carry no meaning for a search (a subset of PostgreSQL's list).
_STOPWORD_TEXT = """
    de het een en van voor in op te aan is zijn mijn ik je jij u uw we wij ze zij hij met bij om of dat die
    wat hoe wie waar als er ook nog niet naar tot dan door over uit heb heeft hebben kan kunnen moet wil
    wordt worden was al maar meer zo deze dit
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
MIN_TYPO_LENGTH = 5  # shorter words have too many close neighbours to guess a typo safely
TYPO_CUTOFF = 0.8
PREFIX_MIN_LENGTH = 4

_WORD = re.compile(r"[a-z0-9]+")
_VOWELS = frozenset("aeiouyè")


def normalize(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenize(text: str) -> list[str]:
    """Meaningful words of a text, normalised, in order, without stopwords and single letters."""
    return [w for w in _WORD.findall(normalize(text)) if len(w) > 1 and w not in STOPWORDS]


# --- Snowball Dutch stemmer ----------------------------------------------------------------------


def _is_vowel(ch: str) -> bool:
    return ch in _VOWELS


def _region_after_first_consonant(word: str, start: int) -> int:
    for i in range(start + 1, len(word)):
        if not _is_vowel(word[i]) and _is_vowel(word[i - 1]):
            return i + 1
    return len(word)


def _undouble(word: str) -> str:
    return word[:-1] if word.endswith(("kk", "dd", "tt")) else word


def _valid_en_ending(word: str) -> bool:
    # preceded by a non-vowel, and not the "gem" of e.g. "gemeente"
    return bool(word) and not _is_vowel(word[-1]) and not word.endswith("gem")


def dutch_stem(word: str) -> str:
    word = normalize(word)
    if len(word) <= 2 or not word.isalpha():
        return word
    # Mark y at the start or after a vowel, and i/y between vowels, as consonants (upper case).
    chars = list(word)
    if chars[0] == "y":
        chars[0] = "Y"
    for i in range(1, len(chars)):
        if chars[i] == "y" and _is_vowel(chars[i - 1]):
            chars[i] = "Y"
        elif chars[i] == "i" and _is_vowel(chars[i - 1]) and i + 1 < len(chars) and _is_vowel(chars[i + 1]):
            chars[i] = "I"
    word = "".join(chars)
    r1 = max(_region_after_first_consonant(word, 0), 3)
    r2 = _region_after_first_consonant(word, r1) if r1 < len(word) else len(word)

    def in_r1(suffix: str) -> bool:
        return len(word) - len(suffix) >= r1

    def in_r2(suffix: str) -> bool:
        return len(word) - len(suffix) >= r2

    # Step 1
    if word.endswith("heden"):
        if in_r1("heden"):
            word = word[:-5] + "heid"
    elif word.endswith(("ene", "en")):
        suffix = "ene" if word.endswith("ene") else "en"
        if in_r1(suffix) and _valid_en_ending(word[: -len(suffix)]):
            word = _undouble(word[: -len(suffix)])
    elif word.endswith(("se", "s")):
        suffix = "se" if word.endswith("se") else "s"
        stem = word[: -len(suffix)]
        if in_r1(suffix) and stem and not _is_vowel(stem[-1]) and stem[-1] != "j":
            word = stem
    # Step 2
    e_removed = False
    if word.endswith("e") and in_r1("e") and len(word) > 1 and not _is_vowel(word[-2]):
        word = _undouble(word[:-1])
        e_removed = True
    # Step 3a
    if word.endswith("heid") and in_r2("heid") and not word.endswith("cheid"):
        word = word[:-4]
        if word.endswith("en") and in_r1("en") and _valid_en_ending(word[:-2]):
            word = _undouble(word[:-2])
    # Step 3b
    if word.endswith(("end", "ing")):
        suffix = word[-3:]
        if in_r2(suffix):
            word = word[:-3]
            ends_in_ig = word.endswith("ig") and in_r2("ig") and not word.endswith("eig")
            word = word[:-2] if ends_in_ig else _undouble(word)
    elif word.endswith("ig"):
        if in_r2("ig") and not word.endswith("eig"):
            word = word[:-2]
    elif word.endswith("lijk"):
        if in_r2("lijk"):
            word = word[:-4]
            if word.endswith("e") and in_r1("e") and len(word) > 1 and not _is_vowel(word[-2]):
                word = _undouble(word[:-1])
    elif word.endswith("baar"):
        if in_r2("baar"):
            word = word[:-4]
    elif word.endswith("bar") and in_r2("bar") and e_removed:
        word = word[:-3]
    # Step 4: undouble a vowel in a final consonant-vowel-vowel-consonant ("maan" → "man")
    if (
        len(word) >= 4
        and not _is_vowel(word[-4])
        and word[-3] == word[-2]
        and word[-2] in "aeou"
        and not _is_vowel(word[-1])
        and word[-1] != "I"
    ):
        word = word[:-2] + word[-1]
    return word.lower()


def stems(text: str) -> frozenset[str]:
    return frozenset(dutch_stem(w) for w in tokenize(text))


# --- query planning and matching -----------------------------------------------------------------


@dataclass(frozen=True)
class QueryTerm:
    """A word of the query with the words it may stand for (itself, plus typo corrections)."""

    word: str
    alternatives: tuple[str, ...]

    @property
    def stems(self) -> frozenset[str]:
        return frozenset(dutch_stem(w) for w in self.alternatives)

    @property
    def is_corrected(self) -> bool:
        return len(self.alternatives) > 1


def corrections(word: str, vocabulary: Iterable[str], *, limit: int = 3) -> list[str]:
    """Vocabulary words that look like a misspelling of ``word`` (closest first)."""
    if len(word) < MIN_TYPO_LENGTH or word.isdigit():
        return []
    return difflib.get_close_matches(word, list(vocabulary), n=limit, cutoff=TYPO_CUTOFF)


def is_known(word: str, vocabulary_stems: frozenset[str]) -> bool:
    """A word needs no correction when its stem, or a compound it starts, is in the vocabulary."""
    stem = dutch_stem(word)
    if stem in vocabulary_stems:
        return True
    return len(stem) >= PREFIX_MIN_LENGTH and any(s.startswith(stem) for s in vocabulary_stems)


def plan_query(query: str, vocabulary: Iterable[str]) -> list[QueryTerm]:
    """The terms of a query, each with typo corrections taken from the vocabulary when unknown."""
    words = list(vocabulary)
    vocabulary_stems = frozenset(dutch_stem(w) for w in words)
    terms: list[QueryTerm] = []
    for word in dict.fromkeys(tokenize(query)):
        extra = [] if is_known(word, vocabulary_stems) else corrections(word, words)
        terms.append(QueryTerm(word=word, alternatives=(word, *extra)))
    return terms


def _term_hits(term: QueryTerm, document: frozenset[str]) -> bool:
    for stem in term.stems:
        if stem in document:
            return True
        if len(stem) >= PREFIX_MIN_LENGTH and any(d.startswith(stem) for d in document):
            return True
    return False


def document_score(terms: list[QueryTerm], *, title: frozenset[str], body: frozenset[str]) -> float:
    """0 when a term is missing from the document; otherwise higher for hits in the title."""
    if not terms:
        return 0.0
    score = 0.0
    for term in terms:
        if _term_hits(term, title):
            score += 3.0
        elif _term_hits(term, body):
            score += 1.0
        else:
            return 0.0
    return score
