from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from shared_apps.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ("email",)
    list_display = (
        "email",
        "first_name",
        "last_name",
        "platform_role",
        "is_active",
        "email_verified",
    )
    list_filter = ("platform_role", "is_active", "email_verified")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("first_name", "last_name", "phone", "language", "email_verified")}),
        ("Access", {"fields": ("platform_role", "is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
