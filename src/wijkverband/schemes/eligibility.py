"""Which schemes likely apply, and why: a pure filter over structured eligibility criteria (no ORM).

A scheme's eligibility is a small set of criteria (age, household, children, income as a percentage
of the social minimum, housing situation, debts, care need). The wizard's answers may leave any
question unanswered. Per scheme and criterion the outcome is *met*, *failed* or *unknown*:

- a scheme with a failed criterion does not apply (``Verdict.NOT``);
- a scheme whose criteria are all met likely applies (``Verdict.LIKELY``);
- otherwise it may apply once the unanswered questions are answered (``Verdict.POSSIBLE``).

Answering an open question can therefore only move a scheme from POSSIBLE to LIKELY or NOT, never
bring back a scheme that was already ruled out; the property tests hold the module to that.
Schemes outside their validity period are never shown (expired ones are kept in the catalogue).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _


class Household(StrEnum):
    SINGLE = "single"
    COUPLE = "couple"


class Housing(StrEnum):
    SOCIAL_RENT = "social_rent"
    PRIVATE_RENT = "private_rent"
    OWNER = "owner"
    WITH_OTHERS = "with_others"
    HOMELESS = "homeless"


class Outcome(StrEnum):
    MET = "met"
    UNKNOWN = "unknown"
    FAILED = "failed"


class Verdict(StrEnum):
    LIKELY = "likely"
    POSSIBLE = "possible"
    NOT = "not"


# The income bands the wizard offers, as the upper bound in percent of the social minimum.
INCOME_BANDS = (100, 110, 120, 130, 150)
INCOME_ABOVE_BANDS = 999


class CriteriaError(ValueError):
    """Eligibility data that cannot be read; ``messages`` are Dutch-ready texts, one per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Criteria:
    """Who a scheme is for. ``None`` or an empty set means: no condition on this point."""

    age_min: int | None = None
    age_max: int | None = None
    households: frozenset[str] = frozenset()
    has_children: bool | None = None
    income_max_pct: int | None = None
    housing: frozenset[str] = frozenset()
    has_debts: bool | None = None
    has_care_need: bool | None = None

    @property
    def is_empty(self) -> bool:
        return self == Criteria()


CRITERIA_KEYS = tuple(f.name for f in fields(Criteria))


@dataclass(frozen=True)
class Answers:
    """What a resident or professional told the wizard; ``None`` means not answered."""

    age: int | None = None
    household: str | None = None
    has_children: bool | None = None
    income_pct: int | None = None
    housing: str | None = None
    has_debts: bool | None = None
    has_care_need: bool | None = None
    # CBS codes of where the resident lives (municipality and district); empty when not asked.
    area_codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    key: str
    criteria: Criteria
    valid_from: date | None = None
    valid_until: date | None = None
    # CBS code of the municipality or district the scheme is limited to; None for national schemes.
    area_code: str | None = None
    area_name: str = ""


@dataclass(frozen=True)
class Reason:
    criterion: str
    outcome: Outcome
    text: str


@dataclass(frozen=True)
class Match:
    key: str
    verdict: Verdict
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def met(self) -> int:
        return sum(1 for r in self.reasons if r.outcome == Outcome.MET)


# --- reading and writing criteria ----------------------------------------------------------------


def _int(value: Any, key: str, errors: list[str], *, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors.append(_("%(key)s must be a whole number.") % {"key": key})
        return None
    try:
        number = int(value)
    except ValueError:
        errors.append(_("%(key)s must be a whole number.") % {"key": key})
        return None
    if not low <= number <= high:
        errors.append(_("%(key)s must lie between %(low)s and %(high)s.") % {"key": key, "low": low, "high": high})
        return None
    return number


def _bool(value: Any, key: str, errors: list[str]) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "ja", "yes", "1"}:
        return True
    if isinstance(value, str) and value.lower() in {"false", "nee", "no", "0"}:
        return False
    errors.append(_("%(key)s must be yes or no.") % {"key": key})
    return None


def _choices(value: Any, key: str, allowed: type[StrEnum], errors: list[str]) -> frozenset[str]:
    if value is None or value == "" or value == []:
        return frozenset()
    items = value.split("|") if isinstance(value, str) else value
    if not isinstance(items, list | tuple | set | frozenset):
        errors.append(_("%(key)s must be a list.") % {"key": key})
        return frozenset()
    chosen = {str(item).strip() for item in items if str(item).strip()}
    unknown = sorted(chosen - {member.value for member in allowed})
    if unknown:
        errors.append(
            _("%(key)s has unknown values: %(values)s (allowed: %(allowed)s).")
            % {"key": key, "values": ", ".join(unknown), "allowed": ", ".join(m.value for m in allowed)}
        )
        return frozenset()
    return frozenset(chosen)


