"""The wijkfoto as data: per indicator group, each figure over the years next to municipality and country.

Pure: plain values in, plain rows out (the selector fetches, the template and exports render).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .parsing import format_number

# year → (value, derived)
Series = Mapping[int, tuple[float | None, bool]]


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    label: str
    group: str
    unit: str
    decimals: int
    source: str
    licence: str
    source_table: str = ""
    direction: str = "neutral"
    description: str = ""


@dataclass(frozen=True)
class Cell:
    value: float | None
    text: str
    derived: bool = False


@dataclass(frozen=True)
class Row:
    indicator: IndicatorInfo
    years: tuple[int, ...]
    own: tuple[Cell, ...]
    municipality: tuple[Cell, ...]
    country: tuple[Cell, ...]
    # Per year: the table or file edition the area's figure came from (85984NED, kwb-2023, an own note).
    tables: tuple[str, ...] = ()

    @property
    def by_year(self) -> list[tuple[int, Cell, Cell, Cell]]:
        return list(zip(self.years, self.own, self.municipality, self.country, strict=True))

    @property
    def latest(self) -> tuple[int, Cell, Cell, Cell] | None:
        """The most recent year in which the area itself has a figure."""
        for index in range(len(self.years) - 1, -1, -1):
            if self.own[index].value is not None:
                return self.years[index], self.own[index], self.municipality[index], self.country[index]
        return None

    @property
    def source_text(self) -> str:
        """Source, the table per year when the years come from different tables, and the licence."""
        parts = [self.indicator.source]
        years_of: dict[str, list[int]] = {}
        for year, table in zip(self.years, self.tables, strict=False):
            if table:
                years_of.setdefault(table, []).append(year)
        if len(years_of) > 1:
            parts += [f"{table} ({', '.join(str(y) for y in years)})" for table, years in years_of.items()]
        elif years_of:
            parts.append(next(iter(years_of)))
        elif self.indicator.source_table:
            parts.append(self.indicator.source_table)
        if self.indicator.licence:
            parts.append(self.indicator.licence)
        return ", ".join(parts)


@dataclass(frozen=True)
class Section:
    group: str
    label: str
    rows: tuple[Row, ...] = field(default_factory=tuple)


def _cell(series: Series | None, year: int, decimals: int) -> Cell:
    if not series or year not in series:
        return Cell(None, "–")
    value, derived = series[year]
    return Cell(value, format_number(value, decimals), derived)


def build_profile(
    *,
    indicators: Sequence[IndicatorInfo],
    groups: Sequence[tuple[str, str]],
    own: Mapping[str, Series],
    municipality: Mapping[str, Series],
    country: Mapping[str, Series],
    tables: Mapping[str, Mapping[int, str]] | None = None,
) -> list[Section]:
    """Sections in the order of ``groups``; an indicator shows when the area itself has any figure for it."""
    rows_by_group: dict[str, list[Row]] = {key: [] for key, _label in groups}
    for info in indicators:
        series = own.get(info.code)
        if not series or all(value is None for value, _derived in series.values()):
            continue
        years = tuple(sorted(series))
        rows_by_group.setdefault(info.group, []).append(
            Row(
                indicator=info,
                years=years,
                own=tuple(_cell(series, y, info.decimals) for y in years),
                municipality=tuple(_cell(municipality.get(info.code), y, info.decimals) for y in years),
                country=tuple(_cell(country.get(info.code), y, info.decimals) for y in years),
                tables=tuple((tables or {}).get(info.code, {}).get(y, "") for y in years),
            )
        )
    labels = dict(groups)
    return [Section(key, labels.get(key, key), tuple(rows)) for key, rows in rows_by_group.items() if rows]


def change_rows(
    *, indicators: Sequence[IndicatorInfo], own: Mapping[str, Series], baseline: int
) -> list[tuple[IndicatorInfo, Cell, list[tuple[int, Cell, str]]]]:
    """For the area profile: each indicator's baseline figure and the change in every later year."""
    out = []
    for info in indicators:
        series = own.get(info.code) or {}
        base = series.get(baseline)
        if base is None or base[0] is None:
            continue
        later = []
        for year in sorted(y for y in series if y > baseline):
            value = series[year][0]
            if value is None:
                later.append((year, Cell(None, "–"), "–"))
                continue
            difference = value - base[0]
            sign = "+" if difference > 0 else ""
            later.append(
                (
                    year,
                    Cell(value, format_number(value, info.decimals)),
                    sign + format_number(difference, info.decimals),
                )
            )
        out.append((info, Cell(base[0], format_number(base[0], info.decimals)), later))
    return out
