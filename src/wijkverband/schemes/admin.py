"""Platform admin (/beheer/) for the catalogue. Editors work through import, the pages and the API;
an admin save also refreshes the search fields, so an item edited here is found the same way."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import CatalogueEditor, Scheme, Service, TargetGroup, Theme
from .services import search_fields_refresh

READ_ONLY = ["review_reminded_on", "broken_links", "links_checked_at"]


class CatalogueItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    search_fields = ["code", "name", "provider"]
    list_filter = ["scope", "is_example", "themes"]
    filter_horizontal = ["themes", "target_groups"]
    readonly_fields = READ_ONLY
    autocomplete_fields = ["municipality", "district"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        search_fields_refresh([form.instance])


@admin.register(Scheme)
class SchemeAdmin(CatalogueItemAdmin):
    list_display = ["name", "code", "provider", "scope", "valid_until", "review_due_on", "is_example"]
    list_filter = [*CatalogueItemAdmin.list_filter, "benefit_kind"]


@admin.register(Service)
class ServiceAdmin(CatalogueItemAdmin):
    list_display = ["name", "code", "kind", "district", "is_active", "review_due_on", "is_example"]
    list_filter = [*CatalogueItemAdmin.list_filter, "kind", "is_active"]
    autocomplete_fields = [*CatalogueItemAdmin.autocomplete_fields, "neighbourhood"]


@admin.register(CatalogueEditor)
class CatalogueEditorAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]


admin.site.register(Theme)
admin.site.register(TargetGroup)
