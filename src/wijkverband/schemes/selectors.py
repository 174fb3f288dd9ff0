"""Reads of the catalogue: Dutch search with facets, the wizard, usage in plans and the kansenkaart.

The catalogue is public information, so these reads need no consent policy. The one place that
touches case plans, ``item_usage``, only counts actions that refer to an item (plans and statuses,
never who or what): the figures a maintainer needs, no personal data.

Search:
- PostgreSQL: full text on the stored tsvector with the ``dutch`` configuration (stemming, stop
  words), each word also as a prefix so "schuld" finds "schuldhulpverlening"; unknown words are
  corrected against the vocabulary with pg_trgm similarity (then difflib to keep the two databases
  alike), ranked with ``ts_rank`` (title words weigh more);
- SQLite: the same query plan evaluated in Python with ``textsearch`` (Snowball Dutch stemmer,
  difflib for typos) on the stored normalised text.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkverband.accounts.actor import Actor
from wijkverband.cases.constants import ActionStatus, CasePlanStatus, ResourceKind
from wijkverband.cases.models import CaseAction, CaseParticipant, CasePlan
from wijkverband.core.exceptions import NotVisible
from wijkverband.core.validators import parse_uuid
from wijkverband.neighbourhoods.models import District, Municipality
from wijkverband.organisations.models import Membership

from . import eligibility, textsearch
from .constants import AreaScope, TargetGroup, Theme
from .models import CatalogueEditor, CatalogueItem, Scheme, SearchWord, Service, area_of
from .models import TargetGroup as TargetGroupRow
from .models import Theme as ThemeRow

PAGE_SIZE = 20
TYPO_CANDIDATES = 12


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    themes: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    area: str = ""  # CBS code GM… or WK…: items valid there (national ones included)
    include_expired: bool = False


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    items: list[Any]
    total: int
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    terms: list[textsearch.QueryTerm] = field(default_factory=list)

    @property
    def corrected(self) -> list[textsearch.QueryTerm]:
        return [t for t in self.terms if t.is_corrected]


# --- filters -------------------------------------------------------------------------------------


def _model(kind: str) -> type[Scheme] | type[Service]:
    return Scheme if kind == "scheme" else Service


def area_q(area: str) -> Q:
    """Items valid for residents of an area: national ones, the municipality's and (for a district) its own."""
    national = Q(scope=AreaScope.NATIONAL)
    if area == "national":
        return national
    if area.startswith("GM"):
        return national | Q(municipality__code=area)
    if area.startswith("WK"):
        district = District.objects.filter(code=area).select_related("municipality").first()
        if district is None:
            return national
        return (
            national
            | Q(scope=AreaScope.MUNICIPALITY, municipality_id=district.municipality_id)
            | Q(district_id=district.pk)
        )
    return Q()


