from django.core.exceptions import ValidationError

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from wijkverband.core.validators import (
    bsn_is_valid,
    mask_bsn,
    normalise_bsn,
    normalise_postcode,
    validate_bsn,
    validate_no_html,
    validate_postcode,
)

WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2]


@st.composite
def valid_bsns(draw):
    prefix = draw(st.lists(st.integers(0, 9), min_size=8, max_size=8))
    weighted = sum(w * d for w, d in zip(WEIGHTS, prefix, strict=True))
    check = weighted % 11
    # The elfproef also demands a positive total (weighted - check), which rules out e.g. 000000012.
    assume(check <= 9 and weighted - check > 0)
    return "".join(map(str, prefix)) + str(check)


@given(valid_bsns())
def test_every_number_built_by_the_eleven_test_is_accepted(bsn):
    assert bsn_is_valid(bsn)
    validate_bsn(bsn)


@given(valid_bsns(), st.integers(0, 8), st.integers(1, 9))
def test_changing_one_digit_breaks_the_eleven_test(bsn, position, delta):
    digits = list(bsn)
    digits[position] = str((int(digits[position]) + delta) % 10)

    assert not bsn_is_valid("".join(digits))


@given(valid_bsns(), st.integers(0, 7))
def test_swapping_two_adjacent_different_digits_breaks_it(bsn, position):
    digits = list(bsn)
    if digits[position] == digits[position + 1]:
        return
    digits[position], digits[position + 1] = digits[position + 1], digits[position]

    assert not bsn_is_valid("".join(digits))


@given(st.text(max_size=12))
def test_anything_that_is_not_nine_digits_is_refused(text):
    if len(normalise_bsn(text)) == 9 and normalise_bsn(text).isdigit():
        return
    with pytest.raises(ValidationError):
        validate_bsn(text)


@pytest.mark.parametrize(("raw", "expected"), [("111222333", True), ("000000000", False), ("123456789", False)])
def test_known_numbers(raw, expected):
    assert bsn_is_valid(raw) is expected


def test_eight_digit_bsns_get_their_leading_zero():
    assert normalise_bsn("12345672") == "012345672"


def test_lists_show_only_the_last_three_digits():
    assert mask_bsn("111222333") == "******333"


@pytest.mark.parametrize("postcode", ["5345 AB", "5345ab", "1011AA", " 9999 zz "])
def test_dutch_postcodes_are_accepted(postcode):
    validate_postcode(postcode)
    assert len(normalise_postcode(postcode)) == 7


@pytest.mark.parametrize("postcode", ["0123 AB", "5345 SA", "5345 SS", "5345 SD", "53456", "ABCD 12", ""])
def test_invalid_postcodes_are_refused(postcode):
    with pytest.raises(ValidationError):
        validate_postcode(postcode)


@pytest.mark.parametrize("text", ["<b>", "</p>", "<script>", "&lt;", "&#60;", "<!-- x -->"])
def test_markup_is_refused(text):
    with pytest.raises(ValidationError):
        validate_no_html(f"Hallo {text} wereld")


@pytest.mark.parametrize("text", ["Jansen & Zn", "3 < 5", "Huis-nummer 12a", "Café 't Hoekje"])
def test_ordinary_text_is_accepted(text):
    validate_no_html(text)
