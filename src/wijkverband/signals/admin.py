"""Platform admin (/beheer/) for the signals reference data: categories, teams, routing, postcode areas, partners.

These are the "admin-editable" data of the issue. Signals, outreach tasks and arrears batches are not
registered on purpose: they hold personal data, which is read only through ``selectors`` (team
membership, audit trail); the admin would bypass both.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import PostcodeArea, RoutingRule, SignalCategory, SignalPartner, Team, TeamMember


class SubcategoryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = SignalCategory
    fk_name = "parent"
    fields = ["position", "code", "name", "response_days", "urgent_response_days", "is_active"]
    ordering = ["position", "name"]
    extra = 0
    verbose_name = _("subcategory")
    verbose_name_plural = _("subcategories")


class CategoryLevelFilter(admin.SimpleListFilter):
    title = _("level")
    parameter_name = "niveau"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:  # type: ignore[type-arg]
        return [("hoofd", str(_("main categories"))), ("sub", str(_("subcategories")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[SignalCategory]) -> QuerySet[SignalCategory]:
        if self.value() == "hoofd":
            return queryset.filter(parent__isnull=True)
        if self.value() == "sub":
            return queryset.filter(parent__isnull=False)
        return queryset


@admin.register(SignalCategory)
class SignalCategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "__str__",
        "code",
        "response_days",
        "urgent_response_days",
        "is_arrears",
        "is_public",
        "is_active",
        "position",
    ]
    list_filter = [CategoryLevelFilter, "is_active", "is_public", "is_arrears", "parent"]
    list_editable = ["is_active"]
    search_fields = ["code", "name", "parent__name"]
    list_select_related = ["parent"]
    inlines = [SubcategoryInline]

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # Main categories with their subcategories under them, in the seeded order. Expressions, not
        # annotations: the admin also orders the category choices of a routing rule with this.
        return [
            Coalesce(F("parent__position"), F("position")),
            Coalesce(F("parent__name"), F("name")),
            F("parent_id").asc(nulls_first=True),
            "position",
            "name",
        ]


class TeamMemberInline(admin.TabularInline):  # type: ignore[type-arg]
    model = TeamMember
    extra = 0
    raw_id_fields = ["membership"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "organisation", "kind", "coordinator", "is_active"]
    list_filter = ["kind", "is_active", "organisation"]
    search_fields = ["name", "organisation__name"]
    ordering = ["organisation__name", "name"]
    list_select_related = ["organisation", "coordinator__user", "coordinator__organisation"]
    raw_id_fields = ["coordinator"]
    inlines = [TeamMemberInline]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "order",
        "name",
        "team",
        "category_list",
        "area_codes",
        "source_kinds",
        "has_open_case",
        "is_active",
    ]
    list_display_links = ["name"]
    # The order decides which rule wins: editable in the list, so rules can be reordered at a glance.
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", "team"]
    search_fields = ["name", "area_codes"]
    ordering = ["order", "name"]
    filter_horizontal = ["categories"]
    list_select_related = ["team"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoutingRule]:
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description=_("categories"))
    def category_list(self, rule: RoutingRule) -> str:
        return ", ".join(c.name for c in rule.categories.all()) or "–"


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["pc4", "municipality", "neighbourhood"]
    list_filter = ["municipality"]
    search_fields = ["pc4", "neighbourhood__name", "neighbourhood__code"]
    ordering = ["pc4"]
    autocomplete_fields = ["municipality", "neighbourhood"]
    list_select_related = ["municipality", "neighbourhood"]


@admin.register(SignalPartner)
class SignalPartnerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["organisation", "municipality", "is_active"]
    list_filter = ["is_active", "municipality"]
    search_fields = ["organisation__name"]
    ordering = ["organisation__name"]
    autocomplete_fields = ["organisation", "municipality"]
    list_select_related = ["organisation", "municipality"]