def current_q(today: date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def _filtered(kind: str, filters: SearchFilters, today: date) -> QuerySet[Any]:
    qs: QuerySet[Any] = _model(kind).objects.all()
    if kind == "scheme" and not filters.include_expired:
        qs = qs.filter(current_q(today))
    if kind == "service":
        qs = qs.filter(is_active=True)
    if filters.area:
        qs = qs.filter(area_q(filters.area))
    if filters.themes:
        qs = qs.filter(
            pk__in=_model(kind).themes.through.objects.filter(theme__code__in=filters.themes).values(f"{kind}_id")
        )
    if filters.target_groups:
        qs = qs.filter(
            pk__in=_model(kind)
            .target_groups.through.objects.filter(targetgroup__code__in=filters.target_groups)
            .values(f"{kind}_id")
        )
    return qs


# --- query terms ---------------------------------------------------------------------------------


def _is_known(word: str) -> bool:
    stem = textsearch.dutch_stem(word)
    q = Q(stem=stem) | Q(word=word)
    if len(stem) >= textsearch.PREFIX_MIN_LENGTH:
        q |= Q(stem__startswith=stem)
    return SearchWord.objects.filter(q).exists()


def _typo_candidates(word: str) -> list[str]:
    if connection.vendor == "postgresql":
        return list(
            SearchWord.objects.annotate(similarity=TrigramSimilarity("word", word))
            .filter(similarity__gt=0.3)
            .order_by("-similarity")
            .values_list("word", flat=True)[:TYPO_CANDIDATES]
        )
    return list(SearchWord.objects.values_list("word", flat=True))


def query_terms(query: str) -> list[textsearch.QueryTerm]:
    """The words of a query, each with typo corrections from the catalogue's vocabulary when it is unknown."""
    terms = []
    for word in dict.fromkeys(textsearch.tokenize(query)):
        extra: list[str] = []
        if len(word) >= textsearch.MIN_TYPO_LENGTH and not _is_known(word):
            extra = textsearch.corrections(word, _typo_candidates(word))
        terms.append(textsearch.QueryTerm(word=word, alternatives=(word, *extra)))
    return terms


def _tsquery(terms: Sequence[textsearch.QueryTerm]) -> SearchQuery:
    # Words are [a-z0-9]+ after tokenize, so they are safe in the raw tsquery syntax.
    groups = []
    for term in terms:
        options = [f"{w}:*" if len(w) >= textsearch.PREFIX_MIN_LENGTH else w for w in term.alternatives]
        groups.append("(" + " | ".join(options) + ")")
    return SearchQuery(" & ".join(groups), search_type="raw", config="dutch")


@functools.lru_cache(maxsize=50_000)
def _stems(text: str) -> frozenset[str]:
    return textsearch.stems(text)


# --- catalogue search ----------------------------------------------------------------------------


def _column(meta: Any, name: str) -> str:
    return str(meta.get_field(name).column)


def _facet_counts(kind: str, matched: QuerySet[Any]) -> dict[str, dict[tuple[str, str], int]]:
    """Counts per theme, target group and area of the matched items, in one query.

    The match (a full-text search over the whole catalogue) is evaluated once in a common table
    expression and counted three ways, instead of once per facet and once more for the total."""
    model = _model(kind)
    try:
        matched_sql, params = matched.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return {"theme": {}, "targetGroup": {}, "area": {}}
    table = model._meta.db_table
    themes = model.themes.through._meta
    groups = model.target_groups.through._meta
    item = _column(themes, kind)  # the same column name in both link tables
    municipality, district = Municipality._meta.db_table, District._meta.db_table
    sql = f"""
        WITH m AS ({matched_sql})
        SELECT 'theme', t.code, '', COUNT(*) FROM {themes.db_table} x JOIN {ThemeRow._meta.db_table} t
            ON t.id = x.{_column(themes, "theme")} WHERE x.{item} IN (SELECT pk FROM m) GROUP BY t.code
        UNION ALL
        SELECT 'targetGroup', g.code, '', COUNT(*) FROM {groups.db_table} y JOIN {TargetGroupRow._meta.db_table} g
            ON g.id = y.{_column(groups, "targetgroup")} WHERE y.{item} IN (SELECT pk FROM m) GROUP BY g.code
        UNION ALL
        SELECT 'area', a.code, a.name, COUNT(*) FROM (
            SELECT CASE WHEN i.scope = %s AND d.code IS NOT NULL THEN d.code
                        WHEN i.scope = %s AND mu.code IS NOT NULL THEN mu.code ELSE 'national' END AS code,
                   CASE WHEN i.scope = %s AND d.code IS NOT NULL THEN d.name
                        WHEN i.scope = %s AND mu.code IS NOT NULL THEN mu.name ELSE '' END AS name
            FROM {table} i LEFT JOIN {municipality} mu ON mu.id = i.municipality_id
                LEFT JOIN {district} d ON d.id = i.district_id
            WHERE i.id IN (SELECT pk FROM m)
        ) a GROUP BY a.code, a.name
    """  # noqa: S608 (table and column names come from the models; values are parameters)
    scopes = [AreaScope.DISTRICT, AreaScope.MUNICIPALITY, AreaScope.DISTRICT, AreaScope.MUNICIPALITY]
    counts: dict[str, dict[tuple[str, str], int]] = {"theme": {}, "targetGroup": {}, "area": {}}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *scopes])
        for facet, code, name, n in cursor.fetchall():
            counts[facet][(code, name)] = n
    return counts