def criteria_parse(data: Mapping[str, Any] | None) -> Criteria:
    """Criteria from stored or imported data; unknown keys and bad values raise CriteriaError."""
    data = data or {}
    errors: list[str] = []
    unknown = sorted(set(data) - set(CRITERIA_KEYS))
    if unknown:
        errors.append(_("Unknown eligibility criteria: %(keys)s.") % {"keys": ", ".join(unknown)})
    criteria = Criteria(
        age_min=_int(data.get("age_min"), "age_min", errors, low=0, high=120),
        age_max=_int(data.get("age_max"), "age_max", errors, low=0, high=120),
        households=_choices(data.get("households"), "households", Household, errors),
        has_children=_bool(data.get("has_children"), "has_children", errors),
        income_max_pct=_int(data.get("income_max_pct"), "income_max_pct", errors, low=50, high=500),
        housing=_choices(data.get("housing"), "housing", Housing, errors),
        has_debts=_bool(data.get("has_debts"), "has_debts", errors),
        has_care_need=_bool(data.get("has_care_need"), "has_care_need", errors),
    )
    if criteria.age_min is not None and criteria.age_max is not None and criteria.age_min > criteria.age_max:
        errors.append(_("The minimum age is higher than the maximum age."))
    if errors:
        raise CriteriaError(errors)
    return criteria


def criteria_dump(criteria: Criteria) -> dict[str, Any]:
    """The criteria as JSON-ready data, leaving out what does not apply (the stored and exported form)."""
    data: dict[str, Any] = {}
    for name in CRITERIA_KEYS:
        value = getattr(criteria, name)
        if isinstance(value, frozenset):
            if value:
                data[name] = sorted(value)
        elif value is not None:
            data[name] = value
    return data


# --- evaluating ----------------------------------------------------------------------------------


def _yes_no(flag: bool) -> str:
    return _("yes") if flag else _("no")


def _household_label(value: str) -> str:
    labels: dict[str, str] = {Household.SINGLE: _("single"), Household.COUPLE: _("living together or married")}
    return labels.get(value, value)


def _housing_label(value: str) -> str:
    labels: dict[str, str] = {
        Housing.SOCIAL_RENT: _("rent from a housing corporation"),
        Housing.PRIVATE_RENT: _("rent from a private landlord"),
        Housing.OWNER: _("own home"),
        Housing.WITH_OTHERS: _("living in with others"),
        Housing.HOMELESS: _("no home of your own"),
    }
    return labels.get(value, value)


