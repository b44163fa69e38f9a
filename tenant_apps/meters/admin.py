"""Meters and readings in the company panel, scoped by condo role (tenants.company_admin).

Types and meters are read-only here (their writes go through the API). Readings can be entered
by hand and corrected: both forms call the readings services (same rules as the assistant and
the API, forced flag, audit log), never a raw save; nothing is deleted. The "Anomaly" filter
lists forced readings and jumps; a reading's photo is served by an authorised panel view."""

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html

from config.api import ApiError
from config.middleware import client_ip
from shared_apps.accounts.models import CompanyRole
from tenant_apps.meters.models import Meter, MeterType, Reading, ReadingPhoto, ReadingSource
from tenant_apps.meters.schemas import PERIOD, period_date
from tenant_apps.meters.selectors import readings_with_previous
from tenant_apps.meters.services import reading_correct, reading_submit
from tenants.company_admin import (
    CompanyModelAdmin,
    ReadOnlyCompanyModelAdmin,
    company_admin_site,
    panel_roles,
)


@admin.register(MeterType, site=company_admin_site)
class MeterTypeAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "condo_id"
    list_display = ("name", "code", "kind", "unit_of_measure", "zones", "max_monthly_increase", "condo")
    list_filter = ("kind",)
    list_select_related = ("condo",)
    search_fields = ("name", "code")

    def get_queryset(self, request):
        """Company-wide types are everyone's; condo types follow the condo scope."""
        queryset = admin.ModelAdmin.get_queryset(self, request)
        wide, condos = panel_roles(request)
        if wide:
            return queryset
        return queryset.filter(Q(condo__isnull=True) | Q(condo_id__in=condos))


@admin.register(Meter, site=company_admin_site)
class MeterAdmin(ReadOnlyCompanyModelAdmin):
    condo_path = "unit__building__condo_id"
    list_display = ("meter_type", "serial", "unit", "condo_name", "is_active")
    list_filter = (("unit__building__condo", admin.RelatedOnlyFieldListFilter), "meter_type", "is_active")
    list_select_related = ("meter_type", "unit__building__condo")
    search_fields = ("serial", "unit__number")

    @admin.display(description="Condo", ordering="unit__building__condo__name")
    def condo_name(self, meter):
        return meter.unit.building.condo.name


# --- reading forms: each one is a service call; the admin only shows its errors ---------------

# API field names of the services' errors → the form's fields.
_FORM_FIELDS = {"meter_id": "meter"}


def _form_error(error: ApiError, form: forms.Form) -> ValidationError:
    errors: dict[str, list[str]] = {}
    for field, messages in (error.fields or {NON_FIELD_ERRORS: [error.message]}).items():
        name = _FORM_FIELDS.get(field, field)
        errors.setdefault(name if name in form.fields else NON_FIELD_ERRORS, []).extend(messages)
    return ValidationError(errors)


class _ServiceForm(forms.Form):
    """What the admin's change view expects of a model form (`instance`, `save`, `save_m2m`),
    for a form whose `clean` makes the change through a service."""

    request = None  # set by ReadingAdmin.get_form

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance if instance is not None else Reading()

    def save(self, commit=True):
        return self.instance

    def save_m2m(self):
        pass