def _facets(kind: str, matched: QuerySet[Any], filters: SearchFilters) -> tuple[int, dict[str, list[FacetCount]]]:
    """The total and the facets of a search: every item lies in exactly one area, so the area counts add up to it."""
    counts = _facet_counts(kind, matched)
    theme_counts = {code: n for (code, _name), n in counts["theme"].items()}
    group_counts = {code: n for (code, _name), n in counts["targetGroup"].items()}
    area_counts = {
        (code, name if code != "national" else str(AreaScope.NATIONAL.label)): n
        for (code, name), n in counts["area"].items()
    }
    facets = {
        "theme": [
            FacetCount(value, str(label), theme_counts.get(value, 0), value in filters.themes)
            for value, label in Theme.choices
            if theme_counts.get(value) or value in filters.themes
        ],
        "targetGroup": [
            FacetCount(value, str(label), group_counts.get(value, 0), value in filters.target_groups)
            for value, label in TargetGroup.choices
            if group_counts.get(value) or value in filters.target_groups
        ],
        "area": [
            FacetCount(code, name, n, code == filters.area)
            for (code, name), n in sorted(area_counts.items(), key=lambda kv: (kv[0][0] != "national", kv[0][0]))
        ],
    }
    return sum(area_counts.values()), facets


def catalogue_search(
    *, kind: str = "scheme", filters: SearchFilters, today: date | None = None, limit: int = PAGE_SIZE, offset: int = 0
) -> SearchResult:
    """Schemes or services matching the filters and the Dutch query, best first, with facet counts."""
    today = today or timezone.localdate()
    qs = _filtered(kind, filters, today)
    terms = query_terms(filters.query) if filters.query else []
    related = ["organisation", "municipality", "district"] + (["neighbourhood"] if kind == "service" else [])
    if not terms:
        matched = qs
        page = list(
            matched.select_related(*related)
            .prefetch_related("themes", "target_groups")
            .order_by("name")[offset : offset + limit]
        )
    elif connection.vendor == "postgresql":
        tsquery = _tsquery(terms)
        matched = qs.filter(search_vector=tsquery)
        page = list(
            matched.annotate(rank=SearchRank(F("search_vector"), tsquery))
            .select_related(*related)
            .prefetch_related("themes", "target_groups")
            .order_by("-rank", "name")[offset : offset + limit]
        )
    else:
        scored = []
        for pk, title, text, name in qs.values_list("pk", "search_title", "search_text", "name"):
            score = textsearch.document_score(terms, title=_stems(title), body=_stems(text))
            if score:
                scored.append((-score, name, pk))
        scored.sort()
        ids = [pk for _score, _name, pk in scored]
        matched = qs.filter(pk__in=ids)
        window = ids[offset : offset + limit]
        by_pk = {
            o.pk: o
            for o in _model(kind)
            .objects.filter(pk__in=window)
            .select_related(*related)
            .prefetch_related("themes", "target_groups")
        }
        page = [by_pk[pk] for pk in window]
    total, facets = _facets(kind, matched, filters)
    return SearchResult(items=page, total=total, facets=facets, terms=terms)


def scheme_get(*, scheme_uuid: Any) -> Scheme:
    scheme = (
        Scheme.objects.select_related("organisation", "municipality", "district")
        .prefetch_related("themes", "target_groups")
        .filter(uuid=scheme_uuid)
        .first()
    )
    if scheme is None:
        raise NotVisible()
    return scheme


