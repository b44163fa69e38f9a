"""Platform admin (public host): the platform settings row — the assistant's system prompt,
model and per-intent notes. One row: it can be added once and never deleted."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join

from bot.understanding.types import INTENTS
from shared_apps.platform.models import PlatformSettings


@admin.register(PlatformSettings)
class PlatformSettingsAdmin(admin.ModelAdmin):
    fields = ("ai_system_prompt", "ai_model", "intent_notes", "intent_catalogue", "updated_at")
    readonly_fields = ("intent_catalogue", "updated_at")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PlatformSettings.all_objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}  # no bulk delete

    def changelist_view(self, request, extra_context=None):
        """The list of one row is the row itself (or the add form while it does not exist)."""
        row = PlatformSettings.objects.first()
        opts = self.model._meta
        if row is not None and self.has_view_or_change_permission(request, row):
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
            )
        if row is None and self.has_add_permission(request):
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        return super().changelist_view(request, extra_context)

    @admin.display(description="intent catalogue (fixed names)")
    def intent_catalogue(self, obj):
        return format_html_join("", "<div><code>{}</code> — {}</div>", INTENTS.items())
