"""Importers for CBS key figures, Leefbaarometer files and area boundaries.

Each importer:
- recognises the layout from the file itself (and refuses an unknown one: nothing is written);
- takes the year from the file (name or a year column); a ``year`` argument that contradicts it is refused;
  a file with neither (the merged CBS/Leefbaarometer buurt file) needs ``year`` and is refused without it;
- streams the rows and writes in batches, replacing the figures of the same indicators, areas and
  year (so importing a file twice gives the same result: idempotent per year);
- checks every area code against the registry (``neighbourhoods``): unknown or old codes (after a
  municipal merger) are reported per row and skipped, never mapped to a guess;
- stores CBS missing markers as missing (``None``), never as 0;
- runs in one transaction: a refused import (unknown layout, wrong year, or any row problem with
  ``strict``) writes no figures, only a failed ``ImportRun`` with its report.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from wijkverband.accounts.models import User
from wijkverband.neighbourhoods.models import District, Municipality, Neighbourhood

from . import catalogue
from .catalogue import Spec
from .constants import COUNTRY_CODE, AreaLevel, ImportKind, ImportStatus
from .models import AreaShape, AreaValue, ImportRun, Indicator
from .parsing import BadValue, cbs_number, level_of, xlsx_rows, year_from_name

BATCH_ROWS = 500
_IN_MUNICIPALITY = frozenset({AreaLevel.MUNICIPALITY, AreaLevel.DISTRICT, AreaLevel.NEIGHBOURHOOD})
NATIONAL_MIN_MUNICIPALITIES = 300
Progress = Callable[[int], None]


class ImportRefused(Exception):  # noqa: N818 - reads as what happened
    """The file cannot be imported as a whole; nothing has been written."""

    def __init__(self, message: str, report: ImportReport | None = None):
        super().__init__(message)
        self.message = message
        self.report = report


@dataclass
class RowProblem:
    row: int
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "code": self.code, "message": self.message}


@dataclass
class ImportReport:
    kind: str
    file_name: str
    layout: str = ""
    years: set[int] = field(default_factory=set)
    rows_read: int = 0
    values_written: int = 0
    shapes_written: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    run: ImportRun | None = None

    def problem(self, row: int, code: str, message: str) -> None:
        self.problems.append(RowProblem(row, code, message))


@dataclass
class SourceRow:
    """One area's figures from a file: raw values per spec, read but not yet validated."""

    row: int
    code: str
    year: int
    raw: Mapping[str, object]
    level: str | None = None


class _Registry:
    """The known area codes, loaded once per import."""

    def __init__(self) -> None:
        self.codes: dict[str, set[str]] = {
            AreaLevel.MUNICIPALITY: set(Municipality.objects.values_list("code", flat=True)),
            AreaLevel.DISTRICT: set(District.objects.values_list("code", flat=True)),
            AreaLevel.NEIGHBOURHOOD: set(Neighbourhood.objects.values_list("code", flat=True)),
        }

    def check(self, code: str, level: str | None) -> str | None:
        """``None`` when the code is usable, otherwise the Dutch reason."""
        if level is None:
            return f"onbekende gebiedscode {code!r}"
        known = self.codes.get(level)
        if known is not None and code not in known:
            return f"gebiedscode {code} komt niet voor in de gebiedsindeling (oude of onbekende code; niet geraden)"
        return None


def indicators_ensure(specs: Iterable[Spec], *, source_table: str = "") -> dict[str, Indicator]:
    """The Indicator rows for these specs, created on first use (label, unit, source and licence from the spec)."""
    specs = list(specs)
    existing = {i.code: i for i in Indicator.objects.filter(code__in=[s.code for s in specs])}
    order = {spec.code: index for index, spec in enumerate(catalogue.SPECS)}
    missing = [
        Indicator(
            code=s.code,
            label=s.label,
            group=s.group,
            unit=s.unit,
            decimals=s.decimals,
            direction=s.direction,
            source=s.source,
            source_table=source_table,
            licence=s.licence,
            position=order.get(s.code, 0),
        )
        for s in specs
        if s.code not in existing
    ]
    Indicator.objects.bulk_create(missing)
    if missing:
        existing = {i.code: i for i in Indicator.objects.filter(code__in=[s.code for s in specs])}
    return existing