def service_get(*, service_uuid: Any) -> Service:
    service = (
        Service.objects.select_related("organisation", "municipality", "district", "neighbourhood")
        .prefetch_related("themes", "target_groups")
        .filter(uuid=service_uuid)
        .first()
    )
    if service is None:
        raise NotVisible()
    return service


# --- wizard --------------------------------------------------------------------------------------


def area_codes_for(code: str) -> frozenset[str]:
    """A resident's area as the codes a scheme may be limited to: the district and its municipality."""
    if code.startswith("WK"):
        district = District.objects.select_related("municipality").filter(code=code).first()
        return frozenset({district.code, district.municipality.code}) if district else frozenset()
    if code.startswith("GM") and Municipality.objects.filter(code=code).exists():
        return frozenset({code})
    return frozenset()


@dataclass(frozen=True)
class WizardResult:
    scheme: Scheme
    match: eligibility.Match


# Parsed eligibility per scheme, kept per process and keyed by the row's last change: every wizard
# answer weighs hundreds of schemes, and their criteria change only when an editor saves one.
_CRITERIA_CACHE_SIZE = 50_000
_criteria_cache: dict[tuple[int, datetime], eligibility.Criteria | None] = {}


def _criteria(pk: int, changed: datetime, data: Any) -> eligibility.Criteria | None:
    key = (pk, changed)
    if key not in _criteria_cache:
        if len(_criteria_cache) >= _CRITERIA_CACHE_SIZE:
            _criteria_cache.clear()
        try:
            _criteria_cache[key] = eligibility.criteria_parse(data)
        except eligibility.CriteriaError:
            _criteria_cache[key] = None  # stored data is validated on write; a broken row must not break the wizard
    return _criteria_cache[key]


def wizard_matches(*, answers: eligibility.Answers, today: date | None = None) -> list[eligibility.Match]:
    """Current schemes that likely or possibly apply, with the reasons (no models are loaded).

    Without an area only national schemes are weighed: a municipality's or district's own schemes
    are for its residents, and the wizard cannot know whether the resident is one of them. The
    candidates are read as plain values; ``wizard_schemes`` loads the schemes of the matches shown."""
    today = today or timezone.localdate()
    where = Q(scope=AreaScope.NATIONAL)
    if answers.area_codes:
        where |= Q(municipality__code__in=answers.area_codes, scope=AreaScope.MUNICIPALITY)
        where |= Q(district__code__in=answers.area_codes, scope=AreaScope.DISTRICT)
    rows = (
        Scheme.objects.filter(current_q(today))
        .filter(where)
        .order_by("name", "pk")
        .values_list(
            "pk",
            "updated_at",
            "eligibility",
            "valid_from",
            "valid_until",
            "scope",
            "municipality__code",
            "municipality__name",
            "district__code",
            "district__name",
        )
    )
    candidates = []
    for pk, changed, data, valid_from, valid_until, scope, m_code, m_name, d_code, d_name in rows:
        criteria = _criteria(pk, changed, data)
        if criteria is None:
            continue
        area_code, area_name = area_of(
            scope, (m_code, m_name) if m_code else None, (d_code, d_name) if d_code else None
        )
        candidates.append(
            eligibility.Candidate(
                key=str(pk),
                criteria=criteria,
                valid_from=valid_from,
                valid_until=valid_until,
                area_code=area_code,
                area_name=area_name,
            )
        )
    return eligibility.schemes_filter(candidates, answers, today=today)


def wizard_schemes(matches: Sequence[eligibility.Match]) -> list[WizardResult]:
    """The schemes of these matches, in their order."""
    schemes = Scheme.objects.select_related("municipality", "district").in_bulk([int(m.key) for m in matches])
    return [WizardResult(scheme=schemes[int(m.key)], match=m) for m in matches if int(m.key) in schemes]


def wizard_results(*, answers: eligibility.Answers, today: date | None = None) -> list[WizardResult]:
    """Current schemes that likely or possibly apply, with the reasons; nothing is stored."""
    return wizard_schemes(wizard_matches(answers=answers, today=today))


