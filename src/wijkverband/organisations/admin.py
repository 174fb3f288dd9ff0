from django.contrib import admin

from .models import Coalition, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "municipality", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(Coalition)
class CoalitionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "municipality"]
    filter_horizontal = ["organisations", "districts"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation"]
