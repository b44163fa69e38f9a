from django.contrib import admin

from shared_apps.botrouting.models import InviteRoute


@admin.register(InviteRoute)
class InviteRouteAdmin(admin.ModelAdmin):
    list_display = ("schema_name", "invite_id", "expires_at", "revoked_at", "created_at")
    list_filter = ("schema_name",)
    readonly_fields = [field.name for field in InviteRoute._meta.fields if field.name != "token"]
    exclude = ("token",)  # a live invite token is a key to a company: never shown

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