class ReadingEnterForm(_ServiceForm):
    meter = forms.ModelChoiceField(queryset=Meter.objects.none())
    zone = forms.ChoiceField(
        choices=[("", "— (single tariff)"), ("day", "Day"), ("night", "Night")], required=False
    )
    value = forms.CharField(max_length=32, help_text="e.g. 123.45")
    period = forms.CharField(
        required=False,
        validators=[RegexValidator(PERIOD, "Enter the month as YYYY-MM.")],
        help_text="YYYY-MM; this month when empty",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meters = Meter.objects.filter(is_active=True).select_related("meter_type", "unit__building__condo")
        wide, condos = panel_roles(self.request)
        if CompanyRole.DIRECTOR not in wide:
            meters = meters.filter(unit__building__condo_id__in=condos)
        self.fields["meter"].queryset = meters.order_by(
            "unit__building__condo__name", "unit__building__name", "unit__number", "id"
        )
        self.fields["meter"].label_from_instance = lambda meter: (
            f"{meter.unit.building.condo.name} / {meter.unit.building.name} / {meter.unit.number} — {meter}"
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.instance = reading_submit(
                meter=data["meter"],
                zone=data["zone"],
                value=data["value"],
                period=period_date(data["period"]),
                source=ReadingSource.PANEL,
                entered_by_id=self.request.user.pk,
                ip=client_ip(self.request),
            )
        except ApiError as error:
            raise _form_error(error, self) from error
        return data


class ReadingCorrectForm(_ServiceForm):
    reading = forms.CharField(disabled=True, required=False)
    value = forms.CharField(max_length=32, label="Correct value")
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reading = self.instance
        unit = reading.meter.meter_type.unit_of_measure
        self.fields["reading"].initial = f"{reading} {unit} ({reading.get_source_display()})"
        self.fields["value"].initial = f"{reading.value.normalize():f}"

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.instance = reading_correct(
                reading=self.instance,
                value=data["value"],
                reason=data["reason"],
                actor=self.request.user,
                ip=client_ip(self.request),
            )
        except ApiError as error:
            raise _form_error(error, self) from error
        return data


class AnomalyFilter(admin.SimpleListFilter):
    title = "anomaly"
    parameter_name = "anomaly"

    def lookups(self, request, model_admin):
        return [("forced", "Forced"), ("jump", "Jump above the maximum")]

    def queryset(self, request, queryset):
        if self.value() == "forced":
            return queryset.filter(forced=True)
        if self.value() == "jump":
            return readings_with_previous(queryset.filter(replaced_at__isnull=True)).filter(is_jump=True)
        return queryset


@admin.register(Reading, site=company_admin_site)
class ReadingAdmin(CompanyModelAdmin):
    condo_path = "meter__unit__building__condo_id"
    list_display = (
        "period",
        "meter",
        "unit",
        "zone",
        "value",
        "source",
        "forced",
        "corrected_from",
        "corrected_at",
        "replaced_at",
        "photo_link",
    )
    list_filter = (
        AnomalyFilter,
        ("meter__unit__building__condo", admin.RelatedOnlyFieldListFilter),
        "period",
        "source",
        "forced",
        "meter__meter_type",
    )
    list_select_related = ("meter__meter_type", "meter__unit__building")
    search_fields = ("meter__unit__number", "meter__serial")
    exclude = ("photo",)

    @admin.display(description="Unit", ordering="meter__unit__number")
    def unit(self, reading):
        return reading.meter.unit

    @admin.display(description="Photo")
    def photo_link(self, reading):
        if reading.photo_id is None:
            return ""
        return format_html(
            '<a href="{}">photo</a>', reverse("company_admin:meters_reading_photo", args=[reading.pk])
        )

    def has_change_permission(self, request, obj=None):
        """A change is a correction, and only the counting reading can be corrected."""
        if obj is not None and obj.replaced_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # readings are kept (SPEC §7); a wrong one is corrected

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = ReadingEnterForm
        elif self.has_change_permission(request, obj):
            form = ReadingCorrectForm
        else:
            return super().get_form(request, obj, change=change, **kwargs)  # view only
        return type(form.__name__, (form,), {"request": request})

    def save_model(self, request, obj, form, change):
        pass  # the form's service call saved it

    # The services audit every write in the company's own log.
    def log_addition(self, request, obj, message):
        pass

    def log_change(self, request, obj, message):
        pass

    def get_urls(self):
        photo = path(
            "<int:reading_id>/photo/",
            self.admin_site.admin_view(self.photo_view),
            name="meters_reading_photo",
        )
        return [photo, *super().get_urls()]

    def photo_view(self, request, reading_id: int):
        """The meter photo, to those who may see the reading; never a public file."""
        if not self.has_view_permission(request):
            raise Http404
        reading = self.get_queryset(request).filter(pk=reading_id, photo__isnull=False).first()
        if reading is None:
            raise Http404
        photo = ReadingPhoto.objects.get(pk=reading.photo_id)
        response = HttpResponse(bytes(photo.content), content_type=photo.content_type)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