def wizard_match(*, scheme: Scheme, answers: eligibility.Answers) -> eligibility.Match | None:
    """The wizard's verdict and reasons for one scheme (shown when a professional takes it into a plan)."""
    try:
        criteria = eligibility.criteria_parse(scheme.eligibility)
    except eligibility.CriteriaError:
        return None
    candidate = eligibility.Candidate(
        key=str(scheme.pk),
        criteria=criteria,
        valid_from=scheme.valid_from,
        valid_until=scheme.valid_until,
        area_code=scheme.area_code,
        area_name=scheme.area_name,
    )
    return eligibility.evaluate(candidate, answers)


# --- link to plans -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    plans: int
    by_status: dict[str, int]

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.by_status.get(value, 0)) for value, label in ActionStatus.choices]


def item_usage(*, item: CatalogueItem) -> Usage:
    """In how many plans an item is used, and the status of those agreements: counts only."""
    actions = CaseAction.objects.filter(resource_uuid=item.uuid)
    plans = actions.values("plan_id").distinct().count()
    by_status = {row["status"]: row["n"] for row in actions.values("status").annotate(n=Count("pk")).order_by()}
    return Usage(plans=plans, by_status=by_status)


def usage_counts(*, uuids: Sequence[Any]) -> dict[Any, int]:
    """Number of plans per item for a list of items (one query)."""
    rows = (
        CaseAction.objects.filter(resource_uuid__in=list(uuids))
        .values("resource_uuid")
        .annotate(n=Count("plan_id", distinct=True))
        .order_by()
    )
    return {row["resource_uuid"]: row["n"] for row in rows}


