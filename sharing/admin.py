"""Operators' bulk work: sharing settings with their price lists and hours, voucher batches, programmes."""

from django.contrib import admin

from .models import (
    Booking,
    Closure,
    OpeningHours,
    PriceItem,
    ServiceOrder,
    SharingProfile,
    SubsidyClaim,
    SubsidyProgramme,
    TrainingRecord,
    Voucher,
    VoucherBatch,
)


class PriceInline(admin.TabularInline):
    model = PriceItem
    extra = 1


class HoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 1


class ClosureInline(admin.TabularInline):
    model = Closure
    extra = 0


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0
    raw_id_fields = ["user", "recorded_by"]


@admin.register(SharingProfile)
class SharingProfileAdmin(admin.ModelAdmin):
    list_display = ["instrument", "bookable", "operation", "training_required", "min_notice_hours", "max_length_hours"]
    raw_id_fields = ["instrument"]
    filter_horizontal = ["approvers"]
    inlines = [PriceInline, HoursInline, ClosureInline, TrainingInline]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["instrument", "organisation", "start", "end", "status", "fee"]
    list_filter = ["status"]
    raw_id_fields = ["instrument", "user", "organisation", "decided_by"]
    readonly_fields = ["fee", "fee_lines"]


@admin.register(VoucherBatch)
class VoucherBatchAdmin(admin.ModelAdmin):
    list_display = ["name", "face_value", "valid_from", "valid_until", "universal", "partial", "issued_at"]
    filter_horizontal = ["eligible", "regions", "agencies"]
    readonly_fields = ["issued_at"]


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    list_display = ["code", "batch", "holder", "balance", "status"]
    list_filter = ["status", "batch"]
    readonly_fields = ["balance", "returned", "status"]


@admin.register(ServiceOrder)
class ServiceOrderAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "provider", "status", "quote_amount"]
    list_filter = ["status"]


@admin.register(SubsidyProgramme)
class SubsidyProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "share", "cap_per_enterprise"]
    raw_id_fields = ["instruments"]


@admin.register(SubsidyClaim)
class SubsidyClaimAdmin(admin.ModelAdmin):
    list_display = ["programme", "organisation", "fees", "amount", "status"]
    list_filter = ["status"]
    readonly_fields = ["fees", "amount"]
