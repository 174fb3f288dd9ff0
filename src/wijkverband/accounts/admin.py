from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from two_factor.admin import AdminSiteOTPRequired

from .models import User

# The Django admin is for platform superusers only and must not bypass the two-factor check.
admin.site.__class__ = AdminSiteOTPRequired
admin.site.site_header = "Wijkverband beheer"


@admin.register(User)
class WijkverbandUserAdmin(UserAdmin):  # type: ignore[type-arg]
    fieldsets = (*UserAdmin.fieldsets, ("Wijkverband", {"fields": ("display_name",)}))  # type: ignore[misc]