def catalogue_choices(*, area: str = "", today: date | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for an agreement in a plan: current schemes and active services, "kind:uuid" → name."""
    today = today or timezone.localdate()
    schemes = Scheme.objects.filter(current_q(today))
    services = Service.objects.filter(is_active=True)
    if area:
        where = area_q(area)
        schemes, services = schemes.filter(where), services.filter(where)
    return [
        (
            _("Schemes"),
            [(f"{ResourceKind.SCHEME}:{u}", n) for u, n in schemes.order_by("name").values_list("uuid", "name")],
        ),
        (
            _("Services and initiatives"),
            [(f"{ResourceKind.SERVICE}:{u}", n) for u, n in services.order_by("name").values_list("uuid", "name")],
        ),
    ]


def catalogue_item_by_reference(*, kind: str, item_uuid: Any) -> CatalogueItem | None:
    if kind == ResourceKind.SCHEME:
        return Scheme.objects.filter(uuid=item_uuid).first()
    if kind == ResourceKind.SERVICE:
        return Service.objects.filter(uuid=item_uuid).first()
    return None


def plan_participant_of(*, actor: Actor, plan: CasePlan) -> CaseParticipant | None:
    """The actor's own place in a plan (for the owner of an agreement made from the catalogue)."""
    if actor.membership is None:
        return None
    return CaseParticipant.objects.filter(
        plan=plan, user=actor.user, organisation_id=actor.membership.organisation_id, removed_at__isnull=True
    ).first()


def plans_to_attach(*, actor: Actor) -> list[CasePlan]:
    """The open plans the actor takes part in, to add a scheme or service to (read through cases' policy)."""
    from wijkverband.cases.selectors import case_plan_list_for_user

    if not actor.may_see_personal_data:
        return []
    return [p for p in case_plan_list_for_user(actor=actor) if p.status != CasePlanStatus.CLOSED]


@dataclass(frozen=True)
class EditorRow:
    membership: Membership
    is_editor: bool


def editor_candidates(*, organisation_id: int) -> list[EditorRow]:
    """The organisation's active members, each with whether they edit its catalogue items."""
    members = list(
        Membership.objects.filter(organisation_id=organisation_id, is_active=True)
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )
    editors = set(CatalogueEditor.objects.filter(organisation_id=organisation_id).values_list("user_id", flat=True))
    return [EditorRow(membership=m, is_editor=m.user_id in editors) for m in members]


def member_get(*, organisation_id: int, membership_uuid: Any) -> Membership | None:
    """An active member of the organisation (to name as editor), or None for anyone else."""
    wanted = parse_uuid(membership_uuid)
    if wanted is None:
        return None
    return (
        Membership.objects.select_related("user")
        .filter(organisation_id=organisation_id, uuid=wanted, is_active=True)
        .first()
    )


# --- maintenance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MaintenanceRow:
    item: CatalogueItem
    kind: str
    is_stale: bool
    plans: int
    is_retired: bool = False

    @property
    def url_kind(self) -> str:
        return "regeling" if self.kind == "scheme" else "dienst"


def maintenance_overview(*, organisation_id: int, today: date | None = None) -> list[MaintenanceRow]:
    """The items an organisation maintains: stale first, with broken links and use in plans."""
    today = today or timezone.localdate()
    items: list[tuple[str, CatalogueItem]] = [
        *(("scheme", s) for s in Scheme.objects.filter(organisation_id=organisation_id)),
        *(("service", s) for s in Service.objects.filter(organisation_id=organisation_id)),
    ]
    counts = usage_counts(uuids=[item.uuid for _kind, item in items])
    rows = []
    for kind, item in items:
        # Ended items stay listed (plans may use them) but need no review.
        retired = item.is_retired_on(today)
        rows.append(
            MaintenanceRow(
                item=item,
                kind=kind,
                is_stale=item.is_stale_on(today) and not retired,
                plans=counts.get(item.uuid, 0),
                is_retired=retired,
            )
        )
    return sorted(rows, key=lambda r: (r.is_retired, not r.is_stale, not r.item.broken_links, r.item.name))


# --- kansenkaart ---------------------------------------------------------------------------------


@dataclass
class ThemeOffer:
    code: str
    label: str
    local: list[Service]
    citywide: list[Service]

    @property
    def is_white_spot(self) -> bool:
        return not self.local


@dataclass
class AreaOffer:
    district: District
    themes: list[ThemeOffer]
    services_per_district: dict[str, int]

    @property
    def white_spots(self) -> list[ThemeOffer]:
        return [t for t in self.themes if t.is_white_spot]


def area_offer(*, district: District) -> AreaOffer:
    """What exists in a district per theme, who offers it, and the themes nobody offers there (white spots)."""
    services = list(
        Service.objects.filter(is_active=True)
        .filter(Q(district=district) | Q(scope=AreaScope.MUNICIPALITY, municipality_id=district.municipality_id))
        .select_related("organisation", "neighbourhood", "district")
        .prefetch_related("themes", "target_groups")
        .order_by("name")
    )
    themes = []
    for value, label in Theme.choices:
        offering = [s for s in services if any(t.code == value for t in s.themes.all())]
        themes.append(
            ThemeOffer(
                code=value,
                label=str(label),
                local=[s for s in offering if s.district_id == district.pk],
                citywide=[s for s in offering if s.district_id is None],
            )
        )
    per_district = dict(
        Service.objects.filter(is_active=True, district__municipality_id=district.municipality_id)
        .values_list("district__code")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return AreaOffer(district=district, themes=themes, services_per_district=per_district)


def busiest_district(*, municipality_id: int | None) -> District | None:
    """The district with the most services (in the municipality, when given): where the kansenkaart opens."""
    services = Service.objects.filter(is_active=True, district__isnull=False)
    if municipality_id is not None and services.filter(district__municipality_id=municipality_id).exists():
        services = services.filter(district__municipality_id=municipality_id)
    row = services.values("district_id").annotate(n=Count("pk")).order_by("-n", "district_id").first()
    if row is None:
        return None
    return District.objects.select_related("municipality").get(pk=row["district_id"])