class _Writer:
    """Writes validated figures in batches, replacing what was there for the same indicator/area/year."""

    def __init__(self, report: ImportReport, run: ImportRun, indicators: dict[str, Indicator]):
        self.report = report
        self.run = run
        self.indicators = indicators
        self.pending: list[AreaValue] = []
        self.pending_keys: dict[tuple[int, str], set[str]] = {}

    def add(
        self, *, spec_code: str, level: str, code: str, year: int, value: float | None, derived: bool = False
    ) -> None:
        indicator = self.indicators[spec_code]
        self.pending.append(
            AreaValue(
                indicator=indicator,
                level=level,
                area_code=code,
                year=year,
                value=value,
                derived=derived,
                import_run=self.run,
            )
        )
        self.pending_keys.setdefault((year, level), set()).add(code)

    def flush(self) -> None:
        if not self.pending:
            return
        ids = [i.pk for i in self.indicators.values()]
        for (year, level), codes in self.pending_keys.items():
            AreaValue.objects.filter(indicator_id__in=ids, year=year, level=level, area_code__in=codes).delete()
        AreaValue.objects.bulk_create(self.pending, batch_size=2000)
        self.report.values_written += len(self.pending)
        self.pending, self.pending_keys = [], {}


def _run(
    *,
    kind: str,
    path: Path,
    started_by: User | None,
    strict: bool,
    body: Callable[[ImportReport, ImportRun], None],
) -> ImportReport:
    report = ImportReport(kind=kind, file_name=path.name)
    started = time.monotonic()
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                kind=kind, file_name=path.name, layout="", status=ImportStatus.DONE, started_by=started_by
            )
            body(report, run)
            if strict and report.problems:
                raise ImportRefused(
                    f"{len(report.problems)} rij(en) met problemen; in strikte modus wordt niets geïmporteerd", report
                )
            run.layout = report.layout
            run.year = min(report.years) if report.years else None
            run.rows_read = report.rows_read
            run.values_written = report.values_written + report.shapes_written
            run.problems = [p.as_dict() for p in report.problems[:1000]]
            run.duration_ms = int((time.monotonic() - started) * 1000)
            run.save()
            report.run = run
    except ImportRefused as refused:
        failed = refused.report or report
        failed.run = ImportRun.objects.create(
            kind=kind,
            file_name=path.name,
            layout=failed.layout,
            year=min(failed.years) if failed.years else None,
            status=ImportStatus.FAILED,
            rows_read=failed.rows_read,
            problems=[{"row": 0, "code": "", "message": refused.message}]
            + [p.as_dict() for p in failed.problems[:999]],
            started_by=started_by,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        refused.report = failed
        raise
    return report


def _check_year(found: int | None, wanted: int | None, name: str) -> int:
    if found is None and wanted is None:
        raise ImportRefused(f"Het jaar van {name} is onbekend: geef het jaar op (--year).")
    if found is not None and wanted is not None and found != wanted:
        raise ImportRefused(f"{name} bevat cijfers van {found}, niet van {wanted}: verkeerd jaar.")
    year = found if found is not None else wanted
    if year is None:  # unreachable after the first check; keeps the type narrow without assert
        raise ImportRefused(f"Het jaar van {name} is onbekend.")
    if not 1990 <= year <= timezone.localdate().year:
        raise ImportRefused(f"Jaar {year} is niet mogelijk.")
    return year


def _store_rows(
    report: ImportReport,
    run: ImportRun,
    rows: Iterator[SourceRow],
    specs: dict[str, Spec],
    *,
    progress: Progress | None,
    national_source: str,
    within: set[str] | None = None,
) -> None:
    """Validate and write a stream of rows; derive the country from a national file.

    ``within`` (municipality codes such as {"GM0828"}) stores only those municipalities and their areas,
    still deriving the country from every municipality in the file (the demo imports Oss this way).
    """
    registry = _Registry()
    run.source_table = national_source  # saved with the run; the wijkfoto shows it per year
    indicators = indicators_ensure(specs.values(), source_table=national_source)
    writer = _Writer(report, run, indicators)
    municipality_values: dict[tuple[int, str], dict[str, float | None]] = {}
    has_country: set[int] = set()
    for source_row in rows:
        report.rows_read += 1
        level = source_row.level or level_of(source_row.code)
        parsed: dict[str, float | None] = {}
        bad = []
        for column, raw in source_row.raw.items():
            try:
                parsed[specs[column].code] = cbs_number(raw)
            except BadValue as error:
                bad.append(f"{column}: onleesbare waarde {str(error)!r}")
        if bad:
            report.problem(source_row.row, source_row.code, "; ".join(bad))
            continue
        if level == AreaLevel.MUNICIPALITY:
            # The country is the sum over every municipality in the file, also one the registry no longer knows.
            municipality_values[(source_row.year, source_row.code)] = parsed
        if within is not None and level in _IN_MUNICIPALITY and f"GM{source_row.code[2:6]}" not in within:
            continue
        problem = registry.check(source_row.code, level)
        if problem or level is None:
            report.problem(source_row.row, source_row.code, problem or "onbekend niveau")
            continue
        report.years.add(source_row.year)
        for spec_code, value in parsed.items():
            writer.add(spec_code=spec_code, level=level, code=source_row.code, year=source_row.year, value=value)
        if level == AreaLevel.COUNTRY:
            has_country.add(source_row.year)
        if report.rows_read % BATCH_ROWS == 0:
            writer.flush()
            if progress:
                progress(report.rows_read)
    writer.flush()
    _derive_country(writer, municipality_values, specs.values(), skip_years=has_country)
    writer.flush()
    if progress:
        progress(report.rows_read)


def _derive_country(
    writer: _Writer,
    municipality_values: dict[tuple[int, str], dict[str, float | None]],
    specs: Iterable[Spec],
    *,
    skip_years: set[int],
) -> None:
    """The country figure from a file holding (nearly) every municipality: a sum or a weighted mean.

    Only when every municipality has the figure: a sum with gaps would understate the country.
    """
    by_year: dict[int, list[dict[str, float | None]]] = {}
    for (year, _code), values in municipality_values.items():
        by_year.setdefault(year, []).append(values)
    for year, rows in by_year.items():
        if year in skip_years or len(rows) < NATIONAL_MIN_MUNICIPALITIES:
            continue
        for spec in specs:
            if not spec.national:
                continue
            figures = [row.get(spec.code) for row in rows]
            if any(f is None for f in figures):
                continue
            value: float | None
            if spec.national == "sum":
                value = float(sum(f for f in figures if f is not None))
            else:
                weight_code = spec.national.split(":", 1)[1]
                pairs = [(row.get(spec.code), row.get(weight_code)) for row in rows]
                if any(v is None or w is None for v, w in pairs):
                    continue
                total = sum(w for _v, w in pairs if w is not None)
                if not total:
                    continue
                value = sum(v * w for v, w in pairs if v is not None and w is not None) / total
            writer.add(
                spec_code=spec.code, level=AreaLevel.COUNTRY, code=COUNTRY_CODE, year=year, value=value, derived=True
            )


# --- CBS ------------------------------------------------------------------------------------------


def _read_text_rows(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    if path.suffix.lower() == ".xlsx":
        rows = xlsx_rows(path)
    else:
        handle = path.open(encoding="utf-8-sig", newline="")
        sample = handle.readline()
        handle.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        rows = iter(csv.reader(handle, delimiter=delimiter))
    header = next(rows, None)
    if header is None:
        raise ImportRefused(f"{path.name} is leeg.")
    return [h.strip() for h in header], rows


def _kwb_rows(header: list[str], rows: Iterator[list[str]], year: int, specs: dict[str, Spec]) -> Iterator[SourceRow]:
    code_column = header.index("gwb_code_10") if "gwb_code_10" in header else header.index("gwb_code")
    columns = [(index, name) for index, name in enumerate(header) if name in specs]
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = row[code_column].strip() if code_column < len(row) else ""
        raw = {name: row[index] if index < len(row) else "" for index, name in columns}
        yield SourceRow(row=number, code=code, year=year, raw=raw)


def _nabijheid_rows(
    header: list[str], rows: Iterator[list[str]], year: int, specs: dict[str, Spec]
) -> Iterator[SourceRow]:
    code_column = header.index("Regioaanduiding/Codering (code)")
    columns = [(index, name) for index, name in enumerate(header) if name in specs]
    for number, row in enumerate(rows, start=2):
        if len(row) <= code_column:
            continue
        yield SourceRow(
            row=number,
            code=row[code_column].strip(),
            year=year,
            raw={name: row[index] for index, name in columns if index < len(row)},
        )


def _pc4_rows(header: list[str], rows: Iterator[list[str]], year: int, specs: dict[str, Spec]) -> Iterator[SourceRow]:
    columns = [(index, name) for index, name in enumerate(header) if name in specs]
    for number, row in enumerate(rows, start=2):
        if not row:
            continue
        yield SourceRow(
            row=number,
            code=row[0].strip(),
            year=year,
            raw={name: row[index] for index, name in columns if index < len(row)},
            level=AreaLevel.POSTCODE,
        )


def _odata_rows(path: Path, year: int, specs: dict[str, Spec]) -> Iterator[SourceRow]:
    with path.open(encoding="utf-8-sig") as handle:
        data = json.load(handle)
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        records = [(str(r.get("WijkenEnBuurten", "")).strip(), r) for r in data["value"]]
    elif isinstance(data, dict):
        records = [(str(code).strip(), r) for code, r in data.items()]
    else:
        raise ImportRefused(f"{path.name}: onbekende indeling (geen CBS OData-bestand).")
    for number, (code, record) in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        raw = {}
        for key, value in record.items():
            base = key.rsplit("_", 1)[0] if "_" in key else key
            if base in specs:
                raw[base] = value
        yield SourceRow(row=number, code=code, year=year, raw=raw)


def cbs_import(
    *,
    path: Path,
    year: int | None = None,
    started_by: User | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    within: set[str] | None = None,
) -> ImportReport:
    """Import CBS key figures: KWB xlsx/csv, StatLine OData JSON, PC4 statistics, 'Nabijheid voorzieningen'
    or the merged CBS/Leefbaarometer buurt file (``_merged_store``)."""

    def body(report: ImportReport, run: ImportRun) -> None:
        suffix = path.suffix.lower()
        header: list[str] = []
        raw_rows: Iterator[list[str]] = iter(())
        if suffix in {".csv", ".xlsx"}:
            header, raw_rows = _read_text_rows(path)
        if _is_merged(header):
            _merged_store(report, run, path, header, raw_rows, year, progress=progress, within=within)
            return
        file_year = _check_year(year_from_name(path.name), year, path.name)
        if suffix == ".json":
            report.layout = "cbs-odata-json"
            specs = catalogue.by_column("odata")
            rows: Iterator[SourceRow] = _odata_rows(path, file_year, specs)
            table = "85984NED" if file_year == 2024 else ""
        elif suffix in {".csv", ".xlsx"}:
            if "gwb_code_10" in header or ("gwb_code" in header and "recs" in header):
                report.layout = f"cbs-kwb-{suffix[1:]}"
                specs = catalogue.by_column("kwb")
                rows = _kwb_rows(header, raw_rows, file_year, specs)
                table = f"kwb-{file_year}"
            elif "Regioaanduiding/Codering (code)" in header:
                report.layout = "cbs-nabijheid-csv"
                specs = catalogue.by_column("nabijheid")
                rows = _nabijheid_rows(header, raw_rows, file_year, specs)
                table = "Nabijheid voorzieningen"
            elif header and header[0] == "pc4":
                report.layout = "cbs-pc4-csv"
                specs = catalogue.by_column("pc4")
                rows = _pc4_rows(header, raw_rows, file_year, specs)
                table = "PC4"
            else:
                raise ImportRefused(f"{path.name}: onbekende indeling (kolommen {', '.join(header[:5])} …).")
        else:
            raise ImportRefused(f"{path.name}: onbekend bestandstype {suffix or '(geen)'}.")
        try:
            _store_rows(report, run, rows, specs, progress=progress, national_source=table, within=within)
        except (BadValue, ValueError, KeyError) as error:
            raise ImportRefused(f"{path.name} kan niet gelezen worden: {error}", report) from error

    return _run(kind=ImportKind.CBS, path=path, started_by=started_by, strict=strict, body=body)


# --- Leefbaarometer --------------------------------------------------------------------------------


def _lbm3_rows(header: list[str], rows: Iterator[list[str]], only_year: int | None) -> Iterator[SourceRow]:
    index = {name: i for i, name in enumerate(header)}
    specs = catalogue.by_column("lbm")
    columns = [name for name in ("lbm", "fys", "onv", "soc", "vrz", "won") if name in index]
    for number, row in enumerate(rows, start=2):
        year_raw = row[index["jaar"]].strip()
        if not year_raw.isdigit():
            yield SourceRow(row=number, code=row[index["wk_code"]].strip(), year=0, raw={"jaar": year_raw})
            continue
        if only_year and int(year_raw) != only_year:
            continue
        yield SourceRow(
            row=number,
            code=row[index["wk_code"]].strip(),
            year=int(year_raw),
            raw={specs[name].lbm: row[index[name]] for name in columns},
        )


def _lbm2_rows(
    header: list[str], rows: Iterator[list[str]], only_year: int | None, prefixes: tuple[str, ...]
) -> Iterator[SourceRow]:
    """PC4 files with one column per dimension and year: KL02 … KL18, RLBWON12 …."""
    columns: list[tuple[int, str, int]] = []
    for i, name in enumerate(header[1:], start=1):
        for prefix in prefixes:
            suffix = name[len(prefix) :]
            if name.startswith(prefix) and len(suffix) == 2 and suffix.isdigit():
                columns.append((i, prefix, 2000 + int(suffix)))
    years = sorted({y for _i, _p, y in columns if not only_year or y == only_year})
    for number, row in enumerate(rows, start=2):
        code = row[0].strip()
        for year in years:
            yield SourceRow(
                row=number,
                code=code,
                year=year,
                raw={prefix: row[i] for i, prefix, y in columns if y == year and i < len(row)},
                level=AreaLevel.POSTCODE,
            )


def leefbaarometer_import(
    *,
    path: Path,
    year: int | None = None,
    started_by: User | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Leefbaarometer 3.0 per wijk (wk_code, jaar, lbm, fys, onv, soc, vrz, won) or 2.0 per PC4 (classes, dimensions).

    These files hold several years; ``year`` imports one of them (a year the file lacks is refused).
    The merged CBS/Leefbaarometer buurt file (``_merged_store``) has no year: there ``year`` is required.
    """

    def body(report: ImportReport, run: ImportRun) -> None:
        header, raw_rows = _read_text_rows(path)
        lbm_specs = {spec.lbm: spec for spec in catalogue.SPECS if spec.lbm}
        if {"wk_code", "jaar", "lbm"} <= set(header):
            report.layout = "lbm3-wijk"
            specs = {k: v for k, v in lbm_specs.items() if v.code.startswith("lbm3")}
            rows = _lbm3_rows(header, raw_rows, year)
        elif header and header[0] == "CODE" and any(h.startswith("KL") for h in header):
            report.layout = "lbm2-pc4-klassen"
            specs = {"KL": lbm_specs["KL"]}
            rows = _lbm2_rows(header, raw_rows, year, ("KL",))
        elif header and header[0] == "GBD":
            report.layout = "lbm2-pc4-dimensies"
            prefixes = ("RLBRMTR", "RLBWON", "RLBBEV", "RLBVRZ", "RLBVEI", "RLBFYS")
            specs = {p: lbm_specs[p] for p in prefixes}
            rows = _lbm2_rows(header, raw_rows, year, prefixes)
        elif _is_merged(header):
            _merged_store(report, run, path, header, raw_rows, year, progress=progress)
            return
        else:
            raise ImportRefused(
                f"{path.name}: onbekende Leefbaarometer-indeling "
                "(verwacht wk_code/jaar/lbm, CODE/KLjj, GBD/RLB… of buurt_code/leefbarometer_score)."
            )

        def checked(stream: Iterator[SourceRow]) -> Iterator[SourceRow]:
            for row in stream:
                if row.year == 0:
                    report.rows_read += 1
                    report.problem(row.row, row.code, f"onleesbaar jaar {row.raw.get('jaar')!r}")
                    continue
                yield row

        _store_rows(report, run, checked(rows), specs, progress=progress, national_source="Leefbaarometer")
        if year and not report.years and report.rows_read == 0:
            raise ImportRefused(f"{path.name} bevat geen cijfers van {year}: verkeerd jaar.", report)

    return _run(kind=ImportKind.LEEFBAAROMETER, path=path, started_by=started_by, strict=strict, body=body)


# --- CBS and Leefbaarometer per buurt, merged by a third party --------------------------------------

# Shown with every figure of such an import (ImportRun.source_table, at most 100 characters) next to the
# indicator's own source (CBS or Leefbaarometer) and licence: the figures are the original sources',
# selected and rounded by someone else (see ../shared/data/README.md).
MERGED_SOURCE = "bewerking door derden: Nelleke20/notebook.buurtenrecommender, buurten.csv"
MERGED_LAYOUT = "buurten-cbs-lbm-csv"


def _is_merged(header: list[str]) -> bool:
    return {"buurt_code", "leefbarometer_score"} <= set(header)


def _merged_rows(
    header: list[str], rows: Iterator[list[str]], year: int, specs: dict[str, Spec]
) -> Iterator[SourceRow]:
    code_column = header.index("buurt_code")
    columns = [(index, name) for index, name in enumerate(header) if name in specs]
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = row[code_column].strip() if code_column < len(row) else ""
        raw = {name: row[index] if index < len(row) else "" for index, name in columns}
        yield SourceRow(row=number, code=code, year=year, raw=raw)


def _merged_store(
    report: ImportReport,
    run: ImportRun,
    path: Path,
    header: list[str],
    rows: Iterator[list[str]],
    year: int | None,
    *,
    progress: Progress | None,
    within: set[str] | None = None,
) -> None:
    """A buurt file merging CBS KWB, CBS distances and Leefbaarometer 3.0 (buurt_code, leefbarometer_score, …).

    Both ``cbs_import`` and ``leefbaarometer_import`` take it. The file has no year column and its name
    no year (built around 2021–2022 from editions it does not name), so the year must be given.
    """
    report.layout = MERGED_LAYOUT
    name_year = year_from_name(path.name)
    if year is None and name_year is None:
        raise ImportRefused(
            f"{path.name} noemt geen jaar (buurtcijfers van CBS en Leefbaarometer, samengevoegd door derden, "
            "rond 2021–2022). Geef het jaar van de cijfers op (--year, of het veld Jaar bij uploaden); "
            "er is niets geïmporteerd."
        )
    file_year = _check_year(name_year, year, path.name)
    specs = catalogue.by_column("merged")
    try:
        _store_rows(
            report,
            run,
            _merged_rows(header, rows, file_year, specs),
            specs,
            progress=progress,
            national_source=MERGED_SOURCE,
            within=within,
        )
    except (BadValue, ValueError, KeyError) as error:
        raise ImportRefused(f"{path.name} kan niet gelezen worden: {error}", report) from error


# --- boundaries ------------------------------------------------------------------------------------


def _simplify(geometry: dict[str, Any]) -> dict[str, Any]:
    """Round to 5 decimals (about 1 m) and drop repeated points: maps need shape, not survey precision."""

    def ring(points: list[list[float]]) -> list[list[float]]:
        out: list[list[float]] = []
        for x, y, *_rest in points:
            point = [round(x, 5), round(y, 5)]
            if not out or out[-1] != point:
                out.append(point)
        return out

    if geometry.get("type") == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    if geometry.get("type") == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in poly] for poly in geometry["coordinates"]]}
    raise BadValue(f"geometrie {geometry.get('type')!r} wordt niet ondersteund")


def geo_import(
    *,
    path: Path,
    year: int | None = None,
    started_by: User | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    within: set[str] | None = None,
) -> ImportReport:
    """Wijk or gemeente boundaries (GeoJSON, WGS84) plus the KWB attributes the file carries."""

    def body(report: ImportReport, run: ImportRun) -> None:
        file_year = _check_year(year_from_name(path.name), year, path.name)
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list) or not features:
            raise ImportRefused(f"{path.name}: geen GeoJSON FeatureCollection.")
        first = features[0].get("properties", {})
        if "wijkcode" in first:
            report.layout, level, key, attribute = "geojson-wijken", AreaLevel.DISTRICT, "wijkcode", "geo_wijk"
        elif "gemeentecode" in first:
            report.layout, level, key, attribute = (
                "geojson-gemeenten",
                AreaLevel.MUNICIPALITY,
                "gemeentecode",
                "geo_gemeente",
            )
        else:
            raise ImportRefused(f"{path.name}: onbekende indeling (geen wijkcode of gemeentecode).")
        specs = catalogue.by_column(attribute)
        registry = _Registry()
        shapes: list[AreaShape] = []
        codes: list[str] = []

        def rows() -> Iterator[SourceRow]:
            for number, feature in enumerate(features, start=1):
                properties = feature.get("properties") or {}
                code = str(properties.get(key, "")).strip()
                inside = within is None or f"GM{code[2:6]}" in within
                problem = registry.check(code, level_of(code))
                if problem is None and inside:
                    try:
                        geometry = _simplify(feature.get("geometry") or {})
                    except (BadValue, TypeError, ValueError) as error:
                        report.rows_read += 1
                        report.problem(number, code, f"geometrie onbruikbaar: {error}")
                        continue
                    name_key = "wijknaam" if level == AreaLevel.DISTRICT else "gemeentenaam"
                    shapes.append(
                        AreaShape(
                            level=level,
                            code=code,
                            name=str(properties.get(name_key, ""))[:100],
                            parent_code=str(properties.get("gemeentecode", "")) if level == AreaLevel.DISTRICT else "",
                            year=file_year,
                            geometry=geometry,
                        )
                    )
                    codes.append(code)
                yield SourceRow(
                    row=number,
                    code=code,
                    year=file_year,
                    raw={name: properties.get(name) for name in specs if name in properties},
                )

        _store_rows(
            report, run, rows(), specs, progress=progress, national_source=f"KWB {file_year} (PDOK)", within=within
        )
        for start in range(0, len(codes), 500):
            AreaShape.objects.filter(level=level, year=file_year, code__in=codes[start : start + 500]).delete()
        AreaShape.objects.bulk_create(shapes, batch_size=500)
        report.shapes_written = len(shapes)

    return _run(kind=ImportKind.GEO, path=path, started_by=started_by, strict=strict, body=body)