def _reasons(criteria: Criteria, answers: Answers) -> list[Reason]:
    reasons: list[Reason] = []

    def add(criterion: str, known: bool, ok: bool, met: str, failed: str, unknown: str) -> None:
        if not known:
            reasons.append(Reason(criterion, Outcome.UNKNOWN, unknown))
        else:
            reasons.append(Reason(criterion, Outcome.MET if ok else Outcome.FAILED, met if ok else failed))

    if criteria.age_min is not None or criteria.age_max is not None:
        low, high = criteria.age_min, criteria.age_max
        if low is not None and high is not None:
            rule = _("for people aged %(low)s to %(high)s") % {"low": low, "high": high}
        elif low is not None:
            rule = _("for people aged %(low)s or older") % {"low": low}
        else:
            rule = _("for people up to age %(high)s") % {"high": high}
        age = answers.age
        ok = age is not None and (low is None or age >= low) and (high is None or age <= high)
        add(
            "age",
            age is not None,
            ok,
            _("You are %(age)s: this scheme is %(rule)s.") % {"age": age, "rule": rule},
            _("You are %(age)s, but this scheme is %(rule)s.") % {"age": age, "rule": rule},
            _("This scheme is %(rule)s; you did not give your age.") % {"rule": rule},
        )
    if criteria.households:
        wanted = " / ".join(_household_label(h) for h in sorted(criteria.households))
        add(
            "household",
            answers.household is not None,
            answers.household in criteria.households,
            _("Your household fits: %(wanted)s.") % {"wanted": wanted},
            _("This scheme is for households that are %(wanted)s.") % {"wanted": wanted},
            _("This scheme is for households that are %(wanted)s.") % {"wanted": wanted},
        )
    if criteria.has_children is not None:
        add(
            "has_children",
            answers.has_children is not None,
            answers.has_children == criteria.has_children,
            _("Children living at home: %(value)s, as this scheme asks.") % {"value": _yes_no(criteria.has_children)},
            _("This scheme asks for children living at home: %(value)s.") % {"value": _yes_no(criteria.has_children)},
            _("This scheme depends on whether children live at home."),
        )
    if criteria.income_max_pct is not None:
        limit = criteria.income_max_pct
        income = answers.income_pct
        add(
            "income",
            income is not None,
            income is not None and income <= limit,
            _("Your income is at most %(limit)s%% of the social minimum.") % {"limit": limit},
            _("Your income is above the limit of %(limit)s%% of the social minimum.") % {"limit": limit},
            _("Income limit: %(limit)s%% of the social minimum; you did not give your income.") % {"limit": limit},
        )
    if criteria.housing:
        wanted = " / ".join(_housing_label(h) for h in sorted(criteria.housing))
        add(
            "housing",
            answers.housing is not None,
            answers.housing in criteria.housing,
            _("Your housing situation fits: %(wanted)s.") % {"wanted": wanted},
            _("This scheme is for: %(wanted)s.") % {"wanted": wanted},
            _("This scheme is for: %(wanted)s.") % {"wanted": wanted},
        )
    if criteria.has_debts is not None:
        add(
            "has_debts",
            answers.has_debts is not None,
            answers.has_debts == criteria.has_debts,
            _("You have debts or payment arrears.") if criteria.has_debts else _("You have no debts."),
            _("This scheme is for people with debts or payment arrears.")
            if criteria.has_debts
            else _("This scheme is for people without debts."),
            _("This scheme depends on whether you have debts."),
        )
    if criteria.has_care_need is not None:
        add(
            "has_care_need",
            answers.has_care_need is not None,
            answers.has_care_need == criteria.has_care_need,
            _("You need care or support because of illness, disability or old age."),
            _("This scheme is for people who need care or support."),
            _("This scheme depends on whether you need care or support."),
        )
    return reasons


def is_current(candidate: Candidate, today: date) -> bool:
    """Within its validity period: not yet started and expired schemes stay in the catalogue, hidden here."""
    if candidate.valid_from is not None and candidate.valid_from > today:
        return False
    return candidate.valid_until is None or candidate.valid_until >= today


def evaluate(candidate: Candidate, answers: Answers) -> Match:
    """The verdict on one scheme for these answers, with a reason per criterion."""
    reasons = _reasons(candidate.criteria, answers)
    if candidate.area_code is not None:
        where = candidate.area_name or candidate.area_code
        if not answers.area_codes:
            reasons.append(Reason("area", Outcome.UNKNOWN, _("Only for residents of %(area)s.") % {"area": where}))
        elif candidate.area_code in answers.area_codes:
            reasons.append(Reason("area", Outcome.MET, _("You live in %(area)s.") % {"area": where}))
        else:
            reasons.append(Reason("area", Outcome.FAILED, _("Only for residents of %(area)s.") % {"area": where}))
    outcomes = {r.outcome for r in reasons}
    if Outcome.FAILED in outcomes:
        verdict = Verdict.NOT
    elif Outcome.UNKNOWN in outcomes:
        verdict = Verdict.POSSIBLE
    else:
        verdict = Verdict.LIKELY
    if not reasons:
        reasons.append(Reason("none", Outcome.MET, _("This scheme has no conditions on who you are.")))
    return Match(key=candidate.key, verdict=verdict, reasons=tuple(reasons))


def schemes_filter(
    candidates: Iterable[Candidate], answers: Answers, *, today: date, include_possible: bool = True
) -> list[Match]:
    """The current schemes that likely (or possibly) apply: likely first, then the best-fitting ones."""
    matches = [evaluate(c, answers) for c in candidates if is_current(c, today)]
    wanted = {Verdict.LIKELY, Verdict.POSSIBLE} if include_possible else {Verdict.LIKELY}
    kept = [m for m in matches if m.verdict in wanted]
    # Stable sort: within equal rank the caller's order (e.g. by name) stays.
    return sorted(kept, key=lambda m: (m.verdict != Verdict.LIKELY, -m.met))
